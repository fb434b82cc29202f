"""Export decks to an Anki package (.apkg) with genanki; optionally with each card's schedule and review history.

What Anki needs and genanki does not give by default:
- Stable GUIDs: ours come from StudyApp note ids, so exporting again updates the same notes in Anki.
- Honest modification times: Anki updates a note only when the incoming `mod` is newer than its own, so each
  note carries its own StudyApp modification time (seconds), which grows whenever the note changes.
- Escaping: Anki renders fields as HTML with JavaScript on, so every text is HTML-escaped, and braces are written
  as entities so a takeaway containing "{{c1::...}}" cannot make clozes of its own.
- Scheduling: genanki writes new cards only; with `with_scheduling` the package's collection is edited after
  genanki writes it, giving each card its state, due date, interval, FSRS memory state and review log.
"""

from __future__ import annotations

import gc
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import genanki

from ..kinds import BLANKED_KINDS, topic_line
from ..cards import cloze
from ..errors import StudyAppError
from ..fileutil import atomic_path
from .models import CLOZE_MODEL, QA_MODEL, deck_id_for

if TYPE_CHECKING:
    from ..collection import Collection

PARENT = "StudyApp"


def anki_deck_name(name: str) -> str:
    """Our deck under StudyApp:: in Anki. Anki reads '::' as a level of nesting, so a title that contains it
    ("C++::Templates") keeps one colon instead of becoming decks within decks."""
    return f"{PARENT}::{re.sub(':{2,}', ':', name).strip() or 'Untitled'}"
GENANKI_CRT = 1411124400  # the creation time genanki writes into the package's collection


@dataclass
class ExportResult:
    path: Path
    notes: int
    cards: int
    decks: int

    def summary(self) -> str:
        return f"exported {self.notes} notes, {self.cards} cards to {self.path}"


# Order matters: "&" first (the others produce it), "<" and ">" before the newline's "<br>".
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "<br>"}
_BRACES = {"{": "&#123;", "}": "&#125;"}


def _replacer(table: dict[str, str]) -> Callable[[str], str]:
    """Replace each key of `table` in turn. str.translate with a dict looks every character up in Python; a
    chain of str.replace that skips absent characters is about ten times faster, and export escapes two or three
    fields of every note."""
    pairs = tuple(table.items())

    def replace(text: str) -> str:
        for old, new in pairs:
            if old in text:
                text = text.replace(old, new)
        return text
    return replace


escape_text = _replacer({**_HTML, **_BRACES})
escape_text.__doc__ = "Plain text -> HTML that shows the same text in Anki and cannot run or form clozes."


def note_guid(note_id: int, part: str = "") -> str:
    """The Anki GUID of an exported note: our note id (already a stable hash) in hex, so exporting again reaches
    the same Anki note. Never change this: it would duplicate every note a user already has in Anki."""
    return f"sa{note_id:x}{'-' + part if part else ''}"


# In our markup the text's own braces are stored protected (see cards/cloze.py); the markers themselves stay.
_escape_markup = _replacer({**_HTML, **{cloze.protect(k): v for k, v in _BRACES.items()}})


def cloze_field(marked: str, keep: set[int]) -> str:
    """Our cloze markup over raw text -> an Anki cloze field, every raw piece escaped. Only deletions numbered in
    `keep` (those with a live card) stay, so Anki makes exactly the cards we export.

    The markers themselves contain no <, > or &, and braces that belong to the text are stored protected, so the
    whole string can be escaped in one go; it is parsed only when a deletion has to be dropped.
    """
    escaped = _escape_markup(marked)
    if {int(n) for n in cloze.OPEN_RE.findall(escaped)} <= keep:
        return escaped
    return cloze.rebuild(escaped, lambda n: n in keep, text=str)


def export_apkg(col: Collection, out: str | Path, deck_ids: list[int] | None = None, with_scheduling: bool = False,
                progress=None) -> ExportResult:
    out = Path(out)
    if out.suffix.lower() != ".apkg":
        raise StudyAppError("the file name must end in .apkg", path=str(out))
    if out.exists() and out.is_dir():
        raise StudyAppError("is a folder", path=str(out))
    if not out.parent.is_dir():
        raise StudyAppError(f"cannot be written: the folder {out.parent} does not exist", path=str(out))
    decks = col.conn.execute("SELECT id, name, created FROM decks ORDER BY name").fetchall()
    if deck_ids is not None:
        wanted = set(deck_ids)
        missing = wanted - {d["id"] for d in decks}
        if missing:
            raise StudyAppError(f"no deck with id {', '.join(map(str, sorted(missing)))}")
        decks = [d for d in decks if d["id"] in wanted]
    if not decks:
        raise StudyAppError("there is nothing to export: the collection has no decks")
    total = col.conn.execute(f"SELECT COUNT(*) FROM notes WHERE deck_id IN ({','.join('?' * len(decks))}) "
                             "AND retired = 0", [d["id"] for d in decks]).fetchone()[0]
    builder = _DeckBuilder(col.conn, total, progress)
    # Building tens of thousands of small objects that all stay alive makes Python's cycle collector walk them
    # again and again (about a third of the build time), and none of them form cycles that need collecting.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        anki_decks = [builder.deck(d["id"], deck_id_for(d["created"], d["id"]), anki_deck_name(d["name"]))
                      for d in decks]
    finally:
        if gc_was_enabled:
            gc.enable()
    package = genanki.Package(anki_decks)
    try:
        with atomic_path(out) as tmp:
            package.write_to_file(str(tmp))
            if with_scheduling:
                _add_scheduling(col, tmp, builder.card_map, [d["id"] for d in decks])
    except OSError as exc:
        raise StudyAppError(f"cannot be written ({exc.strerror or exc})", path=str(out)) from None
    if progress:
        progress(total, total)
    return ExportResult(out, builder.notes, builder.cards, len(anki_decks))


class _DeckBuilder:
    """Turns a deck's live notes and cards into genanki notes, remembering which Anki card each of ours becomes.
    This runs once per note on every export, so it reads plain tuples and does as little per note as it can."""

    def __init__(self, conn: sqlite3.Connection, total: int, progress=None) -> None:
        self.cur = conn.cursor()
        self.cur.row_factory = None
        self.total = total
        self.progress = progress
        self.card_map: dict[tuple[str, int], int] = {}  # (guid, Anki ord) -> our card id, for scheduling
        self.notes = self.cards = 0
        self._where: dict[tuple, str] = {}  # (set title, section) -> its escaped line

    def deck(self, deck_id: int, anki_id: int, name: str) -> genanki.Deck:
        deck = genanki.Deck(anki_id, name)
        cur = self.cur
        cards_of: dict[int, list[tuple]] = {}
        for c in cur.execute("SELECT note_id, id, ord, key = 'all' FROM cards WHERE deck_id = ? AND retired = 0",
                             (deck_id,)):
            cards_of.setdefault(c[0], []).append(c)
        # A list's "name them all" card becomes a Q&A note of its own, made from the card's prompt and answer.
        whole_list = {c[0]: c[1:] for c in cur.execute(
            "SELECT id, prompt, answer FROM cards WHERE deck_id = ? AND retired = 0 AND key = 'all'", (deck_id,))}
        notes = cur.execute(
            "SELECT id, kind, text, extra, tags, mod, json_extract(source, '$.set_title'), "
            "json_extract(source, '$.section'), json_extract(source, '$.text'), json_extract(source, '$.url') "
            "FROM notes WHERE deck_id = ? AND retired = 0 ORDER BY created, id", (deck_id,)).fetchall()
        add, card_map, where_of = deck.add_note, self.card_map, self._where
        for note_id, kind, text, extra, tag_text, mod_ms, set_title, section, src_text, url in notes:
            cards = cards_of.get(note_id)
            if not cards:
                continue
            tags = [t.replace(" ", "_") for t in tag_text.split()]
            tags.append("StudyApp")
            where = where_of.get((set_title, section))
            if where is None:
                where = where_of[set_title, section] = escape_text(topic_line(set_title, section))
            source = escape_text(src_text or extra)
            link = escape_text(url) if url else ""
            guid = note_guid(note_id)
            mod = mod_ms // 1000
            before = len(card_map)
            if kind in BLANKED_KINDS:
                items = [c for c in cards if not c[3]]
                if items:
                    ords = sorted(c[2] - 1 for c in items)  # Anki makes one card per kept deletion, exactly these
                    add(_Note(model=CLOZE_MODEL, fields=[cloze_field(text, {c[2] for c in items}), source, where,
                                                         link], guid=guid, tags=tags, mod=mod, ords=ords))
                    for c in items:
                        card_map[guid, c[2] - 1] = c[1]
                    self.notes += 1
                for c in cards:
                    if c[3]:
                        prompt, answer = whole_list[c[1]]
                        whole_guid = note_guid(note_id, "all")
                        add(_Note(model=QA_MODEL, fields=[escape_text(prompt), escape_text(answer), where, source,
                                                          link], guid=whole_guid, tags=tags, mod=mod, ords=[0]))
                        card_map[whole_guid, 0] = c[1]
                        self.notes += 1
            else:
                add(_Note(model=QA_MODEL, fields=[escape_text(text), escape_text(extra), where, source, link],
                          guid=guid, tags=tags, mod=mod, ords=[0]))
                card_map[guid, 0] = min(cards, key=lambda c: c[2])[1]
                self.notes += 1
            self.cards += len(card_map) - before
            if self.progress and self.notes % 200 == 0:
                self.progress(self.notes, self.total)
        return deck


class _Note(genanki.Note):
    """A genanki note that carries its own StudyApp modification time instead of the export time, and knows its
    cards: we decide which deletions are kept, so genanki need not search the template and field for them."""

    def __init__(self, *, mod: int, ords: list[int], **kwargs) -> None:
        super().__init__(**kwargs)
        self.studyapp_mod = mod
        self.ords = ords

    @property
    def cards(self) -> list[genanki.Card]:
        return [genanki.Card(o) for o in self.ords]

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.studyapp_mod or timestamp, deck_id, id_gen)


def _add_scheduling(col: Collection, apkg: Path, card_map: dict[tuple[str, int], int],
                    deck_ids: list[int]) -> None:
    """Give each exported card its schedule, FSRS memory state and review log, inside the package."""
    from ..collection.schema import LEARNING, NEW, RELEARNING, REVIEW
    settings = col.settings()
    day = col.study_day()
    now = datetime.now(timezone.utc)
    today_start = day.start(now)
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(apkg) as z:
            z.extractall(tmp)
            names = z.namelist()
        db = sqlite3.connect(Path(tmp) / "collection.anki2")
        try:
            crt_day = datetime.fromtimestamp(GENANKI_CRT, tz=timezone.utc)
            today_index = (today_start.date() - crt_day.date()).days
            anki_cards = {(guid, ord_): cid for cid, guid, ord_ in db.execute(
                "SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid")}
            # genanki's collection does not say which scheduler wrote it, and Anki then reads it as the old v1
            # scheduler and renumbers learning-step answers (v1 had three buttons there). Say it is v2.
            conf = json.loads(db.execute("SELECT conf FROM col").fetchone()[0])
            conf["schedVer"] = 2
            db.execute("UPDATE col SET conf = ?", (json.dumps(conf),))
            used_ids: set[int] = set()  # a review-log id is its time in ms: keep it, moving only on a collision
            # Two reads for the whole export, not two per card: cards and their review log, grouped by card.
            ours = {card_id: anki_cards.get(key) for key, card_id in card_map.items()}
            marks = ",".join("?" * len(deck_ids))
            rows = {row["id"]: row for row in col.conn.execute(
                f"SELECT * FROM cards WHERE deck_id IN ({marks}) AND retired = 0", deck_ids)}
            history: dict[int, list] = {}
            for r in col.conn.execute(f"SELECT r.* FROM revlog r JOIN cards c ON c.id = r.card_id WHERE c.deck_id "
                                      f"IN ({marks}) AND c.retired = 0 ORDER BY r.card_id, r.time, r.id", deck_ids):
                history.setdefault(r["card_id"], []).append(r)
            for card_id, anki_id in ours.items():
                row = rows.get(card_id)
                if anki_id is None or row is None:
                    continue
                state = row["state"]
                queue = -1 if row["suspended"] else {NEW: 0, LEARNING: 1, REVIEW: 2, RELEARNING: 1}[state]
                ctype = {NEW: 0, LEARNING: 1, REVIEW: 2, RELEARNING: 3}[state]
                if state == NEW:
                    due = row["due"]
                    ivl = 0
                elif state == REVIEW:
                    due_day = day.start(datetime.fromtimestamp(row["due"], tz=timezone.utc))
                    due = today_index + (due_day.date() - today_start.date()).days
                    ivl = max(1, round((row["due"] - (row["last_review"] or row["due"])) / 86400))
                else:
                    due = row["due"]  # learning cards are due at a time (seconds)
                    ivl = 0
                data = ""
                if row["stability"] is not None:
                    data = json.dumps({"s": row["stability"], "d": row["difficulty"],
                                       "dr": settings["desired_retention"],
                                       **({"lrt": row["last_review"]} if row["last_review"] else {})})
                db.execute("UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?, "
                           "left = ?, data = ? WHERE id = ?",
                           (ctype, queue, due, ivl, 2500 if state != NEW else 0, row["reps"], row["lapses"],
                            0, data, anki_id))
                previous_ivl = 0
                for r in history.get(card_id, ()):
                    revlog_id = r["time"]
                    while revlog_id in used_ids:
                        revlog_id += 1
                    used_ids.add(revlog_id)
                    ivl_after = round(r["interval_after"]) if r["interval_after"] >= 1 else \
                        -int(r["interval_after"] * 86400)
                    kind = {NEW: 0, LEARNING: 0, REVIEW: 1, RELEARNING: 2}[r["state_before"]]
                    db.execute("INSERT INTO revlog(id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                               "VALUES (?,?,?,?,?,?,?,?,?)",
                               (revlog_id, anki_id, -1, r["rating"], ivl_after, previous_ivl,
                                int((r["difficulty_after"] or 0) * 100) if r["difficulty_after"] else 2500,
                                min(r["duration_ms"], 60_000), kind))
                    previous_ivl = ivl_after
            db.commit()
        finally:
            db.close()
        with zipfile.ZipFile(apkg, "w", zipfile.ZIP_DEFLATED) as z:
            for name in names:
                z.write(Path(tmp) / name, name)
