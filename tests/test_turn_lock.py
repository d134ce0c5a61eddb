"""The models' lock hands turns in arrival order: a writer that releases it between two
batches does not take it straight back while searches are waiting."""

from __future__ import annotations

import threading
import time

from index.embedding import TurnLock


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
