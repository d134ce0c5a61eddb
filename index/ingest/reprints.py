"""What happens to reprints when their first print is deleted or replaced.

A reprint (``duplicate_of`` set) has no chunks: search finds it through its original. When
the original goes away, the reprints would be unsearchable; instead the earliest remaining
reprint is promoted to original (chunked, embedded, in the lexical index) and the others
point at it. When the original is replaced by a new version, reprints that still read the
same stay linked to it; the others are promoted the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from index.ingest import dedup
from index.model import Chunk, Issue, Story


@dataclass
class Promotion:
    """A reprint that becomes an original, with what an original has and a reprint lacks."""

    story: Story
    issue: Issue  # the reprint's own issue: its vectors carry that issue's metadata
    chunks: list[Chunk]
    terms: list[str]  # lexical index terms, one string per chunk
    bands: list[str]  # LSH keys, so later prints are linked to it


@dataclass
class ReprintChanges:
    promoted: list[Promotion] = field(default_factory=list)
    relinks: dict[str, str] = field(default_factory=dict)  # reprint id → its (new) original

    def __bool__(self) -> bool:
        return bool(self.promoted or self.relinks)

    @property
    def chunks(self) -> list[Chunk]:
        return [chunk for promotion in self.promoted for chunk in promotion.chunks]


def still_reprint(reprint: Story, original: Story) -> bool:
    """The test that linked them across issues in the first place (word shingles' Jaccard)."""
    return dedup.jaccard(dedup.shingles(reprint.text), dedup.shingles(original.text)) >= dedup.THRESHOLD


def review_reprints(reprints: list[Story], anchors: Mapping[str, Story | None]) -> tuple[list[Story], dict[str, str]]:
    """Decide the fate of ``reprints`` (earliest first) whose original was deleted or changed.

    ``anchors`` gives, for each old original id, the original they may stay linked to (the
    new version of the story, or that version's own original), or None when it is gone.
    Returns the reprints to promote (``duplicate_of`` cleared) and the links to rewrite."""
    promoted: list[Story] = []
    relinks: dict[str, str] = {}
    orphans: dict[str, list[Story]] = {}
    for reprint in reprints:
        assert reprint.duplicate_of is not None
        anchor = anchors.get(reprint.duplicate_of)
        if anchor is not None and still_reprint(reprint, anchor):
            if anchor.story_id != reprint.duplicate_of:
                relinks[reprint.story_id] = anchor.story_id
        else:
            orphans.setdefault(reprint.duplicate_of, []).append(reprint)
    for group in orphans.values():
        first, *others = group  # copies of the same first print: they stay together
        promoted.append(replace(first, duplicate_of=None))
        relinks.update((other.story_id, first.story_id) for other in others)
    return promoted, relinks
