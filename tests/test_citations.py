"""Citation parsing and verification on hand-written answers."""

from __future__ import annotations

from datetime import date

from assistant.answering.answer import Source
from assistant.answering.citations import names, numbers, parse_citations, render, verify_citations

MISTRAL = Source(
    1,
    "qant-2025-06-12/01",
    "qant-2025-06-12",
    "Qant",
    date(2025, 6, 12),
    "Nvidia veut faire de Mistral le Coreweave européen",
    None,
    "Ce partenariat vise à construire un cloud basé sur 18 000 puces intégrées Grace Blackwell de Nvidia. "
    "Baptisée Mistral Compute, cette AI Factory commune bénéficiera de 10 milliards d’euros d’investissement.",
    "",
)
SNAP = Source(
    2,
    "qant-2025-06-12/08",
    "qant-2025-06-12",
    "Qant",
    date(2025, 6, 12),
    "Snap accélère sur les lunettes",
    "https://example.com/snap",
    "Snap a annoncé la sortie en 2026 de Specs, ses premières lunettes de réalité augmentée grand public.",
    "",
)
REPRINT = Source(
    3,
    "qant-2025-06-13/04",
    "qant-2025-06-13",
    "Qant",
    date(2025, 6, 13),
    "Snap accélère sur les lunettes",
    None,
    SNAP.text,
    "",
    duplicate_of="qant-2025-06-12/08",
)
SOURCES = [MISTRAL, SNAP, REPRINT]


def test_markers_are_parsed_in_all_their_forms():
    parsed = parse_citations("Mistral lève 10 milliards [1]. Snap lance Specs en 2026. [2][3] Fin [1, 2].")
    assert [(p.text, p.cited) for p in parsed] == [
        ("Mistral lève 10 milliards.", [1]),
        ("Snap lance Specs en 2026.", [2, 3]),
        ("Fin.", [1, 2]),
    ]
    french = parse_citations("Une vingtaine d’entreprises dans le monde ; Nordlys livre. [1]")
    assert french[0].text == "Une vingtaine d’entreprises dans le monde ; Nordlys livre."  # the quote, as printed


def test_a_correct_citation_is_kept_with_its_supporting_quote():
    sentences, citations = verify_citations("Mistral Compute bénéficiera de 10 milliards d’euros [1].", SOURCES)
    assert sentences[0].supported and sentences[0].citations == [1]
    assert citations[0].story_id == "qant-2025-06-12/01"
    assert citations[0].quote.startswith("Baptisée Mistral Compute")


def test_a_citation_to_the_wrong_story_moves_to_the_right_one():
    sentences, citations = verify_citations("Mistral Compute bénéficiera de 10 milliards d’euros [2].", SOURCES)
    assert sentences[0].supported and sentences[0].citations == [1]  # attributed after the fact
    assert [c.story_id for c in citations] == ["qant-2025-06-12/01"]


def test_an_invented_source_is_removed():
    sentences, citations = verify_citations("Apple rachète Snap pour 3 milliards [7].", SOURCES)
    assert sentences[0].citations == [] and not sentences[0].supported and citations == []


def test_a_wrong_number_is_not_supported():
    sentences, _ = verify_citations("Mistral Compute bénéficiera de 20 milliards d’euros [1].", SOURCES)
    assert not sentences[0].supported


def test_a_name_absent_from_the_story_is_not_supported():
    sentences, _ = verify_citations(
        "Baptisée Mistral Compute, la AI Factory de Google bénéficiera de 10 milliards [1].", SOURCES
    )
    assert not sentences[0].supported


def test_a_citation_to_a_reprint_points_to_the_original():
    sentences, citations = verify_citations("Snap sortira ses premières lunettes Specs en 2026 [3].", SOURCES)
    assert sentences[0].supported
    assert citations[0].story_id == "qant-2025-06-12/08" and citations[0].issue_id == "qant-2025-06-12"


def test_only_verified_markers_are_rendered():
    sentences, _ = verify_citations(
        "Snap sortira ses lunettes Specs en 2026 [2][7]. Apple rachète Snap pour 3 milliards [2].", SOURCES
    )
    assert render(sentences) == (
        "Snap sortira ses lunettes Specs en 2026. [2] Apple rachète Snap pour 3 milliards. (unsourced)"
    )
    assert [s.supported for s in sentences] == [True, False]


def test_paraphrase_is_accepted_through_similarity():
    def similarity(claim, sentences):
        import numpy as np

        return np.array([0.9 if "Specs" in s else 0.1 for s in sentences])

    sentences, _ = verify_citations("The glasses ship to consumers in 2026 [2].", SOURCES, similarity)
    assert sentences[0].supported


def test_numbers_and_names_are_normalised():
    assert numbers("18 000 puces, 1,5 milliard, 18,000 chips") == {"18000", "15"}
    assert names("Selon Reuters, OpenAI utilisera Google Cloud.") == {
        "reuters",
        "openai",
        "utilisera",
        "google",
        "cloud",
    } - {"utilisera"}
