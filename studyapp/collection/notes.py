"""The user's own changes to notes and cards: add, edit (takeaway notes regenerate their cards, keeping their
history), delete, suspend, bury. Each is one transaction with its undo step; an edit is stamped with the caller's
`now`, and a later import of the set reports it as a conflict rather than overwriting it.

A mixin of `Collection` (collection.py); the edit itself (`regenerate_note`) is a function, so the importer and the
facade share the card generator's rules without importing each other.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import StudyAppError
from ..kinds import BLANKED_KINDS, NoteKind
from .changes import CARDS, NEXT_MOD_SQL, REVIEWS, next_mod
from .clock import ms as _ms
from .clock import now_utc

if TYPE_CHECKING:
    from .collection import Collection


class NotesMixin:
    """Adding, editing, deleting, suspending and burying (see the module's docstring)."""

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
        row = self.conn.execute("SELECT buried_until, mod FROM cards WHERE id = ?", (card_id,)).fetchone()
        if not row:
            raise StudyAppError(f"no card with id {card_id}")
        with self.transaction(CARDS):  # (mod moves: a sync sends the burial with its own time)
            self.conn.execute(f"UPDATE cards SET buried_until = ?, mod = {NEXT_MOD_SQL} WHERE id = ?",
                              (self.study_day().bounds(now)[1], _ms(now), card_id))
        self._push_undo("Bury", [("UPDATE cards SET buried_until = ?, mod = ? WHERE id = ?",
                                  [row["buried_until"], row["mod"], card_id])])

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
                              "mod) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                              (note_id, note_id, deck_id, NoteKind.BASIC.value, front, back, source, t, t))
            self.conn.execute("INSERT INTO cards(id, note_id, deck_id, ord, key, kind, prompt, answer, back, due, mod)"
                              " VALUES (?, ?, ?, 1, 'front', ?, ?, ?, ?, ?, ?)",
                              (stable_id("user-card", str(note_id)), note_id, deck_id, NoteKind.BASIC.value, front,
                               back, back,
                               next(new_positions(self.conn)), t))
        self._push_undo("Add card", [("DELETE FROM notes WHERE id = ?", [note_id])])
        return note_id

    def edit_note(self, note_id: int, text: str, extra: str | None = None, now: datetime | None = None) -> None:
        """Change a note's text. Takeaway notes regenerate their cards (history kept); a later import of the set will
        not overwrite the edit and reports the conflict instead."""
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



def regenerate_note(col: Collection, note_id: int, text: str, extra: str | None, now: datetime) -> None:
    """Apply a user's edit: takeaway notes regenerate from the edited takeaway; others change text directly. The
    edit is stamped with `now` (the caller's clock, so tests and simulations drive it)."""
    from ..cards.generate import generate
    from ..takeaways.yaml_io import load_yaml_set
    from .importer import ImportReport, ImportRun, _update_note, new_positions
    row = col.conn.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
    text = " ".join(text.split())
    if not text:
        raise StudyAppError("the note's text cannot be empty")
    t_ms = int(now.timestamp() * 1000)
    if row["kind"] in BLANKED_KINDS and row["set_id"]:
        set_row = col.conn.execute("SELECT yaml FROM sets WHERE id = ?", (row["set_id"],)).fetchone()
        ts = load_yaml_set(set_row["yaml"], f"set {row['set_id']}")
        takeaway = next((t for t in ts.takeaways if t.id == row["ref"]), None)
        if takeaway is None:
            raise StudyAppError("this note's takeaway is no longer in its set")
        takeaway.label, takeaway.text = None, text
        fresh = [n for n in generate(ts) if n.ref == row["ref"] and n.kind == row["kind"]]
        if not fresh:
            raise StudyAppError("no card can be made from that text; it needs a name, number or rare word to blank")
        note = fresh[0]
        report = ImportReport(row["deck_id"], "", row["set_id"], "")
        run = ImportRun(col.conn, row["deck_id"], row["tags"], t_ms, report, new_positions(col.conn))
        _update_note(run, note_id, note, row["import_hash"], user_edit=True)
        return
    back = " ".join((extra if extra is not None else row["extra"]).split())
    col.conn.execute(f"UPDATE notes SET text = ?, extra = ?, user_edited = 1, mod = {NEXT_MOD_SQL} WHERE id = ?",
                     (text, back, t_ms, note_id))
    col.conn.execute(f"UPDATE cards SET prompt = ?, answer = ?, back = ?, mod = {NEXT_MOD_SQL} WHERE note_id = ?",
                     (text, back, back, t_ms, note_id))

