"""The model writer's cache: a part's validated cards, by its text and the writer's settings (see model_prompt).

A small SQLite file in the user cache folder ($STUDYAPP_CACHE, else platformdirs' user cache dir), not in the
collection: docs/decisions.md says why. Each part's cards are written in one statement after its answer passed every
check, so a crash or Cancel leaves either the whole entry or none. An unreadable cache is set aside and started
afresh: losing it costs model calls, never cards or reviews.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

FILE_NAME = "model-cards.sqlite"


def cache_path() -> Path:
    folder = os.environ.get("STUDYAPP_CACHE")
    if not folder:
        from platformdirs import user_cache_dir
        folder = user_cache_dir("StudyApp", appauthor=False)
    return Path(folder) / FILE_NAME


class CardCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_path()
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._connect()
            except sqlite3.DatabaseError:  # not a database (a damaged file): keep it aside, start again
                self.path.replace(self.path.with_suffix(".damaged"))
                self._conn = self._connect()
        return self._conn

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        conn.execute("CREATE TABLE IF NOT EXISTS parts (key TEXT PRIMARY KEY, cards TEXT NOT NULL, "
                     "model TEXT NOT NULL, created INTEGER NOT NULL)")
        conn.commit()
        return conn

    def get(self, key: str) -> list[dict] | None:
        row = self._db().execute("SELECT cards FROM parts WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            cards = json.loads(row[0])
        except ValueError:
            return None
        return cards if isinstance(cards, list) else None

    def put(self, key: str, cards: list[dict], model: str) -> None:
        db = self._db()
        with db:
            db.execute("INSERT INTO parts(key, cards, model, created) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE "
                       "SET cards = excluded.cards, model = excluded.model, created = excluded.created",
                       (key, json.dumps(cards, ensure_ascii=False), model, int(time.time())))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
