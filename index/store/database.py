"""The catalog's SQLite database: one connection per thread, transactions that nest."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection: a server's threads read concurrently (WAL), each with its
        own connection, and a reader never sees an issue's transaction half-done."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
            with self._guard:
                self._connections.append(connection)
        return connection

    def close(self) -> None:
        with self._guard:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing; inside another transaction, part of it (one commit for several issues:
        each commit also flushes the BM25 index)."""
        db = self.db
        if db.in_transaction:
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")  # inside the try: a COMMIT refused (disk full) must roll back too
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
