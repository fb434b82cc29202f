"""Consistent backups with the SQLite backup API, kept daily, weekly and monthly.

A backup is a complete collection file: restoring is copying it back. The backup API reads a consistent snapshot even
while the collection is open in WAL mode, which a plain file copy does not.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?P<tag>-[a-z-]+)?\.sqlite$")


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


def write_backup(conn: sqlite3.Connection, collection: Path, now: datetime | None = None, tag: str = "") -> Path:
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    folder = backup_dir(collection)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{collection.stem}-{now:%Y%m%d-%H%M%S}{'-' + tag if tag else ''}.sqlite"
    tmp = target.with_suffix(".tmp")
    dest = sqlite3.connect(tmp)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    tmp.replace(target)
    return target


def prune(collection: Path) -> list[Path]:
    """Keep the newest backup of each of the last 7 days, 4 weeks and 6 months; delete the rest."""
    backups = list_backups(collection)
    keep: set[Path] = set()
    for key, count in ((lambda d: d.date(), KEEP_DAILY), (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen = []
        for when, path in backups:
            k = key(when)
            if k not in seen:
                seen.append(k)
                keep.add(path)
            if len(seen) >= count:
                break
    removed = []
    for _, path in backups:
        if path not in keep and not path.name.endswith("-before-restore.sqlite"):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def due_for_backup(collection: Path, now: datetime) -> bool:
    backups = list_backups(collection)
    return not backups or now - backups[0][0] >= timedelta(days=1)
