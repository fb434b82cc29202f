"""Finding damage (flipped bits, torn pages) before anything writes to a file or trusts a backup.

`PRAGMA quick_check` reads every page of the file and checks the B-tree structure (not index contents). Measured
here (figures in docs/reliability.md): 10k cards with 100k reviews, 9 MB, 70 ms; 100k cards with 1M reviews, 92 MB,
600 ms. So a writer checks the collection on every open when the file is at most `OPEN_CHECK_LIMIT` (about 8k
cards with their reviews, years of use: at most ~60 ms of start-up; a few ms for most). Every backup copy is
checked whatever its size (on the job thread in the app), which covers larger collections once a day, and `restore`
checks the backup it is given.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

OPEN_CHECK_LIMIT = 8 * 1024 * 1024


def damage_in(conn: sqlite3.Connection) -> str | None:
    """One line describing the damage SQLite finds through `conn`, or None when the pages are sound. An error that
    is not about the file's contents (a full disk, an I/O error: sqlite3.OperationalError) is raised, not taken
    for damage: the callers say what it is."""
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:  # damage bad enough that the check itself cannot run
        return str(exc)
    if rows == ["ok"]:
        return None
    text = " ".join(" ".join(rows[:3]).split()).replace("*** in database main *** ", "")
    return text[:200]


def damage_in_file(path: Path) -> str | None:
    """damage_in() for a file on disk, read without writing anything beside it (no -wal, no -shm): `immutable`
    tells SQLite that nobody else writes to it, which holds for backups and for a collection under our lock."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return damage_in(conn)
    finally:
        conn.close()


def worth_checking_on_open(path: Path) -> bool:
    try:
        return Path(path).stat().st_size <= OPEN_CHECK_LIMIT
    except OSError:
        return False
