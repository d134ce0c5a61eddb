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
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from assistant import Answer, Hit, IssueSummary
from assistant.errors import NewsdeskError, http_status
from assistant.serialize import to_json
from assistant.service import NewsAssistant
from assistant.uploads import UploadReport
from assistant.views import StoryPage
from ui.api.auth import Access, bearer
from ui.api.schemas import AskRequest, ErrorModel, HealthModel, NothingStored, StatsModel

UNROUTED_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
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


UPLOAD_PARTLY: dict[str, Any] = {
    "model": UploadReport,
    "description": "Some files failed (status `failed` in `files`, with the reason); the others were stored.",
}
UPLOAD_FAILED: dict[str, Any] = {
    "model": NothingStored,
    "description": "Nothing was stored: every file failed (the UploadReport, with a one-line `detail`), "
    "or the request itself is invalid (`detail` only).",
}


def _only(*names: str) -> Callable[[Request], None]:
    """Reject query parameters the endpoint does not know (a typo should not pass silently)."""

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - set(names))
        if unknown:
            raise HTTPException(422, f"unknown query parameter(s): {', '.join(unknown)}; known: {', '.join(names)}")

    return check


def validation_detail(error: RequestValidationError) -> str:
    """One line, where and what: "body.question: String should have at most 2000 characters".
    FastAPI's default body repeats each faulty ``input`` back, a 5,000-character question whole."""
    return "; ".join(f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors())


def _answer_other_paths(app: FastAPI) -> None:
    """Under ``/api``, a known path asked with another method is a 405 naming the methods it takes,
    and an unknown path the API's 404. Call after every route is declared: mounted at ``/``,
    Gradio would otherwise answer both with its own 404."""
    routes = [route for route in app.routes if isinstance(route, APIRoute)]

    @app.api_route("/api/{rest:path}", methods=sorted(UNROUTED_METHODS), include_in_schema=False)
    def elsewhere(request: Request) -> JSONResponse:
        path = request.scope["path"]
        allowed = sorted({m for route in routes if route.path_regex.match(path) for m in route.methods or ()})
        if not allowed:
            raise HTTPException(404, f"no endpoint {path}; the endpoints are listed at /docs")
        methods = ", ".join(allowed)
        detail = f"{request.method} is not allowed on {path}; use {methods}"
        return JSONResponse({"detail": detail}, status_code=405, headers={"Allow": methods})


def _serve_own_schema(app: FastAPI) -> None:
    """The API's schema at ``/openapi.json`` too, where clients look first: mounted at ``/``,
    Gradio would answer that path with its own internal routes."""

    @app.get("/openapi.json", include_in_schema=False)
    def schema() -> JSONResponse:
        return JSONResponse(app.openapi())


def create_api(desk: NewsAssistant) -> FastAPI:
    settings = desk.settings
    # FastAPIOffline: /docs and /redoc load Swagger UI and ReDoc from the fastapi-offline package,
    # not from a CDN, so they work on a machine without network.
    app = FastAPIOffline(
        title="newsdesk",
        version="0.1.0",
        summary="Search and ask a newsletter archive; every answer cites its stories.",
        docs_url="/docs",
        redoc_url="/redoc",
        openapi_url="/api/openapi.json",
        static_url="/docs/assets",
    )
    _serve_own_schema(app)

    access = Access(settings)

    def reader(request: Request) -> None:
        access.check_read(bearer(request.headers))

    def writer(request: Request) -> None:
        access.check_write(request.client.host if request.client else None, request.headers, bearer(request.headers))

    @app.exception_handler(NewsdeskError)
    async def newsdesk_error(request: Request, error: NewsdeskError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=http_status(error))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_detail(error)}, status_code=422)

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
        response_model=UploadReport,
        responses={**ERRORS, 207: UPLOAD_PARTLY, 422: UPLOAD_FAILED},
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
        before the body is read (``ui.api.auth``).

        The UploadReport's `files` gives each file's (each zip member's) status: `indexed`,
        `unchanged` (already in the archive) or `failed` with its `reason`. 200: no file failed;
        207: some failed, the others were stored; 422: every file failed, nothing was stored
        (the report then also has a one-line `detail`). Files are named as uploaded."""
        uploads = [(f.filename or "upload", f.file) for f in files]
        report = await run_in_threadpool(desk.ingest_uploads, uploads, None, newsletter, date)
        failed = report.failed
        if not failed:
            return JSONResponse(to_json(report))
        if len(failed) < len(report.files):
            return JSONResponse(to_json(report), status_code=207)
        more = f"; and {len(failed) - 1} more, see files" if len(failed) > 1 else ""
        detail = f"nothing was stored: {failed[0].name}: {failed[0].reason}{more}"
        return JSONResponse({"detail": detail, **to_json(report)}, status_code=422)

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

    _answer_other_paths(app)
    return app
