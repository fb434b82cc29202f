"""The `Collection` facade: the one API the GUI, the command line, tests and scripts use.

Every change is one transaction. Opening validates the file read-only before anything writes to it, takes a
one-writer lock, upgrades the schema in transactions, and makes a daily backup. Every method that depends on the
time takes `now` (an aware datetime) so tests and simulations can drive the clock.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import CollectionError, StudyAppError
from . import backup as backups
from .changes import CARDS, EVERYTHING, NOTHING, REVIEWS, SETTINGS, Changes, next_mod
from .create import build_collection, build_new, mark_created
from .disk import disk_full_message, disk_is_full
from .lock import DEFAULT_WAIT, CollectionLock
from .paths import bundled_decks_dir, default_collection_path
from .regenerate import regenerate_if_stale
from .schema import KEPT_BY_TRIGGERS, KNOWN_MIGRATIONS, MIGRATION_SET, REVIEW
from .validate import validate_file
from .scheduling import NextState, SchedulerConfig, StudyDay, next_states, retrievability
from .settings import SCHEDULER_SETTINGS, check_settings, read_settings, stored_settings

LEARN_AHEAD = timedelta(minutes=20)

def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def _ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


@dataclass
class DeckInfo:
    id: int
    name: str
    new: int
    learning: int
    due: int
    total: int
    set_id: str | None = None


@dataclass
class StudyCard:
    """A card as the review screen needs it."""

    id: int
    note_id: int
    deck_id: int
    kind: str
    prompt: str
    answer: str
    back: str
    context: str
    category: str | None
    choices: list[str]
    state: int
    due: int
    reps: int
    lapses: int
    mod: int
    source: dict
    row: dict = field(repr=False, default_factory=dict)


@dataclass
class AnswerResult:
    card_id: int
    rating: int
    next_due: int
    interval_seconds: float
    leech: bool = False


@dataclass
class _Undo:
    description: str
    restore: list[tuple[str, list]]  # SQL statements to run, in order, in one transaction


CARD_COLUMNS = ("id, note_id, deck_id, kind, prompt, answer, back, context, category, choices, state, step, stability,"
                " difficulty, due, last_review, reps, lapses, suspended, buried_until, retired, leech, flags, mod")
# A card with its note's source in one statement (the review screen shows both).
CARD_NAMES = tuple(name.strip() for name in CARD_COLUMNS.split(","))
CARD_SELECT = ("SELECT " + ", ".join(f"c.{name}" for name in CARD_NAMES) +
               ", n.source AS note_source FROM cards c JOIN notes n ON n.id = c.note_id")


class Collection:
    def __init__(self, path: Path, conn: sqlite3.Connection, lock: CollectionLock | None) -> None:
        self.path = path
        self.conn = conn
        self._db = None
        self._lock = lock
        self._undo: list[_Undo] = []
        self._previews: dict[tuple[int, int], dict[int, NextState]] = {}
        self._settings_cache: dict[str, Any] | None = None
        self._schedulers: dict[tuple, Any] = {}  # by the scheduler settings' values
        self._study_day: StudyDay | None = None
        self._deck_configs: dict[int | None, dict[str, Any]] = {}
        self._done_cache: tuple[int, dict[int, list[int]]] | None = None
        self._gaps: dict[tuple[int | None, int], int] = {}
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
                build_new(path, lambda tmp: build_collection(cls, tmp, bundled))
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=0.5)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            # Durable like Anki's: with FULL, an answer the user saw confirmed survives a power cut (NORMAL may lose
            # the last commits). It costs one sync of the log per commit; bench/collection_bench.py compares both.
            conn.execute("PRAGMA synchronous = FULL")
            # Every answer is its own commit. Checkpointing the log into the file every 4,000 pages (16 MB) rather
            # than SQLite's default 1,000 copies hot pages back less often: about a tenth off each answer, and the
            # occasional checkpoint stays well under the 100 ms a user would notice. close() empties the log.
            conn.execute("PRAGMA wal_autocheckpoint = 4000")
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

    @contextmanager
    def transaction(self, changes: Changes = NOTHING) -> Iterator[sqlite3.Connection]:
        """One atomic change; nested calls become savepoints (as sqlite-utils' atomic() does). Disk-full and I/O
        errors become a clear message, and the change is rolled back whole. `changes` says what the change touches:
        the caches that depend on it are dropped (see `_drop_caches`), whether it commits or not."""
        try:
            with self._transaction() as conn:
                yield conn
        finally:
            if changes != NOTHING:
                self._drop_caches(changes)

    def _drop_caches(self, changes: Changes) -> None:
        """The one place that knows which caches depend on what. Dropping is always safe: each is rebuilt on use."""
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

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        nested = conn.in_transaction
        name = f"sp_{id(conn)}_{len(self._undo)}"
        conn.execute(f"SAVEPOINT {name}" if nested else "BEGIN")
        try:
            yield conn
        except BaseException as exc:
            if conn.in_transaction:
                if nested:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                else:
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                self._raise_storage_error(exc)
            raise
        else:
            try:
                conn.execute(f"RELEASE SAVEPOINT {name}" if nested else "COMMIT")
            except sqlite3.OperationalError as exc:
                if conn.in_transaction and not nested:
                    conn.execute("ROLLBACK")
                self._raise_storage_error(exc)
                raise

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

    # --- settings ----------------------------------------------------------------------------------------------

    @staticmethod
    def stored_settings(path: Path) -> dict[str, Any]:
        """The settings of the collection at `path` without opening it (see settings.stored_settings)."""
        return stored_settings(path)

    def settings(self) -> dict[str, Any]:
        if self._settings_cache is None:
            self._settings_cache = read_settings(self.conn)
        return dict(self._settings_cache)

    def set_settings(self, **values: Any) -> None:
        check_settings(values)
        with self.transaction(SETTINGS):
            for key, value in values.items():
                self.conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                                  "value = excluded.value", (key, json.dumps(value)))

    def deck_config(self, deck_id: int | None) -> dict[str, Any]:
        """The settings as they apply to a deck (its own overrides on top); cached until anything changes them."""
        return dict(self._config(deck_id))

    def _config(self, deck_id: int | None) -> dict[str, Any]:
        """deck_config() without the copy, for reading on the hot paths (next card, answer). Do not modify."""
        cached = self._deck_configs.get(deck_id)
        if cached is None:
            cached = self.settings()
            if deck_id is not None:
                row = self.conn.execute("SELECT config FROM decks WHERE id = ?", (deck_id,)).fetchone()
                if row:
                    cached.update(json.loads(row["config"]))
            self._deck_configs[deck_id] = cached
        return cached

    def set_deck_config(self, deck_id: int, **values: Any) -> None:
        """Set a deck's own values (DECK_SETTINGS) over the global ones; anything else is refused in one line."""
        check_settings(values, deck=True)
        row = self.conn.execute("SELECT config FROM decks WHERE id = ?", (deck_id,)).fetchone()
        if not row:
            raise StudyAppError(f"no deck with id {deck_id}")
        config = {**json.loads(row["config"]), **values}
        with self.transaction(SETTINGS):
            self.conn.execute("UPDATE decks SET config = ? WHERE id = ?", (json.dumps(config), deck_id))

    def scheduler(self, deck_id: int | None = None):
        """The FSRS scheduler for the settings that apply to a deck (its own over the global ones); one is built per
        distinct configuration, and again only after the settings change."""
        cfg = self._config(deck_id)
        key = tuple(json.dumps(cfg[k]) for k in SCHEDULER_SETTINGS)
        scheduler = self._schedulers.get(key)
        if scheduler is None:
            scheduler = SchedulerConfig(desired_retention=cfg["desired_retention"],
                                        learning_steps=list(cfg["learning_steps"]),
                                        relearning_steps=list(cfg["relearning_steps"]),
                                        maximum_interval=cfg["maximum_interval"], fuzz=cfg["fuzz"],
                                        parameters=cfg["fsrs_parameters"]).scheduler()
            self._schedulers[key] = scheduler
        return scheduler

    def study_day(self) -> StudyDay:
        if self._study_day is None:
            s = self.settings()
            self._study_day = StudyDay(s["rollover_hour"], s["timezone"])
        return self._study_day

    # --- decks -------------------------------------------------------------------------------------------------

    def deck_id(self, name: str) -> int | None:
        row = self.conn.execute("SELECT id FROM decks WHERE name = ?", (name,)).fetchone()
        return row["id"] if row else None

    def decks(self, now: datetime | None = None) -> list[DeckInfo]:
        """Every deck with its New / Learning / Due counts for today (limits applied) and its total."""
        now = now or now_utc()
        day = self.study_day()
        start, end = day.bounds(now)
        t = int(now.timestamp())
        done = self._done_today(start)
        # Pinned to the queue index: left to itself the planner may walk a whole deck to count its new cards.
        queue = "FROM cards INDEXED BY cards_queue WHERE deck_id = ? AND suspended = 0 AND retired = 0"
        out = []
        for d in self.conn.execute("SELECT d.id, d.name, d.cards, (SELECT id FROM sets WHERE deck_id = d.id LIMIT 1)"
                                   " AS set_id FROM decks d ORDER BY d.name COLLATE NOCASE").fetchall():
            cfg = self._config(d["id"])
            new_done, rev_done = done.get(d["id"], (0, 0))
            new_left = max(0, cfg["new_per_day"] - new_done)
            rev_left = max(0, cfg["reviews_per_day"] - rev_done)
            # Counts are capped by the day's limits, so each query stops early inside the queue index.
            new = self.conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 {queue} AND state = 0 AND buried_until <= ? "
                                    "LIMIT ?)", (d["id"], t, new_left)).fetchone()[0]
            learning = self.conn.execute(f"SELECT COUNT(*) {queue} AND state IN (1, 3) AND due < ?",
                                         (d["id"], end)).fetchone()[0]
            due = self.conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 {queue} AND state = 2 AND due < ? "
                                    "AND buried_until <= ? LIMIT ?)", (d["id"], end, t, rev_left)).fetchone()[0]
            out.append(DeckInfo(id=d["id"], name=d["name"], new=new, learning=learning, due=due, total=d["cards"],
                                set_id=d["set_id"]))
        return out

    def _done_today(self, start: int) -> dict[int, list[int]]:
        """Per deck: (new cards introduced, reviews answered) since the day started.

        Read from the review log once per study day, then kept up to date by answer(); anything else that changes
        the log (undo, import, deletion) drops it, so it is read again."""
        if self._done_cache is None or self._done_cache[0] != start:
            counts = {r["deck_id"]: [r["new"] or 0, r["rev"] or 0] for r in self.conn.execute(
                "SELECT c.deck_id, COUNT(DISTINCT CASE WHEN r.state_before = 0 THEN r.card_id END) AS new,"
                " SUM(r.state_before = 2) AS rev FROM revlog r JOIN cards c ON c.id = r.card_id WHERE r.time >= ? "
                "GROUP BY c.deck_id", (start * 1000,))}
            self._done_cache = (start, counts)
        return self._done_cache[1]  # read-only for callers: answer() keeps it current

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

    # --- studying ----------------------------------------------------------------------------------------------

    def next_card(self, deck_id: int | None = None, now: datetime | None = None) -> StudyCard | None:
        """Learning cards due now, then today's reviews with new cards mixed in (within the daily limits)."""
        now = now or now_utc()
        t = int(now.timestamp())
        day = self.study_day()
        start, end = day.bounds(now)
        where = "suspended = 0 AND retired = 0 AND buried_until <= ?"
        params: list[Any] = [t]
        if deck_id is not None:
            where += " AND deck_id = ?"
            params.append(deck_id)
        cfg = self._config(deck_id)
        done = self._done_today(start)
        if deck_id is None:
            new_done = sum(v[0] for v in done.values())
            rev_done = sum(v[1] for v in done.values())
        else:
            new_done, rev_done = done.get(deck_id, (0, 0))
        # The first learning card due now, the first review due today and the first new card, in one statement
        # (a queue index answers each part; one round trip costs less than three).
        learning, review, new = self._firsts([
            (f"{where} AND state IN (1, 3) AND due <= ? ORDER BY due, id", params + [t]),
            (f"{where} AND state = 2 AND due < ? ORDER BY due, id", params + [end])
            if rev_done < cfg["reviews_per_day"] else None,
            (f"{where} AND state = 0 ORDER BY due, id", params) if new_done < cfg["new_per_day"] else None])
        if learning:
            return self.card(learning)
        if review and new:
            gap = self._new_card_gap(deck_id, start, where, params, end, cfg, new_done, rev_done)
            return self.card(new if (rev_done + new_done) % (gap + 1) == gap else review)
        if review or new:
            return self.card(review or new)
        ahead = self._first(f"{where} AND state IN (1, 3) AND due <= ? ORDER BY due, id",
                            params + [t + int(LEARN_AHEAD.total_seconds())])
        return self.card(ahead) if ahead else None

    def _new_card_gap(self, deck_id, start, where, params, end, cfg, new_done, rev_done) -> int:
        """Reviews between two new cards, so the day's new cards spread through its reviews. Worked out once per
        deck and day, as Anki does when it builds its queue: counting the due reviews on every card would cost
        more than the rest of answering."""
        key = (deck_id, start)
        if key not in self._gaps:
            rev_left = max(0, cfg["reviews_per_day"] - rev_done)
            index = "INDEXED BY cards_queue" if deck_id is not None else ""
            due = self.conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM cards {index} WHERE {where} AND state = 2 "
                                    "AND due < ? LIMIT ?)", params + [end, rev_left]).fetchone()[0]
            self._gaps[key] = max(1, due // max(1, cfg["new_per_day"] - new_done))
        return self._gaps[key]

    def _first(self, where: str, params: list[Any]) -> int | None:
        """The id of the first queued card matching `where`."""
        return self._firsts([(where, params)])[0]

    def _firsts(self, queries: list[tuple[str, list[Any]] | None]) -> list[int | None]:
        """The id of the first queued card for each (where, params), in one statement; None where the query is
        None or nothing matches."""
        columns, params = [], []
        for query in queries:
            if query is None:
                columns.append("NULL")
                continue
            # Per deck, the queue index answers every one of these; across all decks the planner chooses.
            index = "INDEXED BY cards_queue" if "deck_id = ?" in query[0] else ""
            columns.append(f"(SELECT id FROM cards {index} WHERE {query[0]} LIMIT 1)")
            params += query[1]
        cur = self.conn.cursor()
        cur.row_factory = None
        return list(cur.execute(f"SELECT {', '.join(columns)}", params).fetchone())

    def card(self, card_id: int) -> StudyCard:
        fields = self._card_fields(f"{CARD_SELECT} WHERE c.id = ?", card_id)
        if not fields:
            raise StudyAppError(f"no card with id {card_id}")
        source = fields.pop("note_source")
        return StudyCard(id=card_id, note_id=fields["note_id"], deck_id=fields["deck_id"], kind=fields["kind"],
                         prompt=fields["prompt"], answer=fields["answer"], back=fields["back"],
                         context=fields["context"], category=fields["category"],
                         choices=json.loads(fields["choices"]), state=fields["state"], due=fields["due"],
                         reps=fields["reps"], lapses=fields["lapses"], mod=fields["mod"],
                         source=json.loads(source) if source else {}, row=fields)

    def _card_fields(self, sql: str, card_id: int) -> dict[str, Any] | None:
        """One card's columns (CARD_NAMES, then note_source if selected) as a dict."""
        rows = self._card_rows(sql, card_id)
        return rows[0] if rows else None

    def _card_rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """Cards' columns (CARD_NAMES, then note_source if selected) as dicts. Reading plain tuples and naming them
        here is several times faster than sqlite3.Row's by-name lookups, and this runs for every card shown and
        answered."""
        cur = self.conn.cursor()
        cur.row_factory = None
        out = []
        for row in cur.execute(sql, params):
            fields = dict(zip(CARD_NAMES, row))
            if len(row) > len(CARD_NAMES):
                fields["note_source"] = row[-1]
            out.append(fields)
        return out

    def preview(self, card: StudyCard, now: datetime | None = None) -> dict[int, NextState]:
        """The four next states (rating -> state with its interval label); answer() stores exactly these."""
        key = (card.id, card.mod)
        if key not in self._previews:
            self._previews = {k: v for k, v in self._previews.items() if k[0] != card.id}
            self._previews[key] = next_states(self.scheduler(card.deck_id), card.id, card.row, now or now_utc())
        return self._previews[key]

    def answer(self, card: StudyCard, rating: int, now: datetime | None = None,
               duration_ms: int | None = None) -> AnswerResult:
        """Apply a rating (1 Again, 2 Hard, 3 Good, 4 Easy): the card and its review-log row in one transaction."""
        if rating not in (1, 2, 3, 4):
            raise StudyAppError(f"rating must be 1-4, not {rating!r}")
        now = now or now_utc()
        day_start, day_end = self.study_day().bounds(now)
        with self.transaction():
            # The card and its siblings (to bury) in one read.
            note_cards = self._card_rows(f"SELECT {CARD_COLUMNS} FROM cards WHERE note_id = "
                                         "(SELECT note_id FROM cards WHERE id = ?)", card.id)
            before = next((r for r in note_cards if r["id"] == card.id), None)
            if before is None:
                raise StudyAppError(f"no card with id {card.id}")
            if before["mod"] != card.mod:  # changed since it was shown (edited elsewhere): start from what is stored
                card = self.card(card.id)
            siblings = [r for r in note_cards if r["id"] != card.id and r["state"] in (0, REVIEW)
                        and r["buried_until"] < day_end]
            chosen = self.preview(card, now)[rating]
            after = chosen.fields
            lapse = rating == 1 and before["state"] == REVIEW
            lapses = before["lapses"] + (1 if lapse else 0)
            threshold = self._config(before["deck_id"])["leech_threshold"]
            # Tagged at the threshold, and again every half-threshold lapses after (as Anki does).
            leech = lapse and lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0
            t_ms = _ms(now)
            interval_before = (before["due"] - before["last_review"]) / 86400 if before["last_review"] else 0.0
            interval_after = (after["due"] - int(now.timestamp())) / 86400
            mod = next_mod(before["mod"], t_ms)
            self.conn.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, "
                "reps = reps + 1, lapses = ?, leech = leech OR ?, suspended = suspended OR ?, mod = ? WHERE id = ?",
                (after["state"], after["step"], after["stability"], after["difficulty"], after["due"],
                 after["last_review"], lapses, int(leech), int(leech), mod, card.id))
            cur = self.conn.execute(
                "INSERT INTO revlog(card_id, time, rating, duration_ms, state_before, state_after, interval_before, "
                "interval_after, stability_after, difficulty_after, due_after) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (card.id, t_ms, rating, int(duration_ms or 0), before["state"], after["state"], interval_before,
                 interval_after, after["stability"], after["difficulty"], after["due"]))
            revlog_id = cur.lastrowid
            if siblings:
                self.conn.execute(f"UPDATE cards SET buried_until = ? WHERE id IN "
                                  f"({','.join('?' * len(siblings))})", [day_end, *[s['id'] for s in siblings]])
        self._previews.pop((card.id, card.mod), None)
        if self._done_cache is not None and self._done_cache[0] == day_start and before["state"] in (0, REVIEW):
            counts = self._done_cache[1].setdefault(before["deck_id"], [0, 0])
            counts[0 if before["state"] == 0 else 1] += 1
        restore: list[tuple[str, list]] = [("DELETE FROM revlog WHERE id = ?", [revlog_id]),
                                           _update_sql("cards", before, "id")]
        restore += [("UPDATE cards SET buried_until = ? WHERE id = ?", [s["buried_until"], s["id"]]) for s in siblings]
        self._push_undo("Answer card", restore)
        return AnswerResult(card.id, rating, after["due"], chosen.interval_seconds, leech=bool(leech))

    # --- undo --------------------------------------------------------------------------------------------------

    def _push_undo(self, description: str, restore: list[tuple[str, list]]) -> None:
        self._undo.append(_Undo(description, restore))
        del self._undo[:-50]

    def undo_description(self) -> str | None:
        return self._undo[-1].description if self._undo else None

    def undo(self) -> str | None:
        """Undo the last change made through this Collection; returns what was undone, or None."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        with self.transaction(EVERYTHING):
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

    # --- user changes ------------------------------------------------------------------------------------------

    def suspend(self, card_ids: list[int], suspended: bool = True) -> None:
        rows = self.conn.execute(f"SELECT id, suspended, mod FROM cards WHERE id IN ({','.join('?' * len(card_ids))})",
                                 card_ids).fetchall()
        t = _ms(now_utc())
        with self.transaction(CARDS):
            for r in rows:
                self.conn.execute("UPDATE cards SET suspended = ?, mod = ? WHERE id = ?",
                                  (int(suspended), next_mod(r["mod"], t), r["id"]))
        self._push_undo("Suspend" if suspended else "Unsuspend",
                        [("UPDATE cards SET suspended = ?, mod = ? WHERE id = ?", [r["suspended"], r["mod"], r["id"]])
                         for r in rows])

    def bury(self, card_id: int, now: datetime | None = None) -> None:
        now = now or now_utc()
        row = self.conn.execute("SELECT buried_until FROM cards WHERE id = ?", (card_id,)).fetchone()
        if not row:
            raise StudyAppError(f"no card with id {card_id}")
        with self.transaction(CARDS):
            self.conn.execute("UPDATE cards SET buried_until = ? WHERE id = ?",
                              (self.study_day().bounds(now)[1], card_id))
        self._push_undo("Bury", [("UPDATE cards SET buried_until = ? WHERE id = ?", [row["buried_until"], card_id])])

    def delete_note(self, note_id: int) -> None:
        restore = self._snapshot("notes", "id = ?", [note_id]) + self._snapshot("cards", "note_id = ?", [note_id]) + \
            self._snapshot("revlog", "card_id IN (SELECT id FROM cards WHERE note_id = ?)", [note_id])
        if not restore:
            raise StudyAppError(f"no note with id {note_id}")
        with self.transaction(REVIEWS):
            self.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        self._push_undo("Delete note", restore)

    def add_note(self, deck_id: int, front: str, back: str, now: datetime | None = None) -> int:
        """A card of the user's own (question and answer), kept across re-imports of the deck's set."""
        from ..cards.model import stable_id
        from .importer import new_positions
        front, back = front.strip(), back.strip()
        if not front or not back:
            raise StudyAppError("a card needs both a question and an answer")
        t = _ms(now or now_utc())
        note_id = stable_id("user", str(deck_id), front, str(t))
        source = json.dumps({"set_title": "", "section": "My cards", "text": "", "url": None})
        with self.transaction(CARDS):
            self.conn.execute("INSERT INTO notes(id, gen_id, deck_id, kind, text, extra, source, user_note, created, "
                              "mod) VALUES (?, ?, ?, 'basic', ?, ?, ?, 1, ?, ?)",
                              (note_id, note_id, deck_id, front, back, source, t, t))
            self.conn.execute("INSERT INTO cards(id, note_id, deck_id, ord, key, kind, prompt, answer, back, due, mod)"
                              " VALUES (?, ?, ?, 1, 'front', 'basic', ?, ?, ?, ?, ?)",
                              (stable_id("user-card", str(note_id)), note_id, deck_id, front, back, back,
                               next(new_positions(self.conn)), t))
        self._push_undo("Add card", [("DELETE FROM notes WHERE id = ?", [note_id])])
        return note_id

    def edit_note(self, note_id: int, text: str, extra: str | None = None, now: datetime | None = None) -> None:
        """Change a note's text. Takeaway notes regenerate their cards (history kept); a later import of the set will
        not overwrite the edit and reports the conflict instead."""
        from .importer import regenerate_note
        before_ids = [r["id"] for r in self.conn.execute("SELECT id FROM cards WHERE note_id = ?", (note_id,))]
        restore = self._restore_updates("notes", "id = ?", [note_id]) + \
            self._restore_updates("cards", "note_id = ?", [note_id])
        if not restore:
            raise StudyAppError(f"no note with id {note_id}")
        with self.transaction(CARDS):
            regenerate_note(self, note_id, text, extra, now or now_utc())
        placeholders = ",".join("?" * len(before_ids)) or "NULL"
        self._push_undo("Edit note", [(f"DELETE FROM cards WHERE note_id = ? AND id NOT IN ({placeholders})",
                                       [note_id, *before_ids])] + restore)

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

    # --- queries used by views ---------------------------------------------------------------------------------

    def search_cards(self, query: str = "", order: str = "created", descending: bool = False, limit: int = 200,
                     offset: int = 0, now: datetime | None = None) -> list[dict]:
        """One page of cards matching a browser search, with deck name and note fields."""
        from .search import SORT_COLUMNS, compile_query
        now = now or now_utc()
        where, params = compile_query(query, now, self.study_day().bounds(now)[1])
        direction = "DESC" if descending else "ASC"
        columns = ("c.id, c.note_id, c.kind, c.prompt, c.answer, c.state, c.step, c.due, c.stability, c.difficulty, "
                   "c.last_review, c.lapses, c.reps, c.suspended, c.leech, c.retired, d.name AS deck, n.tags, n.extra")
        if order not in SORT_COLUMNS or order == "created":
            # The default order walks notes by their index and stops after one page (under a millisecond on
            # 100k cards), instead of sorting every match.
            sql = (f"SELECT {columns} FROM notes n INDEXED BY notes_created CROSS JOIN cards c ON c.note_id = n.id "
                   f"JOIN decks d ON d.id = c.deck_id WHERE {where} "
                   f"ORDER BY n.created {direction}, n.id {direction} LIMIT ? OFFSET ?")
        else:
            sql = (f"SELECT {columns} FROM cards c JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = c.deck_id "
                   f"WHERE {where} ORDER BY {SORT_COLUMNS[order]} {direction}, c.id LIMIT ? OFFSET ?")
        return [dict(r) for r in self.conn.execute(sql, [*params, limit, offset])]

    def count_cards(self, query: str = "", now: datetime | None = None) -> int:
        from .search import compile_query
        now = now or now_utc()
        where, params = compile_query(query, now, self.study_day().bounds(now)[1])
        # Join only what the filters use: counting 100k cards through two joins costs a visible pause.
        joins = (" JOIN notes n ON n.id = c.note_id" if "n." in where else "") + \
            (" JOIN decks d ON d.id = c.deck_id" if "d." in where else "")
        return self.conn.execute(f"SELECT COUNT(*) FROM cards c{joins} WHERE {where}", params).fetchone()[0]

    def note(self, note_id: int) -> dict:
        row = self.conn.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
        if not row:
            raise StudyAppError(f"no note with id {note_id}")
        return dict(row)

    def editable_text(self, note_id: int) -> str:
        """The text edit_note() takes for this note: a takeaway note's takeaway, otherwise its question."""
        note = self.note(note_id)
        return note["extra"] if note["kind"] in ("cloze", "list") else note["text"]

    def takeaway_set(self, deck_id: int):
        """The takeaway set a deck was imported from (as last imported), or None."""
        from ..takeaways.yaml_io import load_yaml_set
        row = self.conn.execute("SELECT id, yaml FROM sets WHERE deck_id = ? ORDER BY imported DESC LIMIT 1",
                                (deck_id,)).fetchone()
        return load_yaml_set(row["yaml"], f"set {row['id']}") if row else None

    def next_due_time(self, deck_id: int | None = None) -> int | None:
        sql = "SELECT MIN(due) FROM cards WHERE suspended = 0 AND retired = 0 AND state != 0"
        params: list = []
        if deck_id is not None:
            sql += " AND deck_id = ?"
            params.append(deck_id)
        return self.conn.execute(sql, params).fetchone()[0]

    def card_retrievability(self, card: StudyCard, now: datetime | None = None) -> float | None:
        return retrievability(self.scheduler(card.deck_id), card.row, now or now_utc())

    def review_log(self, card_id: int) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM revlog WHERE card_id = ? ORDER BY time, id",
                                                  (card_id,))]


def autobackup_wanted() -> bool:
    """Automatic daily backups, unless $STUDYAPP_NO_AUTOBACKUP is set (tests, screenshots, benchmarks)."""
    return not os.environ.get("STUDYAPP_NO_AUTOBACKUP")


def _update_sql(table: str, row: dict, key: str) -> tuple[str, list]:
    """An UPDATE that puts `row` back as it is (for undo). Every answer makes one, always with the same columns,
    so the statement's text is built once per shape."""
    cols = tuple(c for c in row if c != key)
    return _update_text(table, cols, key), [row[c] for c in cols] + [row[key]]


@lru_cache(maxsize=64)
def _update_text(table: str, cols: tuple[str, ...], key: str) -> str:
    return f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in cols)} WHERE {key} = ?"
