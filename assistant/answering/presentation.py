"""How a verified answer reads: who said it and when, numbers the reader can see, and an honest
abstention that says what the archive does hold.

- Every run of sentences from one source opens with its attribution: « Selon Qant (12 juin
  2025) : … [1] », "According to TLDR AI (8 December 2025): … [1]"; a quote in another
  language than the question says so ("in French", « en anglais »). A run that opens on a word
  standing for something named before it ("It comes in four colours", « Elle s’ouvrira… »)
  names what that is too: the heading of the sub-section it falls under, else its headline.
- ``[n]`` is renumbered 1, 2, … in order of first citation: the numbers in the text are the
  ones in the list of sources beside it.
- A near-miss (the archive has the subject, not the fact) is answered with what it has:
  « J’ai trouvé 3 articles sur Rnj-1 (8 décembre 2025, …) ; aucun ne donne cette mesure. » (the
  stories retrieved, not every story of the archive on the subject: "found", not "holds")
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answering.answer import AnswerSentence, Citation, Source
from assistant.answering.answer_types import AnswerType
from assistant.answering.conversation import entities
from assistant.answering.dates import format_day
from assistant.answering.naming import names_share
from assistant.answering.reader import Question, frame
from index.text.analysis import words
from index.text.dates import fold, fold_apostrophes

LANGUAGE_NAMES = {"fr": {"fr": "français", "en": "anglais"}, "en": {"fr": "French", "en": "English"}}
MISSING = {  # (French verb, its object; English verb, its object): what no story does
    AnswerType.MONEY: ("donne", "ce montant", "give", "that amount"),
    AnswerType.COUNT: ("donne", "ce nombre", "give", "that number"),
    AnswerType.PERCENT: ("donne", "ce pourcentage", "give", "that percentage"),
    AnswerType.DATE: ("donne", "cette date", "give", "that date"),
    AnswerType.DURATION: ("donne", "cette durée", "give", "that duration"),
    AnswerType.PERSON: ("nomme", "cette personne", "name", "that person"),
    AnswerType.ORGANISATION: ("nomme", "cette organisation", "name", "that organisation"),
    AnswerType.PLACE: ("donne", "ce lieu", "give", "that place"),
    AnswerType.PRODUCT: ("donne", "ce nom", "give", "that name"),
    AnswerType.QUANTITY: ("donne", "cette mesure", "give", "that figure"),
    AnswerType.OPEN: ("répond", "à cette question", "answer", "this question"),
}
MAX_DATES = 3  # dates listed in a near-miss abstention before "…"
_TIME = (
    r"year|week|month|morning|afternoon|evening|night|time|quarter|weekend|summer|autumn|fall|winter|spring"
    r"|annee|an|semaine|mois|matin|soir|nuit|trimestre|week-end|ete|automne|hiver|printemps|jour|fois"
)
# A sentence that opens on a pronoun, a possessive, a demonstrative or "the company" stands for
# something a sentence before it named, usually what the headline names. "This year", « Ce
# mois-ci » and the like are times, not things named before.
_NOT_TIME = rf"(?![\w-])(?!\s+(?:{_TIME})\b)"
_PRONOUN = re.compile(
    r"(?:it|its|they|their|he|she|his|her|this|these|those|that|il|elle|ils|elles|son|sa|ses|leur|leurs"
    rf"|celui-ci|celle-ci|ceux-ci|celles-ci|ce|cet|cette|ces){_NOT_TIME}"
)
# … unless the phrase gives the name itself: "The startup Mistral", « La start-up française Helioscale ».
_DESCRIBED = re.compile(
    r"(?:the (?:company|startup|firm|model|tool|paper|study|project|app|system|team|report|article|post|lab|group)"
    r"|la (?:societe|start-up|startup|firme)|l'entreprise|le groupe)(?![\w-])"
)


def attribution(source: Source, language: str, title: str = "") -> str:
    """« Selon Qant (12 juin 2025) : », "According to Qant (12 June 2025, in French):"; with a
    ``title`` (what an anaphor stands for), that before the colon: "According to TLDR (5 March
    2025), “Apple unveils the iPad Air”:"."""
    when = format_day(source.date, language)
    if source.language != language and source.language in LANGUAGE_NAMES[language]:
        other = LANGUAGE_NAMES[language][source.language]
        when += f", en {other}" if language == "fr" else f", in {other}"
    if language == "fr":
        titled = f", « {title} »" if title else ""
        return f"Selon {source.newsletter} ({when}){titled} :"
    titled = f", “{title}”" if title else ""
    return f"According to {source.newsletter} ({when}){titled}:"


def opens_on_anaphor(sentence: str) -> bool:
    """Whether a sentence opens on a word standing for something named before it."""
    text = sentence.lstrip(" «“\"'(")
    folded = fold_apostrophes(text)
    if _PRONOUN.match(folded):
        return True
    described = _DESCRIBED.match(folded)
    if not described:
        return False
    after = text.split()[len(described.group(0).split()) :][:2]
    return not any(word[:1].isupper() for word in after)


def antecedent(source: Source, sentence: str) -> str:
    """What an anaphor opening ``sentence`` stands for: the heading of the sub-section it falls
    under (« À SURVEILLER : L’enquête publique. Elle s’ouvrira… »: the inquiry, not the
    headline's metropolis), else the story's headline."""
    for line in source.text.splitlines():
        heading, sentences = frame(line.strip())
        if sentence in sentences and " : " in heading:
            return heading.split(" : ", 1)[1].rstrip(" .")
    return source.headline


def attribute(sentences: list[AnswerSentence], sources: list[Source], language: str) -> list[AnswerSentence]:
    """Each run of sentences citing the same first source opens with that source's attribution,
    naming what the anaphor stands for when the run's first sentence opens on one."""
    by_n = {s.n: s for s in sources}
    led: list[AnswerSentence] = []
    previous: int | None = None
    for sentence in sentences:
        first = sentence.citations[0] if sentence.citations else None
        lead = ""
        if first is not None and first != previous:
            source = by_n[first]
            title = antecedent(source, sentence.text) if opens_on_anaphor(sentence.text) else ""
            lead = attribution(source, language, title)
        led.append(replace(sentence, lead=lead))
        previous = first if first is not None else previous
    return led


def renumber(
    sentences: list[AnswerSentence], citations: list[Citation], sources: list[Source]
) -> tuple[list[AnswerSentence], list[Citation], list[Source]]:
    """Citations numbered 1, 2, … in order of first use; the sources cited first, the others after."""
    order: dict[int, int] = {}
    for sentence in sentences:
        for n in sentence.citations:
            order.setdefault(n, len(order) + 1)
    for source in sources:
        order.setdefault(source.n, len(order) + 1)
    sentences = [replace(s, citations=[order[n] for n in s.citations]) for s in sentences]
    citations = sorted((replace(c, n=order[c.n]) for c in citations), key=lambda c: c.n)
    sources = sorted((replace(s, n=order[s.n]) for s in sources), key=lambda s: s.n)
    return sentences, citations, sources


def on_subject(asked: Question, sources: list[Source]) -> list[Source]:
    """The sources that name everything the question names: what the archive has on its subject."""
    if not asked.names:
        return []
    return [s for s in sources if names_share(asked, f"{s.headline}\n{s.text}") == 1.0]


_WORD = r"[\w-]+"  # an elided article is no part of a name: « l’UE » writes UE


def subject_label(asked: Question, stories: list[Source], language: str = "en") -> str:
    """The question's names as the stories write them, one name per thing named: « Sam Altman et
    Merge Labs », "Rnj-1", "Mistral Compute", "GPU Glossary" (a word no subject in particular
    names, such as "GPU", stays in the name it belongs to, a version does not: the stories on
    Pelican for "Pelican-4"; a story's capitalised spelling wins over the common word: not "one
    story on glossary")."""
    written: dict[str, str] = {}
    for story in stories:
        for w in re.findall(_WORD, f"{story.headline}\n{story.text}"):
            key = fold(w)
            if key not in written or (written[key].islower() and not w.islower()):
                written[key] = w
    groups: list[list[str]] = []
    whole: dict[int, str] = {}  # a name kept whole is written as one: "RT-X", not "rt x"
    for entity in entities(asked.text):
        named = [fold(w) for w in words(entity)]
        kept = [w for w in named if w in asked.names or w.isalpha()] if set(named) & set(asked.names) else []
        if kept and kept not in groups:
            if kept == named and len(named) > 1:
                whole[len(groups)] = _as_a_story_writes(entity, stories)
            groups.append(kept)
    groups += [[name] for name in asked.names if not any(name in group for group in groups)]
    asked_spelling = {fold(w): w for w in re.findall(_WORD, asked.text)}  # a name no story writes
    labels = [
        whole.get(i) or " ".join(written.get(name) or asked_spelling.get(name, name) for name in group)
        for i, group in enumerate(groups)
    ]
    last = " et " if language == "fr" else " and "
    return last.join(filter(None, [", ".join(labels[:-1]), labels[-1]])) if labels else ""


def _as_a_story_writes(name: str, stories: list[Source]) -> str:
    """``name`` as the first story that writes it (any case) spells it, else as asked."""
    for story in stories:
        found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", f"{story.headline}\n{story.text}", re.IGNORECASE)
        if found:
            return found.group(0)
    return name


def near_miss(asked: Question, sources: list[Source], language: str) -> tuple[str, list[str]] | None:
    """The abstention that says which stories it found on the subject, with their ids;
    None when no given story is on the subject."""
    stories = on_subject(asked, sources)
    if not stories:
        return None
    days = sorted({s.date for s in stories}, reverse=True)
    dates = ", ".join(format_day(d, language) for d in days[:MAX_DATES]) + (", …" if len(days) > MAX_DATES else "")
    subject = subject_label(asked, stories, language)
    verb_fr, object_fr, verb_en, object_en = MISSING[asked.answer_type]
    n = len(stories)
    if language == "fr":
        holds = "un article" if n == 1 else f"{n} articles"
        none = f"il ne {verb_fr} pas {object_fr}" if n == 1 else f"aucun ne {verb_fr} {object_fr}"
        text = f"J’ai trouvé {holds} sur {subject} ({dates}) ; {none}."
    else:
        holds = "one story" if n == 1 else f"{n} stories"
        none = f"it does not {verb_en} {object_en}" if n == 1 else f"none {verb_en}s {object_en}"
        text = f"I found {holds} on {subject} ({dates}); {none}."
    return text, [s.duplicate_of or s.story_id for s in stories]
