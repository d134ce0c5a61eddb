"""Story segmentation of real newsletters nobody here wrote, against a reader's count.

Reads every file listed in a ``SOURCES.tsv`` (by default ``../shared/corpus/real``, the
development set; ``--folder`` points at another set annotated the same way) and prints, per
file, the stories newsdesk finds (sponsors left out, as a reader's count leaves them out),
the reader's count, whether it is within 20 % or ±1, and which of the listed headlines are
found::

    python -m benchmarks real_newsletters [--folder DIR] [-v]

``tests/test_real_newsletters.py`` asserts the targets of issue 19 on the development set.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import SHARED, MissingData, write_results
from index.ingest.drafts import IssueDraft
from index.ingest.readers import read_file
from index.ingest.segmenters.lines import clean_headline, plain_inline

DEV_SET = SHARED / "corpus" / "real"
# The site feed mixes 3 newsletter issues with 7 other posts; its README counts the stories
# of the latest issue (14), not the feed's entries.
_FEEDS_OF_ISSUES = {"frrn_site-feed_atom_fr.xml": {"issues": 3, "skipped": 7, "latest": 14}}


@dataclass
class FileResult:
    file: str
    found: int
    expected: int
    headlines: list[str]
    missing: list[str] = field(default_factory=list)
    error: str | None = None
    stories: list[str] = field(default_factory=list)

    @property
    def within(self) -> bool:
        return self.error is None and abs(self.found - self.expected) <= max(1, 0.2 * self.expected)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", plain_inline(text).casefold()).strip()


def headline_found(listed: str, headlines: list[str]) -> bool:
    """A listed headline is found when a story's headline is it, holds it, or is it without
    a tag the segmenter strips ("Quillet 2.0 (4 minute read)" → "Quillet 2.0")."""
    want = _norm(clean_headline(listed)[0])
    return any(want and want in _norm(headline) for headline in headlines)


def _count(path: Path, issues: list[IssueDraft], skipped: int, expected: int) -> tuple[int, int, list[str]]:
    """(stories found, stories expected, their headlines) for one file."""
    editorial = [[s for s in i.stories if s.kind != "sponsor"] for i in issues]
    names = [s.headline or "" for stories in editorial for s in stories]
    shape = _FEEDS_OF_ISSUES.get(path.name)
    if shape is None:
        return sum(map(len, editorial)), expected, names
    latest = max(range(len(issues)), key=lambda n: str(issues[n].date))
    found = len(editorial[latest])
    if (len(issues), skipped) != (shape["issues"], shape["skipped"]):
        found = -1  # the feed's issues are not the ones a reader sees
    return found, shape["latest"], [i.subject for i in issues]  # its headlines are the issues' titles


def evaluate(folder: Path) -> list[FileResult]:
    sources = folder / "SOURCES.tsv"
    if not sources.is_file():
        raise MissingData(f"{sources} is absent")
    results = []
    with sources.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = folder / row["local_file"]
            expected = int(row.get("stories_or_items") or row["stories"])
            headlines = [h.strip() for h in row["example_headlines"].split(" | ") if h.strip()]
            read = read_file(path)
            if read.errors or not read.issues:
                error = str(read.errors[0]) if read.errors else "no issue read"
                results.append(FileResult(row["local_file"], 0, expected, headlines, headlines, error))
                continue
            found, expected, names = _count(path, read.issues, len(read.skipped), expected)
            missing = [h for h in headlines if not headline_found(h, names)]
            results.append(FileResult(row["local_file"], found, expected, headlines, missing, stories=names))
    return results


def report(results: list[FileResult], verbose: bool = False) -> str:
    lines = ["| file | stories found | reader's count | within 20 % / ±1 | headlines found |", "|---|--:|--:|:-:|--:|"]
    for r in results:
        found = "error" if r.error else str(r.found)
        lines.append(
            f"| {r.file} | {found} | {r.expected} | {'yes' if r.within else 'no'} "
            f"| {len(r.headlines) - len(r.missing)}/{len(r.headlines)} |"
        )
    within = sum(r.within for r in results)
    listed = sum(len(r.headlines) for r in results)
    recovered = listed - sum(len(r.missing) for r in results)
    lines.append(f"\n{within}/{len(results)} files within 20 % (or ±1); {recovered}/{listed} headlines found.")
    if verbose:
        for r in results:
            lines.append(f"\n{r.file}: {r.error or ''}")
            lines.extend(f"  - {h}" for h in r.stories)
            lines.extend(f"  MISSING {h}" for h in r.missing)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=DEV_SET, help="a folder with a SOURCES.tsv")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every story found")
    args = parser.parse_args(argv)
    results = evaluate(args.folder)
    table = report(results, args.verbose)
    if args.folder == DEV_SET and not args.verbose:
        # counts only: the archives' own text stays in ../shared
        files = [
            {"file": r.file, "found": r.found, "expected": r.expected, "within": r.within}
            | {"headlines": len(r.headlines), "headlines_found": len(r.headlines) - len(r.missing), "error": r.error}
            for r in results
        ]
        write_results("real_newsletters", table, {"files": files})
    else:
        print(table)


if __name__ == "__main__":
    main()
