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

import json
import os
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import genanki

from ..cards import cloze
from ..errors import StudyAppError
from ..fileutil import atomic_write_bytes
from .models import CLOZE_MODEL, QA_MODEL, deck_id_for

if TYPE_CHECKING:
    from ..collection import Collection

PARENT = "StudyApp"
GENANKI_CRT = 1411124400  # the creation time genanki writes into the package's collection


@dataclass
class ExportResult:
    path: Path
    notes: int
    cards: int
    decks: int

    def summary(self) -> str:
        return f"exported {self.notes} notes, {self.cards} cards to {self.path}"


_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "<br>"}
_BRACES = {"{": "&#123;", "}": "&#125;"}
_ESCAPE = str.maketrans({**_HTML, **_BRACES})


def escape_text(text: str) -> str:
    """Plain text -> HTML that shows the same text in Anki and cannot run or form clozes."""
    return text.translate(_ESCAPE)


def note_guid(note_id: int, part: str = "") -> str:
    """The Anki GUID of an exported note: our note id (already a stable hash) in hex, so exporting again reaches
    the same Anki note. Never change this: it would duplicate every note a user already has in Anki."""
    return f"sa{note_id:x}{'-' + part if part else ''}"


# In our markup the text's own braces are stored protected (see cards/cloze.py); the markers themselves stay.
_MARKUP_ESCAPE = str.maketrans({**_HTML, **{cloze.protect(k): v for k, v in _BRACES.items()}})


def cloze_field(marked: str, keep: set[int]) -> str:
    """Our cloze markup over raw text -> an Anki cloze field, every raw piece escaped. Only deletions numbered in
    `keep` (those with a live card) stay, so Anki makes exactly the cards we export.

    The markers themselves contain no <, > or &, and braces that belong to the text are stored protected, so the
    whole string can be escaped in one go; it is parsed only when a deletion has to be dropped.
    """
    escaped = marked.translate(_MARKUP_ESCAPE)
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
    anki_decks: list = []
    card_map: dict[tuple[str, int], int] = {}  # (guid, ord) -> our card id, for scheduling
    n_notes = n_cards = 0
    total = col.conn.execute(f"SELECT COUNT(*) FROM notes WHERE deck_id IN ({','.join('?' * len(decks))}) "
                             "AND retired = 0", [d["id"] for d in decks]).fetchone()[0]
    conn = col.conn
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: this loop runs once per note
    line_cache: dict[tuple, str] = {}
    for d in decks:
        deck = genanki.Deck(deck_id_for(d["created"], d["id"]), f"{PARENT}::{d['name']}")
        cards_of: dict[int, list[tuple]] = {}
        for c in cur.execute("SELECT note_id, id, ord, key, prompt, answer FROM cards WHERE deck_id = ? AND "
                             "retired = 0 ORDER BY note_id, ord", (d["id"],)):
            cards_of.setdefault(c[0], []).append(c)
        notes = cur.execute(
            "SELECT id, kind, text, extra, tags, mod, json_extract(source, '$.set_title'), "
            "json_extract(source, '$.section'), json_extract(source, '$.text'), json_extract(source, '$.url') "
            "FROM notes WHERE deck_id = ? AND retired = 0 ORDER BY created, id", (d["id"],)).fetchall()
        for note_id, kind, text, extra, tag_text, mod_ms, set_title, section, src_text, url in notes:
            cards = cards_of.get(note_id)
            if not cards:
                continue
            tags = [t.replace(" ", "_") for t in tag_text.split() if t] + ["StudyApp"]
            key = (set_title, section)
            where = line_cache.get(key)
            if where is None:
                where = line_cache[key] = escape_text(" · ".join(x for x in key if x))
            meta = [where, escape_text(src_text or extra), escape_text(url or "")]
            mod = mod_ms // 1000
            exported: list[tuple[genanki.Note, list[tuple[int, int]]]] = []  # (note, [(anki ord, our card id)])
            if kind in ("cloze", "list"):
                whole = [c for c in cards if c[3] == "all"]  # a list's "name them all" card: its own Q&A note
                items = [c for c in cards if c[3] != "all"]
                if items:
                    field = cloze_field(text, {c[2] for c in items})
                    exported.append((_Note(model=CLOZE_MODEL, fields=[field, meta[1], meta[0], meta[2]],
                                           guid=note_guid(note_id), tags=tags, mod=mod),
                                     [(c[2] - 1, c[1]) for c in items]))
                for c in whole:
                    exported.append((_Note(model=QA_MODEL, fields=[escape_text(c[4]), escape_text(c[5]), *meta],
                                           guid=note_guid(note_id, "all"), tags=tags, mod=mod),
                                     [(0, c[1])]))
            else:
                exported.append((_Note(model=QA_MODEL, fields=[escape_text(text), escape_text(extra), *meta],
                                       guid=note_guid(note_id), tags=tags, mod=mod),
                                 [(0, cards[0][1])]))
            for anki_note, ords in exported:
                deck.add_note(anki_note)
                for ord_, card_id in ords:
                    card_map[(anki_note.guid, ord_)] = card_id
                n_notes += 1
                n_cards += len(ords)  # Anki makes one card per kept deletion, exactly these
            if progress and n_notes % 200 == 0:
                progress(n_notes, total)
        anki_decks.append(deck)
    package = genanki.Package(anki_decks)
    fd, tmp = tempfile.mkstemp(suffix=".apkg")
    os.close(fd)
    try:
        package.write_to_file(tmp)
        if with_scheduling:
            _add_scheduling(col, Path(tmp), card_map)
        atomic_write_bytes(out, Path(tmp).read_bytes())
    except OSError as exc:
        raise StudyAppError(f"cannot be written ({exc.strerror or exc})", path=str(out)) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    if progress:
        progress(total, total)
    return ExportResult(out, n_notes, n_cards, len(anki_decks))


class _Note(genanki.Note):
    """A genanki note written with its own StudyApp modification time instead of the export time."""

    def __init__(self, *, mod: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.studyapp_mod = mod

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.studyapp_mod or timestamp, deck_id, id_gen)


def _add_scheduling(col: Collection, apkg: Path, card_map: dict[tuple[str, int], int]) -> None:
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
            for key, card_id in card_map.items():
                anki_id = anki_cards.get(key)
                row = col.conn.execute("SELECT * FROM cards WHERE id = ?", (card_id,)).fetchone()
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
                for r in col.conn.execute("SELECT * FROM revlog WHERE card_id = ? ORDER BY time, id", (card_id,)):
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
