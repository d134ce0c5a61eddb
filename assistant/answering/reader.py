"""Which sentences of the retrieved stories answer the question: features and a calibrated score.

A question is read for what it asks (its answer type, see ``answer_types``) and what it is
about (its focus: the content words other than the ones that ask, weighted by their rarity
in the archive, and the names it gives). Every sentence of the retrieved stories is a
candidate, with its frame: the story's headline and the sub-section heading it falls under
("EN FILIGRANE : Un Coreweave européen."). Sub-section labels and headings are context,
never answers; captions are not in story bodies at all (the segmenters keep them apart). A
story written in another language than the question shares none of its words: it is matched
with the words' translations (``index/text/lexicon/fr_en.txt``).

Each candidate gets a handful of readable features, and how it stands among the other candidates
on three of them (is it the sentence nearest the question?); a logistic model turns them into
the probability that the sentence answers (``reader_model.py``). The model's weights and the
abstention threshold are fitted on the dev halves of the evaluation sets and on the blind sets
already read (``python -m benchmarks.newsroom fit``) and ship in ``reader_model.json``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.answering.answer import Source
from assistant.answering.answer_types import AnswerType, ask, is_overview
from assistant.answering.conversation import entities
from assistant.answering.mentions import MODEL_NUMBER, holds
from assistant.answering.naming import (
    GENERIC_NAMES,
    capitalised_names,
    cited_names,
    names_a_site,
    names_share,
    spelled_alike,
)
from assistant.answering.proper_names import COMPOUND, NOT_NAMES
from index.text.analysis import STOPWORDS, detect_language, query_terms, query_word_terms, words
from index.text.dates import fold, fold_apostrophes
from index.text.glossary import translations
from index.text.sentences import split_sentences

OWN_FEATURES = (  # a candidate's own
    "similarity",  # cosine of question and sentence (multilingual sentence model)
    "predicate_similarity",  # … of the question without its names: what it asks of its subject
    "focus_in_sentence",  # share of the focus (IDF-weighted) the sentence holds
    "focus_in_frame",  # … the sentence with the one before it, its headline and sub-section heading
    "focus_in_story",  # … anywhere in the story
    "predicate_in_sentence",  # share of the focus other than names: what is asked of the subject
    "rarest_in_frame",  # the question's rarest word (that the archive knows) is in the frame
    "rarest_in_story",  # … anywhere in the story
    "names_in_frame",  # share of the question's names in the frame
    "names_in_story",  # … anywhere in the story
    "crosslingual",  # the story is not in the question's language (words cannot match)
    "typed",  # the question asks for a type (a figure, a date, a name…)
    "holds_type",  # … and the sentence holds one the question does not already give
    "story_rank",  # 1 / the story's rank in retrieval
    "lead",  # the story's first sentence
)
# How a candidate stands among the question's other candidates on three of its own features.
# A near-miss's sentence holds the asked type, but the sentence nearest the question is another
# one: the one about the asked fact, which lacks the figure. An answering sentence is that one.
STANDING = ("similarity", "predicate_similarity", "focus_in_frame")
FEATURES = (
    *OWN_FEATURES,
    *(f"{name}_lead" for name in STANDING),  # its value minus the best other candidate's (negative when behind)
    *(f"best_{name}" for name in STANDING),  # no other candidate is ahead of it
)
_LABEL = re.compile(r"^([A-ZÀ-ÖØ-Þ0-9’'\- ]{3,40})\s?:\s+")  # "EN FILIGRANE : ", "À SURVEILLER : "
MAX_HEADING_WORDS = 12  # "Un Coreweave européen." after a label is a heading; a longer sentence is prose


Focus = tuple[tuple[frozenset[str], float], ...]  # words as (their index terms, their IDF)


@dataclass(frozen=True)
class Question:
    """What a question asks for and what it is about."""

    text: str
    answer_type: AnswerType
    focus: Focus  # each content word's index terms, with its IDF
    names: tuple[str, ...]  # folded words of the names it gives ("helioscale", "o3-pro")
    rarest: frozenset[str] = frozenset()  # index terms of its rarest word the archive holds
    predicate: Focus = ()  # the focus words that are not names
    language: str = "en"
    overview: bool = False  # "What's new with Halcyon?": the stories on the subject, not one fact
    specifiers: tuple[str, ...] = ()  # the versions, model numbers and quarters it gives ("sonnet 4.5", "q2")
    # Without its names and figures: "How many customer support jobs has eliminated thanks to
    # its agents?". A sentence on the subject shares the names whatever it says; this is
    # near a sentence only when it says what was asked.
    unnamed: str = ""
    # The names of the source it cites ("According to Tomasz Tunguz, …", "In Ethan Mollick's
    # guide…"): a summary of a post rarely names its author, so a story need not name them.
    cited: tuple[str, ...] = ()
    # The names it writes with a capital ("Context is Key"): a story names them only in
    # capitals too, not as the words "key" or "context".
    capitalised: frozenset[str] = frozenset()
    # The same question read for a story in the other language: its words with their
    # translations (``index/text/glossary.py``). None when it is that reading already.
    translated: Question | None = field(default=None, compare=False, repr=False)

    def for_story(self, language: str) -> Question:
        """The reading to match against a story in ``language``."""
        return self.translated if self.translated is not None and language != self.language else self

    @property
    def typed(self) -> bool:
        return self.answer_type is not AnswerType.OPEN

    @property
    def particular_names(self) -> tuple[str, ...]:
        """Its names but the ones that name no subject in particular (AI, French, US)."""
        return tuple(n for n in self.names if n not in GENERIC_NAMES)


@dataclass
class Candidate:
    """A sentence of a retrieved story, in its frame, with its features and score."""

    source: Source
    sentence: str
    heading: str  # the sub-section heading the sentence falls under, or ""
    position: int  # among the story's quotable sentences, from 0
    before: str = ""  # the sentence before it in the story ("It raised…" is about what that one names)
    holds: bool = True  # it holds what a typed question asks for (always, for an open question)
    on_subject: bool = True  # its story names the question's subject (see ``on_subject``)
    # Nearer the question than unrelated text (a positive cosine), or framed by the names it gives:
    # whatever else it shares with the question, a sentence that is neither answers nothing (« Who
    # won the French rugby cup? » is not answered by a sentence naming a CEO). A short sentence in
    # the other language can sit near zero from the question it answers: « Les premières livraisons
    # sont prévues en février 2026 », in a story on Quartzia, for "When will Quartzia deliver…?".
    related: bool = True
    vector: np.ndarray | None = None
    features: np.ndarray | None = None
    probability: float = 0.0


def read_question(text: str, document_frequency: Callable[[list[str]], dict[str, int]], documents: int) -> Question:
    """``text`` analysed: its answer type, its focus words weighted by IDF (the words that only
    ask, "how much", "coûte", left out), its names, its rarest word; and the same reading with
    its words' translations, for stories in the other language (``Question.for_story``)."""
    answer_type, asking = ask(text)
    groups = {
        w: frozenset(g) for w, g in query_word_terms(text).items() if w not in asking and fold(w) not in AUXILIARIES
    }
    translated = {w: g | translations(g) for w, g in groups.items()}
    # The rarity of a meaning, whichever language the archive writes it in.
    frequencies = document_frequency(sorted({t for g in translated.values() for t in g}))
    n = max(documents, 1)
    idf = {
        w: math.log((n + 1) / (max((frequencies.get(t, 0) for t in g), default=0) + 0.5)) for w, g in translated.items()
    }
    named = [COMPOUND.sub("", e) for e in entities(text)]  # "Nvidia-backed": Nvidia
    # a year or a sum ("2025", "$2B") is not a name: a story on another firm gives it too
    written = [fold(w) for e in named for w in words(e) if not (w.isdigit() and len(w) <= 4) and not _SUM.fullmatch(w)]
    names = tuple(dict.fromkeys(w for w in written if w not in STOPWORDS | NOT_NAMES))  # in the question's order
    known = [w for w in groups if any(frequencies.get(t) for t in groups[w])]
    rarest = max(known, key=idf.__getitem__) if known else None

    def reading(terms: dict[str, frozenset[str]]) -> tuple[Focus, frozenset[str], Focus]:
        """(focus, rarest, predicate) when the words match these terms."""
        focus = {w: (terms[w], idf[w]) for w in terms}
        predicate = tuple(v for w, v in focus.items() if w not in names)
        return tuple(focus.values()), terms[rarest] if rarest else frozenset(), predicate

    focus, rarest_terms, predicate = reading(groups)
    question = Question(
        text,
        answer_type,
        focus,
        names,
        rarest_terms,
        predicate,
        detect_language(text),
        is_overview(text),
        tuple(specifiers(text)),
        without_names(text),
        cited_names(text, names),
        capitalised_names(named, text, names),
    )
    focus, rarest_terms, predicate = reading(translated)
    return replace(question, translated=replace(question, focus=focus, rarest=rarest_terms, predicate=predicate))


# Modal and auxiliary verbs say nothing of what is asked. English stop words hold "can",
# "could", "will"; the French ones (« pourra-t-elle », « doit-il ») are rare words of an
# English archive and would weigh as much as the question's subject.
AUXILIARIES = frozenset(
    fold(w)
    for w in """peut peuvent pourra pourront pourrait pourraient pouvait pouvaient doit doivent devra devront
    devrait devraient devait devaient va vont ira iront irait allait sera seront serait seraient était étaient
    fera feront ferait font ont avait avaient aura auront aurait auraient soit soient may might must shall
    going""".split()
)


def without_names(text: str) -> str:
    """``text`` without the names and figures it gives (``conversation.entities``), but the
    ones that name a kind of thing, not a subject: GPUs, LLMs, AI."""
    for name in sorted(entities(text), key=len, reverse=True):
        if not _KIND.fullmatch(name) and fold(name) not in GENERIC_NAMES:
            text = text.replace(name, " ")
    return re.sub(r"\s+", " ", text).strip()


_KIND = re.compile(r"[A-Z]{2,5}s")  # GPUs, LLMs, APIs


# A version, a model number or a period that tells one subject from its neighbours: "Claude
# Sonnet 4.5" is not "Claude Sonnet 4", "GPT-5.1-Codex-Max" is not "GPT-5", Q2 is not Q3.
_QUARTERS = [
    (re.compile(rf"\b(?:{ordinal}) (?:quarter|trimestre)\b"), f"q{n}")
    for n, ordinal in enumerate(
        ("first|1st|premier", "second|2nd|deuxieme", "third|3rd|troisieme", "fourth|4th|quatrieme"), 1
    )
]
_SPECIFIER = re.compile(
    r"(?<![\w.])(?:[a-z]+[-.]?\d[\w.-]*|\d+(?:\.\d+)?[a-z]+\w*|(?:([a-z]{2,})\s+)?\d+\.\d+|q[1-4])(?!\w)"
)
_AMOUNT = re.compile(  # "$1M", "2.5 million", "12.5%": amounts, not model numbers
    r"[$€£¥]\s?\d[\d.,]*\s?\w*|\d[\d.,]*\s?(?:%|percent|pour cent|[mb]n\b|millions?|billions?|trillions?"
    r"|milliards?|euros?|dollars?|hours?|days?|weeks?|months?|years?|heures?|jours?|semaines?|mois|ans|times|fois"
    r"|x\b|[kmgt]b\b|[kmgt]o\b|ghz\b|kg\b|km\b)"
)
_SUM = re.compile(r"\d+(?:[.,]\d+)?(?:[kmbt]|bn|mn)", re.IGNORECASE)
# A variant is another product: the M5 Pro is not the M5, GPT-4o mini not GPT-4o.
_VARIANT = re.compile(r"\s*[\s-](pro|max|mini|ultra|plus|lite|nano|turbo|air|flash)\b")
_PLUS = re.compile(r"(?<![\w.])([a-z][\w-]*[a-z])\+(?![\w+])")  # "Alexa+", "Apple TV+", not C++
NEAR = 3  # words between a bare version and the name it numbers ("Claude Opus 4.5" numbers Claude)


def _specifier_text(text: str) -> str:
    # "GPT-3-style", "M4-powered": the version is GPT-3's, M4's
    folded = _AMOUNT.sub(" ", COMPOUND.sub("", fold_apostrophes(text)))
    for pattern, quarter in _QUARTERS:
        folded = pattern.sub(quarter, folded)
    return folded


def specifiers(text: str) -> list[str]:
    """The versions, model numbers and quarters ``text`` gives, folded: "Qwen2.5-VL" →
    ["qwen2.5-vl"], "the second quarter" → ["q2"]. A bare version keeps the name it numbers:
    "Claude Sonnet 4.5" → ["sonnet 4.5"], and a whole version its name: "Gemini 3" → ["gemini 3"];
    a variant is kept with its base: "M5 Pro" → ["m5~pro"], "Alexa+" → ["alexa+"]. Years are dates, and sums are
    amounts, not specifiers."""
    found = []
    folded = _specifier_text(text)
    for match in _SPECIFIER.finditer(folded):
        specifier = match.group(0).strip(".-")
        if match.group(1) in STOPWORDS:  # "in 4.5": the version alone
            specifier = specifier.split()[-1]
        if " " not in specifier and (variant := _VARIANT.match(folded, match.end())):
            specifier = f"{specifier}~{variant.group(1)}"  # "m5~pro": written "M5 Pro" or "M5-Pro"
        found.append(specifier)
    found += [f"{m.group(1)}+" for m in _PLUS.finditer(folded)]  # "Alexa+" is not Alexa
    for match in MODEL_NUMBER.finditer(text):  # "Gemini 3", "Llama 4": a name and its whole version
        if fold(match.group(1)) not in STOPWORDS:
            found.append(f"{fold(match.group(1))} {match.group(2)}")
    return list(dict.fromkeys(found))


def gives_specifiers(question: Question, text: str) -> bool:
    """Whether ``text`` gives every specifier of the question: "Qwen2.5-VL-72B" gives "qwen2.5-vl",
    "405 B" gives "405b", "Claude Opus 4.5" gives "claude 4.5"; "GPT-5" does not give
    "gpt-5.1-codex-max", nor "Claude Haiku 4.5" "sonnet 4.5"."""
    folded = _specifier_text(text)
    return all(_gives(specifier, folded) for specifier in question.specifiers)


def names_a_variant(question: Question, sentence: str) -> bool:
    """Whether ``sentence`` names a variant of what the question specifies, which the question
    does not: "Lark-2 Mini has a 128,000-token window" is not Lark-2's context window, nor
    "o4-mini-deep-research" o4-mini."""
    bare = [s for s in question.specifiers if "~" not in s and " " not in s]
    if not bare:  # most questions: nothing to fold for each candidate sentence
        return False
    folded = _specifier_text(sentence)
    return any(re.search(rf"(?<![\w.]){re.escape(s)}(?:{_VARIANT.pattern}|-[a-z]{{4,}})", folded) for s in bare)


def _gives(specifier: str, folded: str) -> bool:
    if specifier.endswith("+"):
        return bool(re.search(rf"(?<![\w.]){re.escape(specifier[:-1])}(?:\+|\s?plus\b)", folded))
    if "~" in specifier:
        base, variant = (re.escape(part) for part in specifier.split("~"))
        return bool(re.search(rf"(?<![\w.]){base}[\s-]?{variant}(?!\w)", folded))
    if " " in specifier:  # a name and its version, a few words apart in either order
        name, version = (re.escape(part) for part in specifier.split())
        gap = rf"\W+(?:\w+\W+){{0,{NEAR - 1}}}"
        return bool(re.search(rf"\b{name}{gap}{version}(?!\d)|(?<![\w.]){version}{gap}{name}\b", folded))
    if re.search(rf"(?<![\w.]){re.escape(specifier)}", folded):
        return True
    size = re.fullmatch(r"(\d+(?:\.\d+)?)[a-z]", specifier)  # "405b", "3d": the number alone will do
    return bool(size and re.search(rf"(?<![\w.]){re.escape(size.group(1))}(?!\d)", folded))


def on_subject(question: Question, source: Source) -> bool:
    """Whether ``source`` is about what the question asks about: it gives at least one of the
    question's names (if it gives any) and every version, model number, variant or quarter it
    gives. A near-miss is often a story on the neighbour: Haiku 4.5 for Sonnet 4.5, the M5 for
    the M5 Pro, Q3 for Q2. The story's link counts: "according to LessWrong" names the site a
    summary links to, and raphkoster.com the author of a post (``names_a_site``)."""
    story = f"{source.headline}\n{source.text}"
    particular = replace(question, names=question.particular_names)
    own = set(particular.names) - set(question.cited)  # when it names only its source, no name is required
    linked = replace(particular, capitalised=frozenset())  # a link is written in lower case
    named = not own or names_share(particular, story) > 0 or names_share(linked, source.url or "") > 0
    named = named or names_a_site(particular.names, source.url or "")
    if not named and source.language != question.language:  # « le Sénat » for "the Senate", « Mariannes »
        terms = set(query_terms(story))
        named = any(
            translations(frozenset(query_terms(n))) & terms or spelled_alike(n, story) for n in particular.names
        )
    return named and gives_specifiers(question, f"{story}\n{source.url or ''}")  # a16z.com gives "a16z"


def candidates(sources: list[Source], min_words: int = 4) -> list[Candidate]:
    """Every quotable sentence of ``sources``, with the sub-section heading it falls under and the
    sentence before it."""
    found: list[Candidate] = []
    for source in sources:
        position, before = 0, ""
        for line in source.text.splitlines():
            heading, sentences = frame(line.strip())
            for sentence in sentences:
                if len(sentence.split()) >= min_words:
                    found.append(Candidate(source, sentence, heading, position, before))
                    position += 1
                before = sentence
    return found


def frame(line: str) -> tuple[str, list[str]]:
    """(heading, sentences) of a body line: "LABEL : Heading. Prose…" gives the heading apart."""
    label = _LABEL.match(line)
    if not label:
        return "", split_sentences(line)
    sentences = split_sentences(line[label.end() :])
    if sentences and len(sentences[0].split()) <= MAX_HEADING_WORDS:
        return f"{label.group(1).strip()} : {sentences[0]}", sentences[1:]
    return label.group(1).strip(), sentences


def _coverage(focus: Focus, terms: set[str]) -> float:
    total = sum(w for _, w in focus)
    return sum(w for variants, w in focus if variants & terms) / total if total else 0.0


def features(question: Question, candidate: Candidate, similarity: float, predicate_similarity: float) -> np.ndarray:
    """The values of ``FEATURES`` for one candidate: ``similarity`` and ``predicate_similarity``
    are the sentence's cosines with the question and with the question ``unnamed``."""
    source = candidate.source
    question = question.for_story(source.language)
    frame = f"{source.headline}\n{candidate.heading}\n{candidate.before}\n{candidate.sentence}"
    story = f"{source.headline}\n{source.text}"
    sentence_terms = set(query_terms(candidate.sentence))
    frame_terms = sentence_terms | set(query_terms(frame))
    story_terms = set(query_terms(story))
    typed = question.typed
    # the newsletter that writes the story names no one it reports on ("… consulté par Le Filtre")
    unsigned = candidate.sentence.replace(source.newsletter, " ") if source.newsletter else candidate.sentence
    values = {
        "similarity": similarity,
        "predicate_similarity": predicate_similarity,
        "focus_in_sentence": _coverage(question.focus, sentence_terms),
        "focus_in_frame": _coverage(question.focus, frame_terms),
        "focus_in_story": _coverage(question.focus, story_terms),
        "predicate_in_sentence": _coverage(question.predicate, sentence_terms),
        "rarest_in_frame": float(bool(question.rarest & frame_terms)),
        "rarest_in_story": float(bool(question.rarest & story_terms)),
        "names_in_frame": names_share(question, frame),
        "names_in_story": names_share(question, story),
        "crosslingual": float(source.language != question.language),
        "typed": float(typed),
        "holds_type": float(typed and holds(unsigned, question.answer_type, question.text)),
        "story_rank": 1.0 / source.n,
        "lead": float(candidate.position == 0),
    }
    return np.array([values[name] for name in OWN_FEATURES], dtype=np.float32)


def with_standing(rows: np.ndarray) -> np.ndarray:
    """The ``OWN_FEATURES`` rows of one question's candidates, with how each stands among the
    others (``FEATURES``): a lone candidate leads by its own value."""
    values = rows[:, [OWN_FEATURES.index(name) for name in STANDING]]
    if len(rows) > 1:
        ordered = np.sort(values, axis=0)
        best, second = ordered[-1], ordered[-2]
        others = np.where(values == best, second, best)  # the best of the other candidates
    else:
        others = np.zeros_like(values)
    lead = values - others
    return np.hstack([rows, lead, (lead >= 0).astype(np.float32)]).astype(np.float32)
