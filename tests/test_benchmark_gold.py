"""How the benchmarks find the gold stories of a QA item in an archive."""

from __future__ import annotations

from benchmarks.common import canonical_url, gold_stories


def test_one_article_linked_by_two_newsletters_is_one_gold():
    stories = [
        ("tldr-ai-2025-06-02/03", "Meta's world model", None, "https://about.fb.com/news/v-jepa/?utm_source=tldrai"),
        ("tldr-2025-06-03/07", "Meta V-JEPA 2", None, "https://about.fb.com/news/v-jepa?utm_source=tldrnewsletter"),
        ("tldr-2025-06-04/01", "Meta ads", None, "https://about.fb.com/news/ads/?utm_source=tldrnewsletter"),
        ("tldr-2025-06-05/02", "re-run", "tldr-2025-06-03/07", "https://about.fb.com/news/v-jepa?utm_source=x"),
    ]
    gold = gold_stories([{"url": "https://about.fb.com/news/v-jepa/?utm_source=tldrai"}], stories)
    assert gold == {"tldr-ai-2025-06-02/03", "tldr-2025-06-03/07", "tldr-2025-06-05/02"}


def test_only_tracking_parameters_are_dropped():
    assert canonical_url("HTTPS://Example.com/a/?utm_medium=x&id=3#top") == "https://example.com/a?id=3"
    assert canonical_url("https://example.com/a?id=3") != canonical_url("https://example.com/a?id=4")


def test_scale_lists_the_questions_missed_on_the_large_archive_with_their_ranks():
    from benchmarks.quality import DEFAULT
    from benchmarks.scale import AS_ASKED, missed

    def method(ranks):
        return {"ranks": ranks}

    small = {DEFAULT: method({"en-01": 1, "en-03": 3, "en-08": 4})}
    large = {
        DEFAULT: method({"en-01": 1, "en-03": 6, "en-08": 4}),
        "dense only": method({"en-01": 2, "en-03": None, "en-08": 3}),
        "lexical only": method({"en-01": 1, "en-03": 5, "en-08": 9}),
        AS_ASKED: {"retrieval_missed": ["en-08"]},
    }
    table = missed({"small": small, "large": large})
    rows = [line for line in table.splitlines() if line.startswith("| en-")]
    assert [row.split(" | ")[0] for row in rows] == ["| en-03", "| en-08"]  # en-01 is found by both
    assert rows[0].endswith("| 3 | 6 | — | 5 | found |")  # missed by the default search only
    assert rows[1].endswith("| 4 | 4 | 3 | 9 | missed |")  # missed by the chain only


def test_scale_intervals_pair_each_question_with_itself():
    from benchmarks.scale import change_interval, found_at_5

    qids = ["q1", "q2", "q3", "q4"]
    search = {"ranks": {"q1": 1, "q2": 6, "q3": None, "q4": 5}}
    chain = {"retrieval_missed": ["q2", "q3"]}
    assert found_at_5(search, qids) == found_at_5(chain, qids) == [True, False, False, True]
    small, large = [True] * 40, [True] * 38 + [False] * 2
    low, high = change_interval(small, large)
    assert -0.15 < low < -0.02 and high == 0.0  # two losses, no gain: the change is never positive
    assert change_interval(large, large) == (0.0, 0.0)  # the same answers: no change, whatever the resample
