"""Pure functions: dates, sentences, analysis, chunking, dedup, ids."""

from __future__ import annotations

from datetime import date

import pytest

from index.ingest import dedup
from index.ingest.chunking import chunk_story
from index.model import Story, make_issue_id, slugify
from index.store.chroma import collection_name
from index.text.analysis import (
    affordable_terms,
    analyze,
    detect_language,
    fts_all_words,
    fts_query,
    number_phrases,
    query_terms,
)
from index.text.dates import date_from_path, find_date, fold_apostrophes, parse_iso_date
from index.text.sentences import split_sentences
from index.text.tokens import count_tokens, get_encoding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bienvenue dans Qant, jeudi 12 juin 2025.", date(2025, 6, 12)),
        ("le 1er février 2024", date(2024, 2, 1)),
        ("# TLDR AI 2025-06-12", date(2025, 6, 12)),
        ("Thu, June 5, 2025", date(2025, 6, 5)),
        ("5 Jun 2025 07:00", date(2025, 6, 5)),
        ("mercredi 31 décembre 2025", date(2025, 12, 31)),
        ("le 31 juin 2025", None),
        ("no date here 2025", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


def test_dates_from_paths_and_iso():
    assert date_from_path("archive/2025/06/12/issue.md") == date(2025, 6, 12)
    assert date_from_path("qant/2025-06-12.txt") == date(2025, 6, 12)
    assert parse_iso_date("2025-06-12") == date(2025, 6, 12)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_iso_date("12/06/2025")


def test_sentences_keep_numbers_and_abbreviations():
    text = "M. Dupont a levé 1,5 milliard. Le U.S. market grew 3.5% in 2024! Quoi ? Oui.\nNouvelle ligne"
    assert split_sentences(text) == [
        "M. Dupont a levé 1,5 milliard.",
        "Le U.S. market grew 3.5% in 2024!",
        "Quoi ?",
        "Oui.",
        "Nouvelle ligne",
    ]


def test_analysis_folds_accents_splits_elisions_and_stems():
    assert analyze("L’Europe réglemente les stablecoins d'aujourd’hui", "fr") == [
        "europ",
        "reglement",
        "stablecoin",
        "aujourd",
        "hui",
    ]
    assert analyze("The companies are regulating chips", "en") == ["compani", "regul", "chip"]
    assert detect_language("Le CEO de Nvidia a ouvert l'édition du salon") == "fr"
    assert detect_language("The company has announced a new model for the market") == "en"
    assert "regul" in query_terms("réglementation") or "reglement" in query_terms("réglementation")
    assert fts_query("le la les") is None
    assert fts_query("Mistral Compute") == '"mistral" OR "comput"'


def test_numbers_with_separators_are_searched_as_phrases():
    text = "Cursor 1.0, 1,5 milliard, 21,000,000 users, GPT-4.5. Cursor 1.0 again; 3 or 10, v2.0"
    assert number_phrases(text) == ["1 0", "1 5", "21 000 000", "4 5"]
    assert fts_query("Cursor 1.0") == '"cursor" OR "1" OR "0" OR "1 0"'
    assert fts_all_words("Cursor 1.0") == '("cursor") AND "1 0"'
    assert fts_all_words("2.5") == '"2 5"' and fts_all_words("le la") is None


def test_ids_are_derived_from_place():
    assert slugify("Le Filtre") == "le-filtre" and slugify("TLDR AI") == "tldr-ai"
    assert make_issue_id("Qant", date(2025, 6, 12)) == "qant-2025-06-12"
    assert make_issue_id("Qant", date(2025, 6, 12), 2) == "qant-2025-06-12-2"
    a = collection_name("all-MiniLM-L6-v2", "cl100k_base", 256, 32)
    assert a == "chunks-all-minilm-l6-v2-cl100k_base-256-32"
    assert a != collection_name("all-MiniLM-L6-v2", "cl100k_base", 512, 32)
    assert len(collection_name("/very/long/path/" + "x" * 300, "cl100k_base", 256, 32)) <= 63


def test_tiktoken_works_offline():
    assert count_tokens("Bonjour le monde") == 3
    assert get_encoding("o200k_base").encode_ordinary("hello") == [24912]


def _story(body: str, headline: str = "Le titre") -> Story:
    return Story("x-2025-01-01/01", "x-2025-01-01", 1, headline, body)


def test_short_story_is_one_chunk_starting_with_its_headline():
    chunks = chunk_story(_story("Une phrase. Une autre."))
    assert len(chunks) == 1
    assert chunks[0].text == "Le titre\nUne phrase. Une autre."
    assert chunks[0].chunk_id == "x-2025-01-01/01#0"


def test_long_story_chunks_are_bounded_sentence_aligned_and_overlap():
    sentences = [f"La phrase numéro {n} parle de puces et de nuages." for n in range(200)]
    chunks = chunk_story(_story(" ".join(sentences)), max_tokens=100, overlap_tokens=20)
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.n_tokens <= 100
        assert count_tokens(chunk.text) <= 100
        assert chunk.text.startswith("Le titre\nLa phrase numéro")
        assert chunk.text.endswith("nuages.")
    # the last sentence of a chunk opens the next one (overlap), and nothing is lost
    first_tail = chunks[0].text.rsplit(". ", 1)[-1]
    assert chunks[1].text.split("\n", 1)[1].startswith(first_tail.removesuffix(".")) or first_tail in chunks[1].text
    covered = " ".join(c.text for c in chunks)
    assert all(s in covered for s in sentences)


def test_a_giant_sentence_is_cut_by_tokens():
    chunks = chunk_story(_story("mot " * 2000), max_tokens=128, overlap_tokens=0)
    assert all(c.n_tokens <= 128 for c in chunks) and len(chunks) >= 15


def test_near_duplicates_share_a_band_and_pass_the_threshold():
    base = (
        "La start-up Brevia lève 12 millions d’euros pour son assistant juridique, "
        "déjà utilisé par 300 cabinets d’avocats en France et en Belgique."
    )
    rerun = base.replace("start-up", "jeune pousse")
    other = "Le constructeur Tora présente un robot humanoïde destiné aux entrepôts de Valmorin."
    a, b, c = dedup.shingles(base), dedup.shingles(rerun), dedup.shingles(other)
    assert dedup.jaccard(a, b) >= dedup.THRESHOLD
    assert set(dedup.bands(a)) & set(dedup.bands(b))
    assert dedup.jaccard(a, c) < 0.1
    assert dedup.bands(a) == dedup.bands(dedup.shingles(base))  # stable
    assert dedup.same_headline("Enfin réglementer les cryptos.", "enfin reglementer les cryptos")
    assert not dedup.same_headline("Bref", "Bref")  # too short to mean anything


def test_affordable_terms_keep_the_rarest_within_the_postings_budget() -> None:
    frequencies = {"openai": 900, "model": 5000, "sora": 12, "launch": 3000}
    terms = ["openai", "launch", "model", "sora", "unknown"]
    # rarest first: sora (12) + openai (900) = 912; launch would bring it to 3,912 > 1,000
    assert affordable_terms(terms, frequencies, budget=1000) == ["openai", "sora"]
    assert affordable_terms(terms, frequencies, budget=10_000) == ["openai", "launch", "model", "sora"]
    # at least two terms, even over budget; terms no chunk holds are dropped
    assert affordable_terms(["model", "launch"], frequencies, budget=10) == ["model", "launch"]
    assert affordable_terms(["unknown"], frequencies, budget=10) == []


def test_the_glossary_gives_a_words_terms_in_the_other_language():
    from index.text.glossary import translated_terms

    found = translated_terms("Combien de mémoire offre la puce ?")
    assert {"memory", "chip"} <= set(found)
    assert not {"puc", "memoir"} & set(found)  # the question's own terms are not repeated
    assert "puce" in translated_terms("How much memory does the chip hold?")


def test_an_acronym_matches_its_plural_and_its_singular():
    from index.text.analysis import acronym_forms, query_word_terms

    assert acronym_forms("Combien de GPUs et de LLM ?") == {"gpus": {"gpu", "gpus"}, "llm": {"llm", "llms"}}
    assert acronym_forms("IT spending, the US and gpus") == {"us": {"us", "uss"}}  # "its" is a stop word
    assert query_word_terms("Which GPU?")["gpu"] == {"gpu", "gpus"}


def test_a_french_question_is_glossed_word_by_word_in_english():
    from index.text.glossary import english_gloss

    # glossary words as their first English form, phrases before their words, stop words dropped,
    # names and figures as written (folded)
    assert english_gloss("Quel est le chiffre d’affaires de Mistral et sa part de marché ?") == (
        "revenue mistral market share"  # the typographic apostrophe as the plain one
    )
    assert english_gloss("Combien coûte la location d’un robot Tora en 2025 ?") == "cost rent robot tora 2025"


def test_folding_for_patterns_takes_the_typographic_apostrophe_as_the_plain_one():
    assert fold_apostrophes("Qu’est-ce qui a ralenti l’équipe ?") == "qu'est-ce qui a ralenti l'equipe ?"
