"""The collection's schema, as an ordered list of migrations (sqlite-utils `Migrations`).

Opening a collection applies whatever is pending, each migration in its own transaction, so an older collection is
upgraded in place and a failure leaves it as it was. Never edit a released migration: add a new one.

Times are integers: milliseconds since the epoch (UTC) for events, seconds for due dates.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

APP_ID = "studyapp"
MIGRATION_SET = "studyapp"

# State of a card. New is ours: py-fsrs has no New state (a new card is Learning step 0 there).
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}

SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE decks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created INTEGER NOT NULL,
    config TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE sets (
    id TEXT PRIMARY KEY,
    deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '{}',
    yaml TEXT NOT NULL,
    imported INTEGER NOT NULL
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    gen_id INTEGER NOT NULL,
    deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    set_id TEXT REFERENCES sets(id) ON DELETE SET NULL,
    ref TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '',
    import_hash TEXT NOT NULL DEFAULT '',
    import_text TEXT NOT NULL DEFAULT '',
    user_edited INTEGER NOT NULL DEFAULT 0,
    retired INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL,
    mod INTEGER NOT NULL
);
CREATE INDEX notes_set ON notes(set_id, gen_id);
CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    prompt TEXT NOT NULL,
    answer TEXT NOT NULL,
    back TEXT NOT NULL DEFAULT '',
    context TEXT NOT NULL DEFAULT '',
    category TEXT,
    choices TEXT NOT NULL DEFAULT '[]',
    state INTEGER NOT NULL DEFAULT 0,
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due INTEGER NOT NULL DEFAULT 0,
    last_review INTEGER,
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0,
    buried_until INTEGER NOT NULL DEFAULT 0,
    retired INTEGER NOT NULL DEFAULT 0,
    flags INTEGER NOT NULL DEFAULT 0,
    mod INTEGER NOT NULL
);
CREATE INDEX cards_note ON cards(note_id);
CREATE INDEX cards_queue ON cards(deck_id, state, due) WHERE suspended = 0 AND retired = 0;
CREATE TABLE revlog (
    id INTEGER PRIMARY KEY,
    card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    time INTEGER NOT NULL,
    rating INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    state_before INTEGER NOT NULL,
    state_after INTEGER NOT NULL,
    interval_before REAL NOT NULL DEFAULT 0,
    interval_after REAL NOT NULL DEFAULT 0,
    stability_after REAL,
    difficulty_after REAL,
    due_after INTEGER NOT NULL
);
CREATE INDEX revlog_card ON revlog(card_id, time);
CREATE INDEX revlog_time ON revlog(time);
"""


def m001_initial(db: Database) -> None:
    for statement in SCHEMA_V1.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO meta(key, value) VALUES ('app', ?)", [APP_ID])


def m002_leeches_and_user_cards(db: Database) -> None:
    """Leech tagging, and notes written by the user (not from a takeaway set)."""
    db.execute("ALTER TABLE cards ADD COLUMN leech INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE notes ADD COLUMN user_note INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX cards_leech ON cards(leech) WHERE leech = 1")
    db.execute("CREATE INDEX cards_deck ON cards(deck_id, retired)")
    db.execute("CREATE INDEX cards_due ON cards(state, due) WHERE suspended = 0 AND retired = 0")  # all-decks study


def m003_followed_feeds(db: Database) -> None:
    """Followed sites: RSS/Atom feeds whose new posts can be imported; an index for the browser's default order."""
    db.execute("CREATE TABLE feeds (url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', added INTEGER NOT NULL, "
               "checked INTEGER)")
    db.execute("CREATE INDEX notes_created ON notes(created, id)")  # the browser's default order


# Each deck's count of live cards, kept by the cards table's triggers. The deck list shows it on every refresh, and
# counting it there walked every card of every deck: about 6 ms at start-up on a 100k-card collection.
DECK_TOTAL_TRIGGERS = (
    "CREATE TRIGGER cards_total_insert AFTER INSERT ON cards WHEN NEW.retired = 0 "
    "BEGIN UPDATE decks SET cards = cards + 1 WHERE id = NEW.deck_id; END",
    "CREATE TRIGGER cards_total_delete AFTER DELETE ON cards WHEN OLD.retired = 0 "
    "BEGIN UPDATE decks SET cards = cards - 1 WHERE id = OLD.deck_id; END",
    "CREATE TRIGGER cards_total_update AFTER UPDATE OF deck_id, retired ON cards "
    "WHEN OLD.deck_id != NEW.deck_id OR OLD.retired != NEW.retired BEGIN "
    "UPDATE decks SET cards = cards - 1 WHERE id = OLD.deck_id AND OLD.retired = 0; "
    "UPDATE decks SET cards = cards + 1 WHERE id = NEW.deck_id AND NEW.retired = 0; END",
)
DECK_TOTAL = "(SELECT COUNT(*) FROM cards WHERE deck_id = decks.id AND retired = 0)"
KEPT_BY_TRIGGERS = {"decks": ("cards",)}  # columns a restored row must leave to the triggers


def m004_deck_totals_and_covering_queue(db: Database) -> None:
    """Deck totals kept by triggers; the queue index also holds buried_until, so counting today's due cards skips
    buried cards in the index instead of reading each card's row. The id stays before it, so the index still gives
    the queue's order (due, id) without a sort."""
    db.execute("ALTER TABLE decks ADD COLUMN cards INTEGER NOT NULL DEFAULT 0")
    db.execute(f"UPDATE decks SET cards = {DECK_TOTAL}")
    for statement in DECK_TOTAL_TRIGGERS:
        db.execute(statement)
    db.execute("DROP INDEX cards_queue")
    db.execute("CREATE INDEX cards_queue ON cards(deck_id, state, due, id, buried_until) "
               "WHERE suspended = 0 AND retired = 0")


def m005_no_all_decks_due_index(db: Database) -> None:
    """The index on (state, due) goes: every answer and every undo rewrote two of its pages (a quarter of the pages
    an answer writes, each synced to disk at commit). Studying all decks now asks the queue index deck by deck."""
    db.execute("DROP INDEX IF EXISTS cards_due")


MIGRATIONS = (m001_initial, m002_leeches_and_user_cards, m003_followed_feeds,
              m004_deck_totals_and_covering_queue, m005_no_all_decks_due_index)  # append; never edit or reorder
KNOWN_MIGRATIONS = [m.__name__ for m in MIGRATIONS]


@lru_cache(maxsize=1)
def migrations():
    """The sqlite-utils migration set (imported only when a collection needs upgrading)."""
    from sqlite_utils.migrations import Migrations
    registry = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        registry()(fn)
    return registry
