"""The REST API (FastAPI): a thin shell over ``NewsAssistant``; OpenAPI at ``/docs``.

Who may read and write is ``ui.api.auth`` (the same rules as the web app's). Bad input is
a 4xx with a one-line ``detail`` (``assistant.errors`` maps each error to its status); anything
else is a bug: a 500, logged with its trace. Responses are the Python API's objects through
``assistant.serialize``, the path ``--json`` takes too; their schemas are those objects'.
"""

# No `from __future__ import annotations`: FastAPI reads these annotations at run time,
# and some refer to local values (the k limit from settings).

import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant import Answer, Hit, IngestReport, IssueSummary
from assistant.errors import NewsdeskError, http_status
from assistant.serialize import to_json
from assistant.service import NewsAssistant, StoryPage
from ui.api.auth import Access, bearer
from ui.api.schemas import AskRequest, ErrorModel, HealthModel, StatsModel

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorModel},
    401: {"model": ErrorModel},
    403: {"model": ErrorModel},
    404: {"model": ErrorModel},
    409: {"model": ErrorModel},
    413: {"model": ErrorModel},
    422: {"model": ErrorModel},
    503: {"model": ErrorModel},
}


def _only(*names: str) -> Callable[[Request], None]:
    """Reject query parameters the endpoint does not know (a typo should not pass silently)."""

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - set(names))
        if unknown:
            raise HTTPException(422, f"unknown query parameter(s): {', '.join(unknown)}; known: {', '.join(names)}")

    return check


def create_api(desk: NewsAssistant) -> FastAPI:
    settings = desk.settings
    app = FastAPI(
        title="newsdesk",
        version="0.1.0",
        summary="Search and ask a newsletter archive; every answer cites its stories.",
        docs_url="/docs",
        openapi_url="/api/openapi.json",
    )

    access = Access(settings)

    def reader(request: Request) -> None:
        access.check_read(bearer(request.headers))

    def writer(request: Request) -> None:
        access.check_write(request.client.host if request.client else None, request.headers, bearer(request.headers))

    @app.exception_handler(NewsdeskError)
    async def newsdesk_error(request: Request, error: NewsdeskError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=http_status(error))

    @app.get("/api/health", response_model=HealthModel, tags=["service"])
    def health() -> dict[str, Any]:
        """Liveness, with the number of indexed issues."""
        return {"status": "ok", "issues": len(desk.issues()), "answerer": settings.answerer}

    @app.get(
        "/api/stats",
        response_model=StatsModel,
        responses=ERRORS,
        tags=["service"],
        dependencies=[Depends(reader), Depends(_only())],
    )
    def stats() -> dict[str, Any]:
        """Issues, stories, chunks, newsletters, date range, index size, embedding model."""
        return desk.stats()

    search_params = _only("q", "k", "since", "until", "newsletter", "section", "sponsors")

    @app.get(
        "/api/search",
        response_model=list[Hit],
        responses=ERRORS,
        tags=["archive"],
        dependencies=[Depends(reader), Depends(search_params)],
    )
    def search(
        q: Annotated[
            str,
            Query(min_length=1, max_length=500, description="Query, French or English.", examples=["Mistral Compute"]),
        ],
        k: Annotated[int, Query(ge=1, le=settings.max_k, description="Stories to return.")] = 10,
        since: Annotated[date | None, Query(description="Earliest issue date.")] = None,
        until: Annotated[date | None, Query(description="Latest issue date.")] = None,
        newsletter: Annotated[str | None, Query(max_length=200)] = None,
        section: Annotated[str | None, Query(max_length=200)] = None,
        sponsors: Annotated[bool, Query(description="Include sponsor stories.")] = False,
    ) -> Any:
        """Hybrid search (dense + BM25), one hit per story with its best passage."""
        hits = desk.search(
            q, k=k, since=since, until=until, newsletter=newsletter, section=section, include_sponsors=sponsors
        )
        return JSONResponse(to_json(hits))

    @app.post(
        "/api/ask",
        response_model=Answer,
        responses=ERRORS,
        tags=["answers"],
        dependencies=[Depends(reader), Depends(_only())],
    )
    def ask(request: AskRequest) -> Any:
        """Answer a question with verified citations to stories (abstains when unsupported)."""
        answer = desk.ask(
            request.question, [m.model_dump() for m in request.history], request.as_of, request.newsletter
        )
        return JSONResponse(to_json(answer))

    @app.post(
        "/api/ask/stream",
        responses={200: {"content": {"text/event-stream": {}}}, **ERRORS},
        tags=["answers"],
        dependencies=[Depends(reader), Depends(_only())],
    )
    def ask_stream(request: AskRequest) -> StreamingResponse:
        """Server-sent events: `delta` events carry text as it is written, then one `answer`
        event carries the verified Answer (same shape as POST /api/ask)."""
        pieces = desk.ask_stream(
            request.question, [m.model_dump() for m in request.history], request.as_of, request.newsletter
        )

        def events() -> Iterator[str]:
            try:
                for piece in pieces:
                    if isinstance(piece, Answer):
                        payload = json.dumps(to_json(piece), ensure_ascii=False)
                        yield f"event: answer\ndata: {payload}\n\n"
                    else:
                        yield f"event: delta\ndata: {json.dumps({'text': piece}, ensure_ascii=False)}\n\n"
            except NewsdeskError as error:
                yield f"event: error\ndata: {json.dumps({'detail': str(error)}, ensure_ascii=False)}\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    @app.get(
        "/api/stories/{story_id:path}",
        response_model=StoryPage,
        responses=ERRORS,
        tags=["archive"],
        dependencies=[Depends(reader), Depends(_only())],
    )
    def story(story_id: str) -> Any:
        """A story in full, with the other stories of its issue and its reprints."""
        return JSONResponse(to_json(desk.story_details(story_id).page()))

    @app.get(
        "/api/issues",
        response_model=list[IssueSummary],
        responses=ERRORS,
        tags=["archive"],
        dependencies=[Depends(reader), Depends(_only("newsletter", "since", "until"))],
    )
    def issues(
        newsletter: Annotated[str | None, Query(max_length=200)] = None,
        since: date | None = None,
        until: date | None = None,
    ) -> Any:
        """Indexed issues, newest first, with their story counts."""
        return JSONResponse(to_json(desk.issues(newsletter, since, until)))

    @app.post(
        "/api/issues",
        response_model=IngestReport,
        responses=ERRORS,
        tags=["archive"],
        dependencies=[Depends(writer), Depends(_only("newsletter", "date"))],
    )
    async def upload(
        files: Annotated[list[UploadFile], File(description="Issues or zips.")],
        newsletter: Annotated[
            str | None, Query(max_length=200, description="For issues whose content does not name it.")
        ] = None,
        date: Annotated[date | None, Query(description="For issues whose content does not date them.")] = None,
    ) -> Any:
        """Ingest uploaded issues (.txt .md .html .eml .mbox .jsonl, feeds .xml .rss .atom .rdf, exports
        .csv .json, or a .zip of them). Needs the API key. The key and the declared size are checked
        before the body is read (``ui.api.auth``)."""
        uploads = [(f.filename or "upload", f.file) for f in files]
        report = await run_in_threadpool(desk.ingest_uploads, uploads, None, newsletter, date)
        return JSONResponse(to_json(report))

    @app.delete(
        "/api/issues/{issue_id}",
        status_code=204,
        responses=ERRORS,
        tags=["archive"],
        dependencies=[Depends(writer), Depends(_only())],
    )
    def delete(issue_id: str) -> None:
        """Remove an issue, its stories, chunks and vectors. Needs the API key."""
        desk.delete_issue(issue_id)

    return app
