"""Token-bounded, sentence-aware chunks that never cross a story boundary."""

from __future__ import annotations

from index.model import Chunk, Story, make_chunk_id
from index.text.sentences import split_sentences
from index.text.tokens import get_encoding

# tiktoken's merge step is quadratic in the length of one pre-token ("aaaa…" has no
# spaces to split on): text is encoded in slices of at most this many characters, far more
# than any chunk budget holds (8,192 tokens are about 40,000 characters of prose).
MAX_ENCODE_CHARS = 50_000


def _slices(sentence: str) -> list[str]:
    """``sentence`` in pieces of at most ``MAX_ENCODE_CHARS``, cut after a space when there is one."""
    pieces: list[str] = []
    start = 0
    while len(sentence) - start > MAX_ENCODE_CHARS:
        end = start + MAX_ENCODE_CHARS
        cut = sentence.rfind(" ", start + MAX_ENCODE_CHARS // 2, end) + 1 or end
        pieces.append(sentence[start:cut])
        start = cut
    return [*pieces, sentence[start:]]


def _pieces(sentence: str, budget: int, encoding_name: str) -> list[tuple[str, int]]:
    """(text, tokens) of a sentence; one longer than the budget is cut at token boundaries
    (rare: tables, lists, or a whole page without a full stop)."""
    enc = get_encoding(encoding_name)
    units: list[tuple[str, int]] = []
    for piece in _slices(sentence):
        ids = enc.encode_ordinary(piece)
        if len(ids) <= budget:
            units.append((piece, len(ids)))
        else:
            units.extend(
                (enc.decode(ids[i : i + budget]), len(ids[i : i + budget])) for i in range(0, len(ids), budget)
            )
    return units


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
        units.extend(_pieces(sentence, budget, encoding))

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
