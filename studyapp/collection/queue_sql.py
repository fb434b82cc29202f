"""The study queue's SQL, built once per shape: every card shown runs one of these statements, and sqlite3 keeps
them prepared by their text. Used by queue.py."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

CARD_COLUMNS = ("id, note_id, deck_id, kind, prompt, answer, back, context, category, choices, state, step, stability,"
                " difficulty, due, last_review, reps, lapses, suspended, buried_until, retired, leech, flags, mod")
# What answering a card writes to its row (besides leech and suspended, for a leech), and the statements that do.
ANSWER_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses", "mod")
ANSWER_SQL = {leech: "UPDATE cards SET " + ", ".join(f"{c} = ?" for c in ANSWER_COLUMNS + (
    ("leech", "suspended") if leech else ())) + " WHERE id = ?" for leech in (False, True)}
# The same, only if the row's modification time is still the one given (the row as shown is the row as stored).
ANSWER_SQL_IF_UNCHANGED = {leech: sql + " AND mod = ?" for leech, sql in ANSWER_SQL.items()}
# What answer() reads of a card and its siblings: what it needs, and what its undo puts back.
ANSWER_READ = ("id", "deck_id", "buried_until", "leech", "suspended") + ANSWER_COLUMNS
ANSWER_READ_SQL = f"SELECT {', '.join(ANSWER_READ)} FROM cards WHERE note_id = ?"
# A card with its note's source in one statement (the review screen shows both), and whether its note has other
# cards (answering buries them; a card with none is answered without reading it again: see QueueMixin.answer).
CARD_NAMES = tuple(name.strip() for name in CARD_COLUMNS.split(","))
CARD_ROW_NAMES = CARD_NAMES + ("note_source", "siblings")
CARD_SELECT = ("SELECT " + ", ".join(f"c.{name}" for name in CARD_NAMES) +
               ", n.source AS note_source, EXISTS(SELECT 1 FROM cards s INDEXED BY cards_note "
               "WHERE s.note_id = c.note_id AND s.id != c.id) AS siblings "
               "FROM cards c JOIN notes n ON n.id = c.note_id")


def split_queries(queries: list[tuple[str, list[Any]] | None]) -> tuple[tuple[str | None, ...], list[Any]]:
    """The queries' WHERE texts (None for None) and all their parameters in order."""
    params: list[Any] = []
    for query in queries:
        if query is not None:
            params += query[1]
    return tuple(q[0] if q is not None else None for q in queries), params


@lru_cache(maxsize=64)
def queue_head_sql(where: str | None) -> str:
    """A subquery giving the id of the first queued card matching `where` ("NULL" for None). The queue index
    answers it per deck; across decks, each deck's first and then the first of those (the collection keeps no index
    on state and due alone: every answer would rewrite it; see schema.py)."""
    if where is None:
        return "NULL"
    if "deck_id = ?" in where:
        return f"(SELECT id FROM cards INDEXED BY cards_queue WHERE {where} LIMIT 1)"
    return (f"(SELECT c.id FROM decks d, cards c WHERE c.id = (SELECT id FROM cards INDEXED BY cards_queue WHERE "
            f"deck_id = d.id AND {where} LIMIT 1) ORDER BY c.due, c.id LIMIT 1)")


@lru_cache(maxsize=64)
def firsts_sql(texts: tuple[str | None, ...]) -> str:
    return f"SELECT {', '.join(queue_head_sql(t) for t in texts)}"


@lru_cache(maxsize=64)
def first_card_sql(texts: tuple[str, ...]) -> str:
    columns = [queue_head_sql(t) for t in texts]
    chosen = f"COALESCE({', '.join(columns)})" if len(columns) > 1 else columns[0]
    return f"{CARD_SELECT} WHERE c.id = {chosen}"
