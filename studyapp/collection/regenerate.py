"""Re-making stored decks' cards when the card generator changes.

A collection remembers which generator made its cards (`meta.generator`). When a newer StudyApp opens it, every
stored set is merged again from its own stored YAML, exactly as a re-import: cards the new generator still makes keep
their ids and whole review history, new ones are added, and ones it no longer makes are retired (suspended, never
deleted, history kept). Notes the user edited are left as they are. Each set is one transaction, after a backup.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..cards.version import GENERATOR_VERSION
from .lock import BUILDING

if TYPE_CHECKING:
    from .collection import Collection
    from .importer import ImportReport


def stored_generator(col: Collection) -> int:
    row = col.conn.execute("SELECT value FROM meta WHERE key = 'generator'").fetchone()
    return int(row["value"]) if row else 1  # collections from before the generator was versioned


def mark_current(col: Collection) -> None:
    col.conn.execute("INSERT INTO meta(key, value) VALUES ('generator', ?) ON CONFLICT(key) DO UPDATE SET "
                     "value = excluded.value", (str(GENERATOR_VERSION),))


def regenerate_if_stale(col: Collection, now: datetime | None = None) -> list[ImportReport]:
    """Re-make every set's cards if an older generator made them; the reports say what changed (empty: nothing)."""
    if stored_generator(col) >= GENERATOR_VERSION:
        return []
    col.mark_lock(BUILDING)  # (a second StudyApp opening now waits for the re-making, not DEFAULT_WAIT)
    try:
        return _regenerate(col, now)
    finally:
        col.mark_lock()


def _regenerate(col: Collection, now: datetime | None) -> list[ImportReport]:
    from ..takeaways.yaml_io import load_yaml_set
    from . import backup
    sets = col.conn.execute("SELECT id, yaml FROM sets ORDER BY imported").fetchall()
    if sets:
        backup.write_backup(col.conn, col.path, now, tag="before-new-cards")
    reports = []
    for row in sets:
        try:
            ts = load_yaml_set(row["yaml"], f"stored set {row['id']}")
            reports.append(col.import_set(ts, now=now))
        except Exception as exc:  # one deck the new generator cannot handle keeps its cards; the others and the
            # collection still open (each set is its own transaction, rolled back on failure)
            col.warnings.append(f"the cards of deck {row['id']} were not re-made ({exc}); they stay as they were")
    with col.transaction():
        mark_current(col)
    return reports


def summary(reports: list[ImportReport]) -> str:
    """One line for the user: what the new generator changed, and that no review was lost."""
    added = sum(r.cards_added for r in reports)
    retired = sum(r.cards_retired for r in reports)
    decks = f"{len(reports)} deck" + ("" if len(reports) == 1 else "s")
    return (f"Cards re-made with the improved card generator for {decks}: {added} new, {retired} retired "
            f"(suspended, their reviews kept).")
