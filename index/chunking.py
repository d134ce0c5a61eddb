"""Token-bounded, sentence-aware chunks that never cross a story boundary."""

from __future__ import annotations

from index.models import Chunk, Story, make_chunk_id
from index.sentences import split_sentences
from index.tokens import get_encoding


def _pieces(sentence: str, n_tokens: int, budget: int, encoding_name: str) -> list[tuple[str, int]]:
    """A sentence longer than the budget is cut at token boundaries (rare: tables, lists)."""
    if n_tokens <= budget:
        return [(sentence, n_tokens)]
    enc = get_encoding(encoding_name)
    ids = enc.encode_ordinary(sentence)
    return [(enc.decode(ids[i : i + budget]), len(ids[i : i + budget])) for i in range(0, len(ids), budget)]


def chunk_story(
    story: Story,
    *,
    max_tokens: int = 256,
    overlap_tokens: int = 32,
    encoding: str = "cl100k_base",
) -> list[Chunk]:
    """Split a story into chunks of at most ``max_tokens`` tokens, headline included.

    Sentences are packed greedily; a new chunk starts with the last sentences of the
    previous one (up to ``overlap_tokens``) so a fact cut between chunks still reads whole.
    """
    enc = get_encoding(encoding)
    head = f"{story.headline}\n" if story.headline else ""
    head_tokens = len(enc.encode_ordinary(head))
    budget = max(max_tokens - head_tokens, max_tokens // 2)

    units: list[tuple[str, int]] = []
    for sentence in split_sentences(story.body) or [story.headline]:
        units.extend(_pieces(sentence, len(enc.encode_ordinary(sentence)), budget, encoding))

    passages: list[tuple[list[str], int]] = []
    current: list[tuple[str, int]] = []
    size = 0
    for unit in units:
        if current and size + unit[1] > budget:
            passages.append(([s for s, _ in current], size))
            carried: list[tuple[str, int]] = []
            for prev in reversed(current):
                if sum(n for _, n in carried) + prev[1] > overlap_tokens:
                    break
                carried.insert(0, prev)
            current, size = carried, sum(n for _, n in carried)
        current.append(unit)
        size += unit[1]
    if current:
        passages.append(([s for s, _ in current], size))

    return [
        Chunk(
            chunk_id=make_chunk_id(story.story_id, k),
            story_id=story.story_id,
            text=head + " ".join(sentences),
            n_tokens=head_tokens + n,
        )
        for k, (sentences, n) in enumerate(passages)
    ]
