import numpy as np

from assistant.answering.counted import CountedKinds, asked_kind, counted_kinds

AS_OF = "2025-06-12"


def test_what_a_question_counts_and_what_a_sentences_counts_count():
    assert asked_kind("How many routed experts does each layer of DeepSeek v3 hold?") == ("routed", "experts")
    assert asked_kind("How many users had access to Alexa+?") == ("users",)  # up to the verb
    assert asked_kind("How many Nvidia Grace Blackwell chips will it run?") == ("grace", "blackwell", "chips")
    assert asked_kind("Combien de salariés compte Kaskad ?") == ("salaries",)
    # French: the kind, then its adjectives, which agree with it; the verb ends it
    assert asked_kind("Combien d'engagements figurent dans le code de bonnes pratiques ?") == ("engagements",)
    assert asked_kind("Combien de puces intégrées ont-ils livrées ?") == ("puces", "integrees")
    assert asked_kind("Combien d'applications Android de chat ont été testées ?") == ("applications", "android")
    assert asked_kind("How much does it cost?") == ()
    assert counted_kinds("The model was trained on 14.8 trillion tokens.") == ("tokens",)
    assert counted_kinds("Vendues à 2 millions d’exemplaires.") == ("exemplaires",)
    assert counted_kinds("It carries 12 government and commercial payloads.") == (
        "government",
        "commercial",
        "payloads",
    )
    assert counted_kinds("X's order of 12,000 H100s will go to Tesla.")[0] == "h100s"


MEANINGS = {"experts": 0, "expert": 0, "tokens": 1, "employees": 2, "staff": 2}


class _Words:
    """One axis per meaning: words of a meaning share a vector."""

    def embed(self, words: list[str]) -> np.ndarray:
        vectors = np.zeros((len(words), 4), dtype=np.float32)
        for row, word in enumerate(words):
            vectors[row, MEANINGS.get(word, 3)] = 1.0
        return vectors


def test_a_count_answers_only_when_it_counts_the_asked_kind():
    kinds = CountedKinds(lambda: _Words())  # type: ignore[arg-type, return-value]
    experts = "How many experts does DeepSeek v3 hold?"
    assert not kinds.counts_asked(experts, "The model was trained on 14.8 trillion tokens.")
    assert kinds.counts_asked(experts, "Each layer holds 256 routed experts.")
    assert kinds.counts_asked("How many employees does Valve have?", "Valve employed just 336 staff in 2021.")
    assert kinds.counts_asked(experts, "Google Willow is a new 105-qubit chip.")  # nothing after a count: can't tell
    pairs = "Combien de paires de lunettes Meta a-t-il vendues ?"
    assert kinds.counts_asked(pairs, "Elles se sont vendues à plus de 2 millions d’exemplaires.")
    assert kinds.counts_asked("How many employees does Bullish have?", "L’entreprise emploie plus de 275 personnes.")


def test_the_sentence_model_tells_a_count_of_something_else(sample_desk):
    kinds = CountedKinds(sample_desk.sentence_embedder)
    experts = "How many routed experts does each mixture-of-experts layer in DeepSeek v3 contain?"
    assert not kinds.counts_asked(experts, "The model was trained on 14.8 trillion tokens.")
    assert kinds.counts_asked("Combien de salariés compte Valve ?", "Valve employed just 336 staff in 2021.")
    assert kinds.counts_asked(
        "How many engineers and technicians does Siltane need?", "Siltane estime devoir recruter 420 ingénieurs."
    )


def test_the_headline_says_what_a_count_of_the_sentence_counts(sample_desk):
    # "installed robotic coffee arms in 300 of its 420 locations", under "Café Chain Brûlé Deploys 300 Robot Baristas"
    for question in (
        "How many robot baristas has Brûlé installed?",
        "Combien de robots baristas Brûlé a-t-il installés ?",
    ):
        answer = sample_desk.ask(question, as_of=AS_OF)
        assert "300 of its 420 locations" in answer.text, question
    assert counted_kinds("It has arms in 300 of its 420 locations.", "Brûlé Deploys 300 Robot Baristas") == (
        "locations",
        "robot",
        "baristas",
    )
