"""The reader's fitted model: a logistic model over the candidates' ``FEATURES`` and the
thresholds chosen with it, shipped in ``reader_model.json`` (``python -m benchmarks.newsroom fit``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from assistant.answering.reader import FEATURES

MODEL_PATH = Path(__file__).with_name("reader_model.json")


@dataclass(frozen=True)
class ReaderModel:
    """A logistic model over ``FEATURES`` and the thresholds chosen with it."""

    weights: tuple[float, ...]
    bias: float
    threshold: float  # below this probability for every sentence, the reader abstains
    companion: float  # a second sentence (same story) or another story's must reach this too
    fitted_on: str = ""
    # The threshold of an open question ("what does…", "how…"), which asks for no type: None =
    # ``threshold``. A near-miss is mostly a typed fact the archive lacks (a price, a date, a
    # founder); an open question's sentence cannot be told from it by type, so abstaining on one
    # costs answers and spares few near-misses. Chosen with ``threshold`` on the same questions.
    open_threshold: float | None = None

    def threshold_for(self, typed: bool) -> float:
        """The probability the best sentence must reach for a question that asks a type or not."""
        return self.threshold if typed or self.open_threshold is None else self.open_threshold

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(rows @ np.asarray(self.weights, dtype=np.float32) + self.bias)))

    def to_json(self) -> str:
        data = {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "open_threshold": self.open_threshold,
            "companion": self.companion,
            "fitted_on": self.fitted_on,
        }
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ReaderModel:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{MODEL_PATH.name} was fitted on other features; run `python -m benchmarks.newsroom fit`")
        weights = tuple(data["weights"])
        fitted_on, open_threshold = data.get("fitted_on", ""), data.get("open_threshold")
        return cls(weights, data["bias"], data["threshold"], data["companion"], fitted_on, open_threshold)


@cache
def load_model(path: Path = MODEL_PATH) -> ReaderModel:
    return ReaderModel.from_json(path.read_text(encoding="utf-8"))
