"""Fingerprints of how the archives in ``../shared/corpus`` are cut into stories.

A change to a reader or a segmenter must leave the TLDR and Qant archives, and the sample
archive the project ships, cut exactly as before: the same story ids, headlines, bodies,
sections and kinds. ``tests/test_segmentation_unchanged.py`` compares today's cut with the
fingerprints recorded in ``tests/fixtures/segmentation/``; after a change that is meant to
alter a cut, record them again::

    python -m benchmarks.segmentation --write

A fingerprint is a hash per issue: no text of the archives is stored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
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
    files, _ = list_files([folder])
    found: dict[str, str] = {}
    for path in files:
        drafts, _ = resolve_metadata(read_file(path).issues)
        for draft in drafts:
            assert draft.newsletter and draft.date
            issue = Indexer.build_issue(draft, make_issue_id(draft.newsletter, draft.date), "")
            cut = [[s.story_id, s.headline, s.body, s.section, s.kind, s.url, s.byline] for s in issue.stories]
            source = (
                str(Path(draft.source).relative_to(folder)) if draft.source.startswith(str(folder)) else draft.source
            )
            digest = hashlib.sha256(json.dumps(cut, ensure_ascii=False).encode()).hexdigest()[:16]
            found[source] = digest
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="record today's cut as the reference")
    args = parser.parse_args(argv)
    for name, folder in ARCHIVES.items():
        if not folder.is_dir():
            print(f"{name}: {folder} is absent, skipped")
            continue
        found = fingerprints(folder)
        path = FIXTURES / f"{name}.json"
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
            print(f"{name}: {len(found)} issues recorded in {path.relative_to(ROOT)}")
        else:
            recorded = json.loads(path.read_text())
            changed = sorted(k for k in recorded.keys() | found.keys() if recorded.get(k) != found.get(k))
            print(
                f"{name}: {len(found)} issues, {len(changed)} cut differently"
                + "".join(f"\n  {k}" for k in changed[:20])
            )


if __name__ == "__main__":
    main()
