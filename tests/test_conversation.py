"""Follow-ups made standalone without a model."""

from __future__ import annotations

from assistant.answering.conversation import answer_hints, answer_names, entities, is_follow_up, standalone_question


def test_a_follow_up_carries_the_previous_subject():
    history = [
        {"role": "user", "content": "Combien coûte Mistral Compute ?"},
        {"role": "assistant", "content": "10 milliards d’euros [1]."},
    ]
    question, previous = standalone_question("Et combien coûtera-t-elle ?", history)
    assert question == "Et combien coûtera-t-elle ? (Mistral Compute)"
    assert previous == "Combien coûte Mistral Compute ?"


def test_follow_ups_chain_across_turns():
    history = [
        {"role": "user", "content": "What did OpenAI launch with o3-pro?"},
        {"role": "user", "content": "And what about the price?"},
    ]
    question, _ = standalone_question("And is it faster?", history)
    assert "OpenAI" in question and "o3-pro" in question


def test_a_new_subject_is_not_a_follow_up():
    history = [{"role": "user", "content": "Combien coûte Mistral Compute ?"}]
    assert standalone_question("Que prépare Snap avec ses lunettes Specs ?", history)[0] == (
        "Que prépare Snap avec ses lunettes Specs ?"
    )
    assert not is_follow_up("Que prépare Snap avec ses lunettes Specs ?")
    assert is_follow_up("Et combien d’emplois ce projet va-t-il créer ?")


def test_a_pronoun_after_the_question_s_own_name_points_to_it_not_back():
    assert not is_follow_up("When will Quartzia deliver its Q1 chip?")
    assert not is_follow_up("Quand la Q1 de Quartzia doit-elle être livrée ?")  # French inversion
    assert not is_follow_up("Combien Helioscale investit-il près de Lyon ?")
    assert is_follow_up("How much did it raise?") and is_follow_up("Combien a-t-elle levé ?")
    # names nothing, but says in words what it is about: a question of its own
    assert not is_follow_up("Combien de foyers la chaleur du centre de calcul lyonnais pourra-t-elle chauffer ?")
    assert is_follow_up("What is the monthly rent for one of the humanoids?")  # says little: leans on the last
    assert is_follow_up("How much electrical power will the site draw at full load?")  # "the site": the last one's
    history = [{"role": "user", "content": "How much does Pelican-3 cost per million input tokens?"}]
    assert standalone_question("When will Quartzia deliver its Q1 chip?", history)[0] == (
        "When will Quartzia deliver its Q1 chip?"
    )


def test_entities_skip_question_words():
    assert entities("Combien Helioscale investit-il près de Lyon en 2025 ?") == ["Helioscale", "Lyon", "2025"]


def test_answer_names_are_the_names_of_its_first_sentence_not_its_figures():
    answer = "Adding to recent releases, Mistral has launched Magistral, 10x faster. [1] It trails OpenAI. [1]"
    assert answer_names(answer) == ["Mistral", "Magistral"]  # not "Adding" (opens the sentence), not "10x"
    assert answer_names("I found no story in the archive that answers this question.") == []
    assert answer_names("") == []


def test_answer_hints_skip_names_the_follow_up_already_carries():
    answer = "Mistral has launched an open reasoning model, Magistral. [1]"
    history = [
        {"role": "user", "content": "What is Mistral's first reasoning model?"},
        {"role": "assistant", "content": answer},
    ]
    standalone, _ = standalone_question("How much faster is it?", history)
    assert standalone == "How much faster is it? (Mistral)"
    assert answer_hints(standalone, history) == ["Magistral"]


def test_answer_hints_skip_names_that_bring_only_a_short_acronym():
    answer = "Mira Murati's AI startup, Thinking Machines Lab, raised $2B. [1]"
    history = [
        {"role": "user", "content": "How much did Mira Murati's Thinking Machines Lab raise?"},
        {"role": "assistant", "content": answer},
    ]
    standalone, _ = standalone_question("Which venture firm led that round?", history)
    assert answer_hints(standalone, history) == []  # "Mira Murati AI" and "AI": nothing the question lacks


def test_only_the_answer_just_given_gives_hints():
    history = [
        {"role": "user", "content": "What is Mistral's first reasoning model?"},
        {"role": "assistant", "content": "Mistral has launched an open reasoning model, Magistral. [1]"},
        {"role": "user", "content": "And what about OpenAI?"},
    ]
    assert answer_hints("And how fast is it? (OpenAI)", history) == []


def test_an_opening_preposition_is_not_a_name():
    assert entities("According to the study, when does the brain rest?") == []
    assert entities("Besides Android, which Orvane unit might be sold?") == ["Android", "Orvane"]
