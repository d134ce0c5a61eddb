"""Why-questions and the sentences that give a reason, in French and English."""

from __future__ import annotations

import pytest

from assistant.answering.reasons import asks_why, gives_reason


@pytest.mark.parametrize(
    ("question", "why"),
    [
        ("Why did Kaskad win the contract?", True),
        ("Pourquoi Helioscale a-t-il choisi Saint-Fons ?", True),
        ("What was the main reason for the delay?", True),
        ("Quelle est la principale raison du retard ?", True),
        ("How come the launch slipped?", True),
        ("What caused the outage?", True),
        ("Qu’est-ce qui a provoqué la panne de Nimbus ?", True),
        ("How much did Kaskad raise?", False),
        ("What did Kaskad announce?", False),
    ],
)
def test_asks_why(question: str, why: bool) -> None:
    assert asks_why(question) is why


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Kaskad l’a emporté notamment grâce à son prix.", True),
        ("The launch slipped because the supplier was late.", True),
        ("Le choix de Saint-Fons s’explique par la proximité d’un poste électrique.", True),
        ("Orvane has grown since it moved to Lyon.", True),
        ("Le chantier a pris du retard, car le fournisseur a failli.", True),
        ("L’incident est dû à une mise à jour défectueuse.", True),
        ("The company credits a new inference kernel that doubled throughput.", True),
        ("The outage was caused by a faulty certificate update.", True),
        ("Orvane has grown since 2020.", False),
        ("Orvane has grown since March.", False),
        ("Orvane unveiled a self-driving car on Monday.", False),
        ("Le contrat, d’un montant de 14 millions d’euros, prévoit un hébergement en France.", False),
    ],
)
def test_gives_reason(sentence: str, reason: bool) -> None:
    assert gives_reason(sentence) is reason
