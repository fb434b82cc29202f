"""The `Collection` facade: the one API the GUI, the command line, tests and scripts use.

Every change is one transaction, and says what it changed (`transaction(changes=...)`, see changes.py); the caches
are dropped in one place from that report. Opening validates the file read-only before anything writes to it
(validate.py), takes a one-writer lock, upgrades the schema in transactions, and makes a daily backup. Every method
that depends on the time takes `now` (an aware datetime) so tests and simulations can drive the clock.

The facade's other jobs live in modules named by what they do, mixed into `Collection`: settings.py (global and
per-deck settings, the scheduler), queue.py (day counts, next card, preview, answer), notes.py (the user's edits),
undo.py, views.py (the browser's and editors' queries).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import CollectionError, StudyAppError
from . import backup as backups
from .changes import EVERYTHING, NOTHING, Changes
from .clock import ms as _ms
from .clock import now_utc
from .create import build_collection, build_new, mark_created
from .disk import disk_full_message, disk_is_full
from .lock import BUILDING, DEFAULT_WAIT, CollectionLock
from .notes import NotesMixin
from .paths import bundled_decks_dir, default_collection_path
from .queue import QueueMixin
from .regenerate import regenerate_if_stale
from .replay import ReplayMixin
from .schema import KNOWN_MIGRATIONS, MIGRATION_SET
from .scheduling import NextState, StudyDay
from .settings import SettingsMixin
from .transaction import Transaction
from .undo import UndoMixin, _Undo
from .validate import validate_file
from .views import ViewsMixin
from .wal import configure_wal, size_wal


class Collection(SettingsMixin, QueueMixin, NotesMixin, UndoMixin, ViewsMixin, ReplayMixin):
    """The facade. Its jobs live in modules named by what they do (settings, queue, notes, undo, views); this one
    opens and closes, runs transactions and drops caches from their change reports, manages decks, imports and
    backs up. See docs/api.md."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: CollectionLock | None) -> None:
        self.path = path
        self.conn = conn
        self._db = None
        self._lock = lock
        self._undo: list[_Undo] = []
        self._previews: dict[tuple[int, int], dict[int, NextState]] = {}
        self._settings_cache: dict[str, Any] | None = None
        self._schedulers: dict[int | None, Any] = {}  # by deck (None: the global settings)
        self._study_day: StudyDay | None = None
        self._deck_configs: dict[int | None, dict[str, Any]] = {}
        self._done_cache: tuple[int, dict[int, list[int]]] | None = None
        self._gaps: dict[tuple[int | None, int], int] = {}
        self._studying: tuple[int | None] | None = None  # (deck,) of the last next_card(): what answer() fetches ahead
        self._ahead: tuple | None = None  # the next card, fetched by answer() before its commit (see queue.py)
        self._ahead_preview: tuple | None = None  # and its preview
        self.regenerated: list = []  # import reports, when opening re-made the cards of an older generator
        self.warnings: list[str] = []  # said once to the user (the command line prints them on stderr)

    # --- opening and closing ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, bundled: bool = True, autobackup: bool | None = None,
             now: datetime | None = None, readonly: bool = False, wait: float | None = None,
             on_wait: Callable[[str], None] | None = None) -> Collection:
        """Open (or create) a collection; refuse foreign, corrupt, newer or locked files without touching them.

        `readonly` opens without the writer's lock (so `studyapp stats` works while the app is open) and refuses
        every change; it needs an existing, up-to-date collection. A writer waits up to `wait` seconds (default
        `DEFAULT_WAIT`) for another StudyApp to let go of the collection, calling `on_wait(holder_pid)` once. A new
        collection is built whole in a temporary file and renamed into place (see create.py)."""
        path = Path(path) if path else default_collection_path()
        path = path.expanduser()
        if readonly:
            return cls._open_readonly(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = CollectionLock(path)
        # The lock first: a first run still building the collection is waited for, not mistaken for a bad file.
        lock.acquire(DEFAULT_WAIT if wait is None else wait, on_wait)
        try:
            existed = path.exists() and path.stat().st_size > 0
            # Under the lock, with no -wal file there is no log to replay: reading the file as immutable then sees
            # all there is and leaves no -wal or -shm beside a file that is refused.
            if existed and validate_file(path, immutable=not Path(f"{path}-wal").exists()):
                existed = False  # half-made by an interrupted first run: nothing of the user's is in it
            if not existed:
                lock.mark(BUILDING)  # (a second StudyApp opening now waits for it, not DEFAULT_WAIT)
                build_new(path, lambda tmp: build_collection(cls, tmp, bundled))
                lock.mark()
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=0.5)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            # Durable like Anki's: with FULL, an answer the user saw confirmed survives a power cut (NORMAL may lose
            # the last commits). It costs one sync of the log per commit; bench/collection_bench.py compares both.
            conn.execute("PRAGMA synchronous = FULL")
            # Every answer is its own commit: the log is checkpointed at its working size; size_log() gives it that
            # size, so that commits overwrite it rather than grow it: a cheaper sync (wal.py). close() empties it.
            configure_wal(conn)
            col = cls(path, conn, lock)
            if col._pending_migrations():
                from .schema import migrations  # sqlite-utils is imported only when there is something to apply
                backups.write_backup(conn, path, now, tag="before-upgrade")
                migrations().apply(col.db)
            if existed and not conn.execute("SELECT 1 FROM meta WHERE key = 'created'").fetchone():
                with col.transaction():
                    mark_created(conn)  # a collection from before the mark, with the user's data in it
            if existed:  # a new one was built by this generator (create.py marks it)
                col.regenerated = regenerate_if_stale(col, now)
            if autobackup is None:
                autobackup = autobackup_wanted()
            if autobackup:
                col.auto_backup(now)
            return col
        except sqlite3.DatabaseError as exc:
            lock.release()
            if disk_is_full(path.parent, exc):
                raise CollectionError(f"cannot be opened: {disk_full_message(path.parent)}", path=str(path)) from None
            raise CollectionError(f"cannot be opened ({exc})", path=str(path)) from None
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_readonly(cls, path: Path) -> Collection:
        if not (path.exists() and path.stat().st_size > 0):
            raise CollectionError("no collection here yet; open StudyApp once to create it", path=str(path))
        if validate_file(path, need_write=False):
            raise CollectionError("is not created yet (a first run was interrupted); open StudyApp once to create it",
                                  path=str(path))
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            col = cls(path, conn, None)
            if col._pending_migrations():
                conn.close()
                raise CollectionError("was made by an older StudyApp and needs upgrading; open it in StudyApp "
                                      "(or any command that changes it) first", path=str(path))
            return col
        except sqlite3.DatabaseError as exc:
            if disk_is_full(path.parent, exc):
                raise CollectionError(f"cannot be read: {disk_full_message(path.parent)}", path=str(path)) from None
            raise CollectionError(f"cannot be read ({exc})", path=str(path)) from None

    def size_log(self) -> None:
        """Give the write-ahead log its working size, so that commits overwrite it (see wal.py). For a session of
        many commits: the app calls it once its window is up; a command of one or two commits need not write 4 MiB."""
        if self._lock is not None and self.conn is not None and not self.conn.in_transaction:
            size_wal(self.conn, self.path)

    def mark_lock(self, state: str = "") -> None:
        """Say in the lock file what this StudyApp is doing (`lock.BUILDING` while it re-makes the cards)."""
        if self._lock is not None:
            self._lock.mark(state)

    def close(self) -> None:
        if self.conn is not None:
            if self._lock is not None:  # only the writer tidies the write-ahead log
                try:
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error:
                    pass
            self.conn.close()
            self.conn = None  # type: ignore[assignment]
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self):
        """The sqlite-utils view of the connection (for migrations and scripts); imported on first use, because
        sqlite-utils brings numpy and click with it and start-up does not need them."""
        if self._db is None:
            from sqlite_utils import Database
            self._db = Database(self.conn)
        return self._db

    def _pending_migrations(self) -> list[str]:
        try:
            applied = {r[0] for r in self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))}
        except sqlite3.OperationalError:  # a brand-new file
            applied = set()
        return [name for name in KNOWN_MIGRATIONS if name not in applied]

    def transaction(self, changes: Changes = NOTHING) -> Transaction:
        """One atomic change; nested calls become savepoints. Disk-full and I/O errors become a clear message, and
        the change is rolled back whole. `changes` says what the change touches: the caches that depend on it are
        dropped (see `_drop_caches`), whether it commits or not. See transaction.py."""
        return Transaction(self, changes)

    def _drop_caches(self, changes: Changes) -> None:
        """The one place that knows which caches depend on what. Dropping is always safe: each is rebuilt on use."""
        self._ahead = self._ahead_preview = None
        if changes.settings:
            self._settings_cache = None
            self._schedulers.clear()
            self._study_day = None
            self._deck_configs.clear()
        if changes.settings or changes.cards or changes.decks:
            self._previews.clear()
            self._gaps.clear()
        if changes.revlog or changes.decks:
            self._done_cache = None
            self._gaps.clear()

    def _raise_storage_error(self, exc: sqlite3.OperationalError) -> None:
        msg = str(exc)
        if disk_is_full(self.path.parent, exc):
            raise CollectionError(f"could not save: {disk_full_message(self.path.parent)}; nothing was changed",
                                  path=str(self.path)) from None
        if "disk" in msg or "I/O" in msg:
            raise CollectionError(f"could not save: {msg}; nothing was changed", path=str(self.path)) from None

    def _import_bundled(self) -> None:
        from ..takeaways import read_set
        folder = bundled_decks_dir()
        if not folder:
            return
        for path in sorted(folder.glob("*.y*ml")):
            self.import_set(read_set(path))

    # --- decks -------------------------------------------------------------------------------------------------

    def deck_id(self, name: str) -> int | None:
        row = self.conn.execute("SELECT id FROM decks WHERE name = ?", (name,)).fetchone()
        return row["id"] if row else None

    def create_deck(self, name: str) -> int:
        name = " ".join(name.split())
        if not name:
            raise StudyAppError("a deck needs a name")
        existing = self.deck_id(name)
        if existing is not None:
            return existing
        with self.transaction(Changes(decks=True)):
            cur = self.conn.execute("INSERT INTO decks(name, created) VALUES (?, ?)", (name, _ms(now_utc())))
            return int(cur.lastrowid)

    def rename_deck(self, deck_id: int, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            raise StudyAppError("a deck needs a name")
        other = self.deck_id(name)
        if other is not None and other != deck_id:
            raise StudyAppError(f"there is already a deck called {name!r}")
        old = self.conn.execute("SELECT name FROM decks WHERE id = ?", (deck_id,)).fetchone()
        if not old:
            raise StudyAppError(f"no deck with id {deck_id}")
        with self.transaction(Changes(decks=True)):
            self.conn.execute("UPDATE decks SET name = ? WHERE id = ?", (name, deck_id))
        self._push_undo(f"Rename deck to {name}", [("UPDATE decks SET name = ? WHERE id = ?", [old["name"], deck_id])])

    def delete_deck(self, deck_id: int) -> None:
        """Delete a deck with its sets, notes, cards and reviews; undo puts all of it back."""
        snapshot = self._snapshot("decks", "id = ?", [deck_id])
        if not snapshot:
            raise StudyAppError(f"no deck with id {deck_id}")
        restore = snapshot + self._snapshot("sets", "deck_id = ?", [deck_id]) + \
            self._snapshot("notes", "deck_id = ?", [deck_id]) + self._snapshot("cards", "deck_id = ?", [deck_id]) + \
            self._snapshot("revlog", "card_id IN (SELECT id FROM cards WHERE deck_id = ?)", [deck_id])
        with self.transaction(EVERYTHING):
            self.conn.execute("DELETE FROM decks WHERE id = ?", (deck_id,))
        self._push_undo("Delete deck", restore)

    # --- importing ---------------------------------------------------------------------------------------------

    def import_set(self, ts, deck_name: str | None = None, now: datetime | None = None,
                   skip_cards: set[int] | None = None, progress=None, notes=None):
        """Merge a takeaway set into its deck (one transaction); `notes` may pass cards already generated."""
        from .importer import import_set
        report = import_set(self, ts, deck_name=deck_name, now=now or now_utc(), skip_cards=skip_cards or set(),
                            progress=progress, notes=notes)
        return report

    def import_file(self, path: str | Path, deck_name: str | None = None, now: datetime | None = None):
        from ..takeaways import read_set
        ts = read_set(path)
        report = self.import_set(ts, deck_name=deck_name, now=now)
        report.warnings = list(ts.warnings) + report.warnings
        return report

    # --- backups -----------------------------------------------------------------------------------------------

    def backup(self, now: datetime | None = None, explicit: bool = False) -> Path:
        """A backup read through a connection of its own. At 100k cards it takes a fifth of a second, which the app
        spends on a job thread: on the app's connection it would hold up every query meanwhile. WAL gives it a
        consistent snapshot of what was committed, while the app goes on writing. `explicit` backups (asked for
        by the user) are kept apart from the daily rotation. Raises BackupError (one line) on failure."""
        try:
            source = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise backups.BackupError(f"backup not made ({exc})", path=str(self.path)) from None
        try:
            target = backups.write_backup(source, self.path, now, tag=backups.EXPLICIT if explicit else "")
        finally:
            source.close()
        try:
            backups.prune(self.path)
        except OSError:
            pass  # a backup that could not be deleted is tidied next time
        return target

    @staticmethod
    def restore(backup_path: str | Path | None = None, collection: str | Path | None = None, *,
                wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> Path:
        """Replace the collection with a backup, checked first (without a path: the newest backup that passes the
        check). What it replaces is first saved as a '-before-restore' backup, damaged or not, and returned."""
        from .restore import restore
        return restore(backup_path, Path(collection) if collection else default_collection_path(), wait, on_wait)

    def auto_backup(self, now: datetime | None = None) -> Path | None:
        """The day's backup, if due. A backup that fails for want of space is reported in `warnings` and does not
        stop the work (which may well fit); one that finds the collection damaged stops it (see open())."""
        if not self.backup_due(now):
            return None
        try:
            return self.backup(now)
        except backups.BackupError as exc:
            if "is damaged" in exc.message:
                raise
            self.warnings.append(str(exc))
            return None

    def backup_due(self, now: datetime | None = None) -> bool:
        """Whether the day's automatic backup is still to be made."""
        return backups.due_for_backup(self.path, now or now_utc())



def autobackup_wanted() -> bool:
    """Automatic daily backups, unless $STUDYAPP_NO_AUTOBACKUP is set (tests, screenshots, benchmarks)."""
    return not os.environ.get("STUDYAPP_NO_AUTOBACKUP")
