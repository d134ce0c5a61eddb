from assistant.answering.answer_types import AnswerType
from assistant.answering.mentions import holds
from assistant.answering.tense import asks_past

AS_OF = "2025-06-12"


def test_a_question_in_the_past_tense():
    assert asks_past("When did Kaskad raise its series C?") and asks_past("In which year did Meta release Llama 2?")
    assert asks_past("Quand Kaskad a-t-il levé des fonds ?") and asks_past("Quand OpenAI a lancé o3-pro ?")
    assert asks_past("Quand a eu lieu la levée de Kaskad ?")
    assert not asks_past("When will Quartzia deliver its Q1 chip?")
    assert not asks_past("Quand la Q1 de Quartzia doit-elle être livrée ?")
    assert not asks_past("When were Palantir and Anduril expected to announce their consortium?")  # a plan


def test_when_something_happened_is_not_a_date_to_come_nor_today():
    asked = "When did Kaskad raise its series C?"
    planned = "Cet argent doit financer l’entraînement d’Orfeo 3, prévu pour le premier semestre 2026."
    assert not holds(planned, AnswerType.DATE, asked)
    assert holds(planned, AnswerType.DATE, "Quand Orfeo 3 doit-il être entraîné ?")  # asked ahead: it answers
    assert not holds("Vantablue proposera Sentinelle à partir de septembre.", AnswerType.DATE, asked)
    assert not holds("Kaskad compte aujourd’hui 130 salariés.", AnswerType.DATE, asked)  # how things stand
    assert holds("Kaskad a levé 120 millions d’euros hier.", AnswerType.DATE, asked)
    assert holds("It was released in July 2023 and will be replaced next year.", AnswerType.DATE, asked)
    # a French future of any verb (the browser found "When did Helioscale announce…?" answered by it)
    assert not holds("Elle s’ouvrira le 15 septembre et durera six semaines.", AnswerType.DATE, asked)
    assert holds("The camera went on sale on 3 May.", AnswerType.DATE, asked)  # "camera" is no future
    assert not holds("Kaskad va ouvrir un bureau en mars 2026.", AnswerType.DATE, asked)  # a near future
    assert not holds("It'll reach shops in March 2026.", AnswerType.DATE, asked)


def test_a_past_date_question_is_not_answered_with_a_plan(sample_desk):
    for question in ("When did Kaskad raise its series C?", "Quand Kaskad a-t-il levé des fonds ?"):
        answer = sample_desk.ask(question, as_of=AS_OF)
        assert "Orfeo 3" not in answer.text and "130 salariés" not in answer.text, question
        assert "9 June 2025" in answer.text or "9 juin 2025" in answer.text, question  # the story's day is named
