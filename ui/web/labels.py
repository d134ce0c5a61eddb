"""The app's labels in French and English. Gradio picks the browser's language; the
``ui_language`` setting can force one."""

from __future__ import annotations

import gradio as gr

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "tab_chat": "Ask",
        "tab_search": "Search the archive",
        "tab_archive": "Archive",
        "question_placeholder": "Ask about the archive, in French or English",
        "send": "Send",
        "new_conversation": "New conversation",
        "examples": "Try",
        "sources": "Sources — click one to read it",
        "query": "Search",
        "since": "From (YYYY-MM-DD)",
        "until": "To (YYYY-MM-DD)",
        "newsletter": "Newsletter",
        "section": "Section",
        "sponsors": "Include sponsors",
        "sort": "Sort by",
        "page": "Page",
        "previous": "← Previous",
        "next": "Next →",
        "timeline": "Matching stories over time",
        "open_story": "Open a story",
        "export_csv": "Export CSV",
        "export_json": "Export JSON",
        "upload": "Issues to ingest (.txt .md .html .eml .mbox .jsonl, feeds .xml .rss, exports .csv .json, or .zip)",
        "upload_newsletter": "Newsletter, if the files do not name it",
        "upload_date": "Issue date (YYYY-MM-DD), if the files do not date it",
        "ingest": "Ingest",
        "issues": "Issues",
        "delete_issue": "Issue to delete",
        "confirm_delete": "Yes, delete this issue",
        "delete": "Delete",
        "api_key": "API key (needed for uploads and deletes when one is set)",
        "bucket": "Per",
        "sync_source": "Feed URL or IMAP mailbox to sync (imaps://user@host/Folder?from=…)",
        "sync": "Sync",
    },
    "fr": {
        "tab_chat": "Poser une question",
        "tab_search": "Rechercher dans l’archive",
        "tab_archive": "Archive",
        "question_placeholder": "Interrogez l’archive, en français ou en anglais",
        "send": "Envoyer",
        "new_conversation": "Nouvelle conversation",
        "examples": "Essayez",
        "sources": "Sources — cliquez pour lire",
        "query": "Recherche",
        "since": "Du (AAAA-MM-JJ)",
        "until": "Au (AAAA-MM-JJ)",
        "newsletter": "Lettre",
        "section": "Rubrique",
        "sponsors": "Inclure les contenus sponsorisés",
        "sort": "Trier par",
        "page": "Page",
        "previous": "← Précédente",
        "next": "Suivante →",
        "timeline": "Articles correspondants dans le temps",
        "open_story": "Ouvrir un article",
        "export_csv": "Exporter en CSV",
        "export_json": "Exporter en JSON",
        "upload": "Numéros à indexer (.txt .md .html .eml .mbox .jsonl, flux .xml .rss, exports .csv .json, ou .zip)",
        "upload_newsletter": "Lettre, si les fichiers ne la nomment pas",
        "upload_date": "Date du numéro (AAAA-MM-JJ), si les fichiers ne la donnent pas",
        "ingest": "Indexer",
        "issues": "Numéros",
        "delete_issue": "Numéro à supprimer",
        "confirm_delete": "Oui, supprimer ce numéro",
        "delete": "Supprimer",
        "api_key": "Clé d’API (pour indexer et supprimer quand une clé est définie)",
        "bucket": "Par",
        "sync_source": "Flux (URL) ou boîte IMAP à synchroniser (imaps://utilisateur@hôte/Dossier?from=…)",
        "sync": "Synchroniser",
    },
}


def make_i18n(language: str) -> gr.I18n:
    """Both languages, or one forced for every browser."""
    if language in LABELS:
        return gr.I18n(en=LABELS[language], fr=LABELS[language])
    return gr.I18n(**LABELS)
