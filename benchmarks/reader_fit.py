"""Fitting the extractive reader on collected questions (``newsroom.collect``): the logistic
weights, and the thresholds the issue's rule chooses on cross-fitted scores. ``decide`` and
``simulate`` replay what the answerer would do with given scores, so a threshold is judged on
the same decisions the reader makes."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from assistant.answering.extractive import joins

THRESHOLDS = np.round(np.arange(0.02, 0.99, 0.02), 2)
ANSWERED_TARGET = 0.90  # the targets: answer at least this share of answerable questions…
ABSTAIN_TARGET = 0.80  # … while abstaining on at least this share of near-misses (drawn on the plot)
FOLDS = 5  # thresholds are chosen on scores cross-fitted over this many blocks of the dev half


def fit_weights(collected: list[dict[str, Any]]) -> tuple[np.ndarray, float]:
    """A logistic regression over every candidate of the given questions."""
    from sklearn.linear_model import LogisticRegression

    rows = np.array([r for q in collected for r in q["rows"]], dtype=np.float32)
    labels = np.array([y for q in collected for y in q["labels"]], dtype=int)
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(rows, labels)
    return model.coef_[0], float(model.intercept_[0])


def probabilities(collected: list[dict[str, Any]], weights: np.ndarray, bias: float) -> list[np.ndarray]:
    """Each question's candidate probabilities under one model."""
    found = []
    for q in collected:
        rows = np.array(q["rows"], dtype=np.float32).reshape(-1, len(weights))
        found.append(1 / (1 + np.exp(-(rows @ weights + bias))) if len(rows) else np.array([]))
    return found


def cross_fitted(collected: list[dict[str, Any]], folds: int = FOLDS) -> list[np.ndarray]:
    """Each question's probabilities under a model fitted without its block of questions.

    Scores a model gives the questions it was fitted on flatter it: a threshold chosen on them
    sits too high and answers fewer new questions than it did these. Blocks are consecutive,
    so a follow-up mostly stays with the question it follows."""
    found: list[np.ndarray] = [np.array([])] * len(collected)
    bounds = np.linspace(0, len(collected), folds + 1).astype(int)
    for start, end in itertools.pairwise(bounds):
        weights, bias = fit_weights(collected[:start] + collected[end:])
        found[start:end] = probabilities(collected[start:end], weights, bias)
    return found


def lower_bound(share: float, n: int, z: float = 1.96) -> float:
    """The Wilson score interval's lower end for ``share`` of ``n``."""
    if not n:
        return 0.0
    centre = share + z * z / (2 * n)
    spread = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return float((centre - spread) / (1 + z * z / n))


def decide(
    question: dict[str, Any],
    probabilities: np.ndarray,
    threshold: float,
    companion: float,
    open_threshold: float | None = None,
) -> dict[str, Any]:
    """What the extractive answerer would do with these scores (without near-repeat filtering):
    the best sentence and the one next to it if it reaches ``companion`` (its lead: the lower of
    that and the question's bar); answered or not, which stories cited, answer found. ``holds``
    marks the candidates it may give: holding what a typed question asks for, from a story
    naming the question's subject, nearer the question than unrelated text. An open question's
    bar is ``open_threshold`` if given."""
    if not len(probabilities):
        return {"answered": False, "stories": set(), "found": False}
    probabilities = np.where(question["holds"], probabilities, 0.0)
    order = np.argsort(-probabilities)
    best = int(order[0])
    bar = threshold if question["typed"] or open_threshold is None else open_threshold
    if probabilities[best] < bar:
        return {"answered": False, "stories": set(), "found": False}
    stories, positions = question["stories"], question["positions"]
    next_to = [int(i) for i in order[1:] if stories[i] == stories[best] and abs(positions[i] - positions[best]) == 1]
    # as ``select``: one passage, with the story's lead or a sentence nearly as likely
    joining = [i for i in next_to if joins(probabilities[i], probabilities[best], positions[i] == 0, bar, companion)]
    picked = [best, *joining[:1]]
    return {
        "answered": True,
        "stories": {question["stories"][i] for i in picked},
        "correct_stories": {question["stories"][i] for i in picked if question["labels"][i]}
        | {question["stories"][i] for i in picked if _gold_story(question, i)},
        "found": any(question["labels"][i] for i in picked),
    }


def _gold_story(question: dict[str, Any], i: int) -> bool:
    n = question["stories"][i]
    return any(label and question["stories"][j] == n for j, label in enumerate(question["labels"]))


def simulate(
    collected: list[dict[str, Any]],
    scores: list[np.ndarray],
    threshold: float,
    companion: float,
    open_threshold: float | None = None,
) -> dict[str, float]:
    """The answer figures of ``collected`` with these candidate probabilities and thresholds."""
    # by position, not qid: the fresh sets reuse their writers' qids ("g-001" is in three of them)
    outcomes = [decide(q, p, threshold, companion, open_threshold) for q, p in zip(collected, scores, strict=True)]
    answerable = [o for q, o in zip(collected, outcomes, strict=True) if q["answerable"]]
    near = [o for q, o in zip(collected, outcomes, strict=True) if not q["answerable"]]
    cited = sum(len(o["stories"]) for o in answerable)
    right = sum(len(o.get("correct_stories", set())) for o in answerable)
    return {
        "answered": sum(o["answered"] for o in answerable) / max(len(answerable), 1),
        "abstained": sum(not o["answered"] for o in near) / max(len(near), 1),
        "found": sum(o["found"] for o in answerable) / max(len(answerable), 1),
        "precision": right / max(cited, 1),
    }


def best_probability(question: dict[str, Any], probabilities: np.ndarray) -> float:
    """The best probability among the candidates the answerer may give (``holds``), 0 if none."""
    return float(np.max(np.where(question["holds"], probabilities, 0.0))) if len(probabilities) else 0.0


def choose_thresholds(collected: list[dict[str, Any]], scores: list[np.ndarray]) -> tuple[float, float, float]:
    """The issue's rule on cross-fitted ``scores``: the two thresholds (questions that ask a type,
    open ones) that abstain most on near-misses while answering ``ANSWERED_TARGET`` of the
    answerable questions, with a margin (else the best sum of the two); then the companion bar
    that keeps the most answers found and citations right.

    The margin: the answered share's 95 % lower bound, not the share itself, must reach the
    target. On the share alone the threshold sits where the dev curve starts to fall, and new
    questions, which the rules were not written on, fall below the target there. Among equal
    abstention, the higher thresholds."""
    answerable = sum(q["answerable"] for q in collected)
    near = max(len(collected) - answerable, 1)
    best = [best_probability(q, p) for q, p in zip(collected, scores, strict=True)]

    def counts(typed: bool) -> list[tuple[float, int, int]]:
        """At each threshold, the answerable questions answered and the near-misses abstained on."""
        part = [(q["answerable"], b) for q, b in zip(collected, best, strict=True) if q["typed"] == typed]
        return [
            (float(t), sum(a and b >= t for a, b in part), sum(not a and b < t for a, b in part)) for t in THRESHOLDS
        ]

    pairs = [  # (typed threshold, open threshold, answered share, abstained share)
        (typed, open_, (answered + answered_open) / max(answerable, 1), (abstained + abstained_open) / near)
        for (typed, answered, abstained), (open_, answered_open, abstained_open) in itertools.product(
            counts(True), counts(False)
        )
    ]
    meeting = [p for p in pairs if lower_bound(p[2], answerable) >= ANSWERED_TARGET]
    if meeting:
        threshold, open_threshold, *_ = max(meeting, key=lambda p: (p[3], p[0] + p[1]))
    else:
        threshold, open_threshold, *_ = max(pairs, key=lambda p: (round(p[2] + p[3], 3), p[0] + p[1]))
    options = [(c, simulate(collected, scores, threshold, c, open_threshold)) for c in THRESHOLDS if c >= threshold]
    options.append((1.01, simulate(collected, scores, threshold, 1.01, open_threshold)))
    companion = max(options, key=lambda cm: (round(cm[1]["found"] + cm[1]["precision"], 3), cm[0]))[0]
    return threshold, open_threshold, float(companion)
