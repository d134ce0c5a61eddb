"""The catalog's tables, and how a row reads back as the data model (``index.model``)."""

from __future__ import annotations

import sqlite3
from datetime import date

from index.model import Issue, Story

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, file_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS issues (
    issue_id TEXT PRIMARY KEY, newsletter TEXT NOT NULL, slug TEXT NOT NULL, date TEXT NOT NULL,
    subject TEXT NOT NULL, language TEXT NOT NULL, source TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL, state TEXT NOT NULL, n_stories INTEGER NOT NULL DEFAULT 0, number TEXT);
CREATE INDEX IF NOT EXISTS issues_slug_date ON issues (slug, date);
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY, issue_id TEXT NOT NULL, position INTEGER NOT NULL,
    headline TEXT NOT NULL, section TEXT, kind TEXT NOT NULL, byline TEXT, url TEXT,
    body TEXT NOT NULL, content_hash TEXT NOT NULL, duplicate_of TEXT,
    date TEXT NOT NULL, slug TEXT NOT NULL, captions TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS stories_issue ON stories (issue_id);
-- covers the filters' columns: a filtered search counts what passes on the index alone
CREATE INDEX IF NOT EXISTS stories_filter ON stories (date, kind, duplicate_of, slug);
DROP INDEX IF EXISTS stories_date;
CREATE INDEX IF NOT EXISTS stories_duplicate ON stories (duplicate_of);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, story_id TEXT NOT NULL,
    issue_id TEXT NOT NULL, text TEXT NOT NULL, n_tokens INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_issue ON chunks (issue_id);
CREATE INDEX IF NOT EXISTS chunks_story ON chunks (story_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5 (terms);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocabulary USING fts5vocab (chunk_terms, 'row');
CREATE TABLE IF NOT EXISTS story_bands (band TEXT NOT NULL, story_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_bands_band ON story_bands (band);
CREATE INDEX IF NOT EXISTS story_bands_story ON story_bands (story_id);
"""


def issue_from_row(row: sqlite3.Row) -> Issue:
    return Issue(
        issue_id=row["issue_id"],
        newsletter=row["newsletter"],
        date=date.fromisoformat(row["date"]),
        subject=row["subject"],
        language=row["language"],
        source=row["source"],
        content_hash=row["content_hash"],
        number=row["number"],
    )


def story_from_row(row: sqlite3.Row) -> Story:
    return Story(
        story_id=row["story_id"],
        issue_id=row["issue_id"],
        position=row["position"],
        headline=row["headline"],
        body=row["body"],
        section=row["section"],
        kind=row["kind"],
        byline=row["byline"],
        url=row["url"],
        duplicate_of=row["duplicate_of"],
        captions=row["captions"].splitlines(),
        language=row["language"],
    )
