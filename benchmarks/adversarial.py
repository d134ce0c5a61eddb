"""Adversarial files through the real ingest: time, memory and outcome per file.

``python -m benchmarks.adversarial [--cases NAME …] [--messages 10000]`` writes each file
below into a temporary folder and ingests it in one batch with a good issue, in a fresh home
and a fresh process (so that each file's peak memory is its own): a 50 MB single line as
text and as Markdown (refused by size), 15 MB single lines under the size limit (read, and
their one "story" refused by length), 100,000 nested ``<div>``, a megabyte of unclosed
``<a <a <a`` (quadratic in Python's ``html.parser`` before 3.11.13), an mbox of 10,000
messages, JSON Lines with bad lines among good ones, invalid dates, binary and UTF-16 files.

Reported per file: wall and CPU seconds of the ingest (the embedding model is loaded before
the clock starts), the process's peak resident memory and its growth during the ingest, the
issues added, whether the good issue was added, and the errors (count, first reason).
Targets: the expected outcome (the good issue always added, every bad part named in an
error), at most 1 GB of memory growth, and at most 60 s of CPU per file plus 60 ms per issue
it adds: the messages of the mbox are real issues, whose embedding is the cost of indexing
them, not of their being adversarial (about 30 ms each on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import mailbox
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, log, markdown_table, temp_home, write_results

MB = 2**20
GOOD_TEXT = "Le robot du témoin\n\nUn robot range le dossier témoin en 3 minutes, a dit Pliage SA.\n"
CPU_TARGET_S = 60.0
CPU_PER_ISSUE_S = 0.06
GROWTH_TARGET_MB = 1024.0


# -- the files ------------------------------------------------------------------------------------
def single_line(path: Path, megabytes: int, prefix: str = "") -> None:
    """``megabytes`` MB of prose with no line break (written in pieces, never held whole)."""
    piece = "Un mot de plus. " * 4096  # 64 KB
    with path.open("w", encoding="utf-8") as out:
        out.write(prefix)
        for _ in range(megabytes * 16):
            out.write(piece)


def nested_html(path: Path, depth: int = 100_000) -> None:
    path.write_text(
        "<html><head><title>Lettre 2025-07-03</title></head><body><h2>Section</h2>"
        + "<div>" * depth
        + "<h3>Une histoire au fond</h3><p>Le texte de l’histoire, tout au fond de la page.</p>"
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )


def unclosed_tags(path: Path) -> None:
    path.write_text("<title>Lettre 2025-07-04</title>" + "<a " * 350_000, encoding="utf-8")


def _message(n: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "La Lettre <redaction@lettre.example>"
    msg["Subject"] = f"Édition {n}"
    msg["Date"] = f"{1 + n % 28:02d} {('Jan', 'Feb', 'Mar', 'Apr')[n // 28 % 4]} {2000 + n // 112} 07:00:00 +0100"
    msg["Message-ID"] = f"<edition-{n}@lettre.example>"
    msg.set_content(
        f"Le robot {n}\n\nLe robot numéro {n} a appris à plier {n * 7} chemises en {n % 60 + 1} minutes "
        f"dans l’atelier {n * 13 % 997} de Pliage SA, qui en construit {n % 40 + 2} par semaine.\n"
    )
    return msg


def big_mbox(path: Path, messages: int) -> None:
    box = mailbox.mbox(path)
    box.lock()
    try:
        for n in range(messages):
            box.add(_message(n))
        broken = bytes(_message(messages)).replace(f"<edition-{messages}@lettre.example>".encode(), b"<@")
        broken = broken.replace(b" 07:00:00", b"99999999999999999999")  # a year of twenty digits
        box.add(broken)
        box.flush()
    finally:
        box.unlock()


BAD_LINES = [
    "{not json",
    "[" * 100_000 + "]" * 100_000,  # nested past the JSON parser's recursion limit
    '{"title": "t", "date": "2025-02-30", "body": "b"}',
    '{"title": "t", "date": "2025-07-05", "body": "b", "newsletter": ["a list"]}',
    "1" * 5000,  # past Python's limit on the digits of an integer
    "null",
]


def mixed_jsonl(path: Path, good: int = 1000) -> None:
    """``good`` articles, and one of ``BAD_LINES`` after every tenth."""
    lines = []
    for n in range(good):
        body = f"Le robot {n} plie {n * 3} chemises par heure chez Pliage SA, atelier {n % 97}."
        article = {
            "id": str(n),
            "title": f"Dépêche {n}",
            "date": f"2025-07-{n % 28 + 1:02d}",
            "body": body,
            "url": f"https://depeches.example/{n}",
            "newsletter": "Les Dépêches",
        }
        lines.append(json.dumps(article, ensure_ascii=False))
        if n % 10 == 9:
            lines.append(BAD_LINES[n // 10 % len(BAD_LINES)])
    path.write_text("\n".join(lines), encoding="utf-8")


def invalid_dates(folder: Path) -> list[Path]:
    text = folder / "inbox" / "2025-13-45.txt"
    text.parent.mkdir(parents=True)
    text.write_text("Le 31 février 2025 et le 99 juin 2025\n\nUn robot. Un autre robot.\n", encoding="utf-8")
    mail = folder / "issues" / "lettre.eml"
    mail.parent.mkdir()
    mail.write_bytes(bytes(_message(1)).replace(b"02 Jan 2000 07:00:00", b"32 Foo 2025 99:99:99 +9999"))
    return [text, mail]


def _in(folder: Path, name: str, write: Callable[[Path], object]) -> list[Path]:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write(path)
    return [path]


def make_case(name: str, folder: Path, messages: int) -> list[Path]:
    """Write the files of one case under ``folder``; return the paths to ingest."""
    cases: dict[str, Callable[[], list[Path]]] = {
        "50mb-line.txt": lambda: _in(folder, "lettre/2025-07-01.txt", lambda p: single_line(p, 50)),
        "50mb-line.md": lambda: _in(folder, "lettre/2025-07-01.md", lambda p: single_line(p, 50, "# ")),
        "15mb-line.txt": lambda: _in(folder, "lettre/2025-07-02.txt", lambda p: single_line(p, 15)),
        "15mb-line.md": lambda: _in(
            folder, "lettre/2025-07-02.md", lambda p: single_line(p, 15, "# Lettre 2025-07-02\n### Un titre\n")
        ),
        "100k-nested-div.html": lambda: _in(folder, "lettre/2025-07-03.html", nested_html),
        "unclosed-a.html": lambda: _in(folder, "lettre/2025-07-04.html", unclosed_tags),
        f"{messages}-messages.mbox": lambda: _in(folder, "lettres.mbox", lambda p: big_mbox(p, messages)),
        "bad-lines.jsonl": lambda: _in(folder, "depeches.jsonl", mixed_jsonl),
        "invalid-dates": lambda: invalid_dates(folder),
        "binary.md": lambda: _in(folder, "lettre/2025-07-06.md", lambda p: p.write_bytes(bytes(range(256)) * 4096)),
        "utf-16.txt": lambda: _in(
            folder, "lettre/2025-07-07.txt", lambda p: p.write_bytes("Un titre\n\nDéjà l’été.\n".encode("utf-16"))
        ),
    }
    return cases[name]()


def case_names(messages: int) -> list[str]:
    return [
        "50mb-line.txt",
        "50mb-line.md",
        "15mb-line.txt",
        "15mb-line.md",
        "100k-nested-div.html",
        "unclosed-a.html",
        f"{messages}-messages.mbox",
        "bad-lines.jsonl",
        "invalid-dates",
        "binary.md",
        "utf-16.txt",
    ]


# What each case must come to: "refused" (only errors naming the file), "read" (its issues
# added, no error), "partly read" (its good issues added, its bad parts named in errors).
EXPECTED = {
    "50mb-line.txt": "refused",
    "50mb-line.md": "refused",
    "15mb-line.txt": "refused",
    "15mb-line.md": "refused",
    "100k-nested-div.html": "read",
    "unclosed-a.html": "refused",
    "bad-lines.jsonl": "partly read",
    "invalid-dates": "refused",
    "binary.md": "refused",
    "utf-16.txt": "read",
}


def expected(name: str) -> str:
    return "partly read" if name.endswith("-messages.mbox") else EXPECTED[name]


# -- one case, in its own process ------------------------------------------------------------------
def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


def _outcome(added: int, errors: int) -> str:
    if not errors:
        return "read" if added else "nothing"
    return "partly read" if added else "refused"


def run_case(name: str, messages: int) -> dict[str, Any]:
    """Ingest one case's files with a good issue, in a fresh home; figures and outcome."""
    from assistant import NewsAssistant

    with temp_home("newsdesk-adversarial-") as root:
        bad = make_case(name, root / "files", messages)
        size = sum(p.stat().st_size for p in bad)
        good = root / "files" / "temoin" / "2025-06-02.txt"
        good.parent.mkdir(parents=True, exist_ok=True)
        good.write_text(GOOD_TEXT, encoding="utf-8")
        desk = NewsAssistant(home=root / "home")
        desk.embedder().embed(["le modèle est chargé avant le chronomètre"])
        before = _peak_rss_mb()
        wall, cpu = time.perf_counter(), time.process_time()
        report = desk.ingest([*bad, good])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak = _peak_rss_mb()
        good_added = desk.catalog.issue_by_source(str(good)) is not None
        desk.close()
    errors = [e for e in report.errors if any(e.source.startswith(str(path)) for path in bad)]
    return {
        "case": name,
        "mb": size / MB,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": peak,
        "rss_growth_mb": peak - before,
        "issues_added": report.issues_added - good_added,
        "good_issue_added": good_added,
        "errors": len(errors),
        "other_errors": len(report.errors) - len(errors),
        "outcome": _outcome(report.issues_added - good_added, len(errors)),
        "expected": expected(name),
        "first_error": errors[0].reason[:200] if errors else "",
    }


def run_in_child(name: str, messages: int) -> dict[str, Any]:
    """``run_case`` in a new interpreter: the peak memory measured is this case's alone."""
    command = [sys.executable, "-m", "benchmarks.adversarial", "--run-case", name, "--messages", str(messages)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {
            "case": name,
            "expected": expected(name),
            "outcome": f"crashed ({done.returncode})",
            "first_error": done.stderr.strip().splitlines()[-1][:200] if done.stderr.strip() else "",
        }
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def cpu_target(row: dict[str, Any]) -> float:
    return CPU_TARGET_S + CPU_PER_ISSUE_S * int(row.get("issues_added") or 0)


def passed(row: dict[str, Any]) -> bool:
    return (
        row.get("outcome") == row["expected"]
        and bool(row.get("good_issue_added"))
        and not row.get("other_errors")
        and row.get("cpu_s", 1e9) <= cpu_target(row)
        and row.get("rss_growth_mb", 1e9) <= GROWTH_TARGET_MB
    )


HEADERS = [
    "file",
    "MB",
    "wall s",
    "CPU s (target)",
    "peak RSS MB",
    "RSS growth MB",
    "outcome (expected)",
    "issues added",
    "errors",
    "good issue added",
    "ok",
    "first error",
]


def _table_row(r: dict[str, Any]) -> list[Any]:
    return [
        r["case"],
        f"{r.get('mb', 0):.2f}",
        f"{r.get('wall_s', 0):.1f}",
        f"{r.get('cpu_s', 0):.1f} ({cpu_target(r):.0f})",
        f"{r.get('peak_rss_mb', 0):.0f}",
        f"{r.get('rss_growth_mb', 0):.0f}",
        f"{r['outcome']} ({r['expected']})",
        r.get("issues_added", ""),
        r.get("errors", ""),
        "yes" if r.get("good_issue_added") else "NO",
        "yes" if passed(r) else "NO",
        r.get("first_error", "").replace("|", "\\|"),
    ]


def report_markdown(rows: list[dict[str, Any]]) -> str:
    return (
        "# Adversarial files through the real ingest\n\n"
        "Each file ingested in one batch with a good issue, in a fresh home and process; the model is "
        "loaded before the clock starts. Targets: the expected outcome, the good issue added, at most "
        f"{GROWTH_TARGET_MB:.0f} MB of memory growth and {CPU_TARGET_S:.0f} s of CPU per file, plus "
        f"{CPU_PER_ISSUE_S * 1000:.0f} ms per issue it adds (their embedding). Wall time depends on the "
        "machine's other load; CPU time (all threads) does much less.\n\n"
        + markdown_table(HEADERS, [_table_row(r) for r in rows])
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.adversarial", description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000, help="messages in the mbox case")
    parser.add_argument("--cases", nargs="*", help="run only these cases (names as in the table)")
    parser.add_argument("--run-case", help=argparse.SUPPRESS)  # the child process of one case
    args = parser.parse_args(argv)
    if args.run_case:
        print(json.dumps(run_case(args.run_case, args.messages)))
        return
    rows = []
    for name in args.cases or case_names(args.messages):
        log(f"adversarial: {name}")
        rows.append(run_in_child(name, args.messages))
        log(
            f"  {rows[-1]['outcome']} in {rows[-1].get('wall_s', 0):.1f} s, "
            f"peak {rows[-1].get('peak_rss_mb', 0):.0f} MB"
        )
    write_results("adversarial", report_markdown(rows), {"cases": rows, "all_passed": all(map(passed, rows))})


if __name__ == "__main__":
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    main(sys.argv[1:])
