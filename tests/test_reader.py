"""The extractive reader's rules that do not need a model: what tells a subject from its
neighbour, and that one fact is answered from one story."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from assistant.answering.answer import Source
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.naming import names_share
from assistant.answering.reader import (
    FEATURES,
    OWN_FEATURES,
    STANDING,
    Candidate,
    features,
    names_a_variant,
    on_subject,
    read_question,
    specifiers,
    with_standing,
    without_names,
)
from assistant.answering.reader_model import ReaderModel


def _source(n: int, headline: str, text: str, language: str = "en") -> Source:
    return Source(
        n,
        f"byte-brief-2025-06-0{n}/01",
        f"byte-brief-2025-06-0{n}",
        "Byte Brief",
        date(2025, 6, n),
        headline,
        None,
        text,
        text,
        language=language,
    )


def _question(text: str):
    return read_question(text, lambda terms: {t: 1 for t in terms}, 1000)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What does Claude Sonnet 4.5 cost per million input tokens?", ["sonnet 4.5"]),
        ("What is the smallest model in the Qwen2.5-VL family?", ["qwen2.5-vl"]),
        ("What was AMD's data center revenue in the second quarter of 2024?", ["q2"]),
        ("Quel chiffre d'affaires au deuxième trimestre ?", ["q2"]),
        ("How many GPUs trained Llama 3.1 405B?", ["llama 3.1", "405b"]),
        ("Which model ran 2.5 times faster for 4.5 hours?", []),  # a ratio and a duration
        ("How much does GPT-5.1-Codex-Max cost?", ["gpt-5.1-codex-max"]),
        ("Caleb Porzio earned over $1M via GitHub Sponsors: how many sponsors?", []),  # money, not a version
        ("How much did Nvidia earn in 2024?", []),  # a year dates, it does not specify
        ("How many GPU cores will the M5 Pro have?", ["m5~pro"]),  # a variant is another product
        ("What does Google's Gemini 3 Flash cost?", ["gemini 3"]),  # a whole version after a name
        ("How many of the 3 models won?", []),
        ("When will the first M4-powered Macs ship?", ["m4"]),  # M4's, as "M4 Macs" write it
        ("How far could a GPT-3-style moment take RL?", ["gpt-3"]),
    ],
)
def test_specifiers_are_versions_model_numbers_and_quarters(question, expected):
    assert specifiers(question) == expected


def test_a_story_on_the_neighbouring_version_is_not_on_the_subject():
    asked = _question("What does Pelican-4 cost per million input tokens?")
    pelican_3 = _source(2, "Pelican AI Halves Pelican-3 API Prices", "Pelican-3 costs $1.50 per million input tokens.")
    assert not on_subject(asked, pelican_3)
    assert on_subject(_question("What does Pelican-3 cost per million input tokens?"), pelican_3)
    quarter = _source(3, "AMD results", "AMD's datacenter revenue reached $3.5 billion in the third quarter.")
    assert not on_subject(_question("AMD's data center revenue in Q2?"), quarter)
    assert on_subject(_question("AMD's data center revenue in Q3?"), quarter)
    assert on_subject(
        _question("How many GPUs trained Llama 3.1 405B?"), _source(4, "Llama", "Llama 3.1 405 B used 16,000 GPUs.")
    )
    base = _source(5, "Orvane M5", "The M5 has 10 GPU cores.")
    assert not on_subject(_question("How many GPU cores will Orvane's M5 Pro have?"), base)
    assert on_subject(
        _question("How many GPU cores will the Orvane M5 Pro have?"), _source(6, "M5-Pro", "The M5-Pro ships.")
    )


def test_a_sentence_on_a_variant_is_not_on_the_subject():
    asked = _question("Quelle est la fenêtre de contexte de Lark-2 ?")
    mini = "A week after launching Lark-2, Halcyon released Lark-2 Mini, with a 128,000-token context window."
    assert names_a_variant(asked, mini)
    assert not names_a_variant(asked, "Lark-2 can read one million tokens in a single prompt.")
    assert not names_a_variant(_question("What is Lark-2 Mini's context window?"), mini)
    research = "lark-2-deep-research costs $2 per million input tokens."  # another product
    plus = _question("How many users had access to Orvane+ at launch?")
    assert not on_subject(plus, _source(5, "Orvane", "Orvane has 100 million users."))
    assert on_subject(plus, _source(6, "Orvane+ launches", "Orvane+ reached a million users."))
    assert on_subject(plus, _source(7, "Orvane Plus", "Orvane Plus reached a million users."))
    assert names_a_variant(_question("What does Lark-2 cost per million input tokens?"), research)


def test_a_sum_the_question_gives_does_not_name_its_subject():
    asked = _question("How much did Tenstorrent raise in the round that valued it at $2B?")
    assert asked.names == ("tenstorrent",)
    assert not on_subject(asked, _source(1, "Anthropic", "Anthropic was valued at $2B in 2021."))


def test_a_blog_named_for_its_author_names_the_author():
    asked = _question("How many aspects of game design does Ilona Varga review in her post?")
    post = _source(1, "Game design is simple", "It presents twelve aspects of game design.")
    assert not on_subject(asked, post)
    assert on_subject(asked, replace(post, url="https://www.ilonavarga.com/2025/11/game-design/?utm_source=x"))
    assert on_subject(asked, replace(post, url="https://blog.ilona-varga.net/game-design"))
    assert not on_subject(asked, replace(post, url="https://example.com/2025/game-design?ref=ilonavarga"))


def _candidate(source: Source, sentence: str, probability: float, direction: int, position: int = 0) -> Candidate:
    vector = np.zeros(4, dtype=np.float32)
    vector[direction] = 1.0
    return Candidate(source, sentence, "", position, vector=vector, probability=probability)


def test_one_fact_is_answered_from_one_passage_of_one_story():
    model = ReaderModel(tuple(0.0 for _ in FEATURES), 0.0, threshold=0.3, companion=0.2)
    answerer = ExtractiveAnswerer(lambda: None, model=model)  # type: ignore[arg-type, return-value]
    launch = _source(1, "Pelican-3 Takes the Top Spot", "Pelican-3 costs $3 per million input tokens.")
    cut = _source(2, "Pelican AI Halves Pelican-3 API Prices", "Pelican-3 costs $1.50 per million input tokens.")
    scored = [
        _candidate(launch, "Pelican-3 costs $3 per million input tokens.", 0.9, 0, position=1),
        _candidate(cut, "Pelican-3 now costs $1.50 per million input tokens.", 0.8, 1),  # another story: left out
        _candidate(launch, "Its maker raised $40 million last year.", 0.7, 3, position=5),  # not next to it: filler
        _candidate(launch, "Pelican-3 costs three dollars per million input tokens.", 0.26, 0, position=2),  # a repeat
        _candidate(launch, "Output tokens cost $12 per million.", 0.25, 2, position=0),  # the sentence before: kept
    ]
    picked = answerer.select(scored)
    # one passage, in the story's order: the sentence before comes first
    assert [(c.source.n, c.sentence) for c in picked] == [(1, scored[4].sentence), (1, scored[0].sentence)]
    assert answerer.select([_candidate(launch, "Pelican-3 is fast.", 0.29, 0)]) == []  # below the threshold
    unrelated = _candidate(launch, "Its chief executive, Ada Pell, praised the team.", 0.9, 0)
    unrelated.related = False  # no nearer the question than unrelated text: whatever its score
    assert answerer.select([unrelated]) == []


def test_a_second_sentence_far_less_likely_than_the_first_is_filler_unless_it_is_the_lead():
    model = ReaderModel(tuple(0.0 for _ in FEATURES), 0.0, threshold=0.3, companion=0.2)
    answerer = ExtractiveAnswerer(lambda: None, model=model)  # type: ignore[arg-type, return-value]
    story = _source(1, "Quartzia Presents Its Q1 Chip", "…")
    answer = _candidate(story, "First deliveries are planned for February 2026.", 0.9, 0, position=3)
    after = _candidate(story, "Inference will be 68% of AI chip spending in 2027.", 0.3, 1, position=4)
    assert answerer.select([answer, after]) == [answer]  # a third as likely: filler
    lead = _candidate(story, "Quartzia presented its Q1 inference chip.", 0.3, 1, position=0)
    second = _candidate(story, "Deliveries start in February 2026.", 0.9, 0, position=1)
    assert answerer.select([second, lead]) == [lead, second]  # the lead says what it is about


def test_an_open_question_is_answered_on_its_own_lower_threshold():
    model = ReaderModel(tuple(0.0 for _ in FEATURES), 0.0, threshold=0.3, companion=0.3, open_threshold=0.1)
    answerer = ExtractiveAnswerer(lambda: None, model=model)  # type: ignore[arg-type, return-value]
    story = _source(1, "Stirrup, an Agent Framework", "…")
    skills = _candidate(story, "Stirrup features a skills system that extends agent capabilities.", 0.2, 0)
    assert answerer.select([skills], typed=False) == [skills]  # "What does Stirrup offer…?"
    assert answerer.select([skills], typed=True) == []  # "How much…?": not enough to answer
    # the lead joins an open question's answer when it would answer on its own; another
    # sentence must reach the companion bar
    lead = _candidate(story, "Stirrup is a framework for building agents.", 0.15, 1, position=0)
    best = _candidate(story, "It features a skills system that extends agent capabilities.", 0.9, 0, position=1)
    after = _candidate(story, "It supports several model providers.", 0.15, 2, position=2)
    assert answerer.select([best, lead, after], typed=False) == [lead, best]
    assert answerer.select([best, lead, after], typed=True) == [best]
    model = ReaderModel.from_json(model.to_json())
    assert (model.threshold_for(typed=True), model.threshold_for(typed=False)) == (0.3, 0.1)
    assert replace(model, open_threshold=None).threshold_for(typed=False) == 0.3  # one threshold for all


def test_a_candidate_stands_by_its_lead_over_the_best_other_one():
    own = np.zeros((3, len(OWN_FEATURES)), dtype=np.float32)
    similarity = OWN_FEATURES.index("similarity")
    own[:, similarity] = [0.6, 0.4, 0.6]  # two nearest the question, tied
    own[:, OWN_FEATURES.index("focus_in_frame")] = [0.5, 0.9, 0.2]
    rows = with_standing(own)
    assert rows.shape == (3, len(FEATURES)) and (rows[:, : len(OWN_FEATURES)] == own).all()
    lead = rows[:, FEATURES.index("similarity_lead")]
    assert lead.tolist() == pytest.approx([0.0, -0.2, 0.0])  # a tie: neither is behind
    assert rows[:, FEATURES.index("best_similarity")].tolist() == [1.0, 0.0, 1.0]
    assert rows[:, FEATURES.index("focus_in_frame_lead")].tolist() == pytest.approx([-0.4, 0.4, -0.7])
    assert rows[:, FEATURES.index("best_focus_in_frame")].tolist() == [0.0, 1.0, 0.0]
    alone = with_standing(own[:1])  # a lone candidate leads by its own value
    assert alone[0, FEATURES.index("similarity_lead")] == pytest.approx(0.6)
    assert all(alone[0, FEATURES.index(f"best_{name}")] == 1.0 for name in STANDING)


def _value(question, source: Source, sentence: str, name: str) -> float:
    candidate = Candidate(source, sentence, "", 1)
    return float(features(question, candidate, 0.5, 0.5)[FEATURES.index(name)])


def test_a_question_matches_a_story_in_the_other_language_through_the_glossary():
    text = "Orvane trained Vela-2 on 4,096 rented GPUs. The company employs 90 people."
    english = _source(1, "Orvane trains Vela-2", text)
    asked = _question("Combien de processeurs graphiques Orvane a-t-il loués pour entraîner Vela-2 ?")
    answering = _value(asked, english, "Orvane trained Vela-2 on 4,096 rented GPUs.", "predicate_in_sentence")
    topical = _value(asked, english, "The company employs 90 people.", "predicate_in_sentence")
    assert answering > 0.5 and topical == 0.0
    sentence = "Orvane a entraîné Vela-2 sur 4 096 processeurs graphiques loués."
    french = _source(2, "Orvane", sentence, language="fr")
    asked = _question("How many GPUs did Orvane rent to train Vela-2?")
    assert _value(asked, french, sentence, "predicate_in_sentence") > 0.5
    same_language = _question("Combien de GPU Orvane a-t-il loués ?")  # a French story is read word for word
    assert same_language.for_story("fr") is same_language


def test_a_subject_is_named_in_either_language():
    ai = _source(1, "Senate", "The Senate passed an amendment on AI-generated images.")
    assert on_subject(_question("Quelle mention l'IA doit-elle porter ?"), ai)  # l'IA is AI
    senat = _source(2, "Publicité", "Le Sénat a adopté un amendement sur les images publicitaires.", language="fr")
    assert on_subject(_question("What did the Senate adopt on advertising images?"), senat)
    assert not on_subject(_question("What did the Bundestag adopt on advertising images?"), senat)
    trench = _source(5, "Deep life", "Researchers logged 6,000 new microbes in the Mariana Trench.")
    assert on_subject(_question("Combien de microbes a-t-on trouvés dans la fosse des Mariannes ?"), trench)
    assert not on_subject(_question("Combien de microbes a-t-on trouvés dans la fosse de Marianopolis ?"), trench)
    chips = _source(6, "Chips", "Micro chips from a Taiwanese foundry.")
    assert not on_subject(_question("Quelles puces Microsoft achète-t-il ?"), chips)  # "Micro" is not Microsoft
    same_language = _source(7, "Deep life", "Des chercheurs ont recensé 6 000 microbes dans la fosse de Mariana.", "fr")
    assert not on_subject(_question("Combien de microbes dans la fosse des Mariannes ?"), same_language)
    other_startup = _source(3, "A new lab", "A Paris-based AI startup founded by two researchers raised $20 million.")
    assert not on_subject(_question("Who founded Quartzia, the French AI chip startup?"), other_startup)
    assert not on_subject(_question("Who founded Quartzia, the Lille-based chip startup?"), other_startup)
    summary = _source(
        4, "Why labs will not align", "Labs might not prioritise alignment once their models match humans."
    )
    asked = _question("What do the LessWrong posters doubt labs will prioritise?")
    assert not on_subject(asked, summary)
    linked = replace(summary, url="https://www.lesswrong.com/posts/why-labs-will-not-align")
    assert on_subject(asked, linked)  # a summary names its source in its link


def test_an_opening_word_or_a_compass_point_names_no_subject_and_a_link_gives_a_version():
    traffic = _source(8, "Crawlers", "Some projects see as much as 97% of their traffic from AI bots.")
    assert on_subject(_question("Up to what share of some projects' traffic comes from AI crawlers?"), traffic)
    dialogue = _source(9, "Safety", "Scientists from both sides called for a Safety Assurance Framework.")
    assert on_subject(_question("What did Chinese and Western scientists propose?"), dialogue)
    anime = _source(10, "Anime is eating the world", "The market is estimated at more than $50 billion.")
    asked = _question("What is Orvane-a16z's estimate of the anime market?")
    assert not on_subject(asked, anime)
    assert on_subject(asked, replace(anime, url="https://orvane-a16z.com/anime-is-eating-the-world/"))


def test_a_people_is_no_subject_in_particular():
    americans = _question("What share of Americans with hypertension have it under control?")
    assert not americans.particular_names  # a people is no subject in particular, like "American"


def test_a_question_without_its_names_says_what_it_asks_of_its_subject():
    asked = _question("How many customer support jobs has Salesforce cut thanks to its AI agents?")
    assert asked.unnamed == "How many customer support jobs has cut thanks to its AI agents?"  # AI is a kind
    assert without_names("How many GPUs did Meta use to train Llama 3.1 405B?").startswith("How many GPUs did use")
    assert without_names("Quel régulateur enquête sur Sam Altman ?") == "Quel régulateur enquête sur ?"


def test_a_long_name_is_found_written_in_two_words():
    flash = _source(1, "Power attention", "Its kernels are 8.6x faster than Flash Attention at 64k context.")
    assert on_subject(_question("What speedup over FlashAttention do the kernels reach?"), flash)
    assert not on_subject(_question("What did OpenAI release?"), _source(2, "Planes", "An open air show."))


def test_the_author_a_question_cites_need_not_be_named_by_the_summary_of_the_post():
    budget = _source(1, "Budgeting for AI", "Startups should allocate 10-15% of their R&D budget to AI.")
    asked = _question("Selon Tomasz Tunguz, quelle part de leur budget de R&D les start-up consacrent-elles à l'IA ?")
    assert asked.cited == ("tomasz", "tunguz") and on_subject(asked, budget)
    guide = _question("In Ethan Mollick's guide to AI tools, which setting do subscribers keep?")
    assert guide.cited == ("ethan", "mollick")
    # a name the question is about, not its source, is still required
    assert not on_subject(_question("What share of its budget does Orvane spend on AI?"), budget)
    reuters = _question("How many GPUs did Orvane buy, according to Reuters?")
    assert reuters.cited == ("reuters",) and not on_subject(reuters, budget)
    # the forms a question cites a writing in: "X's lessons", "the X piece", « l'article de X », "does X suggest"
    assert _question("In Jim Grey's lessons from 35 years in software, what drives progression?").cited == (
        "jim",
        "grey",
    )
    assert _question("In the New York Times piece on conscious AI, which field grows?").cited == (
        "new",
        "york",
        "times",
    )
    bits = _question("D'après l'article de Bits about Money sur les portefeuilles, comment définit-on un wallet ?")
    assert {"bits", "money"} <= set(bits.cited)
    assert _question("What metaphor does Will Whitney suggest for an AI model?").cited == ("whitney",)
    assert on_subject(_question("What share of R&D does the LessWrong post say startups spend on AI?"), budget)


def test_names_read_as_written_in_a_story():
    moe = _source(1, "Auxiliary-loss-free load balancing for MoEs", "This paper improves expert balancing.")
    assert on_subject(_question("What does the auxiliary-loss-free MoE routing paper improve?"), moe)
    assert "whose" not in _question("Whose 2025 year-in-review named neural GPUs?").names
    assert _question("What can recruiters ask to see past AI-assisted answers?").names == ()


def test_a_name_written_with_a_capital_is_named_only_with_a_capital():
    asked = _question("Combien de tâches de prévision compte le benchmark Context is Key (CiK) ?")
    faces = _source(1, "A face benchmark", "It evaluates models across 14 tasks in 6 key categories.")
    assert not on_subject(asked, faces)  # "key" is a word, not the benchmark
    assert on_subject(asked, _source(2, "Context is Key", "The benchmark holds 71 forecasting tasks."))
    assert on_subject(_question("What did Meta release?"), _source(3, "META ships Llama", "META released it."))
    attention = _question("How much faster is FlashAttention-3?")
    assert names_share(attention, "Flash Attention 3 is 1.5x faster.") > 0  # a long name in two words
    californian = _question("Which California company engineered the protein?")
    assert names_share(californian, "Science Corp., a Californian company, created it.") == 1.0
    assert on_subject(_question("Quel prix pour l'IA de Mistral ?"), _source(4, "Mistral AI", "Its AI costs $5."))


def test_french_modal_verbs_are_not_what_a_question_is_about():
    asked = _question("Combien de foyers la chaleur du centre de calcul pourra-t-elle chauffer ?")
    focus = {t for terms, _ in asked.focus for t in terms}
    assert "pourr" not in focus and "pourra" not in focus and "chaleur" in focus
    assert not {t for terms, _ in _question("Quand la puce doit-elle être livrée ?").focus for t in terms} & {"doit"}
    us = _source(2, "Orvane", "Orvane uses 4,096 GPUs.")
    assert names_share(_question("How many GPUs does the US government rent?"), us.text) == 0.0  # "uses" is no US
