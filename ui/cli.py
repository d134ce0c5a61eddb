"""The ``newsdesk`` command: a thin shell over ``NewsAssistant``.

Errors print one line naming the object and the fix and exit non-zero; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import json
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant import IngestReport
from assistant.errors import NewsdeskError, exit_code
from assistant.serialize import to_json
from assistant.service import NewsAssistant
from assistant.settings import Settings

app = typer.Typer(help="newsdesk: search and ask your newsletter archive.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one error, one line
_state: dict[str, Any] = {"home": None, "debug": False}
INTERRUPTED = 130  # the exit code of a command stopped by Ctrl-C (128 + SIGINT)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # escape sequences among them; not \t or \n


def plain(value: object) -> str:
    """Archive text for the terminal, without control characters (an escape sequence in a story
    would drive the reader's terminal)."""
    return _CONTROL.sub("", str(value))


def shown(value: object) -> str:
    """Archive text for a Rich console: no control characters, and its brackets not markup
    (a headline "[/bold]" would crash the print, "[link=…]" would disguise a link)."""
    return escape(plain(value))


def _desk() -> NewsAssistant:
    home = _state["home"]
    return NewsAssistant(home=home) if home else NewsAssistant()


def _print_json(data: Any) -> None:
    """``--json``: the objects of the Python API, through the one serialisation path."""
    typer.echo(json.dumps(to_json(data), ensure_ascii=False, indent=2))


@app.callback()
def main_options(
    home: Annotated[
        Path | None, typer.Option(help="Data directory (env NEWSDESK_HOME).", envvar="NEWSDESK_HOME")
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    _state["home"] = home
    _state["debug"] = debug


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (walked recursively).")],
    newsletter: Annotated[str | None, typer.Option(help="Newsletter name, when the files do not say.")] = None,
    date_: Annotated[
        str | None, typer.Option("--date", help="Issue date YYYY-MM-DD, when the files do not say.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the IngestReport as JSON.")] = False,
) -> None:
    """Index newsletter issues: .txt .md .html .eml .mbox .jsonl, or directories of them."""
    desk = _desk()
    with _progress_bar("Indexing", "stories", quiet=as_json) as progress:
        report = desk.ingest(paths, newsletter=newsletter, date=date_, progress=progress)
    if as_json:
        _print_json(report)
    else:
        _print_ingest_report(report)
    if report.errors:
        raise typer.Exit(1)


def _print_ingest_report(report: IngestReport) -> None:
    console.print(
        f"{report.files_read} files read, {report.files_skipped} unchanged; "
        f"issues: {report.issues_added} added, {report.issues_updated} updated, "
        f"{report.issues_unchanged} unchanged; {report.stories_added} stories, "
        f"{report.chunks_added} chunks, {report.duplicates} duplicates linked "
        f"({report.seconds:.1f}s)"
    )
    for path in report.unknown_files:
        errors.print(f"skipped {shown(path)}: not a format newsdesk reads")
    for error in report.errors:
        errors.print(f"[red]error[/red] {shown(error.reason)}")


@app.command()
def sync(
    source: Annotated[
        str,
        typer.Argument(
            help="A feed URL (https://…) or an IMAP mailbox (imaps://user@host[:port]/Folder, filtered by "
            "?from=ADDRESS and/or ?list-id=ID); the password comes from NEWSDESK_IMAP_PASSWORD."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the SyncReport as JSON.")] = False,
) -> None:
    """Fetch what is new at a feed or an IMAP mailbox into HOME/sync and index it."""
    desk = _desk()
    with _progress_bar("Indexing", "stories", quiet=as_json) as progress:
        report = desk.sync(source, progress=progress)
    if as_json:
        _print_json(report)
    else:
        left_out = f", {report.skipped} left out by the filters" if report.skipped else ""
        console.print(
            f"{shown(report.source)}: {report.fetched} fetched, {report.unchanged} unchanged{left_out}",
            highlight=False,
        )
        _print_ingest_report(report.ingest)
    if report.ingest.errors:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in French or English.")],
    k: Annotated[int | None, typer.Option(help="Number of stories.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest issue date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest issue date, YYYY-MM-DD.")] = None,
    newsletter: Annotated[str | None, typer.Option(help="Only this newsletter.")] = None,
    section: Annotated[str | None, typer.Option(help="Only this section.")] = None,
    sponsors: Annotated[bool, typer.Option(help="Include sponsor stories.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
) -> None:
    """Search the archive (hybrid dense + BM25), one result per story."""
    hits = _desk().search(
        query, k=k, since=since, until=until, newsletter=newsletter, section=section, include_sponsors=sponsors
    )
    if as_json:
        _print_json(hits)
        return
    if not hits:
        console.print("No matching stories.")
    for n, hit in enumerate(hits, start=1):
        console.print(
            f"[bold]{n}. {shown(hit.headline)}[/bold]  "
            f"[dim]{shown(hit.newsletter)} · {hit.date} · {shown(hit.story_id)}[/dim]"
        )
        passage = hit.text.split("\n", 1)[-1]
        console.print(f"   {shown(passage[:240])}{'…' if len(passage) > 240 else ''}", highlight=False)
        if hit.url:
            console.print(f"   {shown(hit.url)}", style="cyan", highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question in French or English.")],
    as_of: Annotated[
        str | None, typer.Option(help="The 'today' of relative dates (hier, last week), YYYY-MM-DD.")
    ] = None,
    newsletter: Annotated[str | None, typer.Option(help="Only this newsletter.")] = None,
    stream: Annotated[bool, typer.Option(help="Print the answer as it is written.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as JSON.")] = False,
) -> None:
    """Answer a question from the archive, with verified citations."""
    desk = _desk()
    if stream and not as_json:
        answer = None
        for piece in desk.ask_stream(question, as_of=as_of, newsletter=newsletter):
            if isinstance(piece, str):
                typer.echo(plain(piece), nl=False)
            else:
                answer = piece
        typer.echo("")
    else:
        answer = desk.ask(question, as_of=as_of, newsletter=newsletter)
    assert answer is not None
    if as_json:
        _print_json(answer)
        return
    if not stream:
        console.print(shown(answer.text), highlight=False)
    if answer.restriction:
        console.print(f"[dim]({shown(answer.restriction)})[/dim]")
    for citation in answer.citations:
        link = f"\n    {shown(citation.url)}" if citation.url else ""
        console.print(
            f"[bold]\\[{citation.n}][/bold] {shown(citation.headline)} [dim]{shown(citation.newsletter)} · "
            f"{citation.date} · {shown(citation.story_id)}[/dim]{link}",
            highlight=False,
        )
    if answer.abstained and answer.sources:
        about = [s for s in answer.sources if (s.duplicate_of or s.story_id) in answer.about]
        console.print("[dim]On this subject:[/dim]" if about else "[dim]Closest stories:[/dim]")
        for source in about or answer.sources[:3]:
            console.print(
                f"  {shown(source.headline)} [dim]{shown(source.newsletter)} · {source.date} · "
                f"{shown(source.story_id)}[/dim]"
            )


@app.command("eval")
def evaluate_command(
    qa_file: Annotated[Path, typer.Argument(help="QA file: one JSON per line (qid, question, gold, answer…).")],
    k: Annotated[int, typer.Option(help="Stories retrieved per question for recall@k.")] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Retrieval recall/MRR, answer containment, citation precision/recall, abstention, latency."""
    from assistant.answering.evaluation import evaluate, load_qa

    if not qa_file.exists():
        raise NewsdeskError(f"`{qa_file}`: no such file; give a QA file in JSON Lines")
    metrics = evaluate(_desk(), load_qa(qa_file), k=k)
    if as_json:
        _print_json(metrics)
        return
    table = Table("metric", "value")
    for key, value in metrics.items():
        if key == "outcomes":  # one row per question: in --json
            continue
        if isinstance(value, float):
            table.add_row(key, f"{value:.3f}")
        elif isinstance(value, list):
            table.add_row(key, "\n".join(value) or "—")
        else:
            table.add_row(key, str(value))
    console.print(table)


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="A story id, e.g. qant-2025-06-12/01.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one story in full."""
    details = _desk().story_details(story_id, related=as_json)  # the text shows no related stories
    if as_json:
        _print_json(details.page())
        return
    found, issue = details.story, details.issue
    where = " · ".join(str(x) for x in (issue.newsletter, issue.date, found.section, found.url) if x)
    console.print(f"[bold]{shown(found.headline)}[/bold]\n[dim]{shown(where)}[/dim]\n")
    console.print(shown(found.body), highlight=False)


@app.command()
def issues(
    newsletter: Annotated[str | None, typer.Option(help="Only this newsletter.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List indexed issues, newest first."""
    found = _desk().issues(newsletter=newsletter, since=since, until=until)
    if as_json:
        _print_json(found)
        return
    table = Table("issue", "newsletter", "no.", "date", "stories", "subject")
    # Ids are what the other commands take: whole, however narrow the terminal (the subject wraps).
    table.columns[0].min_width = max((len(plain(i.issue_id)) for i in found), default=0)
    table.columns[0].no_wrap = True
    for issue in found:
        table.add_row(
            shown(issue.issue_id),
            shown(issue.newsletter),
            shown(issue.number or ""),
            issue.date.isoformat(),
            str(issue.stories),
            shown(issue.subject[:60]),
        )
    console.print(table)


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts, date range, index size and embedding model."""
    data = _desk().stats()
    if as_json:
        _print_json(data)
        return
    for key, value in data.items():
        console.print(f"[bold]{key:>16}[/bold]  {shown(', '.join(value) if isinstance(value, list) else value)}")


@app.command()
def check(as_json: Annotated[bool, typer.Option("--json", help="Print the CheckReport as JSON.")] = False) -> None:
    """Check that the catalog and the vector store agree; exit 1, naming the fix, when not."""
    report = _desk().check()
    if as_json:
        _print_json({**to_json(report), "ok": report.ok, "fix": report.fix})
    else:
        console.print(
            f"{report.issues} issues, {report.stories} stories, {report.chunks} chunks, "
            f"{report.vectors} vectors, {report.lexical_rows} lexical index rows ({report.seconds:.1f}s)"
        )
        if report.ok:
            console.print("consistent: every chunk has its vector and every vector its chunk")
        for problem in report.problems:
            errors.print(f"[red]inconsistent[/red] {shown(problem.message())}", highlight=False)
    if not report.ok:
        if not as_json:
            errors.print(f"fix: {report.fix}", highlight=False)
        raise typer.Exit(1)


@app.command()
def reindex(
    missing: Annotated[bool, typer.Option("--missing", help="Only write the vectors the store lacks.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ReindexReport as JSON.")] = False,
) -> None:
    """Rebuild the vectors from the chunk texts in the catalog (no source file is read)."""
    desk = _desk()
    with _progress_bar("Reindexing", "chunks", quiet=as_json) as progress:
        report = desk.reindex(progress=progress, only_missing=missing)
    if as_json:
        _print_json(report)
        return
    console.print(
        f"{report.vectors_written} vectors written, {report.vectors_removed} removed, "
        f"{report.vectors_copied} copied into the catalog, {report.crosslingual_written} cross-lingual written; "
        f"{len(report.repaired_issues)} half-written issues removed, {report.dangling_reprints} reprints "
        f"without original fixed, {report.stories_chunked} stories chunked, "
        f"{report.orphan_chunks_removed} orphan chunks removed"
        f"{', lexical index rebuilt' if report.lexical_rebuilt else ''} ({report.seconds:.1f}s)"
    )


@contextmanager
def _progress_bar(label: str, unit: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr (terminals only) and the ``(done, total)`` callback feeding it."""
    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=errors,
        disable=quiet or not errors.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, rate="")

        def progress(done: int, total: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:.0f} {unit}/s" if elapsed > 0 else ""
            bar.update(task, completed=done, total=total, rate=rate)

        yield progress


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    sample: Annotated[
        bool, typer.Option(help="Index the bundled sample archive first if the archive is empty.")
    ] = False,
) -> None:
    """Start the web app at http://HOST:PORT/ and the REST API at /api (docs at /docs)."""
    from ui.serving import serve as serve_app

    desk = _desk()
    if sample and not desk.issues():
        report = desk.ingest([sample_archive()])
        console.print(f"Indexed the sample archive: {report.issues_added} issues, {report.stories_added} stories.")
    settings: Settings = desk.settings
    host, port = host or settings.host, port or settings.port
    console.print(f"newsdesk on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    serve_app(desk, host=host, port=port)


def sample_archive() -> Path:
    """The sample archive that ships with the project (samples/archive)."""
    return Path(__file__).resolve().parent.parent / "samples" / "archive"


def main() -> None:
    try:
        code = app(standalone_mode=False)  # returns the exit code of typer.Exit
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a Ctrl-C now would only break the teardown
        if code == INTERRUPTED:  # typer turns Ctrl-C into a silent exit 130; writes stop between issues
            errors.print("interrupted: what was indexed so far is kept; run the same command again to finish")
        if isinstance(code, int):
            sys.exit(code)
    except NewsdeskError as error:
        if _state["debug"]:
            raise
        errors.print(f"[red]error:[/red] {shown(error)}", highlight=False)
        sys.exit(exit_code(error))
    except ValidationError as error:  # settings: one line per setting at fault, without pydantic's frame
        if _state["debug"]:
            raise
        for problem in error.errors():
            errors.print(f"[red]error:[/red] {shown(problem['msg'].removeprefix('Value error, '))}", highlight=False)
        sys.exit(2)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:  # outside a command's own handling (starting up)
        errors.print("interrupted: what was indexed so far is kept; run the same command again to finish")
        sys.exit(INTERRUPTED)
    except Exception as error:  # click usage errors and the like
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        if isinstance(error, click.exceptions.Abort):
            errors.print("aborted")
            sys.exit(130)
        raise
