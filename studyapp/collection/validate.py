"""Refusing what is not a StudyApp collection this version can write, before anything writes to it.

Opening (collection.py) and restoring (restore.py) both check a file here first: the SQLite header, that it is ours,
that its schema is not newer than this version, and (up to a size) that its pages are sound. Nothing is written to
the file; a refused file's message names the newest (good) backup.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import CollectionError
from . import backup as backups
from .create import is_half_made
from .damage import damage_in, worth_checking_on_open
from .disk import disk_full_message, disk_is_full
from .schema import APP_ID, KNOWN_MIGRATIONS, MIGRATION_SET

SQLITE_HEADER = b"SQLite format 3\x00"


def _newest_hint(path: Path, good: bool = False) -> str:
    """Where to turn when the collection cannot be opened (looked up only then: listing backups costs start-up).
    For a damaged collection, the newest backup that passes the page check, and the command that restores it."""
    if good:
        newest = backups.newest_good_backup(path)
        return f"; the newest good backup is {newest} (studyapp restore {newest})" if newest else ""
    newest = backups.newest_backup(path)
    return f"; the newest backup is {newest}" if newest else ""


def validate_file(path: Path, need_write: bool = True, immutable: bool = False) -> bool:
    """Refuse anything that is not a StudyApp collection this version can read, without writing to it. Returns True
    for a file an interrupted first run left half-made (nothing of the user's in it: see create.py). A collection
    about to be written is checked for damage too (up to a size: see damage.py); `immutable` reads a backup
    without leaving -wal or -shm files beside it."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise CollectionError(f"cannot be read ({exc.strerror})", path=str(path)) from None
    if header != SQLITE_HEADER:
        raise CollectionError(f"is not a StudyApp collection (not an SQLite database){_newest_hint(path)}",
                              path=str(path))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            app = None
            if "meta" in tables and "_sqlite_migrations" in tables:
                app = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
            if not app or app[0] != APP_ID:
                if is_half_made(path):
                    return True
                raise CollectionError(f"is an SQLite database but not a StudyApp collection{_newest_hint(path)}",
                                      path=str(path))
            applied = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                                                  (MIGRATION_SET,))}
            unknown = applied - set(KNOWN_MIGRATIONS)
            if unknown:
                raise CollectionError("was made by a newer StudyApp (schema "
                                      f"{', '.join(sorted(unknown))}); update StudyApp to open it", path=str(path))
            if not conn.execute("SELECT 1 FROM meta WHERE key = 'created'").fetchone() and is_half_made(path):
                return True
            if need_write and worth_checking_on_open(path):
                damage = damage_in(conn)
                if damage:
                    raise CollectionError(f"is damaged ({damage}); nothing was written to it"
                                          f"{_newest_hint(path, good=True)}", path=str(path))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if disk_is_full(path.parent, exc):
            raise CollectionError(f"cannot be opened: {disk_full_message(path.parent)}", path=str(path)) from None
        raise CollectionError(f"is damaged or not a collection ({exc}){_newest_hint(path, good=True)}",
                              path=str(path)) from None
    if need_write and not os.access(path, os.W_OK):
        raise CollectionError("is read-only; StudyApp needs to write to its collection", path=str(path))
    return False
