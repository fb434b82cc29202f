"""`studyapp restore`: put a backup back, only once it is known to be good.

The backup is read with SQLite's `immutable` flag, so nothing (-wal, -shm) is ever written beside it, and checked
page by page first: a damaged backup is refused and the newest good one named. The collection it replaces is saved
first as a '-before-restore' backup, even when it is damaged (it may hold reviews the backup lacks), and those are
never rotated away.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..errors import CollectionError
from . import backup as backups
from .create import build_new
from .damage import damage_in_file
from .lock import CollectionLock


def _immutable_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def restore(backup_path: str | Path | None, target: Path, wait: float = 0.0,
            on_wait: Callable[[str], None] | None = None) -> Path:
    """Replace `target` with a good backup; returns the '-before-restore' copy of what was there (or `target` when
    there was nothing to keep)."""
    from .validate import validate_file as _validate

    target = Path(target).expanduser()
    if backup_path is None:
        found = backups.newest_good_backup(target)
        if found is None:
            raise CollectionError(f"no good backup found in {backups.backup_dir(target)}", path=str(target))
        backup_path = found
    backup_path = Path(backup_path).expanduser()
    if not backup_path.is_file():
        raise CollectionError("no such backup", path=str(backup_path))
    if target.exists() and backup_path.resolve() == target.resolve():
        raise CollectionError("is the collection itself; restore from a file in the backups folder",
                              path=str(backup_path))
    _validate(backup_path, need_write=False, immutable=True)
    try:
        damage = damage_in_file(backup_path)
    except sqlite3.Error as exc:
        damage = str(exc)
    if damage:
        good = backups.newest_good_backup(target)
        hint = f"; the newest good backup is {good}" if good else ""
        raise CollectionError(f"is damaged ({damage}); nothing was restored{hint}", path=str(backup_path))
    lock = CollectionLock(target)
    lock.acquire(wait, on_wait)
    try:
        saved = _save_current(target) if target.exists() and target.stat().st_size > 0 else None
        build_new(target, lambda tmp: _copy(backup_path, tmp))  # whole or not at all, even over a damaged file
    except (sqlite3.Error, OSError) as exc:
        raise CollectionError(f"could not be restored ({exc}); the collection was left as it was",
                              path=str(target)) from None
    finally:
        lock.release()
    return saved or target


def _copy(backup_path: Path, tmp: Path) -> None:
    dest = sqlite3.connect(tmp, isolation_level=None)
    try:
        src = sqlite3.connect(_immutable_uri(backup_path), uri=True)
        try:
            src.backup(dest)
        finally:
            src.close()
        dest.execute("PRAGMA journal_mode = WAL")  # the collection's mode, whatever the backup file's
    finally:
        dest.close()


def _save_current(target: Path) -> Path:
    """A '-before-restore' backup of the collection about to be replaced. A damaged one is kept too, copied through
    SQLite when it can read it and byte for byte when it cannot."""
    try:
        source = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return backups.write_backup(source, target, tag="before-restore", check=False)
        finally:
            source.close()
    except (sqlite3.Error, backups.BackupError) as exc:
        if isinstance(exc, backups.BackupError) and "disk is full" in exc.message:
            raise
        folder = backups.backup_dir(target)
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / f"{target.stem}-{_stamp()}-before-restore.sqlite"
        shutil.copyfile(target, copy)
        return copy


def _stamp() -> str:
    from datetime import datetime, timezone
    return f"{datetime.now(timezone.utc):%Y%m%d-%H%M%S}"
