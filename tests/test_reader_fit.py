"""How the benchmark chooses the reader's thresholds (``benchmarks/reader_fit.py``): on the
decisions the answerer would make, one bar for questions that ask a type and one for open ones."""

from __future__ import annotations

import numpy as np

from benchmarks.reader_fit import choose_thresholds, lower_bound, simulate


def _question(qid: str, answerable: bool, typed: bool, probability: float) -> tuple[dict, np.ndarray]:
    """One candidate sentence, answering when the question is answerable."""
    return {
        "qid": qid,
        "answerable": answerable,
        "typed": typed,
        "holds": [True],
        "labels": [answerable],
        "stories": [1],
        "positions": [0],
    }, np.array([probability])


def test_questions_that_share_a_qid_are_counted_apart():
    # the fresh sets reuse their writers' qids: "g-001" answered in one set, declined in another
    pairs = [_question("g-001", True, True, 0.9), _question("g-001", True, True, 0.05)]
    collected, scores = [q for q, _ in pairs], [p for _, p in pairs]
    assert simulate(collected, scores, 0.5, 1.01)["answered"] == 0.5


def test_an_open_question_gets_the_bar_its_own_questions_call_for():
    pairs = []
    # typed: answers score 0.4–0.9 and near-misses 0.1–0.35, which a bar of 0.36 tells apart
    pairs += [_question(f"t{i}", True, True, 0.4 + i / 200) for i in range(100)]
    pairs += [_question(f"n{i}", False, True, 0.1 + i / 200) for i in range(50)]
    # open: many answerable, weakly scored, and no near-miss to spare by abstaining
    pairs += [_question(f"o{i}", True, False, 0.05 + i / 400) for i in range(100)]
    collected, scores = [q for q, _ in pairs], [p for _, p in pairs]
    threshold, open_threshold, _ = choose_thresholds(collected, scores)
    assert open_threshold < threshold
    figures = simulate(collected, scores, threshold, 1.01, open_threshold)
    assert figures["abstained"] == 1.0
    assert lower_bound(figures["answered"], 200) >= 0.90
    # one bar for both could not have done it: below 0.36 it answers near-misses, above it
    # declines most open questions
    single = [simulate(collected, scores, t, 1.01) for t in np.arange(0.02, 0.99, 0.02)]
    assert not any(m["abstained"] == 1.0 and lower_bound(m["answered"], 200) >= 0.90 for m in single)
