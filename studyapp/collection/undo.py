"""The undo stack: each change through the facade records the statements that put back what it changed, and undo runs
them in one transaction. The stack lives with the open collection (as Anki's does), up to 50 steps.

A mixin of `Collection` (collection.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .changes import EVERYTHING, Changes
from .schema import KEPT_BY_TRIGGERS


@dataclass
class _Undo:
    description: str
    restore: list[tuple[str, list]]  # SQL statements to run, in order, in one transaction
    changes: Changes = EVERYTHING  # what running them changes (an answer's undo: its card and the review log)


class UndoMixin:
    """Recording and undoing changes (see the module's docstring)."""

    # --- undo --------------------------------------------------------------------------------------------------

    def _push_undo(self, description: str, restore: list[tuple[str, list]], changes: Changes = EVERYTHING) -> None:
        self._undo.append(_Undo(description, restore, changes))
        del self._undo[:-50]

    def undo_description(self) -> str | None:
        return self._undo[-1].description if self._undo else None

    def undo(self) -> str | None:
        """Undo the last change made through this Collection; returns what was undone, or None."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        with self.transaction(entry.changes):
            for sql, params in entry.restore:
                self.conn.execute(sql, params)
        return entry.description

    def _snapshot(self, table: str, where: str, params: list) -> list[tuple[str, list]]:
        """INSERT statements that put back rows about to be deleted. (Never INSERT OR REPLACE: a replace deletes
        the old row first, and the cascade would take its review log with it.)"""
        rows = self.conn.execute(f"SELECT * FROM {table} WHERE {where}", params).fetchall()
        if not rows:
            return []
        # Counts the triggers keep are left out: they count again as the rows they count are put back.
        cols = [c for c in rows[0].keys() if c not in KEPT_BY_TRIGGERS.get(table, ())]
        sql = f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        return [(sql, [r[c] for c in cols]) for r in rows]

    def _restore_updates(self, table: str, where: str, params: list) -> list[tuple[str, list]]:
        """UPDATE statements that put rows that will still exist back as they are now."""
        return [_update_sql(table, dict(r), "id")
                for r in self.conn.execute(f"SELECT * FROM {table} WHERE {where}", params)]



def _update_sql(table: str, row: dict, key: str) -> tuple[str, list]:
    """An UPDATE that puts `row` back as it is (for undo). Every answer makes one, always with the same columns,
    so the statement's text is built once per shape."""
    cols = tuple(c for c in row if c != key)
    return _update_text(table, cols, key), [row[c] for c in cols] + [row[key]]


@lru_cache(maxsize=64)
def _update_text(table: str, cols: tuple[str, ...], key: str) -> str:
    return f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in cols)} WHERE {key} = ?"
