"""desk.ask with the default extractive answerer, on the sample archive."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import QA

from assistant import Answer
from assistant.answering.chain import Turn
from assistant.answering.evaluation import evaluate, load_qa

pytestmark = pytest.mark.integration

AS_OF = "2025-06-12"


def test_french_question_gets_a_cited_french_answer(sample_desk):
    answer = sample_desk.ask("Combien Helioscale investit-il près de Lyon ?", as_of=AS_OF)
    assert not answer.abstained and answer.language == "fr"
    assert "2,4 milliards d’euros" in answer.text and "[1]" in answer.text
    first = answer.citations[0]
    assert (first.story_id, first.newsletter, first.date) == ("le-filtre-2025-06-02/01", "Le Filtre", date(2025, 6, 2))
    assert "2,4 milliards" in first.quote and first.quote in sample_desk.story(first.story_id).body
    assert all(s.supported for s in answer.sentences)


def test_english_question_about_a_french_story(sample_desk):
    answer = sample_desk.ask("How much is Helioscale investing in its data centre near Lyon?", as_of=AS_OF)
    assert not answer.abstained and answer.language == "en"
    assert "2,4 milliards d’euros" in answer.text  # extractive: quoted in the story's language
    assert answer.citations[0].story_id == "le-filtre-2025-06-02/01"


def test_unanswerable_question_abstains_in_its_language(sample_desk):
    answer = sample_desk.ask("Quel club a remporté la Ligue des champions ?", as_of=AS_OF)
    assert answer.abstained and answer.citations == []
    assert answer.text.startswith("Je n’ai trouvé") and answer.sources  # the closest stories, for the UI
    english = sample_desk.ask("Which team won the NBA finals?", as_of=AS_OF)
    assert english.abstained and english.text.startswith("I found no story")


def test_a_date_without_an_issue_is_said_not_answered_from_other_dates(sample_desk):
    answer = sample_desk.ask("Qu’a publié Le Filtre le 1er janvier 2025 sur Kaskad ?", as_of=AS_OF)
    assert answer.abstained and "aucun numéro" in answer.text and "1er janvier 2025" in answer.text
    assert answer.sources == []


def test_a_period_the_archive_lacks_is_read_as_the_reader_meant_it(sample_desk):
    """ "en juin", asked a year after the archive's last June, is that June; "en décembre 2024",
    before the archive's first issue, dates a fact the stories that name 2024 can recount; a
    period no story tells of is said to have no issue."""
    june = sample_desk.ask(
        "Qu’a rapporté Le Filtre en juin sur la consommation électrique des centres de données ?", as_of="2026-07-01"
    )
    assert june.restriction == "juin 2025 · Le Filtre" and "11,2 térawattheures" in june.text
    recounted = sample_desk.ask(
        "Quelle part des dépenses en puces d’IA allait à l’inférence en décembre 2024, selon Arvalis Research ?",
        as_of=AS_OF,
    )
    assert not recounted.abstained and "40 %" in recounted.text and recounted.since is None
    untold = sample_desk.ask("Qu’a annoncé Kaskad en mars 2023 ?", as_of=AS_OF)
    assert untold.abstained and "aucun numéro" in untold.text and "mars 2023" in untold.text
    assert "; elle couvre 2–" in untold.text and untold.text.endswith(" juin 2025.")  # what it holds


def test_the_year_of_a_fact_reaches_the_later_story_that_recounts_it(tmp_path):
    """ "en 2024" dates Veltra's 2024 sales, which a 2025 issue recounts: the archive's 2024
    issues (one, on another subject) are not the only place to look. A story of another year
    that does not name 2024 is not taken for it."""
    import json

    from assistant import NewsAssistant

    def story(day: str, title: str, body: str) -> dict[str, str]:
        url = f"https://example.org/{day}/{title.split()[0].lower()}"
        return {"id": f"w-{day}-1", "title": title, "date": day, "url": url, "body": body, "newsletter": "Weekly"}

    rows = [
        story("2024-03-04", "Orbel opens a plant", "Orbel opened a battery plant in Lyon with 300 workers."),
        story("2025-02-10", "Veltra's year", "Veltra sold 41,000 heat pumps in 2024, twice as many as a year before."),
        story("2025-02-17", "Veltra hires", "Veltra sold 9,000 heat pumps in January and hired 80 engineers."),
    ]
    archive = tmp_path / "weekly.jsonl"
    archive.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([archive])
    for question in (
        "How many heat pumps did Veltra sell in 2024?",
        "Combien de pompes à chaleur Veltra a-t-il vendues en 2024 ?",
    ):
        answer = desk.ask(question, as_of="2025-03-01")
        assert "41,000 heat pumps" in answer.text and "9,000" not in answer.text, question
        assert answer.since is None  # not restricted to 2024's issues
    desk.close()


def test_relative_dates_filter_and_are_stated(sample_desk):
    answer = sample_desk.ask(
        "Qu’a rapporté Le Filtre hier sur la consommation électrique des centres de données ?", as_of="2025-06-04"
    )
    assert (answer.since, answer.until) == (date(2025, 6, 3), date(2025, 6, 3))
    assert answer.restriction == "3 juin 2025 · Le Filtre"
    assert "11,2 térawattheures" in answer.text
    assert {c.date for c in answer.citations} == {date(2025, 6, 3)}


def test_follow_up_uses_the_history(sample_desk):
    first = sample_desk.ask("Combien Helioscale investit-il dans son centre de calcul près de Lyon ?", as_of=AS_OF)
    history = [
        {"role": "user", "content": "Combien Helioscale investit-il dans son centre de calcul près de Lyon ?"},
        {"role": "assistant", "content": first.text},
    ]
    follow = sample_desk.ask("Et combien d’emplois directs ce projet doit-il créer ?", history=history, as_of=AS_OF)
    assert "Helioscale" in follow.question
    assert "350" in follow.text and not follow.abstained


def test_when_questions_list_stories_in_date_order(sample_desk):
    answer = sample_desk.ask("Quand Kaskad a-t-il fait l’actualité ?", as_of=AS_OF)
    dates = [c.date for c in sorted(answer.citations, key=lambda c: answer.text.index(f"[{c.n}]"))]
    assert len(dates) >= 2 and dates == sorted(dates)
    assert answer.text.startswith("Selon Le Filtre (") and answer.text.count("Selon ") == len(dates)


def test_stream_yields_text_then_the_answer(sample_desk):
    pieces = list(sample_desk.ask_stream("À quel prix la puce Q1 de Quartzia sera-t-elle vendue ?", as_of=AS_OF))
    assert isinstance(pieces[-1], Answer) and all(isinstance(p, str) for p in pieces[:-1])
    assert "".join(pieces[:-1]) == pieces[-1].text and "9 000 euros" in pieces[-1].text


def test_empty_question_is_refused(sample_desk):
    with pytest.raises(ValueError, match="empty"):
        sample_desk.ask("   ")


def test_the_qa_set_meets_its_measured_thresholds(sample_desk):
    # The bundled questions (17 of the 65 off-topic unanswerables) with the shipped reader, which
    # was fitted on the benchmarks' dev halves, not on these: a regression test, with the issue's bars.
    metrics = evaluate(sample_desk, load_qa(QA / "sample_qa.jsonl"))
    assert metrics["questions"] >= 40
    assert metrics["recall@5"] >= 0.95
    assert metrics["answered"] >= 0.9
    assert metrics["abstention"] >= 0.8
    assert metrics["citation_precision"] >= 0.9
    assert metrics["containment"] >= 0.8


def test_whats_new_favours_recent_stories(sample_desk):
    answer = sample_desk.ask("Quoi de neuf chez Kaskad ?", as_of=AS_OF)
    assert not answer.abstained
    newest = max(s.date for s in answer.sources if "Kaskad" in s.headline)
    assert answer.sources[0].date == newest  # the relevant stories come newest first


def test_the_longest_newsletter_name_in_a_question_is_the_filter(sample_desk, monkeypatch):
    monkeypatch.setattr(sample_desk.catalog, "newsletter_names", lambda: ["TLDR", "TLDR AI"])
    turn = sample_desk.chain().prepare(Turn("What did TLDR AI report about Anysphere's valuation?"))
    assert turn.newsletter == "TLDR AI"
    assert turn.search_text == "What did report about Anysphere's valuation?"


def test_a_follow_up_searches_with_the_names_the_previous_answer_led_with(sample_desk, monkeypatch):
    """ "What is Halcyon's new model?" → "… Lark-2 [1]": "what does it charge?" is about Lark-2.
    The names steer the search only: answer sentences are scored against the question."""
    history = [
        {"role": "user", "content": "What model did Halcyon launch?"},
        {"role": "assistant", "content": "Halcyon Labs launched Lark-2, a long-context model. [1]"},
    ]
    chain = sample_desk.chain()
    queries: list[str] = []
    monkeypatch.setattr(chain, "search", lambda query, **_: queries.append(query) or [])
    turn = chain.retrieve(chain.prepare(Turn("And what does it charge for input?", history=history)))
    assert queries == ["And what does it charge for input? (Halcyon) (Halcyon Labs, Lark-2)"]
    assert turn.search_text == "And what does it charge for input? (Halcyon)"


def test_a_today_out_of_range_is_refused_by_name(sample_desk):
    # Found by the API fuzzer: "last month" counted from 0001-01-01 overflowed into a 500.
    with pytest.raises(ValueError, match="as_of 0001-01-01 is out of range"):
        sample_desk.ask("What happened last month?", as_of="0001-01-01")
    assert sample_desk.ask("What happened last month?", as_of="1900-01-01").abstained  # the edge itself works
