"""One atomic change on the collection's connection, as a plain context manager.

Every answer and every undo runs in one of these, so it is a small class rather than two nested generator-based
context managers (contextlib's machinery cost a few microseconds per answer, measured). Nested transactions become
savepoints (as sqlite-utils' `atomic()` does). Disk-full and I/O errors become a clear message and the change is
rolled back whole; whether it commits or not, the caches that depend on what it `changes` are dropped.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from .changes import NOTHING, Changes

if TYPE_CHECKING:
    from .collection import Collection


class Transaction:
    __slots__ = ("col", "changes", "conn", "name")

    def __init__(self, col: Collection, changes: Changes = NOTHING) -> None:
        self.col = col
        self.changes = changes

    def __enter__(self) -> sqlite3.Connection:
        conn = self.conn = self.col.conn
        if conn.in_transaction:
            self.name = f"sp_{id(conn)}_{len(self.col._undo)}"
            conn.execute(f"SAVEPOINT {self.name}")
        else:
            self.name = None
            conn.execute("BEGIN")
        return conn

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            self._finish(exc)
        finally:
            if self.changes is not NOTHING and self.changes != NOTHING:
                self.col._drop_caches(self.changes)
        return False

    def _finish(self, exc: BaseException | None) -> None:
        conn, name = self.conn, self.name
        if exc is not None:
            if conn.in_transaction:
                if name:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                else:
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                self.col._raise_storage_error(exc)
            return
        try:
            conn.execute(f"RELEASE SAVEPOINT {name}" if name else "COMMIT")
        except sqlite3.OperationalError as error:
            if conn.in_transaction and not name:
                conn.execute("ROLLBACK")
            self.col._raise_storage_error(error)
            raise
