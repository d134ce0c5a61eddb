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
        ("How much did it cost to train Pelican-3?", "expense"),  # what making it cost, not its price
        ("Combien a coûté l'entraînement de Pelican-3 ?", "expense"),
        ("How much will it cost to build the plant?", "price"),
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


def test_what_training_cost_is_not_answered_by_the_price_of_use():
    # the browser check's question: "$3 per million input tokens" is what using Pelican-3 costs
    trained = "How much did it cost to train Pelican-3?"
    assert not holds("Pelican-3 costs $3 per million input tokens.", AnswerType.MONEY, trained)
    assert holds("Training Pelican-3 cost about $40 million.", AnswerType.MONEY, trained)
    french = "Combien a coûté l'entraînement d'Orfeo 2 ?"
    assert holds("Kaskad revendique un coût d'entraînement de 11 millions d'euros.", AnswerType.MONEY, french)


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


def test_a_rate_or_a_unit_is_said_per_that_unit_in_either_language():
    per_share = fold("At what price per share did Orvane staff sell stock?")
    assert not answers_the_sum(per_share, fold("Staff sold $10 billion of stock in a secondary share sale."))
    assert answers_the_sum(per_share, fold("Staff sold at $210 a share."))
    monthly = fold("How much will Orvane charge monthly for each address?")
    assert not answers_the_sum(monthly, fold("Orvane now charges $0.005 per address per hour."))
    assert answers_the_sum(monthly, fold("Orvane will charge about $4 per month for each address."))
    assert answers_the_sum(fold("What is the top hourly wage?"), fold("The job pays up to $48 per hour."))
    per_user = fold("Quelle amende par utilisateur la loi prévoit-elle ?")
    assert answers_the_sum(per_user, fold("Stores can be fined $5,000 per user."))
    yearly = fold("How much per year is the licensing deal worth?")
    assert answers_the_sum(yearly, fold("The deal is worth about $60 million annually."))
    tokens = fold("What does Orvane-2 cost per million input tokens?")
    assert answers_the_sum(tokens, fold("It costs $0.10/million input tokens."))
    works = fold("Combien coûte le barrage ?")
    assert answers_the_sum(works, fold("The $167 billion facility could triple the output."))
