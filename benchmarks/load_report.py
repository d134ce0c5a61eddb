"""The load benchmark's report (``benchmarks/load.py`` measures): its targets, and the figures
of a run as the Markdown table written to ``results/load.md``."""

from __future__ import annotations

from typing import Any

from benchmarks.common import markdown_table

TARGET_P95_S = 1.0
TARGET_COLD_START_S = 10.0
TARGET_RSS_MB = 1.5 * 1024


def ms(seconds: float) -> str:
    return "–" if seconds != seconds else f"{1000 * seconds:.0f} ms"  # NaN → dash


def _mark(ok: bool | None) -> str:
    return "–" if ok is None else ("yes" if ok else "**no**")


def render(data: dict[str, Any]) -> str:
    cfg, cold, p1, p2 = data["config"], data["cold_start"], data["phase1"], data.get("phase2")
    home = data["home_stats"]
    rows: list[list[Any]] = [
        ["cold start: spawn → /api/health", f"{cold['health_s']:.1f} s", "–", "–"],
        [
            "cold start: spawn → first answer",
            f"{cold['first_answer_s']:.1f} s",
            f"≤ {TARGET_COLD_START_S:.0f} s",
            _mark(cold["first_answer_s"] <= TARGET_COLD_START_S),
        ],
        ["phase 1: requests/s", f"{p1['overall']['rps']:.1f}", "reported", "–"],
        ["phase 1: errors", f"{p1['errors']} of {p1['overall']['requests']}", "0", _mark(p1["errors"] == 0)],
        [
            "phase 1: p95 latency (search + ask)",
            ms(p1["overall"]["p95_s"]),
            "≤ 1 s",
            _mark(p1["overall"]["p95_s"] <= TARGET_P95_S),
        ],
    ]
    for endpoint, stats in p1["endpoints"].items():
        rows.append([f"phase 1: p95 {endpoint}", ms(stats["p95_s"]), "≤ 1 s", _mark(stats["p95_s"] <= TARGET_P95_S)])
    if p2 is not None:
        ing, con = p2["ingest"], p2["consistency"]
        expected = ing["files"]
        ingested_ok = ing["issues_added"] >= expected and not ing["failed_requests"] and not ing["report_errors"]
        rows += [
            [
                "phase 2: issues ingested during the load",
                f"{ing['issues_added']} of {expected} in {ing['seconds']:.0f} s",
                f"{expected}",
                _mark(ingested_ok),
            ],
            ["phase 2: requests/s", f"{p2['overall']['rps']:.1f}", "reported", "–"],
            [
                "phase 2: failed reads",
                f"{p2['failed_reads']} of {p2['overall']['requests']}",
                "0",
                _mark(p2["failed_reads"] == 0),
            ],
            ["phase 2: p95 latency (search + ask)", ms(p2["search+ask"]["p95_s"]), "reported", "–"],
            ["phase 2: reads that saw an ingesting issue", f"{con['reads_seeing_ingesting_issues']}", "reported", "–"],
            [
                "phase 2: reads that saw one incomplete",
                f"{con['reads_seeing_incomplete_issues']}",
                "0",
                _mark(con["reads_seeing_incomplete_issues"] == 0),
            ],
        ]
    rows += [
        [
            "server peak RSS (whole run)",
            f"{data['rss']['peak_mb']:.0f} MB",
            f"≤ {TARGET_RSS_MB:.0f} MB",
            _mark(data["rss"]["peak_mb"] <= TARGET_RSS_MB),
        ],
        [
            "server log: tracebacks",
            f"{data['server_log']['tracebacks']}",
            "0",
            _mark(data["server_log"]["tracebacks"] == 0),
        ],
    ]
    lines = [
        "# Server under load",
        "",
        f"`newsdesk serve` on 127.0.0.1 over a home of {home.get('issues')} issues, {home.get('stories')} stories, "
        f"{home.get('chunks', '?')} chunks ({', '.join(home.get('newsletters', []))}); {cfg['clients']} concurrent "
        f"clients without think time, search (k=10) : ask = 3 : 1, {cfg['seconds']:.0f} s per phase"
        + (
            f"; phase 2 uploads {cfg['ingest_files']} issues ({cfg['ingest_batch']} per request) through "
            "`POST /api/issues` and lasts until they are in"
            if p2
            else "; no phase 2 (nothing to ingest)"
        )
        + (
            f" ({cfg['ingest_files'] - cfg['ingest_new_to_home']} of them were in the home: their issues were "
            "removed from the served copy before the start)"
            if p2 and cfg["ingest_removed_first"]
            else ""
        )
        + f". Answerer: {data['answerer']}.",
        "",
        markdown_table(["figure", "measured", "target", "ok"], rows),
        "",
        "## Latency per endpoint",
        "",
    ]
    table: list[list[Any]] = []
    for label, phase in (("phase 1", p1), ("phase 2", p2)):
        if phase is None:
            continue
        for endpoint, s in [*phase["endpoints"].items(), ("all", phase["overall"])]:
            table.append(
                [
                    label,
                    endpoint,
                    s["requests"],
                    s["errors"],
                    f"{s['rps']:.2f}",
                    ms(s["p50_s"]),
                    ms(s["p95_s"]),
                    ms(s["max_s"]),
                ]
            )
    lines += [markdown_table(["phase", "endpoint", "requests", "errors", "req/s", "p50", "p95", "max"], table)]
    if p2:
        con = p2["consistency"]
        lines += [
            "",
            f"Phase 2: {p2['new_issues']} new issues; {con['observations']} observations of them by "
            f"{con['reads_seeing_ingesting_issues']} reads ({', '.join(f'{k}: {v}' for k, v in con['observations_by_kind'].items()) or 'none'}), "  # noqa: E501
            f"covering {con['issues_observed']} issues; {con['reads_seeing_incomplete_issues']} saw one incomplete. "
            "`story` reads check at once the issue of a story a search returned (and the first story of each "
            "issue when it first appears in the list), `issues` is the watcher's list every second; both are "
            "reads of phase 2 counted above. The load covered the whole ingest "
            f"({p2['ingest']['seconds']:.0f} s of {p2['seconds']:.0f} s).",
        ]
    if p1["error_kinds"] or (p2 and p2["error_kinds"]):
        kinds = {**p1["error_kinds"], **(p2["error_kinds"] if p2 else {})}
        lines += ["", "Errors: " + "; ".join(f"{n} × {k}" for k, n in kinds.items())]
    lines += ["", "Definitions and method: `benchmarks/load.py` (module docstring)."]
    return "\n".join(lines)


# -- main ------------------------------------------------------------------------------------
