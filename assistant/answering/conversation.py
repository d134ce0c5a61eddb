"""Follow-up questions made standalone.

With an LLM, the conversation is condensed by the model (``prompts/condense.md``). Without
one, deterministically: a follow-up that has no subject of its own ("Et combien
coûtera-t-elle ?", "What about the price?") carries the names and numbers of the previous
question, and the previous question's date range when it states none. The names the previous
answer led with ("What is Mistral's first reasoning model?" → "… Magistral [1]": "How much
faster is it?" is about Magistral) steer its search, not the choice of answer sentences.
"""

from __future__ import annotations

import re

from assistant.answering.citations import names, parse_citations
from index.text.analysis import query_word_terms, words
from index.text.dates import fold

Message = dict[str, str]
ANSWER_NAMES = 3  # names taken from the previous answer, at most
MAX_UNNAMED_WORDS = 5  # content words of a question that names nothing, and still leans on the previous one

_FOLLOW_UP_START = re.compile(
    r"^\s*(?:et|mais|and|but|what about|how about|also|aussi|alors|puis|then|so)\b", re.IGNORECASE
)
_ANAPHORA = re.compile(
    r"\b(?:il|elle|ils|elles|lui|leur|celui-ci|celle-ci|ce projet|cette entreprise|cette société|ce modèle|"
    r"cet accord|ce dernier|cette dernière|le site|ce site|la start-up|it|its|they|them|their|this|that|these|those"
    r"|the company|the project|the site|the firm|the startup|the start-up)\b",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w’'-]+(?:[ -][A-ZÀ-ÖØ-Þ0-9][\w’'-]*)*|\b[\w-]*\d[\w-]*\b")
_QUESTION_WORDS = {
    "quel",
    "quelle",
    "quels",
    "quelles",
    "qui",
    "que",
    "quoi",
    "combien",
    "comment",
    "pourquoi",
    "quand",
    "où",
    "est-ce",
    "what",
    "who",
    "which",
    "how",
    "why",
    "when",
    "where",
    "did",
    "does",
    "is",
    "are",
    "et",
    "and",
    "mais",
    "but",
    "le",
    "la",
    "les",
    "l",
    "qu",
    "en",
    # openers capitalised only because they start the question
    "according",
    "whose",
    "whom",
    "roughly",
    "approximately",
    "nearly",
    "almost",
    "exactly",
    "besides",
    "apart",
    "aside",
    "beyond",
    "among",
    "between",
    "selon",
    "outre",
    "hormis",
    "parmi",
    "entre",
    "après",
    "avant",
    "pendant",
    "depuis",
}


def user_turns(history: list[Message] | None) -> list[str]:
    return [m["content"] for m in history or [] if m.get("role") == "user" and m.get("content")]


def last_answer(history: list[Message] | None) -> str:
    """The answer just given: the last message when the assistant wrote it, else ""."""
    last = history[-1] if history else {}
    return last.get("content", "") if last.get("role") == "assistant" else ""


def answer_names(answer: str) -> list[str]:
    """The names (not figures) of an answer's first sentence, in order: what the answer is
    about, and what the next question's "it" most often points to."""
    sentences = parse_citations(answer)  # the sentences without their [n] markers
    if not sentences:
        return []
    lead = sentences[0].text
    proper = names(lead)  # capitalised words that do not merely open the sentence
    found = [e for e in entities(lead) if any(fold(word) in proper for word in e.split())]
    return found[:ANSWER_NAMES]


def entities(question: str) -> list[str]:
    """Names and figures of a question ("Mistral Compute", "Helioscale", "o3-pro", "2025")."""
    found = []
    for m in _ENTITY.finditer(question):
        text = re.sub(r"['’]s\b", "", m.group(0))  # "Mistral's" → "Mistral"
        words = [w for w in re.split(r"\s+", text) if w.lower().strip("’'") not in _QUESTION_WORDS]
        if words:
            found.append(" ".join(words))
    return list(dict.fromkeys(found))


_INVERSION = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on)\b", re.IGNORECASE)  # « doit-elle », « a-t-il »


def is_follow_up(question: str) -> bool:
    """A question that leans on the previous one: it opens like a follow-up, points back with a
    pronoun, or names nothing of its own and says little ("What is the monthly rent?"). One
    that names nothing but says in words what it is about is a question of its own: « Combien
    de foyers la chaleur du centre de calcul lyonnais pourra-t-elle chauffer ? »."""
    if _FOLLOW_UP_START.search(question) or _points_back(question):
        return True
    own = [e for e in entities(question) if e.lower() not in _QUESTION_WORDS]
    return (not own or not names(question)) and len(query_word_terms(question)) <= MAX_UNNAMED_WORDS


def _points_back(question: str) -> bool:
    """A pronoun with no name of the question before it: "How much did it raise?". Not
    "When will Quartzia deliver its chip?" (its: Quartzia's), nor the pronoun of a French
    inverted question, « Quand la Q1 de Quartzia doit-elle être livrée ? »."""
    text = _INVERSION.sub("", question)
    for pronoun in _ANAPHORA.finditer(text):
        if not [e for e in entities(text[: pronoun.start()]) if e.lower() not in _QUESTION_WORDS]:
            return True
    return False


def carry_over(question: str, previous: str) -> str:
    """The follow-up with the previous question's names and figures it does not already have."""
    missing = [e for e in entities(previous) if e.lower() not in question.lower()]
    return f"{question} ({', '.join(missing)})" if missing else question


def answer_hints(standalone: str, history: list[Message] | None) -> list[str]:
    """For a follow-up made standalone: the names the previous answer led with that bring a word
    it lacks ("Magistral"), other than a short acronym ("AI" of "Mira Murati's AI")."""
    have = {fold(w) for w in words(standalone)}
    return [
        name
        for name in answer_names(last_answer(history))
        if any(len(w) > 2 and fold(w) not in have for w in words(name))
    ]


def standalone_question(question: str, history: list[Message] | None) -> tuple[str, str | None]:
    """(standalone question, the previous standalone question or None), deterministically."""
    previous: str | None = None
    for turn in user_turns(history):  # resolve the conversation turn by turn
        previous = carry_over(turn, previous) if previous and is_follow_up(turn) else turn
    if previous and is_follow_up(question):
        return carry_over(question, previous), previous
    return question, previous
