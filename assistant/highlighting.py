"""Which words of a text match a query, as search matches them (same stem in French or English,
any accent): what the screens mark."""

from __future__ import annotations

import re

from index.text.analysis import query_terms, query_words


def matching_words(text: str, query: str) -> list[tuple[str, bool]]:
    """``text`` cut into words and what lies between, each with whether it matches ``query``."""
    wanted = {term for terms in query_words(query) for term in terms}  # "GPU" marks "GPUs" too
    pieces = [p for p in re.split(r"(\w+)", text) if p]
    return [
        (p, bool(wanted) and re.fullmatch(r"\w+", p) is not None and bool(set(query_terms(p)) & wanted)) for p in pieces
    ]
