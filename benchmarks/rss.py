"""Resident memory of a server and the processes it started, read from ``/proc``."""

from __future__ import annotations

import os
import threading
import time


class RssSampler:
    """Peak resident memory of a process and its descendants, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float]] = []  # (monotonic time, MB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _children(pid: int) -> list[int]:
        found: list[int] = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    found += [int(c) for c in handle.read().split()]
        except OSError:
            pass
        return found

    @staticmethod
    def _rss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def measure(self) -> float:
        total, todo, seen = 0, [self.pid], set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            total += self._rss_kb(pid)
            todo += self._children(pid)
        return total / 1024

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), self.measure()))
            self._stop.wait(self.every)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, since: float | None = None, until: float | None = None) -> float:
        values = [mb for t, mb in self.samples if (since is None or t >= since) and (until is None or t <= until)]
        return max(values, default=0.0)
