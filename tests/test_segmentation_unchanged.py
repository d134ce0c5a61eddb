"""The TLDR and Qant archives, and the bundled samples, are cut into exactly the stories
they were cut into before the generic segmenter (same ids, headlines, bodies, sections,
kinds, links and bylines), by the fingerprints ``benchmarks.segmentation`` recorded."""

from __future__ import annotations

import json

import pytest

from benchmarks.segmentation import ARCHIVES, FIXTURES, fingerprints


@pytest.mark.parametrize("name", sorted(ARCHIVES))
def test_archive_is_cut_as_before(name: str) -> None:
    folder = ARCHIVES[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    recorded = json.loads((FIXTURES / f"{name}.json").read_text())
    found = fingerprints(folder)
    changed = sorted(k for k in recorded.keys() | found.keys() if recorded.get(k) != found.get(k))
    assert changed == [], f"{len(changed)} issues of {name} cut differently, e.g. {changed[:5]}"
