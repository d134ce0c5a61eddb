"""Fingerprints of how the archives in ``../shared/corpus`` are cut into stories.

A change to a reader or a segmenter must leave the TLDR and Qant archives, and the sample
archive the project ships, cut exactly as before: the same story ids, headlines, bodies,
sections and kinds. ``tests/test_segmentation_unchanged.py`` compares today's cut with the
fingerprints recorded in ``tests/fixtures/segmentation/``; after a change that is meant to
alter a cut, record them again::

    python -m benchmarks.segmentation --write

A fingerprint is a hash per issue: no text of the archives is stored.

``--speed REF`` times the reading and segmenting of the whole TLDR archive (every file read,
cut into stories and given its ids: the only stage a reader or segmenter change touches)
with today's code and with the code at git ``REF`` (checked out in a temporary worktree),
alternating three runs of each, and prints the ratio of the medians::

    python -m benchmarks segmentation --speed 6d69bef
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index.ingest.pipeline import Indexer
from index.ingest.readers import list_files, read_file, resolve_metadata
from index.model import make_issue_id

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures" / "segmentation"
ARCHIVES = {"tldr": SHARED / "tldr", "qant": SHARED / "qant", "samples": ROOT / "samples" / "archive"}


def fingerprints(folder: Path) -> dict[str, str]:
    """source (relative to ``folder``) → hash of its issues' story ids, headlines, bodies,
    sections, kinds and links."""
    root = folder.resolve()  # sources are resolved paths: ../shared may be a link
    files, _ = list_files([folder])
    found: dict[str, str] = {}
    for path in files:
        drafts, _ = resolve_metadata(read_file(path).issues)
        for draft in drafts:
            assert draft.newsletter and draft.date
            issue = Indexer.build_issue(draft, make_issue_id(draft.newsletter, draft.date), "")
            cut = [[s.story_id, s.headline, s.body, s.section, s.kind, s.url, s.byline] for s in issue.stories]
            source = os.path.relpath(draft.source, root) if draft.source.startswith(str(root)) else draft.source
            digest = hashlib.sha256(json.dumps(cut, ensure_ascii=False).encode()).hexdigest()[:16]
            found[source] = digest
    return found


_TIME_ONE_RUN = (  # older code named Indexer.build_issue _build_issue
    "import time, sys; from pathlib import Path; from index.ingest.pipeline import Indexer;"
    "Indexer.build_issue = getattr(Indexer, 'build_issue', None) or Indexer._build_issue;"
    "from benchmarks.segmentation import fingerprints;"
    "t = time.perf_counter(); n = len(fingerprints(Path(sys.argv[1]))); print(time.perf_counter() - t, n)"
)
_RUNS = 3


def _timed_run(code_root: Path, folder: Path) -> tuple[float, int]:
    """Seconds to read and segment ``folder`` with the code at ``code_root``, in a fresh process."""
    env = os.environ | {"PYTHONPATH": str(code_root)}
    out = subprocess.run(
        [sys.executable, "-c", _TIME_ONE_RUN, str(folder)], cwd=code_root, env=env, check=True, capture_output=True
    )
    seconds, issues = out.stdout.split()
    return float(seconds), int(issues)


def compare_speed(ref: str) -> str:
    folder = ARCHIVES["tldr"]
    if not folder.is_dir():
        return f"speed: {folder} is absent, skipped"
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(before), ref], cwd=ROOT, check=True, capture_output=True
        )
        try:
            (before / "benchmarks" / "segmentation.py").write_text(Path(__file__).read_text())  # the same timer
            times: dict[str, list[float]] = {"before": [], "now": []}
            for _ in range(_RUNS):
                for name, root in (("before", before), ("now", ROOT)):
                    seconds, issues = _timed_run(root, folder)
                    times[name].append(seconds)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)
    old, new = statistics.median(times["before"]), statistics.median(times["now"])
    return (
        f"read + segment the TLDR archive ({issues} issues), median of {_RUNS}: "
        f"{ref} {old:.1f} s, now {new:.1f} s, ratio {new / old:.3f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="record today's cut as the reference")
    parser.add_argument("--speed", metavar="REF", help="time reading the TLDR archive against git REF")
    args = parser.parse_args(argv)
    if args.speed:
        print(compare_speed(args.speed))
        return
    for name, folder in ARCHIVES.items():
        if not folder.is_dir():
            print(f"{name}: {folder} is absent, skipped")
            continue
        started = time.perf_counter()
        found = fingerprints(folder)
        seconds = time.perf_counter() - started
        path = FIXTURES / f"{name}.json"
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
            print(f"{name}: {len(found)} issues recorded in {path.relative_to(ROOT)}")
        else:
            recorded = json.loads(path.read_text())
            changed = sorted(k for k in recorded.keys() | found.keys() if recorded.get(k) != found.get(k))
            print(
                f"{name}: {len(found)} issues, {len(changed)} cut differently ({seconds:.1f} s)"
                + "".join(f"\n  {k}" for k in changed[:20])
            )


if __name__ == "__main__":
    main()
