"""What a sum of money is for: a sentence answers a question about a price with a price."""

from __future__ import annotations

import pytest

from assistant.answering.answer_types import AnswerType
from assistant.answering.mentions import holds
from assistant.answering.sums import answers_the_sum, role
from index.text.dates import fold


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What will Orvane's glasses cost?", "price"),
        ("Combien coûte la location d'un robot Tora ?", "price"),
        ("How much profit did Quillon make last year?", "profit"),
        ("At what valuation did Kaskad raise money?", "valuation"),  # the first role named is asked
        ("How much did Kaskad raise at a $2B valuation?", "funding"),
        ("How large was the fine imposed on Orvane?", "fine"),
        ("Quel est le chiffre d'affaires de Siltane ?", "revenue"),
        ("Quelle fourchette de rémunération Orvane propose-t-il ?", "pay"),
        ("How much money is Orvane putting into AI?", None),  # no role said: any sum may answer
        ("How much did the deepfaked call cost Harrow Freight?", None),  # what it cost someone, not a price
        ("How much is Orvane losing monthly on its rent-paying card?", "profit"),  # a kind of card, not a rent
    ],
)
def test_the_role_a_question_asks(question, expected):
    assert role(fold(question)) == expected


def test_a_sum_answers_only_when_the_sentence_says_what_it_is_for():
    price = "What will Orvane's glasses cost when they go on sale?"
    assert not holds("Orvane finalized its $6.5 billion acquisition of Lumen.", AnswerType.MONEY, price)
    assert holds("The glasses will retail for $799.", AnswerType.MONEY, price)
    assert holds("Orvane's Tessel is a $299 desktop robot.", AnswerType.MONEY, "What price has Orvane set for Tessel?")
    assert not holds("Orvane signed a $5 billion partnership.", AnswerType.MONEY, price)
    profit = "How much profit did Quillon make last year?"
    assert not holds("It generated $400 million in sales last year.", AnswerType.MONEY, profit)
    assert holds("It made a $40 million profit last year.", AnswerType.MONEY, profit)
    rent = "Combien coûte la location d'un robot Tora ?"
    assert holds("Chaque robot est loué 2 900 euros par mois.", AnswerType.MONEY, rent)
    assert not holds("Nordlys a levé 85 millions d'euros.", AnswerType.MONEY, rent)


def test_a_sum_per_unit_is_counted_in_that_unit():
    asked = fold("What is the average price per mile of an Orvane taxi ride?")
    assert not answers_the_sum(asked, fold("The average price at peak hours is $11 more than Lyft."))
    assert answers_the_sum(asked, fold("Rides cost $2.10 per mile on average."))
    by = fold("Quelle amende risque une image créée par IA ?")  # « par » is "by" here: no unit
    assert answers_the_sum(by, fold("Les contrevenants s’exposent à une amende de 75 000 euros."))
    assert answers_the_sum(fold("Combien coûte l'abonnement par mois ?"), fold("Il coûte 20 euros par mois."))
    monthly = fold("How much does the plan cost per month?")
    assert answers_the_sum(monthly, fold("The plan costs $20 a month."))
    assert answers_the_sum(monthly, fold("Le forfait coûte 20 euros par mois."))
