"""`studyapp check`: find what is wrong in a collection and repair what can be repaired safely, after a backup.

Safe repairs never lose a review: a card whose scheduling disagrees with its review log is set back to what the
log says (the log is the record of what the user did); rows that point at nothing are removed; a note left with
no cards is removed. Anything else is reported, not touched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .backup import newest_good_backup
from .changes import EVERYTHING, NEXT_MOD_SQL
from ..errors import CollectionError
from .damage import damage_in, damage_in_file
from .disk import disk_full_message, disk_is_full
from .schema import DECK_TOTAL

if TYPE_CHECKING:
    from .collection import Collection


@dataclass
class CheckReport:
    integrity: str = "ok"
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    backup: Path | None = None
    restore_from: Path | None = None

    @property
    def healthy(self) -> bool:
        return self.integrity == "ok" and not self.problems

    def lines(self) -> list[str]:
        out = [f"integrity: {self.integrity}"]
        out += [f"repaired: {r}" for r in self.repaired]
        out += [f"problem: {p}" for p in self.problems]
        if self.backup:
            out.append(f"a backup was made first: {self.backup}")
        if self.restore_from:
            out.append(f"the newest good backup is {self.restore_from}: studyapp restore {self.restore_from}")
        if self.healthy and not self.repaired:
            out.append("the collection is healthy")
        return out


def damaged_file_report(path: Path) -> CheckReport | None:
    """A report for a collection file whose pages are damaged (None when they are sound, or there is no file).
    Runs before anything opens the file to write, and names the newest backup that is itself sound."""
    if not (path.exists() and path.stat().st_size > 0):
        return None
    try:
        damage = damage_in_file(path) if not Path(f"{path}-wal").exists() else _damage_with_log(path)
    except sqlite3.OperationalError as exc:
        if disk_is_full(path.parent, exc):
            raise CollectionError(f"cannot be checked: {disk_full_message(path.parent)}", path=str(path)) from None
        raise CollectionError(f"cannot be checked ({exc})", path=str(path)) from None
    if damage is None:
        return None
    return _damaged(CheckReport(), damage, path)


def _damage_with_log(path: Path) -> str | None:
    """The check through an ordinary read-only connection, so committed changes still in the -wal count."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return damage_in(conn)
    finally:
        conn.close()


def _damaged(report: CheckReport, damage: str, path: Path) -> CheckReport:
    report.integrity = f"damaged: {damage}"
    report.restore_from = newest_good_backup(path)
    report.problems.append("SQLite finds damage; nothing was changed" +
                           ("" if report.restore_from else "; no good backup was found"))
    return report


def check_collection(col: Collection, repair: bool = True, now: datetime | None = None) -> CheckReport:
    """Check the collection and (with `repair`) make the safe repairs in one transaction. A repaired card gets a new
    modification time and the collection drops what it cached (previews computed from the damaged row above all),
    so answering it next stores what its repaired state gives."""
    report = CheckReport()
    now_ms = int((now or datetime.now(timezone.utc)).timestamp() * 1000)
    conn = col.conn
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.OperationalError as exc:
        if disk_is_full(col.path.parent, exc):
            raise CollectionError(f"cannot be checked: {disk_full_message(col.path.parent)}",
                                  path=str(col.path)) from None
        rows = [str(exc)]
    except sqlite3.DatabaseError as exc:  # damage bad enough that the check itself stops
        rows = [str(exc)]
    if rows != ["ok"]:
        return _damaged(report, " ".join("; ".join(rows[:5]).split()), col.path)

    found: list[tuple[str, str, list]] = []  # (description, repair SQL, params)
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        found.append((f"{table} row {rowid} points at a missing {parent} row",
                      f"DELETE FROM {table} WHERE rowid = ?", [rowid]))
    empty = conn.execute("SELECT id FROM notes WHERE id NOT IN (SELECT note_id FROM cards)").fetchall()
    for r in empty:
        found.append((f"note {r['id']} has no cards", "DELETE FROM notes WHERE id = ?", [r["id"]]))
    # The card's schedule must be what its last review left it with.
    for r in conn.execute(
            "SELECT c.id, c.state, c.due, c.reps, l.state_after, l.due_after, l.stability_after, l.difficulty_after, "
            "l.time, (SELECT COUNT(*) FROM revlog WHERE card_id = c.id) AS n "
            "FROM cards c JOIN revlog l ON l.id = (SELECT id FROM revlog WHERE card_id = c.id "
            "ORDER BY time DESC, id DESC LIMIT 1) "
            "WHERE c.state != l.state_after OR c.due != l.due_after OR c.reps != "
            "(SELECT COUNT(*) FROM revlog WHERE card_id = c.id)"):
        found.append((f"card {r['id']} disagrees with its review log (state {r['state']} vs {r['state_after']}, "
                      f"due {r['due']} vs {r['due_after']}, reps {r['reps']} vs {r['n']})",
                      "UPDATE cards SET state = ?, due = ?, stability = ?, difficulty = ?, last_review = ?, reps = ?, "
                      f"mod = {NEXT_MOD_SQL} WHERE id = ?",
                      [r["state_after"], r["due_after"], r["stability_after"], r["difficulty_after"],
                       r["time"] // 1000, r["n"], now_ms, r["id"]]))
    # Last: its repair counts again after the repairs above, some of which delete cards.
    for r in conn.execute(f"SELECT id, name, cards, {DECK_TOTAL} AS n FROM decks WHERE cards != {DECK_TOTAL}"):
        found.append((f"deck {r['name']!r} counted {r['cards']} cards but has {r['n']}",
                      f"UPDATE decks SET cards = {DECK_TOTAL} WHERE id = ?", [r["id"]]))
    for r in conn.execute("SELECT id FROM cards WHERE state != 0 AND id NOT IN (SELECT card_id FROM revlog)"):
        report.problems.append(f"card {r['id']} has a schedule but no review log (left as it is)")
    if found and repair:
        report.backup = col.backup()
        with col.transaction(EVERYTHING):
            for description, sql, params in found:
                conn.execute(sql, params)
                report.repaired.append(description)
    else:
        report.problems += [d for d, _, _ in found]
    return report
