"""What kind of answer a question asks for, in French and English, and the patterns of figures.

A question asks for an amount of money, a count, a percentage, a date, a duration, a person,
an organisation, a place, a product or name, a measured quantity, or it is open ("what
happened", "why", "how does it work"). A sentence can only answer a typed question if it holds
something of that type that the question does not already say: "How much does a Tora robot
cost to rent?" is answered by "Chaque robot est loué 2 900 euros par mois", not by "Nordlys a
livré cinq robots Tora" (``mentions.holds``). Patterns, no model: they read folded text (lower
case, no accents).
"""

from __future__ import annotations

import re
from enum import StrEnum

from assistant.answering.answer_nouns import (
    ASKED_UNITS,
    MEASURE_WORDS,
    MONEY_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PRODUCT_NOUNS,
    QUANTITY_NOUNS,
    TIME_UNITS,
)
from index.text.dates import MONTHS, fold_apostrophes


class AnswerType(StrEnum):
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    DATE = "date"
    DURATION = "duration"
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    PRODUCT = "product"
    QUANTITY = "quantity"
    OPEN = "open"


NUMERIC = frozenset({AnswerType.MONEY, AnswerType.COUNT, AnswerType.PERCENT, AnswerType.DURATION, AnswerType.QUANTITY})
NAMED = frozenset({AnswerType.PERSON, AnswerType.ORGANISATION, AnswerType.PLACE, AnswerType.PRODUCT})

# A quantity noun as a question's kind; a model's "weight values" or "weight decay" weigh nothing.
_QUANTITY_NOUN = rf"{QUANTITY_NOUNS}\b(?!\s+(?:values?|matri\w+|decay|sharing|files?))"
MONEY_WORDS = re.compile(rf"(?<![\w-]){MONEY_NOUNS}(?![\w-])")  # "auxiliary-loss-free" is no loss
# Words that end the noun phrase after "which": "which chromosome did researchers target" asks
# for a chromosome, not for researchers.
_VERBS = (
    r"did|does|do|is|are|was|were|has|have|had|will|would|can|could|should|may|might|est|sont|ont|a|va|vont"
    r"|peut|peuvent|sera|seront|doit|doivent|etait"
)
# A word between "which" and the kind it asks for: not a word in -s, a verb or a head noun
# ("what fate awaits frameworks" asks for a fate), as modifiers are singular ("which news outlet",
# "which robotics firm").
_MODIFIER = r"(?!(?!news\s|\S*ics\s)\S*[^siu's]s\s)\S+"
# "which … noun": the noun that says what is asked comes first; "which company's AI Scientist"
# asks for a company (a possessive ends the phrase that names the kind), and « quel domaine
# portera la plateforme » asks for a domain, not a platform (an article starts another phrase).
_WHICH = (
    r"\b(?:which|what(?:'s| is| was| are| were)?|quel|quelle|quels|quelles)\s+"
    rf"(?:(?!\S*'s\b)(?!(?:the|a|an|la|le|les|l'\S*|un|une|des|{_VERBS})\s){_MODIFIER}\s+){{0,3}}?"
)

_PLURAL = r"(?:s|es)?"  # "which executives", "which two states"
# "Which investment banks…", "Which Chinese carmaker overtook Tesla in sales": the kind named
# right after "which" says what is asked, whatever figures the rest of the question mentions.
# Only adjectives come between ("which two London universities"), not "of" ("what share of firms");
# French may put the verb first (« Quelle est l'entreprise qui… »).
WHICH_HEAD = (
    r"\b(?:(?:which|what|quel|quelle|quels|quelles)\s+"
    rf"(?:(?!(?:the|a|an|la|le|les|un|une|of|de|des|du|d'\S*|l'\S*|{_VERBS})\s)(?!\S*'s\b){_MODIFIER}\s+){{0,3}}?"
    # French puts the head noun first: only an adjective that precedes it comes between
    r"|(?:quel|quelle|quels|quelles)\s+(?:est|sont|etait|etaient)\s+(?:le\s+|la\s+|les\s+|l')"
    r"(?:(?:nouvel(?:le)?s?|nouveaux?|principale?s?|principaux|premiere?s?|seule?s?|grande?s?|autres?)\s+)?)"
)
_NAMED_KINDS = [
    (AnswerType.PLACE, re.compile(rf"{WHICH_HEAD}{PLACE_NOUNS}{_PLURAL}\b")),
    (AnswerType.PERSON, re.compile(rf"{WHICH_HEAD}{PERSON_NOUNS}{_PLURAL}\b")),
    (AnswerType.ORGANISATION, re.compile(rf"{WHICH_HEAD}{ORG_NOUNS}{_PLURAL}\b")),
]
# A question that opens on "Which <kind>" asks for that kind, whatever it says next: "Which
# warranty law could makers breach by not saying how long…" asks for a law, not a duration. Not
# when the kind qualifies a figure: "what release date", "which model size".
_FIGURE_AFTER = (
    rf"(?!\s+(?:{QUANTITY_NOUNS}|{MONEY_NOUNS}|dates?|years?|days?|months?|time|numbers?|counts?|shares?)\b)"
)
# "On which benchmarks…", « Pour quel moteur de base de données… »: the kind still opens it, right
# after "which" (« à quelle date Roi… » asks a date, not a king).
_OPENING_PREPOSITION = (
    r"(?:in|on|for|from|at|by|with|to|into|under|through|pour|sur|dans|avec|par|chez|de|a|en|vers|selon)"
    r" (?:which|what|quel|quelle|quels|quelles)\s+"
)
_OPENING_KINDS = [
    (
        kind,
        re.compile(rf"^\s*(?:and |et |so )?(?:{WHICH_HEAD}|{_OPENING_PREPOSITION}){nouns}{_PLURAL}\b{_FIGURE_AFTER}"),
    )
    for kind, nouns in (
        (AnswerType.PLACE, PLACE_NOUNS),
        (AnswerType.PERSON, PERSON_NOUNS),
        (AnswerType.ORGANISATION, ORG_NOUNS),
        (AnswerType.PRODUCT, PRODUCT_NOUNS),
    )
]
# The words that ask for a name, and for a person's name ("the name of its CEO"): anywhere in a
# question below; first in it, they win over the figure words that follow ("What is the name
# of the App Store interface that widens in-app sales?" asks for a name, not a sum).
_NAME_ASKED = (
    r"what(?:'s| is| was| are| were)? (?:the |its |their )?names?\b|comment s'appelle(?:nt)?\b"
    r"|comment (?:se nomme|est nomme)\b|quel (?:est |etait )?(?:le )?nom\b"
)
_PERSON_NAME_ASKED = rf"names? (?:of )?(?:the |its |their )?(?:\S+ ){{0,3}}?{PERSON_NOUNS}\b"
_OPENING_KINDS += [
    (AnswerType.PERSON, re.compile(rf"^\s*(?:and )?what(?:'s| is| was) the {_PERSON_NAME_ASKED}")),
    (AnswerType.PRODUCT, re.compile(rf"^\s*(?:and |et )?(?:{_NAME_ASKED})")),
]

# (type, pattern) in order: the first that matches wins. Duration and date before the others
# ("how many years", "what year"), percent and quantity before money and count ("what share",
# "how much memory", "how many parameters"), the named kinds by the noun the question uses.
_QUESTION_PATTERNS: list[tuple[AnswerType, re.Pattern[str]]] = [
    (
        AnswerType.DURATION,
        re.compile(
            rf"\bhow long\b|\bhow old\b|\bhow much (?:(?!of\b)\S+ ){{0,3}}?time\b|\bhow soon\b"
            rf"|\bfor how many {TIME_UNITS}\b"
            rf"|\bhow many {TIME_UNITS}\b"
            rf"|\bduration\b|\bcombien de temps\b|\bpendant combien\b|\bcombien (?:de |d')(?:{TIME_UNITS})\b"
            rf"|\bduree\b|\bdepuis combien\b|\bau bout de combien\b"
            rf"|\bwhat (?:period|length of time|time ?(?:frame|span))\b"
            rf"|\bquelle periode\b|\b(?:median|average|mean|typical|moyen|median) (?:time|temps|delai)\b"
            rf"|\b(?:temps|delai) (?:moyen|median|necessaire)\b|\bquel (?:est le )?(?:temps|delai)\b"
        ),
    ),
    (
        AnswerType.DATE,
        re.compile(
            # "When packing examples, which token…": a clause, not a date question
            r"^\s*(?:and |et |so |alors )?(?:when(?!\s+[a-z]+ing\b)|quand)\b"
            r"|\b(?:when|quand) (?:did|does|do|will|is|was|are|were|has"
            r"|had|a|est|sera|ont|doit|devrait|va|vont)\b|\b(?:what|which|in what|quelle|en quelle|a quelle|de quelle)"
            r" (?:exact |precise |exacte |precise )?(?:years?|dates?|days?|months?|time|decade|annees?|jours?|mois"
            r"|heure|decennie)\b"
            r"|\b(?:what|which|on what|on which|quelle|a quelle) (?:\S+ )?dates?\b"  # "what launch date"
            r"|\bquel (?:jour|mois|trimestre)\b|\b(?:which|what) quarter\b|\bsince when\b"
            r"|\bby when\b|\bdepuis quand\b|\bd'ici quand\b|\ba partir de quand\b|\bquelle echeance\b"
            r"|\b(?:what|which)(?:'s| is| was)? (?:the |its )?(?:\S+ )?(?:deadline|cut-?off)\b|\bdate limite\b"
            r"|\b(?:knowledge|training|data) cut-?off\b"
        ),
    ),
    *_NAMED_KINDS,
    (
        AnswerType.PERCENT,
        re.compile(
            r"\bpercent(?:age)?\b|\bpourcentage\b|\bhow much of\b|\bby how much\b|\bstake\b|\bmarket share\b"
            rf"|{_WHICH}(?<!per )(?<!par )(?:share|proportion|fraction|portion|stake|percentage)\b(?!\s+prices?\b)"
            r"|\b(?:what|which) rate\b"
            # "how far has its traffic slipped": a fall, not a distance
            r"|\bhow far (?:\S+ ){0,6}?(?:has|have|had|did) (?:\S+ ){0,6}?(?:slip|fall|fell|drop|declin|sink|sank|sunk"
            r"|rise|rose|risen|climb|grow|grew|jump)\w*\b"
            r"|\bquel (?:taux|pourcentage)\b|\bquelle (?:part|proportion|hausse|baisse|fraction|participation)\b"
            r"|\bhow much (?:\S+ ){0,4}(?:climb|rise|rose|grow|grew|increase|jump|fall|fell|drop|gain|decline|up"
            r"|down|improve|improved|boost|boosted|shrink|shrank|cut|reduce|reduced|speed up|sped up)"
            r"(?:s|es|ed|d|ing|ped|ping)?\b(?!-)|\bcombien de fois plus\b|\bde combien\b(?! de\b| d')|\bpart de\b"
            r"|\bhow many times (?:more|less|faster|slower|larger|bigger|smaller|cheaper|higher|lower)\b"
            r"|\b(?:by )?what factor\b|\bhow accurate\b|\bcombien de fois\b"
            # "what detection rate", "which accuracy": not a frame rate, a bit rate or an exchange rate
            rf"|{_WHICH}(?:accuracy|precision|exactitude|margins?|marges?|(?<!frame )(?<!refresh )(?<!bit )"
            r"(?<!exchange )(?<!sample )(?<!sampling )(?<!heart )rates?)\b"
        ),
    ),
    (  # « combien de revenus » asks a sum, not a count
        AnswerType.MONEY,
        re.compile(
            r"\b(?:price|cost|salary|pay) range\b|\bfourchette de prix\b|\bhow many (?:dollars|euros)\b"
            r"|\bcombien (?:de |d')(?:revenus?|chiffre d'affaires|benefices?|recettes|argent|dollars|euros)\b"
        ),
    ),
    (
        AnswerType.QUANTITY,
        re.compile(
            rf"\bhow (?:big|large|fast|heavy|tall|far|wide|high|small|powerful|efficient|long is|hot|cold|thick|thin"
            rf"|deep|loud|bright|dense"
            rf"|much {MEASURE_WORDS})\b|{_WHICH}{_QUANTITY_NOUN}|\bcombien (?:pese|mesure|consomme)"
            # "how much GPU VRAM", not "how much does the memory cost"
            rf"|\bhow much (?!(?:does|did|do|is|was|were|are|will|would|can|could)\b)\S+ {MEASURE_WORDS}\b"
            rf"|\b(?:how many|combien de|combien d') (?:{ASKED_UNITS}|parameters|parametres|watts|miles|square feet"
            rf"|flops|tons|tonnes|liters|litres|gallons|hectares|acres|grams|grammes)\b"
            rf"|\bcontext window\b|\bfenetre de contexte\b|\bhow much (?:\S+ ){{0,2}}{_QUANTITY_NOUN}"
            rf"|\bhow much (?:\S+ ){{0,5}}?(?:weigh|weighs|pese)\b"
            rf"|\bcombien (?:d'|de )(?:eau|energie|electricite|memoire|donnees|stockage|puissance|calcul)\b"
            rf"|\b(?:what|quel|quelle)(?:'s| is| was| est| etait)? (?:the |la |le |l')?"
            rf"(?:(?:smallest|largest|maximum|minimum|max|average|typical|total|peak|top|plus grande|plus petite"
            rf"|maximale|minimale|moyenne) )?{_QUANTITY_NOUN}"
            rf"|\b(?:in (?!to\b|go\b|mo\b)|en ){ASKED_UNITS}\b"  # "invest in to automate" asks for no unit
            rf"|\b(?:what|quel|quelle)(?:'s| is| est)? (?:the |le |la |l')?{ASKED_UNITS}\b"
            rf"|(?<!top )(?<!highest )(?<!best )(?<!meilleur )\b(?:score|scored|scores)\b"
        ),
    ),
    (
        AnswerType.MONEY,
        re.compile(
            r"\bhow much\b(?! of)|\bfor how much\b|\bcombien\b(?! de\b| d'| des\b)|\bcombien d'argent\b"
            r"|\bcombien (?:d'euros|de dollars)\b"
        ),
    ),
    (
        AnswerType.COUNT,
        re.compile(
            # "a specific number of objects", « un certain nombre de »: some, not how many
            r"\bhow many\b|(?<!\ba )(?<!specific )(?<!certain )\bnumber of\b"
            r"|\bcombien de\b|\bcombien d'|\bcombien des\b"
            r"|\bquel (?:est le )?nombre\b|(?<!certain )\bnombre de\b|\btally\b|\bdecompte\b"
        ),
    ),
    (AnswerType.MONEY, MONEY_WORDS),
    (  # "Where can developers buy agents?": a marketplace, a store, an app: a name, not a place
        AnswerType.PRODUCT,
        re.compile(
            r"\bwhere (?:can|could|do|does|should|will) (?:\S+ ){1,4}?(?:buy|find|download|get|access|discover|try"
            r"|sign up|watch|listen|install)\b|\bou (?:peut-on|trouver|acheter|telecharger)\b"
            # "Where is the leaderboard hosted?": a site, not a place
            r"|\bwhere (?:is|are|was|were|will) (?:\S+ ){1,6}?(?:be )?(?:hosted|available|published|posted|listed"
            r"|streamed|distributed|sold)\b"
        ),
    ),
    (
        AnswerType.PLACE,
        re.compile(
            rf"^\s*(?:and |et )?(?:where|ou)\b|\bwhere (?:is|are|was|were|will|did|does|do|has|have)\b"
            rf"|{_WHICH}{PLACE_NOUNS}{_PLURAL}\b|\bou (?:se|sont|est|sera|seront|a|ont|va|vont|doit)\b|\bd'ou\b"
        ),
    ),
    (
        AnswerType.PERSON,
        re.compile(
            rf"{_WHICH}{PERSON_NOUNS}{_PLURAL}\b"
            rf"|\b{_PERSON_NAME_ASKED}"
        ),
    ),
    (
        AnswerType.ORGANISATION,
        re.compile(
            rf"{_WHICH}{ORG_NOUNS}{_PLURAL}\b|\bwhose\b"  # "whose filings": a body's as often as a person's
            # a deal's party, most often a firm (a person, named, answers too: "who" lets one)
            rf"|\bwho (?:acquired|bought|invested|led|backed|funded|sued|owns|makes|built|ordered|orders|signed"
            rf"|won|supplies|supplied|manufactures|operates|acquires|buys|is buying|is acquiring)\b"
            rf"|\bqui (?:a (?:rachete|achete|investi|mene|finance|poursuivi|construit|commande|signe|remporte)"
            rf"|rachete|possede|fabrique|fournit|exploite)\b|\ba quel (?:parti|groupe)\b"
        ),
    ),
    (
        AnswerType.PERSON,
        re.compile(
            # "who" after a pause or a preposition asks; after a noun ("the author who…") it relates
            r"^\s*(?:and |et )?(?:who|qui)\b|(?:^|[,;:\u2014\u2013-]\s*|\b(?:and|but|so|then|exactly|that|to|by"
            r"|with|for|from|of|about)\s+)whom?\b|(?<!\bce )\bqui (?:est|a|dirige|sont|etait|sera|va|ont)\b"
        ),
    ),
    (
        AnswerType.PRODUCT,
        re.compile(rf"\b(?:{_NAME_ASKED})|\bcalled\b|\bnamed\b|{_WHICH}{PRODUCT_NOUNS}{_PLURAL}\b|\bbaptise"),
    ),
]


_OVERVIEW = re.compile(
    r"^\s*(?:and |et )?(?:what'?s new (?:with|about|at|from|on)|what (?:do we know|is known) about|tell me about"
    r"|any news (?:on|about)|what'?s the latest (?:on|about|with)|what happened (?:to|with|at)|news (?:on|about)"
    r"|que sait-on (?:de|des|du|d'|sur)|quoi de neuf (?:chez|pour|sur|avec|du|de|a)|quelles nouvelles (?:de|du|des|d')"
    r"|qu'est-il arrive a|que se passe-t-il (?:chez|avec|a)|parle-moi (?:de|du|des|d'))"
    r"|\b(?:fait|faisait) (?:l'actualite|parler)|\bmade (?:the )?(?:news|headlines)\b|\bin the news\b"
)


# "What did Kaskad announce (in June)?" names no one announcement: each story on Kaskad tells one
_ANNOUNCED = r"(?:announce|unveil|launch|release|reveal|introduce|present|ship)(?:e?d)?"
_ANNOUNCEMENTS = re.compile(
    rf"\s*(?:what (?:did|has|have|does|do) .{{1,60}}? {_ANNOUNCED}"
    r"|qu'(?:a|ont)(?:-t-(?:il|elle)s?)? (?:annonce|devoile|lance|presente|publie) .{1,60}?"
    r"|qu'est-ce qu(?:e |').{1,60}? (?:a|ont) (?:annonce|devoile|lance|presente|publie)e?s?)\s*\??\s*"
)


def is_overview(question: str) -> bool:
    """ "What's new with Halcyon?", « Que sait-on de Kaskad ? », "What did Kaskad announce?" (the
    period, a filter, taken out): the stories on a subject, not one fact."""
    folded = fold_apostrophes(question)
    return bool(_OVERVIEW.search(folded) or _ANNOUNCEMENTS.fullmatch(folded))


MAX_ASKING_WORDS = 4  # a longer match ("combien … coûte") spans words the question is about


def question_type(question: str) -> AnswerType:
    """The kind of answer ``question`` asks for (``OPEN`` when none is recognised)."""
    return ask(question)[0]


# Questions that ask for a term, a kind or an audience: described in words, not a figure or a
# name. "What term describes AI companies…" asks for a term, not a company.
_DESCRIBED = re.compile(
    r"\b(?:what|which|quel|quelle|quels|quelles)\s+(?:kinds?|types?|sorts?|genre|sortes?|categories?)\s+(?:of|de|d')"
    r"|\b(?:what|which|quel|quelle)\s+(?:other\s+|autre\s+)?(?:term|word|phrase|expression|concept|metaphor|approach"
    r"|technique|method|idea|strategy|lesson|role|field|domain|topic|terme|mot|approche|methode|idee|strategie"
    r"|lecon|domaine|sujet|metaphore|risk|reason|benefit|advantage|drawback|problem|challenge|goal|purpose"
    r"|effect|consequence|concern|criticism|risque|raison|avantage|inconvenient|probleme|defi|objectif|effet"
    r"|consequence|critique|inquietude)(?![\w-])"  # "which word-embedding model" asks for a model
    r"|\b(?:quel|quelle) (?:est|etait|serait) (?:le|la) (?:meilleur|meilleure|seul|seule|principal|principale)? ?"
    r"(?:moyen|facon|maniere|raison|risque|avantage|probleme|defi|objectif)\b"
    r"|\bwho (?:is|are|was|were) (?:the )?(?:intended |target |main )?(?:audience|users?|customers?|market)\b"
    r"|\b(?:a|pour) qui (?:s'adresse|est destine)"
    r"|\bque (?:signifie|veut dire)\b|\bstands? for\b"  # « Que signifie le sigle FiT ? »: words, not a name
    # "where does a founder's money come from": a source, not a place
    r"|\bwhere (?:does|do|did|will) (?:\S+ ){1,8}?come from\b|\bd'ou (?:vien(?:t|nent)|provien(?:t|nent))\b"
    # "How does the essay define sales?", "what happens to the upfront cost?": words, not a sum
    r"|\bhow (?:does|do|did) (?:\S+ ){1,6}?(?:define|describe|characteri[sz]e)\b|\bwhat (?:happens|happened) to\b"
    r"|^\s*(?:and |et )?(?:why|pourquoi)\b"  # a reason, whatever figure it is about ("turned down a stake")
    r"|\bwhere (?:does|do|did|would|will) (?:\S+ ){1,12}?(?:rank|stand|place|sit)s?\b"  # a rank: "3rd on MMMU"
)


def ask(question: str) -> tuple[AnswerType, set[str]]:
    """(the kind of answer asked for, the folded words that ask for it: "how much", "cost")."""
    folded = fold_apostrophes(question)
    folded = _CLAUSE.sub("", folded, count=1)  # "When vibe coding at a FAANG company, what document…"
    if _DESCRIBED.search(folded):
        return AnswerType.OPEN, set()
    for answer_type, pattern in [*_OPENING_KINDS, *_QUESTION_PATTERNS]:
        if match := pattern.search(folded):
            if pattern is MONEY_WORDS and _MANNER.match(folded):
                break  # "How does Apple intend to profit from AI?" asks how, not how much
            asking = set(re.findall(r"\w+", match.group(0)))
            if match.group(0) == "how much of" and MENTIONS[AnswerType.MONEY].search(folded):
                answer_type = AnswerType.MONEY  # "a $10 billion raise — how much of it was debt?"
            return answer_type, asking if len(asking) <= MAX_ASKING_WORDS else set()
    return AnswerType.OPEN, set()


_ASKING = r"(?:what|which|how|who|whom|where|why|when|quel|quelle|quels|quelles|combien|qui|ou|pourquoi|comment|quand)"
# A clause before the question proper: "When a user submits a question, into what units…?"
_CLAUSE = re.compile(
    r"^\s*(?:when(?!\s+(?:did|does|do|is|are|was|were|will|would|has|have|had|can|could|should)\b)"
    r"|quand(?!\s+(?:est|sont|a|ont|sera|seront|doit|va|vont)\b)|lorsqu'?e?|while|once|if|si"
    # "In Kilo Code's test of three budget models, which model…": a setting, not the question's kind
    r"|in|at|during|according to|per|after|before|under|amid|among|besides|apart from|aside from|beyond"
    r"|selon|d'apres|dans|lors d[eu]|pendant|apres|avant|parmi|outre|au cours d[eu])\b"
    rf"(?:(?!\b{_ASKING}\b)[^?,])*,\s*(?=(?:\S+\s+){{0,2}}{_ASKING}\b)"
)
_MANNER = re.compile(r"^\s*(?:and |et )?(?:how (?!much|many)|comment )")


# -- what a sentence holds ---------------------------------------------------------------------
NUMBER = r"\d+(?:[\s\u202f\u00a0.,]\d{3})*(?:[.,]\d+)?"
SCALE = r"(?:k|m|b|bn|mn|t|million|millions|billion|billions|trillion|thousand|milliards?|millions?|mds?|md|mille|mrd)"
_CURRENCY = (
    r"(?:dollars?|euros?|usd|eur|gbp|pounds?|sterling|livres?|yuan|rmb|yens?|francs?|rupees?|won"
    r"|roubles?|\$|€|£|¥)"
)
NUMBER_WORDS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|hundreds?|thousands?|millions?|billions?|dozens?|a dozen|deux|trois|quatre|cinq|six|sept"
    r"|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante"
    r"|cent|cents|centaines?|mille|milliers?|douzaines?|dizaines?)"
)
# The value of a number written in words: « trois mois », "one and a half".
_SPELLED = "un:1 une:1 deux:2 trois:3 quatre:4 cinq:5 six:6 sept:7 huit:8 neuf:9 dix:10 douze:12 one:1 two:2 three:3"
_SPELLED += " four:4 five:5 seven:7 eight:8 nine:9 ten:10 twelve:12"
NUMBER_VALUES = {word: int(value) for word, value in (pair.split(":") for pair in _SPELLED.split())}
WORDED_SUM = re.compile(rf"\b(?:(?:{NUMBER_WORDS}|{SCALE})\s+)+(?:d'|de |of )?{_CURRENCY}(?!\w)")
MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi"
    r"|samedi|dimanche)"
)

DECADE = r"(?<![\w$€£.,])(?:19|20)?\d0'?s\b|\bannees (?:19|20)?\d0\b"  # "the 90s", « les années 2010 »

MENTIONS: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.MONEY: re.compile(
        rf"[$€£¥]\s?{NUMBER}(?:\s?{SCALE}\b)?|{NUMBER}\s?(?:{SCALE}\.?\s?)?(?:d'|de )?{_CURRENCY}(?!\w)"
        rf"|\b(?:us|ca|au)\$"
        # "free", not "crease-free" or "cookie-free": a compound says what it lacks, not a price
        rf"|(?<!-)\bfree\b|\bgratuit|\bfree of charge\b|\bat no cost\b|\bsans frais\b"
    ),
    AnswerType.PERCENT: re.compile(
        rf"(?:{NUMBER}\s?|\b(?:{NUMBER_WORDS}|one|un|une)\s)(?:percent|per cent|pour cent|points? de pourcentage"
        rf"|percentage points?)\b|{NUMBER}\s?%"
        # "half", not "half a decade" or "half a million": a share, not a span or a count
        r"|\b(?:half(?! an? (?!percent|point)\w)|a third|two[- ]thirds|a quarter|three[- ]quarters|la moitie|un tiers"
        r"|deux tiers|un quart"
        r"|an? (?:estimated|\w+ly) (?:third|quarter) of"
        r"|trois quarts)\b"
        r"|\b(?:doubled|tripled|halved|double|triple|quadruple)\b|\b\d+(?:[.,]\d+)?x\b|\b\d+ (?:times|fois)\b"
        rf"|\b(?:\d+|{NUMBER_WORDS}|ten|hundred)-?fold\b|\d+(?:[.,]\d+)?\s?×"
        rf"|\b{NUMBER_WORDS} (?:times|fois)\b"
    ),
    AnswerType.DURATION: re.compile(
        rf"(?<!\w)(?:{NUMBER}|{NUMBER_WORDS}|a|an|one|un|une|several|plusieurs|quelques|a few|a couple of)[\s-]+"
        rf"(?:more |de plus |full |entire |whole |extra |additional )?"
        rf"{TIME_UNITS}\b|\b(?:a|une) (?:decade|decennie)\b|(?<![\w.,]){NUMBER}\s?ms\b"
        # "updated weekly", not "700 million weekly users"
        r"|\b(?:overnight|annual|yearly|monthly|weekly|daily)\b(?! (?:active )?(?:users?|visitors?|revenue|sales))"
    ),
    AnswerType.DATE: re.compile(
        rf"\b(?:19|20)\d{{2}}\b|\b(?:in|since|from|by|until|en|depuis|des|of) 1[5-8]\d{{2}}\b"  # "born in 1896"
        rf"|\b(?:{MONTH_NAMES})\b|\b{_WEEKDAYS}\b|{DECADE}|\b(?:yesterday|today|tomorrow|tonight"
        r"|hier|aujourd'hui|demain|this (?:week|month|year|spring|summer|fall|autumn|winter)|last (?:week|month|year)"
        r"|next (?:week|month|year)|earlier this|later this|cette (?:semaine|annee)|ce mois|l'an (?:dernier|prochain)"
        r"|la semaine (?:derniere|prochaine)|le mois (?:dernier|prochain)|l'annee (?:derniere|prochaine)"
        r"|(?:q[1-4]|h[12])\b|(?:first|second|third|fourth) quarter|(?:premier|deuxieme|second|troisieme|quatrieme)"
        r" trimestre|a la rentree|this fall|cet (?:ete|automne|hiver)|ce printemps)\b|\ben (?:19|20)\d{2}\b"
        # "May 9", « le 9 mai », and the ends and coming months a plan is dated by
        r"|\b(?:may \d{1,2}|\d{1,2}(?:er)? (?:mai|may)|(?:in|en|since|depuis|until|by|d'ici) (?:may|mai))\b(?![.,]\d)"
        r"|\byear'?s[- ]end\b|\b(?:the )?end of (?:the|this|next) (?:year|month|quarter|summer|decade)\b|\byear-end\b"
        r"|\bfin (?:de l'annee|d'annee|du mois|de l'ete)\b|\bin the coming (?:weeks|months|year)\b"
        r"|\bdans les (?:prochaines semaines|prochains mois)\b"
    ),
}
COUNTS = re.compile(rf"(?<![\w.,-]){NUMBER}(?![\w%-]|[.,]\d)|\b{NUMBER_WORDS}\b|\b\d+(?:[.,]\d+)?\s?{SCALE}\b")
