"""The load benchmark's traffic (``benchmarks/load.py`` runs it): the workload, the clients
of both phases, the upload of phase 2, the watcher that records every read naming an issue
being ingested, the verdict on those reads, and the latency and RSS figures."""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import log, percentile

SEED = 0
MIX = ("search", "search", "search", "ask")  # 3 searches : 1 ask, each client starts at its own offset
REQUEST_TIMEOUT_S = 60.0
WATCH_EVERY_S = 1.0
PHASE2_CAP_S = 3600.0  # the load stops after this long even if the ingest has not finished
AFTER_INGEST_S = 2.5  # phase 2's reads go on this long after the last upload answered


# -- workload --------------------------------------------------------------------------------
@dataclass
class Workload:
    searches: list[str]
    questions: list[str]
    extra_searches: list[str] = field(default_factory=list)  # headlines of the issues being ingested


def _shorten(headline: str, rng: random.Random) -> str:
    """A headline with about a third of its words dropped (at least 3 kept)."""
    words = headline.split()
    keep = sorted(rng.sample(range(len(words)), min(len(words), max(3, len(words) - len(words) // 3))))
    return " ".join(words[i] for i in keep)[:300]


def make_workload(headlines: Sequence[str], n: int = 200, seed: int = SEED) -> Workload:
    rng = random.Random(seed)
    pool = sorted({h.strip() for h in headlines if len(h.strip()) > 20})
    if not pool:
        raise SystemExit("no story headlines to build queries from: is the home indexed?")
    picked = rng.sample(pool, min(n, len(pool)))
    searches = [_shorten(h, rng) for h in picked]
    # Every other question in French: those are ranked on the cross-lingual vectors.
    frames = ("What about {}?", "Que sait-on de « {} », et qu’en dit la newsletter ?")
    questions = [
        frames[n % 2].format(_shorten(h, rng).rstrip("?.!")) for n, h in enumerate(picked[: max(1, len(picked) // 2)])
    ]
    return Workload(searches, questions)


def headlines_from_home(home: Path) -> list[str]:
    """Headlines of the home's news stories, read from its catalog (read-only)."""
    uri = f"file:{home / 'catalog.sqlite3'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        rows = db.execute(
            "SELECT s.headline FROM stories s JOIN issues i ON i.issue_id = s.issue_id WHERE i.state = 'indexed' "
            "AND s.duplicate_of IS NULL AND s.kind != 'sponsor' ORDER BY s.story_id"
        ).fetchall()
    return [r[0] for r in rows]


def headlines_from_api(base_url: str, seeds: Sequence[str] = ("the", "de", "AI", "la", "new", "data")) -> list[str]:
    """Headlines found by a few seed searches (when the catalog cannot be read directly)."""
    found: list[str] = []
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S, headers=auth_headers()) as http:
        for seed in seeds:
            response = http.get("/api/search", params={"q": seed, "k": 20})
            if response.status_code == 200:
                found += [hit["headline"] for hit in response.json()]
    return found


def headlines_of_files(files: Sequence[Path]) -> list[str]:
    from index.ingest.readers import read_file

    return [s.headline for f in files for i in read_file(f).issues for s in i.stories if s.headline]


# -- measuring -------------------------------------------------------------------------------
@dataclass
class Sample:
    phase: str
    endpoint: str
    started: float  # seconds since the phase began
    seconds: float
    status: int | None
    error: str | None = None


def auth_headers() -> dict[str, str]:
    key = os.environ.get("NEWSDESK_API_KEY")
    return {"Authorization": f"Bearer {key}"} if key else {}


def latency_stats(samples: Sequence[Sample], wall: float) -> dict[str, Any]:
    ok = [s.seconds for s in samples if s.error is None]
    every = [s.seconds for s in samples]
    return {
        "requests": len(samples),
        "errors": sum(s.error is not None for s in samples),
        "rps": len(samples) / wall if wall > 0 else 0.0,
        "p50_s": percentile(every, 50),
        "p95_s": percentile(every, 95),
        "max_s": max(every) if every else float("nan"),
        "mean_ok_s": statistics.fmean(ok) if ok else float("nan"),
    }


# -- the phases --------------------------------------------------------------------------------
@dataclass
class Watch:
    """Phase 2's bookkeeping: which issues are new, and every read that named one."""

    before: set[str]
    observations: list[dict[str, Any]] = field(default_factory=list)
    reads: int = 0  # reads (responses) that named at least one ingesting issue
    first_story_checked: set[str] = field(default_factory=set)

    def new(self, issue_id: str) -> bool:
        return issue_id not in self.before

    def observe(
        self,
        read: int,
        kind: str,
        issue_id: str,
        story_id: str | None = None,
        count: int | None = None,
        status: int = 200,
    ) -> None:
        self.observations.append(
            {"read": read, "kind": kind, "issue_id": issue_id, "story_id": story_id, "count": count, "status": status}
        )


class Phase:
    """Concurrent clients against one server until ``stop()`` says so; every request sampled."""

    def __init__(
        self,
        name: str,
        base_url: str,
        workload: Workload,
        clients: int,
        stop: Callable[[float], bool],
        watch: Watch | None = None,
        k: int = 10,
    ) -> None:
        self.name, self.base_url, self.workload, self.clients = name, base_url, workload, clients
        self.stop, self.watch, self.k = stop, watch, k
        self.samples: list[Sample] = []
        self.t0 = 0.0
        self._read_ids = 0

    def _read_id(self) -> int:
        self._read_ids += 1
        return self._read_ids

    async def request(
        self, http: httpx.AsyncClient, endpoint: str, method: str, url: str, **kwargs: Any
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await http.request(method, url, **kwargs)
        except Exception as error:  # a refused connection, a timeout…: the finding itself
            self.samples.append(
                Sample(
                    self.name,
                    endpoint,
                    started - self.t0,
                    time.perf_counter() - started,
                    None,
                    f"{type(error).__name__}: {error}"[:300],
                )
            )
            return None
        elapsed = time.perf_counter() - started
        problem = None if response.is_success else f"HTTP {response.status_code}: {response.text[:300]}"
        self.samples.append(Sample(self.name, endpoint, started - self.t0, elapsed, response.status_code, problem))
        return response

    async def check_story(self, http: httpx.AsyncClient, story_id: str, issue_id: str) -> None:
        assert self.watch is not None
        response = await self.request(http, "story", "GET", f"/api/stories/{story_id}")
        if response is None:
            return
        read = self._read_id()
        self.watch.reads += 1
        if response.status_code == 200:
            body = response.json()
            self.watch.observe(read, "story", body["issue_id"], story_id, len(body["issue_stories"]) + 1)
        else:
            self.watch.observe(read, "story", issue_id, story_id, None, response.status_code)

    async def client(self, number: int, http: httpx.AsyncClient) -> None:
        rng = random.Random(SEED * 1000 + number)
        turn = number
        searches = self.workload.searches
        if self.watch is not None and self.workload.extra_searches:  # half of phase 2's searches aim at new issues
            searches = searches + self.workload.extra_searches[: len(searches)]
        while not self.stop(time.perf_counter() - self.t0):
            kind = MIX[turn % len(MIX)]
            turn += 1
            if kind == "search":
                response = await self.request(
                    http, "search", "GET", "/api/search", params={"q": rng.choice(searches), "k": self.k}
                )
                hits = response.json() if response is not None and response.is_success else []
                named = [(h["issue_id"], h["story_id"]) for h in hits]
            else:
                response = await self.request(
                    http, "ask", "POST", "/api/ask", json={"question": rng.choice(self.workload.questions)}
                )
                body = response.json() if response is not None and response.is_success else {}
                named = [(c["issue_id"], c["story_id"]) for c in body.get("sources", []) + body.get("citations", [])]
            if self.watch is None:
                continue
            fresh = [(i, s) for i, s in named if self.watch.new(i)]
            if fresh:
                read = self._read_id()
                self.watch.reads += 1
                for issue_id, story_id in fresh:
                    self.watch.observe(read, f"{kind}-hit", issue_id, story_id)
                if kind == "search":  # fetch the first such story at once: is its issue whole?
                    await self.check_story(http, fresh[0][1], fresh[0][0])

    @staticmethod
    def _ok(response: httpx.Response | None) -> bool:
        return response is not None and response.is_success

    async def watcher(self, http: httpx.AsyncClient) -> None:
        """Phase 2: list the issues every second; check the first story of each new one."""
        assert self.watch is not None
        while not self.stop(time.perf_counter() - self.t0):
            response = await self.request(http, "issues", "GET", "/api/issues")
            if self._ok(response):
                assert response is not None
                rows = [row for row in response.json() if self.watch.new(row["issue_id"])]
                if rows:
                    read = self._read_id()
                    self.watch.reads += 1
                    for row in rows:
                        self.watch.observe(read, "issues-row", row["issue_id"], None, row["stories"])
                for row in rows:
                    if row["issue_id"] not in self.watch.first_story_checked:
                        self.watch.first_story_checked.add(row["issue_id"])
                        await self.check_story(http, f"{row['issue_id']}/01", row["issue_id"])
            await asyncio.sleep(WATCH_EVERY_S)

    async def run(self, extra: Sequence[Any] = ()) -> dict[str, Any]:
        limits = httpx.Limits(max_connections=self.clients + 4, max_keepalive_connections=self.clients + 4)
        async with httpx.AsyncClient(
            base_url=self.base_url, timeout=REQUEST_TIMEOUT_S, limits=limits, headers=auth_headers()
        ) as http:
            self.t0 = time.perf_counter()
            tasks = [self.client(n, http) for n in range(self.clients)]
            if self.watch is not None:
                tasks.append(self.watcher(http))
            await asyncio.gather(*tasks, *extra)
            wall = time.perf_counter() - self.t0
        return self.summary(wall)

    def summary(self, wall: float) -> dict[str, Any]:
        endpoints = sorted(
            {s.endpoint for s in self.samples}, key=lambda e: ("search", "ask", "story", "issues").index(e)
        )
        mix = [s for s in self.samples if s.endpoint in ("search", "ask")]
        errors = Counter(s.error for s in self.samples if s.error)
        return {
            "clients": self.clients,
            "seconds": wall,
            "overall": latency_stats(self.samples, wall),
            "search+ask": latency_stats(mix, wall),
            "endpoints": {e: latency_stats([s for s in self.samples if s.endpoint == e], wall) for e in endpoints},
            "errors": sum(errors.values()),
            "error_kinds": dict(errors.most_common(10)),
        }


class Ingest:
    """Upload files to ``POST /api/issues``, ``batch`` per request, one request after another."""

    def __init__(self, base_url: str, files: Sequence[Path], batch: int) -> None:
        self.base_url, self.files, self.batch = base_url, list(files), max(1, batch)
        self.done = asyncio.Event()
        self.reports: list[dict[str, Any]] = []
        self.failures: list[str] = []
        self.started = self.finished = 0.0

    async def run(self) -> None:
        try:
            async with httpx.AsyncClient(base_url=self.base_url, timeout=None, headers=auth_headers()) as http:
                self.started = time.perf_counter()
                for start in range(0, len(self.files), self.batch):
                    group = self.files[start : start + self.batch]
                    parts = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in group]
                    try:
                        response = await http.post("/api/issues", files=parts)
                    except Exception as error:
                        self.failures.append(f"{group[0].name}…: {type(error).__name__}: {error}")
                        continue
                    if response.is_success:
                        self.reports.append(response.json())
                    else:
                        self.failures.append(f"{group[0].name}…: HTTP {response.status_code}: {response.text[:300]}")
                    log(f"  ingest: {min(start + self.batch, len(self.files))}/{len(self.files)} files uploaded")
        finally:
            self.finished = time.perf_counter()
            self.done.set()

    def summary(self) -> dict[str, Any]:
        total = lambda key: sum(r.get(key, 0) for r in self.reports)  # noqa: E731
        return {
            "files": len(self.files),
            "requests": -(-len(self.files) // self.batch),
            "batch": self.batch,
            "seconds": self.finished - self.started,
            "issues_added": total("issues_added"),
            "issues_updated": total("issues_updated"),
            "issues_unchanged": total("issues_unchanged"),
            "stories_added": total("stories_added"),
            "chunks_added": total("chunks_added"),
            "report_errors": [e for r in self.reports for e in r.get("errors", [])],
            "failed_requests": self.failures,
        }


def issue_ids(base_url: str) -> dict[str, int]:
    """Every indexed issue and its story count."""
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S, headers=auth_headers()) as http:
        response = http.get("/api/issues")
        response.raise_for_status()
        return {row["issue_id"]: row["stories"] for row in response.json()}


def final_story_sets(base_url: str, new_ids: Sequence[str]) -> dict[str, set[str]]:
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S, headers=auth_headers()) as http:
        sets: dict[str, set[str]] = {}
        for issue_id in new_ids:
            response = http.get(f"/api/stories/{issue_id}/01")
            body = response.json() if response.status_code == 200 else {"issue_stories": []}
            sets[issue_id] = {f"{issue_id}/01", *body["issue_stories"]} if response.status_code == 200 else set()
        return sets


def judge(watch: Watch, final_counts: dict[str, int], final_sets: dict[str, set[str]]) -> dict[str, Any]:
    """Every observation against the issues' final state (see the module's docstring)."""
    bad_reads: set[int] = set()
    problems: list[dict[str, Any]] = []
    for seen in watch.observations:
        issue_id, story_id, count = seen["issue_id"], seen["story_id"], seen["count"]
        final = final_counts.get(issue_id)
        stories = final_sets.get(issue_id, set())
        why = None
        if final is None:
            why = "issue not in the archive once the ingest is over"
        elif seen["status"] != 200:
            why = f"story read answered HTTP {seen['status']}"
        elif count is not None and count != final:
            why = f"{count} stories seen, {final} once ingested"
        elif story_id is not None and story_id not in stories:
            why = "story not among its issue's final stories"
        if why:
            bad_reads.add(seen["read"])
            problems.append({**seen, "why": why})
    return {
        "reads_seeing_ingesting_issues": watch.reads,
        "observations": len(watch.observations),
        "observations_by_kind": dict(Counter(o["kind"] for o in watch.observations)),
        "issues_observed": len({o["issue_id"] for o in watch.observations}),
        "reads_seeing_incomplete_issues": len(bad_reads),
        "problems": problems[:50],
    }


async def load_phase(
    base_url: str,
    workload: Workload,
    clients: int,
    seconds: float,
    name: str = "phase 1",
    ingest: Ingest | None = None,
    watch: Watch | None = None,
) -> dict[str, Any]:
    """One phase: the clients run ``seconds`` s, and with ``ingest`` until it is over too."""
    if ingest is None:
        phase = Phase(name, base_url, workload, clients, lambda t: t >= seconds, watch)
        return await phase.run()

    def stop(t: float) -> bool:  # after the ingest, reads go on for a moment: the last issues are read too
        over = ingest.done.is_set() and time.perf_counter() - ingest.finished >= AFTER_INGEST_S
        return (t >= seconds and over) or t >= PHASE2_CAP_S

    phase = Phase(name, base_url, workload, clients, stop, watch)
    summary = await phase.run(extra=[ingest.run()])
    summary["ingest"] = ingest.summary()
    summary["ingest_share_of_phase"] = summary["ingest"]["seconds"] / summary["seconds"] if summary["seconds"] else 0
    return summary


async def ingest_phase(
    base_url: str, workload: Workload, clients: int, seconds: float, files: Sequence[Path], batch: int
) -> dict[str, Any]:
    """Phase 2 in full: load + ingest, then every observation judged against the final state."""
    before = issue_ids(base_url)
    watch = Watch(set(before))
    summary = await load_phase(base_url, workload, clients, seconds, "phase 2", Ingest(base_url, files, batch), watch)
    after = issue_ids(base_url)
    new_ids = sorted(set(after) - set(before))
    final_counts = {i: after[i] for i in new_ids}
    summary["issues_before"], summary["issues_after"], summary["new_issues"] = len(before), len(after), len(new_ids)
    summary["consistency"] = judge(watch, final_counts, final_story_sets(base_url, new_ids))
    summary["failed_reads"] = summary["errors"]
    return summary
