"""Questions that ask why, and the sentences that give a reason.

"Why did Kaskad win the contract?" is about the contract, and every sentence of its story is
near it; the one that answers says what made it happen (« Kaskad l'a emporté notamment grâce à
son prix… »). A why-question asks for no figure or name, so no type sorts its candidates: the
words that give a cause or a purpose do.
"""

from __future__ import annotations

import re

from index.text.dates import fold_apostrophes

_WHY = re.compile(
    r"^\s*(?:and |et |so |alors )?(?:why|pourquoi|how come|for what reasons?|pour quelles? raisons?)\b"
    r"|\b(?:what|which) (?:is|was|are|were) (?:the )?(?:main )?(?:reasons?|motives?|motivations?) (?:for|behind|why)\b"
    r"|\bquelles? (?:est|etait|sont|etaient) (?:la|les) (?:principales? )?(?:raisons?|motifs?|motivations?)\b"
    r"|^\s*what (?:caused|causes|led to|leads to|drove|drives|prompted|triggered|explains)\b"
    r"|^\s*qu'est-ce qui (?:a |avait )?(?:provoque|cause|entraine|explique|motive|pousse)\b|\ba cause de quoi\b"
)
# A cause ("because of", « grâce à », « en raison de ») or a purpose ("in order to", « afin de »).
# "since" gives a reason only before a clause, not a date ("since 2020", "since March").
_REASON = re.compile(
    r"\b(?:because|due to|thanks to|owing to|as a result of|driven by|in order to|so that|so as to"
    r"|the reason|reasons? (?:for|why|is|was)|citing|given that|in a bid to|aims? to|aimed at|to avoid|to prevent"
    r"|grace a|, car|parce que|en raison de|du fait de|a cause de|afin de|afin que|pour eviter|puisque|faute de"
    r"|compte tenu de|etant donne|en effet|la raison|raisons? (?:de|pour)|motive par|pousse par"
    r"|s'explique|explained by|ce qui (?:evite|permet)|which (?:avoids|allows|lets|means)"
    r"|caused by|blamed? (?:on|for)|credits?|credited|attribut(?:es?|ed) (?:to|it)|result of|resulted from"
    r"|due? a|dus a|dues a|cause(?:e|s|es)? par|provoque(?:e|s|es)? par|attribue(?:e|s|es)? a|en cause)\b"
    r"|\bsince (?!(?:\d|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|last|the (?:start|beginning|launch|end)|then|its (?:launch|founding)))"
)


def asks_why(question: str) -> bool:
    """ "Why…", « Pourquoi… », "What was the reason for…": a reason is asked."""
    return bool(_WHY.search(fold_apostrophes(question)))


def gives_reason(sentence: str) -> bool:
    """Whether the sentence says what causes something or what it is for."""
    return bool(_REASON.search(fold_apostrophes(sentence)))
