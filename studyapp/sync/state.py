"""What a collection remembers about syncing, in tables of its own (made on first sync, inside its transaction):

- `sync_state`: this collection's stable id, the last batch it wrote, and the review log's high-water mark (the
  last revlog id already written out or merged in, so merged reviews are not written out again).
- `sync_applied`: each peer batch merged (origin, seq, digest): written in the same transaction as the merge, so a
  batch is applied whole exactly once, whatever is killed when.
- `sync_stamps`: for each note, card (suspension/bury) and set, the (time, origin) of the change that holds now:
  the later one wins, ties go to the larger collection id, so the result does not depend on arrival order.
- `sync_seen`: a digest of what each note, card flag and set was when last written out or merged in; what differs
  from it is a local change to write out.
- the trigger `sync_revlog_mark`: lowers that mark when a review-log row at or below it is deleted (its id may be
  given to a new review).
- `sync_pending`: records about notes or cards this collection does not have yet (a review of a card whose import
  is in another collection's batch not yet here): kept and tried again at every merge.

The tables are made with IF NOT EXISTS rather than a schema migration: they belong to syncing alone, and a
collection that never syncs never has them (docs/decisions.md).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from typing import Any

TABLES = ("sync_state", "sync_applied", "sync_stamps", "sync_seen", "sync_pending")
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sync_applied (origin TEXT NOT NULL, seq INTEGER NOT NULL, digest TEXT NOT NULL, "
    "applied INTEGER NOT NULL, PRIMARY KEY (origin, seq))",
    "CREATE TABLE IF NOT EXISTS sync_stamps (kind TEXT NOT NULL, key TEXT NOT NULL, time INTEGER NOT NULL, "
    "origin TEXT NOT NULL, PRIMARY KEY (kind, key))",
    "CREATE TABLE IF NOT EXISTS sync_seen (kind TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL, "
    "PRIMARY KEY (kind, key))",
    "CREATE TABLE IF NOT EXISTS sync_pending (origin TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, "
    "time INTEGER NOT NULL, record TEXT NOT NULL, PRIMARY KEY (origin, kind, key, time))",
    # SQLite gives a new row the highest id + 1, so after the top rows of the review log are deleted (a note or deck
    # deleted) their ids come back for new reviews. The mark drops below a deleted row, so those are written out.
    "CREATE TRIGGER IF NOT EXISTS sync_revlog_mark AFTER DELETE ON revlog BEGIN "
    "UPDATE sync_state SET value = MIN(CAST(value AS INTEGER), OLD.id - 1) WHERE key = 'revlog_mark'; END",
)


def ensure_tables(conn: sqlite3.Connection) -> str:
    """Make the tables if needed (call inside a transaction) and return this collection's sync id."""
    for sql in SCHEMA:
        conn.execute(sql)
    row = conn.execute("SELECT value FROM sync_state WHERE key = 'id'").fetchone()
    if row:
        return row[0]
    own = uuid.uuid4().hex
    conn.execute("INSERT INTO sync_state(key, value) VALUES ('id', ?)", (own,))
    return own


def get(conn: sqlite3.Connection, key: str, default: int = 0) -> int:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row else default


def put(conn: sqlite3.Connection, key: str, value: int) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_state(key, value) VALUES (?, ?)", (key, str(value)))


def digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]


def seen(conn: sqlite3.Connection, kind: str) -> dict[str, str]:
    return dict(conn.execute("SELECT key, digest FROM sync_seen WHERE kind = ?", (kind,)).fetchall())


def mark_seen(conn: sqlite3.Connection, kind: str, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_seen(kind, key, digest) VALUES (?, ?, ?)", (kind, key, value))


def stamp(conn: sqlite3.Connection, kind: str, key: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT time, origin FROM sync_stamps WHERE kind = ? AND key = ?", (kind, key)).fetchone()
    return (row[0], row[1]) if row else None


def set_stamp(conn: sqlite3.Connection, kind: str, key: str, time: int, origin: str) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_stamps(kind, key, time, origin) VALUES (?, ?, ?, ?)",
                 (kind, key, time, origin))
