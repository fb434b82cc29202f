"""Making a new collection all or nothing, and recognising a half-made one from a run that was killed.

A new collection (schema, settings, bundled decks) is built in a temporary file beside the real one and renamed into
place only when complete, so a crash at any moment leaves either no collection or a whole one. The last step of the
build writes a `created` row into `meta`; a file without it that holds nothing of the user's (no notes, no reviews,
no settings) was left by a killed first run of an older StudyApp and is treated as "not created yet".

All of this runs under the writer's lock, so two first runs at once build one collection: the second waits for the
lock and then finds the first one's finished file.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .schema import APP_ID

if TYPE_CHECKING:
    from .collection import Collection

# Every table any StudyApp schema has made: a file with others belongs to another program and is never replaced.
OUR_TABLES = {"meta", "settings", "decks", "sets", "notes", "cards", "revlog", "feeds", "_sqlite_migrations",
              "sync_state", "sync_applied", "sync_stamps", "sync_seen", "sync_pending",  # sync/state.py
              "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}
# Any row in any of these is the user's (a first run's bundled deck arrives with its notes in one transaction, so a
# file of an interrupted first run has none): such a file is never treated as half-made.
USER_DATA_TABLES = ("notes", "cards", "revlog", "decks", "sets", "settings", "feeds")


def building_path(path: Path) -> Path:
    """Where a new collection is built before it is renamed into place."""
    return path.with_name(f".{path.name}.building")


def sidecars(path: Path) -> list[Path]:
    """SQLite's files beside a database: a stale one must never be replayed into a different file."""
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def is_half_made(path: Path) -> bool:
    """True when `path` is an SQLite file that an interrupted first run left: only StudyApp's tables (or none),
    no `created` mark and nothing of the user's in it. Anything else, including every file we cannot read, is
    False: the caller then refuses it as before, untouched."""
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables <= OUR_TABLES:
            return False
        if "meta" in tables:
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if rows.get("app", APP_ID) != APP_ID or "created" in rows:
                return False
        for table in USER_DATA_TABLES:
            if table in tables and conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                return False
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def is_created(path: Path) -> bool:
    """Whether a collection exists at `path` (a half-made file does not count)."""
    return path.exists() and path.stat().st_size > 0 and not is_half_made(path)


def mark_created(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('created', ?)",
                 (datetime.now(timezone.utc).isoformat(timespec="seconds"),))


def build_collection(collection_class: type[Collection], tmp: Path, bundled: bool) -> None:
    """A complete new collection in `tmp`: schema, bundled decks, and last the mark that says it is whole."""
    from .regenerate import mark_current
    from .schema import migrations
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        col = collection_class(tmp, conn, None)
        migrations().apply(col.db)
        if bundled:
            col._import_bundled()
        with col.transaction():
            mark_current(col)  # these cards are this generator's: nothing to re-make on the next open
            mark_created(conn)
    finally:
        conn.close()


def build_new(path: Path, build: Callable[[Path], None]) -> None:
    """Run `build(temporary_path)` to make a complete collection, then move it to `path` in one rename. The caller
    holds the writer's lock. A half-made file at `path` is replaced; its stale WAL goes first, so SQLite can never
    replay it into the new file."""
    tmp = building_path(path)
    for leftover in [tmp, *sidecars(tmp)]:  # a build killed earlier
        leftover.unlink(missing_ok=True)
    try:
        build(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        for stale in sidecars(tmp):
            stale.unlink(missing_ok=True)
        for stale in sidecars(path):
            stale.unlink(missing_ok=True)
        os.replace(tmp, path)
        _sync_dir(path.parent)
    except BaseException:
        for leftover in [tmp, *sidecars(tmp)]:
            leftover.unlink(missing_ok=True)
        raise


def _sync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
