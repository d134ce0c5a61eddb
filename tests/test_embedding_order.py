"""How texts reach the model: one load per model, batches sorted by length across an ingest
batch, and a lock that hands turns in arrival order (a writer that releases it between two
batches does not take it straight back while searches are waiting), and a query embedded on
one of torch's threads while batches keep them all."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from index.retrieval.embedding import OneThreadForQueries, SentenceTransformerEmbedder, TurnLock, embed_longest_first


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_waiters_get_the_lock_in_arrival_order_before_the_holder_gets_it_back():
    lock = TurnLock()
    order: list[str] = []

    def take(name: str) -> None:
        with lock:
            order.append(name)

    lock.__enter__()  # the "ingest" holds the model
    threads = []
    for n in range(5):
        thread = threading.Thread(target=take, args=(f"search-{n}",))
        thread.start()
        threads.append(thread)
        _wait_until(lambda n=n: len(lock._waiting) == n + 1)  # arrived, in this order
    lock.__exit__()
    with lock:  # the ingest's next batch: it queues behind the searches
        order.append("ingest")
    for thread in threads:
        thread.join()
    assert order == [f"search-{n}" for n in range(5)] + ["ingest"]


def test_an_uncontended_lock_is_free_again_after_use():
    lock = TurnLock()
    with lock:
        pass
    with lock:  # would block forever if the first turn had not ended
        pass
    assert not lock._held


class _LengthModel:
    """Embeds a text as (its length, 1); records what each call received."""

    dimension = 2

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(texts)
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_texts_are_embedded_longest_first_across_slices_and_come_back_in_place():
    texts = ["a" * n for n in (3, 9, 1, 7, 5, 2, 8)]
    model, reports = _LengthModel(), []
    vectors = embed_longest_first(model, texts, slice_size=3, done=lambda n, of: reports.append((n, of)))
    assert [[len(t) for t in call] for call in model.calls] == [[9, 8, 7], [5, 3, 2], [1]]
    assert vectors[:, 0].tolist() == [len(t) for t in texts]
    assert reports == [(3, 7), (6, 7), (7, 7)]


def test_requests_that_ask_for_a_model_together_wait_for_one_load(monkeypatch):
    """The first requests of a server come together: each loading the model would take
    seconds and hundreds of megabytes per copy."""
    import index.retrieval.embedding as embedding

    loads: list[str] = []

    class SlowModel:
        def __init__(self, model: str, batch_size: int) -> None:
            loads.append(model)
            time.sleep(0.2)

    monkeypatch.setattr(embedding, "SentenceTransformerEmbedder", SlowModel)
    monkeypatch.setattr(embedding, "_loaded", {}, raising=False)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(embedding.load_embedder("slow-model", 8))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == ["slow-model"]
    assert len(got) == 6 and all(model is got[0] for model in got)


class _CountingModel:
    """Stands in for a SentenceTransformer: records torch's thread count at each encode."""

    def __init__(self) -> None:
        self.threads: list[int] = []

    def encode(self, texts, **_):
        import torch

        self.threads.append(torch.get_num_threads())
        return np.ones((len(texts), 4), dtype=np.float32)


@pytest.fixture
def two_threads():
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield torch
    torch.set_num_threads(before)


def test_a_query_is_embedded_on_one_thread_and_a_batch_on_all(two_threads):
    torch = two_threads
    embedder = SentenceTransformerEmbedder.__new__(SentenceTransformerEmbedder)
    embedder._model, embedder.batch_size, embedder.dimension, embedder._turn = _CountingModel(), 64, 4, TurnLock()
    embedder.embed_query("Combien coûte le robot Tora ?")
    embedder.embed(["one story", "another story"])
    assert embedder._model.threads == [1, 2] and torch.get_num_threads() == 2


def test_overlapping_queries_restore_the_thread_count_once_the_last_one_leaves(two_threads):
    torch = two_threads
    threads = OneThreadForQueries()
    first, second = threads(), threads()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert torch.get_num_threads() == 1  # the second query is still embedding
    second.__exit__(None, None, None)
    assert torch.get_num_threads() == 2
