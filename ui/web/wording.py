"""The app's dynamic text in the reader's language: counts with their plurals, the
headers, reports and messages built at request time, and dates typed the French way.

Component labels are fixed when the page is built (``labels.py``, through Gradio's i18n);
what a handler writes is chosen here, from the ``ui_language`` setting or, on ``auto``, the
browser's ``Accept-Language``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

import gradio as gr

Language = Literal["en", "fr"]

# noun → (English singular, plural, French singular, plural)
NOUNS: dict[str, tuple[str, str, str, str]] = {
    "issue": ("issue", "issues", "numéro", "numéros"),
    "story": ("story", "stories", "article", "articles"),
    "chunk": ("passage", "passages", "passage", "passages"),
    "reprint": ("reprint linked", "reprints linked", "reprise liée", "reprises liées"),
    "sponsor": ("sponsor item", "sponsor items", "contenu sponsorisé", "contenus sponsorisés"),
    "added": ("added", "added", "ajouté", "ajoutés"),
    "updated": ("updated", "updated", "mis à jour", "mis à jour"),
    "unchanged": ("unchanged", "unchanged", "inchangé", "inchangés"),
    "fetched": ("fetched", "fetched", "récupéré", "récupérés"),
    "match": ("story matches", "stories match", "article correspond", "articles correspondent"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "all_newsletters": ("All newsletters", "Toutes les lettres"),
    "all_sections": ("All sections", "Toutes les rubriques"),
    "no_match": (
        "No story holds every word of “{query}”.",
        "Aucun article ne contient tous les mots de « {query} ».",
    ),
    "matches": ("{count} “{query}”", "{count} à « {query} »"),
    "showing": ("showing {first}–{last}", "{first} à {last} affichés"),
    "related": (
        "Related stories — near the subject, without every word of the query",
        "Articles proches — sur le sujet, sans tous les mots de la recherche",
    ),
    "bad_date": (
        "“{value}” is not a date: write it as 2025-06-12",
        "« {value} » n’est pas une date : écrivez-la 12/06/2025 ou 2025-06-12",
    ),
    "since_after_until": (
        "The start date ({since}) is after the end date ({until}).",
        "La date de début ({since}) est postérieure à la date de fin ({until}).",
    ),
    "writes_need_key": (
        "⚠ Writes need the API key (or a loopback client).",
        "⚠ Il faut la clé d’API pour écrire (ou se connecter depuis cette machine).",
    ),
    "skipped_file": ("skipped {name}: not a format newsdesk reads", "ignoré {name} : format que newsdesk ne lit pas"),
    "select_and_confirm": ("Select an issue and confirm.", "Choisissez un numéro et confirmez."),
    "deleted": ("Deleted {issue}.", "{issue} supprimé."),
    "left_out": ("{n} left out by the filters", "{n} écartés par les filtres"),
    "index_size": ("index {mb} MB", "index {mb} Mo"),
    "model": ("model {name}", "modèle {name}"),
    "period": ("period", "période"),
    "stories_axis": ("stories", "articles"),
    "open": ("Open", "Ouvrir"),
    "link": ("link", "lien"),
    "reprinted": ("Reprinted:", "Repris :"),
    "sponsored": ("Sponsored", "Sponsorisé"),
    "caption": ("Photo caption (the photo is not in the archive):", "Légende (la photo n’est pas dans l’archive) :"),
    "same_subject": ("Same subject", "Même sujet"),
    "in_this_issue": ("In this issue", "Dans ce numéro"),
    "original": ("original story", "article original"),
    "col_issue": ("issue", "numéro"),
    "col_number": ("no.", "n°"),
    "col_newsletter": ("newsletter", "lettre"),
    "col_date": ("date", "date"),
    "col_stories": ("stories", "articles"),
    "col_subject": ("subject", "objet"),
    "progress_stories": ("stories", "articles"),
    # ingest errors, by kind (IngestError.kind); the others are shown as the reader wrote them
    "error_empty": ("the file is empty", "le fichier est vide"),
    "error_unsupported": (
        "not a format newsdesk reads",
        "format que newsdesk ne lit pas",
    ),
    "error_missing_date": (
        "nothing in it dates the issue: fill in the issue date beside the upload",
        "rien n’y date le numéro : indiquez la date du numéro à côté du fichier",
    ),
    "error_missing_newsletter": (
        "nothing in it names the newsletter: fill in the newsletter beside the upload",
        "rien n’y nomme la lettre : indiquez la lettre à côté du fichier",
    ),
    "error_missing_newsletter_date": (
        "nothing in it names the newsletter or dates the issue: fill in both beside the upload",
        "rien n’y nomme la lettre ni ne date le numéro : indiquez-les à côté du fichier",
    ),
}

_FRENCH_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


def language_of(setting: str, request: gr.Request | None) -> Language:
    """The setting when it forces a language; else the browser's first choice (French or English)."""
    if setting in ("en", "fr"):
        return setting  # type: ignore[return-value]
    header = ""
    if request is not None:
        header = {k.lower(): v for k, v in dict(request.headers).items()}.get("accept-language", "")
    return "fr" if header.strip().lower().startswith("fr") else "en"


def count(language: Language, n: int, noun: str) -> str:
    """``1 story``, ``2 stories``, ``0 article``: French takes the singular for 0 and 1."""
    en_one, en_many, fr_one, fr_many = NOUNS[noun]
    if language == "fr":
        return f"{n:,}".replace(",", "\u202f") + " " + (fr_one if n <= 1 else fr_many)
    return f"{n:,} " + (en_one if n == 1 else en_many)


def decimal(language: Language, x: float) -> str:
    """``2.1`` in English, ``2,1`` in French: one decimal."""
    text = f"{x:.1f}"
    return text.replace(".", ",") if language == "fr" else text


def say(language: Language, key: str, **values: object) -> str:
    english, french = MESSAGES[key]
    return (french if language == "fr" else english).format(**values)


def parse_date(text: str | None, language: Language) -> date | None:
    """A date typed in a filter: ISO everywhere, and day/month/year (12/06/2025) in French.
    ``ValueError`` with the message to show when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        if language == "fr" and (m := _FRENCH_DATE.match(text)):
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(say(language, "bad_date", value=text)) from None
