"""Read-only queries the views use: the browser's search and counts, a note and its editable text, a deck's
takeaway set, a card's review log and recall. A mixin of `Collection` (collection.py).
"""

from __future__ import annotations

from datetime import datetime

from ..errors import StudyAppError
from ..kinds import BLANKED_KINDS
from .clock import now_utc
from .queue import StudyCard
from .scheduling import retrievability


class ViewsMixin:
    """Queries for the browser, the editor and the statistics (see the module's docstring)."""

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
        return note["extra"] if note["kind"] in BLANKED_KINDS else note["text"]

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
