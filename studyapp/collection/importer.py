"""Merging a takeaway set into the collection, keeping every review.

Notes are matched to what is stored first by generated id (a takeaway whose YAML id is unchanged), then by fuzzy
similarity of their source text (rapidfuzz), so a typo fix in a post imported from Markdown or text still updates the
same note and keeps its cards' history. Cards within a note are matched by key, then by fuzzy similarity of the
answer. Unchanged notes are not touched; vanished ones are retired (suspended, never deleted); a note the user edited
is left alone and reported as a conflict. It all happens in one transaction: a failure changes nothing.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ..cards.generate import generate
from ..cards.model import Card, Note
from ..takeaways.model import TakeawaySet, slugify
from ..takeaways.yaml_io import dump_yaml_set
from .changes import EVERYTHING, NEXT_MOD_SQL

if TYPE_CHECKING:
    from .collection import Collection

NOTE_MATCH = 85.0  # rapidfuzz ratio (0-100) for "the same takeaway, edited"
CARD_MATCH = 80.0


@dataclass
class ImportReport:
    deck_id: int
    deck_name: str
    set_id: str
    title: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    cards_added: int = 0
    cards_retired: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged",
                 f"{len(self.retired)} retired"]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} kept as you edited them")
        return f"{self.title} -> deck {self.deck_name!r}: notes " + ", ".join(parts)

    def to_json(self) -> dict:
        return {"deck": self.deck_name, "deck_id": self.deck_id, "set_id": self.set_id, "title": self.title,
                "added": self.added, "updated": self.updated, "unchanged": self.unchanged, "retired": self.retired,
                "conflicts": self.conflicts, "cards_added": self.cards_added, "cards_retired": self.cards_retired,
                "warnings": self.warnings}


@dataclass
class ImportRun:
    """What every note written by one import (or one edit) shares: where, when, and what it reports."""

    conn: sqlite3.Connection
    deck_id: int
    tags: str
    t_ms: int
    report: ImportReport
    positions: itertools.count  # the next places in the new-card queue
    skip: set[int] = field(default_factory=set)  # card ids the user chose to leave out: added suspended


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def note_hash(note: Note) -> str:
    payload = json.dumps([note.kind, note.text, note.extra, [[c.key, c.prompt, c.answer, c.back, c.context]
                                                             for c in note.cards]], ensure_ascii=False)
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def _source_json(note: Note) -> str:
    s = note.source
    return json.dumps({"set_title": s.set_title, "section": s.section, "text": s.text, "url": s.url},
                      ensure_ascii=False)


def import_set(col: Collection, ts: TakeawaySet, *, deck_name: str | None, now: datetime,
               skip_cards: set[int], progress=None, notes: list[Note] | None = None) -> ImportReport:
    from rapidfuzz import fuzz
    notes = notes if notes is not None else generate(ts)
    t_ms = int(now.timestamp() * 1000)
    conn = col.conn
    with col.transaction(EVERYTHING):
        existing_set = conn.execute("SELECT deck_id FROM sets WHERE id = ?", (ts.id,)).fetchone()
        if existing_set:
            deck_id = existing_set["deck_id"]
        else:
            name = " ".join((deck_name or ts.title).split())
            row = conn.execute("SELECT id FROM decks WHERE name = ?", (name,)).fetchone()
            deck_id = row["id"] if row else conn.execute("INSERT INTO decks(name, created) VALUES (?, ?)",
                                                         (name, t_ms)).lastrowid
        deck = conn.execute("SELECT name FROM decks WHERE id = ?", (deck_id,)).fetchone()["name"]
        report = ImportReport(deck_id=deck_id, deck_name=deck, set_id=ts.id, title=ts.title)
        conn.execute("INSERT INTO sets(id, deck_id, title, source, yaml, imported) VALUES (?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT(id) DO UPDATE SET title = excluded.title, source = excluded.source, "
                     "yaml = excluded.yaml, imported = excluded.imported",
                     (ts.id, deck_id, ts.title, json.dumps(ts.source.__dict__, ensure_ascii=False),
                      dump_yaml_set(ts, for_storage=True), t_ms))
        stored = {r["id"]: dict(r) for r in conn.execute(
            "SELECT id, gen_id, kind, text, extra, import_text, import_hash, user_edited, retired FROM notes "
            "WHERE set_id = ? AND user_note = 0", (ts.id,))}
        by_gen = {r["gen_id"]: r for r in stored.values()}
        matched: dict[int, dict] = {}  # incoming note id -> stored row
        unmatched_stored = dict(stored)
        leftovers = []
        for note in notes:
            row = by_gen.get(note.id)
            if row is not None and row["id"] in unmatched_stored:
                matched[note.id] = row
                del unmatched_stored[row["id"]]
            else:
                leftovers.append(note)
        for note in leftovers:  # edited takeaways: the same note if the text is close enough
            best, best_score = None, 0.0
            for row in unmatched_stored.values():
                if row["kind"] != note.kind:
                    continue
                # Compare with the text as last imported, not as the user may have edited it since.
                score = fuzz.ratio(_norm(note.extra + " " + note.text), _norm(row["import_text"]))
                if score > best_score:
                    best, best_score = row, score
            if best is not None and best_score >= NOTE_MATCH:
                matched[note.id] = best
                del unmatched_stored[best["id"]]
        tags = " ".join(sorted({slugify(t) for t in ts.source.tags} | {f"set::{ts.id}"}))
        run = ImportRun(conn, deck_id, tags, t_ms, report, new_positions(conn), skip_cards)
        for done, note in enumerate(notes):
            if progress and done % 25 == 0:
                progress(done, len(notes))
            digest = note_hash(note)
            row = matched.get(note.id)
            if row is None:
                _insert_note(run, note, digest, created=t_ms + done)
                report.added += 1
                continue
            if row["import_hash"] == digest and not row["retired"]:
                report.unchanged += 1
                continue
            if row["user_edited"]:
                if row["import_hash"] != digest:
                    report.conflicts.append(note.source.text or note.text)
                    conn.execute("UPDATE notes SET import_hash = ?, import_text = ?, gen_id = ? WHERE id = ?",
                                 (digest, note.extra + " " + note.text, note.id, row["id"]))
                else:
                    report.unchanged += 1
                if row["retired"]:
                    _unretire(conn, row["id"], t_ms)
                continue
            _update_note(run, row["id"], note, digest)
            report.updated += 1
        for row in unmatched_stored.values():
            if row["retired"]:
                continue
            conn.execute("UPDATE notes SET retired = 1, mod = ? WHERE id = ?", (t_ms, row["id"]))
            n = conn.execute(f"UPDATE cards SET retired = 1, mod = {NEXT_MOD_SQL} WHERE note_id = ? AND retired = 0",
                             (t_ms, row["id"])).rowcount
            report.cards_retired += n
            report.retired.append(row["extra"] or row["text"])
    if progress:
        progress(len(notes), len(notes))
    return report


def _insert_note(run: ImportRun, note: Note, digest: str, created: int | None = None) -> None:
    """`created` defaults to the import's time; notes of one import get one millisecond apart each, in the post's
    order, so "in the order they were made" (the browser's default) is the post's order, as in Anki."""
    conn, deck_id, tags, t_ms = run.conn, run.deck_id, run.tags, run.t_ms
    conn.execute("INSERT INTO notes(id, gen_id, deck_id, set_id, ref, kind, text, extra, source, tags, import_hash, "
                 "import_text, created, mod) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                 "gen_id = excluded.gen_id, deck_id = excluded.deck_id, set_id = excluded.set_id, ref = excluded.ref, "
                 "text = excluded.text, extra = excluded.extra, source = excluded.source, tags = excluded.tags, "
                 "import_hash = excluded.import_hash, import_text = excluded.import_text, retired = 0, "
                 "mod = excluded.mod",
                 (note.id, note.id, deck_id, note.set_id, note.ref, note.kind, note.text, note.extra,
                  _source_json(note), tags, digest, note.extra + " " + note.text, created or t_ms, t_ms))
    for card in note.cards:
        _insert_card(run, card, note.id)


def new_positions(conn) -> itertools.count:
    """A new card's `due` is its place in the new-card queue (as in Anki), so cards come in the post's order."""
    return itertools.count(conn.execute("SELECT COALESCE(MAX(due), 0) + 1 FROM cards WHERE state = 0").fetchone()[0])


def _insert_card(run: ImportRun, card: Card, note_id: int) -> None:
    """A new card at the end of the new-card queue (suspended if the user left it out), counted in the report."""
    run.conn.execute("INSERT INTO cards(id, note_id, deck_id, ord, key, kind, prompt, answer, back, context, category, "
                 "choices, due, suspended, mod) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                 "note_id = excluded.note_id, retired = 0, prompt = excluded.prompt, answer = excluded.answer, "
                 "back = excluded.back, context = excluded.context, mod = excluded.mod",
                 (card.id, note_id, run.deck_id, card.ord, card.key, card.kind, card.prompt, card.answer, card.back,
                  card.context, card.category, json.dumps(card.choices, ensure_ascii=False), next(run.positions),
                  int(card.id in run.skip), run.t_ms))
    run.report.cards_added += 1


def _unretire(conn, note_id: int, t_ms: int) -> None:
    conn.execute("UPDATE notes SET retired = 0, mod = ? WHERE id = ?", (t_ms, note_id))
    conn.execute(f"UPDATE cards SET retired = 0, mod = {NEXT_MOD_SQL} WHERE note_id = ?", (t_ms, note_id))


def _update_note(run: ImportRun, note_id: int, note: Note, digest: str, *, user_edit: bool = False) -> None:
    """Update a stored note in place: its cards are matched by key, then by a close answer (history kept); new ones
    are added, vanished ones retired. `user_edit`: the user's own edit (kept against later imports)."""
    from rapidfuzz import fuzz
    conn, tags, t_ms, report = run.conn, run.tags, run.t_ms, run.report
    conn.execute("UPDATE notes SET gen_id = ?, ref = ?, text = ?, extra = ?, source = ?, tags = ?, import_hash = ?, "
                 f"retired = 0, user_edited = user_edited OR ?, mod = {NEXT_MOD_SQL} WHERE id = ?",
                 (note.id, note.ref, note.text, note.extra, _source_json(note), tags, digest, int(user_edit), t_ms,
                  note_id))
    if not user_edit:
        conn.execute("UPDATE notes SET import_text = ? WHERE id = ?", (note.extra + " " + note.text, note_id))
    stored = {r["id"]: dict(r) for r in conn.execute("SELECT id, key, kind, answer FROM cards WHERE note_id = ?",
                                                     (note_id,))}
    by_key = {r["key"]: r for r in stored.values()}
    unmatched = dict(stored)
    for card in note.cards:
        row = by_key.get(card.key) if card.key in by_key and by_key[card.key]["id"] in unmatched else None
        if row is None:
            scores = [(fuzz.ratio(_norm(card.answer), _norm(r["answer"])), r) for r in unmatched.values()
                      if r["kind"] == card.kind]
            if scores:
                score, best = max(scores, key=lambda x: x[0])
                row = best if score >= CARD_MATCH else None
        if row is None:
            _insert_card(run, card, note_id)
            continue
        del unmatched[row["id"]]
        conn.execute("UPDATE cards SET ord = ?, key = ?, prompt = ?, answer = ?, back = ?, context = ?, category = ?, "
                     f"choices = ?, retired = 0, mod = {NEXT_MOD_SQL} WHERE id = ?",
                     (card.ord, card.key, card.prompt, card.answer, card.back, card.context, card.category,
                      json.dumps(card.choices, ensure_ascii=False), t_ms, row["id"]))
    for row in unmatched.values():
        conn.execute(f"UPDATE cards SET retired = 1, mod = {NEXT_MOD_SQL} WHERE id = ?", (t_ms, row["id"]))
        report.cards_retired += 1
