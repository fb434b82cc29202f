"""Reviews back from Anki: read an Anki export, find the notes that came from this collection, and merge their cards'
review logs (Collection.merge_reviews, which replays each touched card's FSRS state).

Which notes are ours: our exporter gives each note the GUID `sa<note id in hex>` (and `sa<hex>-all` for a list's
"name them all" card, a note of its own in Anki); a cloze note's Anki card `ord` is our card's `ord - 1`, a Q&A note
has one card, ours with the lowest `ord`. See exporter.py; this is its inverse.

What comes across, and what does not:
- Review-log rows with a rating (Anki's manual reschedules have none and change no memory state). A row's Anki id is
  its time in milliseconds, which is also what our exporter writes as the id of our own rows, moved a millisecond
  when two share one: so a row is known when the same card has one within a second (one to one).
- Suspending and burying done in Anki, when the Anki card changed after ours did (the later change wins).
- Text edited in Anki is reported, never applied: our notes come from takeaway sets, and an edit made here must not be
  overwritten silently by a phone's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StudyAppError
from ..collection.replay import ReviewMerge, ReviewRow
from .package import open_package

if TYPE_CHECKING:
    import sqlite3

    from ..collection import Collection

GUID_RE = re.compile(r"^sa([0-9a-f]+)(-all)?$")
MATCH_WITHIN_MS = 1000  # our exporter moves a row's id by a millisecond per collision; a second is generous
SUSPENDED, BURIED = -1, (-2, -3)  # Anki card queues
RATED_KINDS = (0, 1, 2, 3)  # learning, review, relearning, filtered; 4 manual and 5 rescheduled carry no rating


@dataclass
class ReviewsImport:
    """What reading an Anki package found, and what merging it did (or, for a preview, would do)."""

    path: Path
    merge: ReviewMerge = field(default_factory=ReviewMerge)
    notes_ours: int = 0
    unknown_notes: int = 0  # notes not exported from this collection
    edited: list[str] = field(default_factory=list)  # notes whose text was changed in Anki (not applied)

    def lines(self) -> list[str]:
        m = self.merge
        out = [f"{self.path.name}: {self.notes_ours} note{'s' * (self.notes_ours != 1)} from this collection",
               f"reviews added: {m.reviews_added} (cards touched: {len(m.cards_touched)})",
               f"reviews already known, skipped: {m.skipped}"]
        if self.unknown_notes:
            out.append(f"notes not from this collection, left alone: {self.unknown_notes}")
        for n, what in ((m.suspended, "suspended"), (m.unsuspended, "unsuspended"), (m.buried, "buried")):
            if n:
                out.append(f"cards {what} in Anki: {n}")
        if self.edited:
            out.append(f"notes edited in Anki, not applied (edit them here if you want the change): "
                       f"{len(self.edited)}")
            out += [f"  {e}" for e in self.edited]
        return out

    def summary(self) -> str:
        return "\n".join(self.lines())


def import_reviews(col: Collection, path: str | Path, *, now: datetime | None = None,
                   dry_run: bool = False) -> ReviewsImport:
    """Read the package at `path` and merge its reviews of our cards into `col` (one transaction, one undo step).
    With `dry_run` the report is made and nothing changes. Bad packages raise a one-line StudyAppError first."""
    now = now or datetime.now(timezone.utc)
    path = Path(path)
    with open_package(path) as anki:
        found = _read(col, anki, path, now)
    rows, suspended, buried = found.pop("rows"), found.pop("suspended"), found.pop("buried")
    report = ReviewsImport(path, **found)
    report.merge = col.merge_reviews(rows, suspended=suspended, buried_until=buried, match_within_ms=MATCH_WITHIN_MS,
                                     now=now, dry_run=dry_run, description="Import reviews from Anki")
    return report


def _read(col: Collection, anki: sqlite3.Connection, path: Path, now: datetime) -> dict:
    """The package's reviews of our cards, their suspensions and buries, and notes edited there."""
    ours = {}  # Anki note id -> (our note id, whole-list note?)
    unknown = 0
    anki_notes = {}
    for nid, guid, mod, flds in anki.execute("SELECT id, guid, mod, flds FROM notes"):
        m = GUID_RE.match(str(guid))
        if m:
            ours[nid] = (int(m.group(1), 16), bool(m.group(2)))
            anki_notes[nid] = (mod, str(flds).split("\x1f"))
        else:
            unknown += 1
    known_notes = _our_notes(col, {n for n, _ in ours.values()})
    unknown += sum(1 for n, _ in ours.values() if n not in known_notes)
    ours = {nid: v for nid, v in ours.items() if v[0] in known_notes}
    if not ours:
        raise StudyAppError("has no notes exported from this collection (only packages made by 'studyapp export', "
                            "or Anki exports of their decks, carry StudyApp's reviews)", path=str(path))
    cards = _our_cards(col, {n for n, _ in ours.values()})
    card_of: dict[int, dict] = {}  # Anki card id -> our card row
    queues: dict[int, tuple[int, int]] = {}
    for cid, nid, ord_, queue, mod in anki.execute("SELECT id, nid, ord, queue, mod FROM cards"):
        if nid not in ours:
            continue
        note_id, whole = ours[nid]
        card = _card_for(known_notes[note_id], cards.get(note_id, []), ord_, whole)
        if card is not None:
            card_of[cid] = card
            queues[card["id"]] = (queue, mod)
    rows = []
    for rid, cid, ease, ivl, duration, kind in anki.execute("SELECT id, cid, ease, ivl, time, type FROM revlog "
                                                             "ORDER BY id"):
        if cid not in card_of or ease not in (1, 2, 3, 4) or kind not in RATED_KINDS:
            continue
        seconds = rid // 1000
        due = seconds + (ivl * 86400 if ivl > 0 else -ivl)  # Anki: days when positive, seconds when negative
        rows.append(ReviewRow(card_of[cid]["id"], int(rid), int(ease), max(0, int(duration or 0)), due_after=due))
    if not rows and any(c["id"] in queues and c["state"] for group in cards.values() for c in group) and \
            not anki.execute("SELECT 1 FROM revlog LIMIT 1").fetchone():
        # Without scheduling, Anki exports every card as new and leaves the review log out: nothing to merge, and
        # its suspensions would be guesses. Say how to export it instead.
        raise StudyAppError("was exported from Anki without scheduling information (no reviews in it); export "
                            "again with “Include scheduling information” ticked", path=str(path))
    suspended, buried = _flags(col, cards, queues, now)
    edited = _edits(known_notes, cards, ours, anki_notes)
    return {"rows": rows, "suspended": suspended, "buried": buried, "notes_ours": len(ours),
            "unknown_notes": unknown, "edited": edited}


def _our_notes(col: Collection, ids: set[int]) -> dict[int, dict]:
    out = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i:i + 500]
        for r in col.conn.execute(f"SELECT id, kind, text, extra, mod FROM notes WHERE id IN "
                                  f"({','.join('?' * len(chunk))})", chunk):
            out[r["id"]] = dict(r)
    return out


def _our_cards(col: Collection, note_ids: set[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    ordered = sorted(note_ids)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i:i + 500]
        for r in col.conn.execute(
                "SELECT id, note_id, ord, key, retired, prompt, answer, state, suspended, buried_until, mod FROM cards "
                f"WHERE note_id IN ({','.join('?' * len(chunk))}) ORDER BY note_id, retired, ord", chunk):
            out.setdefault(r["note_id"], []).append(dict(r))
    return out


def _card_for(note: dict, cards: list[dict], anki_ord: int, whole: bool) -> dict | None:
    """Our card behind an Anki card (the exporter's mapping, inverted)."""
    from ..kinds import BLANKED_KINDS
    if whole:
        return next((c for c in cards if c["key"] == "all"), None)
    if note["kind"] in BLANKED_KINDS:
        return next((c for c in cards if c["key"] != "all" and c["ord"] == anki_ord + 1), None)
    return cards[0] if cards and anki_ord == 0 else None  # ordered live first, lowest ord first


def _flags(col: Collection, cards: dict[int, list[dict]], queues: dict[int, tuple[int, int]],
           now: datetime) -> tuple[dict[int, bool], dict[int, int]]:
    """Suspensions and buries from Anki, for cards changed there after they last changed here."""
    rows = {c["id"]: c for group in cards.values() for c in group}
    day = col.study_day()
    suspended, buried = {}, {}
    for card_id, (queue, mod) in queues.items():
        ours = rows[card_id]
        if mod * 1000 <= ours["mod"]:
            continue
        if bool(ours["suspended"]) != (queue == SUSPENDED):
            suspended[card_id] = queue == SUSPENDED
        if queue in BURIED:
            until = int(day.end(datetime.fromtimestamp(mod, tz=timezone.utc)).timestamp())
            if until > now.timestamp():  # buried in Anki today: it stays buried here today
                buried[card_id] = until
    return suspended, buried


def _edits(notes: dict[int, dict], cards: dict[int, list[dict]], ours: dict[int, tuple[int, bool]],
           anki_notes: dict[int, tuple[int, list[str]]]) -> list[str]:
    """Notes whose text in Anki is not what we export, changed there after they last changed here."""
    from ..kinds import BLANKED_KINDS
    from .exporter import cloze_field, escape_text
    out = []
    for nid, (note_id, whole) in sorted(ours.items(), key=lambda kv: kv[1]):
        note = notes[note_id]
        mod, fields = anki_notes[nid]
        if mod <= note["mod"] // 1000:
            continue
        live = [c for c in cards.get(note_id, []) if not c["retired"]]
        if whole:
            card = next((c for c in live if c["key"] == "all"), None)
            expected = [escape_text(card["prompt"]), escape_text(card["answer"])] if card else []
        elif note["kind"] in BLANKED_KINDS:
            expected = [cloze_field(note["text"], {c["ord"] for c in live if c["key"] != "all"})]
        else:
            expected = [escape_text(note["text"]), escape_text(note["extra"])]
        if expected and fields[:len(expected)] != expected:
            changed = next((i for i, (a, b) in enumerate(zip(expected, fields)) if a != b), 0)
            ours_text, theirs = _plain(expected[changed]), _plain(fields[changed])
            out.append(f"note {note_id}: “{ours_text[:40]}{'…' * (len(ours_text) > 40)}” reads in Anki "
                       f"“{_changed_part(ours_text, theirs)}”")
    return out


def _changed_part(ours: str, theirs: str, width: int = 70) -> str:
    """Their text around where it starts to differ from ours, for a one-line report."""
    start = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    begin = max(0, start - 20)
    return ("…" if begin else "") + theirs[begin:begin + width] + ("…" if len(theirs) > begin + width else "")


def _plain(html: str) -> str:
    """A field's text without its markup, for a one-line report."""
    import html as html_lib
    text = re.sub(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", r"\1", html)  # a cloze deletion shows its answer
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html_lib.unescape(text).split())
