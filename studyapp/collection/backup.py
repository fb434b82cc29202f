"""Consistent backups with the SQLite backup API, kept daily, weekly and monthly.

A backup is a complete collection file: restoring is copying it back. The backup API reads a consistent snapshot even
while the collection is open in WAL mode, which a plain file copy does not.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..errors import CollectionError
from .damage import damage_in, damage_in_file
from .disk import disk_full_message, disk_is_full

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
KEEP_EXPLICIT = 30  # backups the user asked for (`studyapp backup`, File › Back up now): kept apart from rotation
EXPLICIT = "manual"
NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?P<tag>-[a-z0-9-]+)?\.sqlite$")


class BackupError(CollectionError):
    """A backup could not be made; what there was before is untouched and nothing is left behind."""


def backup_dir(collection: Path) -> Path:
    return collection.parent / "backups"


def list_backups(collection: Path) -> list[tuple[datetime, Path]]:
    """Backups of this collection, newest first."""
    folder = backup_dir(collection)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = NAME_RE.match(p.name)
        if m and m["stem"] == collection.stem:
            # fromisoformat reads the basic form (20261129T141738); strptime's first call imports 5 ms of start-up
            out.append((datetime.fromisoformat(m["stamp"].replace("-", "T")).replace(tzinfo=timezone.utc), p))
    return sorted(out, reverse=True)


def newest_backup(collection: Path) -> Path | None:
    backups = list_backups(collection)
    return backups[0][1] if backups else None


def write_backup(conn: sqlite3.Connection, collection: Path, now: datetime | None = None, tag: str = "",
                 check: bool = True) -> Path:
    """Copy what `conn` sees into a new backup file, checked before it is kept: a copy of a damaged collection
    never joins (or rotates away) the good backups. On any failure the partial copy and its journal are removed
    and a one-line BackupError says why (a full disk is named as such). `check=False` keeps even a damaged copy
    (the collection a restore replaces: it may hold reviews no backup has)."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    folder = backup_dir(collection)
    stamp = f"{collection.stem}-{now:%Y%m%d-%H%M%S}"
    tmp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stamp}{'-' + tag if tag else ''}.sqlite"
        n = 2
        while target.exists():  # two backups in one second: both are kept
            target = folder / f"{stamp}-{tag + '-' if tag else ''}{n}.sqlite"
            n += 1
        tmp = target.with_suffix(".tmp")
        dest = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.backup(dest)
            # The copy carries the collection's WAL flag; a backup is only read, so make it a plain file that
            # leaves no -wal or -shm beside it when opened.
            dest.execute("PRAGMA journal_mode = DELETE")
            damage = damage_in(dest) if check else None
        finally:
            dest.close()
        if damage:
            raise BackupError(f"is damaged ({damage}); no backup was made, so the good backups stay as they are",
                              path=str(collection))
        tmp.replace(target)
        return target
    except (sqlite3.Error, OSError) as exc:
        if disk_is_full(folder, exc):
            raise BackupError(f"backup not made: {disk_full_message(folder)}", path=str(collection)) from None
        raise BackupError(f"backup not made ({exc})", path=str(collection)) from None
    finally:
        if tmp is not None:
            for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                try:
                    leftover.unlink(missing_ok=True)
                except OSError:
                    pass


def newest_good_backup(collection: Path, before: Path | None = None) -> Path | None:
    """The newest backup that passes SQLite's page check (older than `before`, when given)."""
    for _, path in list_backups(collection):
        if before is not None and path == before:
            continue
        try:
            if damage_in_file(path) is None:
                return path
        except sqlite3.Error:
            continue  # unreadable now: not one to offer
    return None


def prune(collection: Path) -> list[Path]:
    """Automatic backups: keep the newest of each of the last 7 days, 4 weeks and 6 months. Backups the user asked
    for: keep the newest 30. Backups made before a restore are never deleted. Deletes the rest."""
    backups = list_backups(collection)
    automatic = [(when, p) for when, p in backups if _tag(p) in ("", "before-upgrade")]
    explicit = [p for _, p in backups if _tag(p) == EXPLICIT]
    keep: set[Path] = set(explicit[:KEEP_EXPLICIT])
    for key, count in ((lambda d: d.date(), KEEP_DAILY), (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen = []
        for when, path in automatic:
            k = key(when)
            if k not in seen:
                seen.append(k)
                keep.add(path)
            if len(seen) >= count:
                break
    removed = []
    for _, path in backups:
        if path not in keep and not _tag(path).startswith("before-restore"):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _tag(path: Path) -> str:
    """A backup's kind from its name: '' (automatic), 'manual', 'before-upgrade', 'before-restore'; a number added
    for a second backup in the same second is not part of it."""
    m = NAME_RE.match(path.name)
    return re.sub(r"-?\d+$", "", (m["tag"] or "").lstrip("-")) if m else ""


def due_for_backup(collection: Path, now: datetime) -> bool:
    """Whether the day's automatic backup is still to be made; the user's own backups are kept apart and do not
    stand in for it (the rotation keeps one a day only of the automatic ones)."""
    automatic = [when for when, p in list_backups(collection) if _tag(p) in ("", "before-upgrade")]
    return not automatic or now - automatic[0] >= timedelta(days=1)
