"""Writing this collection's changes since its last batch into one new change file.

The records (one JSON object each; `time` in ms since the epoch):

- `review`: card, time, rating, duration, and what the answer recorded (state/stability/difficulty/due after), so a
  peer replaying the card keeps the due date (with its fuzz) that was set here while its replay agrees.
- `note`: a note the user edited: note, text, extra, time; for a card the user wrote (`add_note`), also `new`: its
  deck's name and its cards, so a collection without it adds it with the same ids.
- `flags`: a card's suspension and bury: card, suspended, buried_until (epoch seconds), time.
- `set`: a takeaway set as imported: set id, deck name, its YAML, time. Note and card ids are derived from the
  set's content (cards/model.stable_id), so the same post imported on two computers is the same notes and cards,
  and merging the record into a collection that has it changes nothing.

What counts as a local change is what differs from `sync_seen` (notes, flags, sets) or lies past the review log's
high-water mark (reviews); merged changes update both, so nothing merged in is written out again. A local change
is stamped later than any change it replaces here, so a peer with a clock behind ours still takes it.
The file is written first and the bookkeeping committed after it: a kill between the two writes the same changes
again next time, which merging takes as already known.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..collection.changes import NOTHING
from . import state
from .files import next_seq, write_batch


def local_changes(conn, own: str) -> tuple[list[dict[str, Any]], list[tuple]]:
    """The records to write and the bookkeeping to commit once they are written."""
    records: list[dict[str, Any]] = []
    book: list[tuple] = []  # (kind, key, digest, time) to mark seen and stamp
    mark = state.get(conn, "revlog_mark")
    top = mark
    for r in conn.execute("SELECT id, card_id, time, rating, duration_ms, state_after, stability_after, "
                          "difficulty_after, due_after FROM revlog WHERE id > ? ORDER BY id", (mark,)):
        records.append({"t": "review", "card": r["card_id"], "time": r["time"], "rating": r["rating"],
                        "duration": r["duration_ms"], "state_after": r["state_after"],
                        "stability_after": r["stability_after"], "difficulty_after": r["difficulty_after"],
                        "due_after": r["due_after"]})
        top = r["id"]

    seen = state.seen(conn, "set")
    for r in conn.execute("SELECT s.id, s.yaml, s.imported, d.name FROM sets s JOIN decks d ON d.id = s.deck_id "
                          "ORDER BY s.id"):
        d = state.digest(r["yaml"])
        if seen.get(r["id"]) != d:
            t = _later(conn, "set", r["id"], r["imported"])
            records.append({"t": "set", "set": r["id"], "deck": r["name"], "yaml": r["yaml"], "time": t})
            book.append(("set", r["id"], d, t))

    seen = state.seen(conn, "note")
    for r in conn.execute("SELECT n.id, n.text, n.extra, n.mod, n.user_note, n.user_edited, n.kind, n.source, "
                          "n.created, d.name FROM notes n JOIN decks d ON d.id = n.deck_id "
                          "WHERE n.user_edited = 1 OR n.user_note = 1 ORDER BY n.id"):
        d = state.digest(r["text"], r["extra"])
        if seen.get(str(r["id"])) != d:
            t = _later(conn, "note", str(r["id"]), r["mod"])
            record = {"t": "note", "note": r["id"], "text": r["text"], "extra": r["extra"], "time": t}
            if r["user_note"]:  # a card the user wrote: the other computer may not have it yet
                cards = [dict(c) for c in conn.execute("SELECT id, ord, key, kind, prompt, answer, back FROM cards "
                                                       "WHERE note_id = ? ORDER BY id", (r["id"],))]
                record["new"] = {"deck": r["name"], "kind": r["kind"], "source": r["source"],
                                 "created": r["created"], "edited": r["user_edited"], "cards": cards}
            records.append(record)
            book.append(("note", str(r["id"]), d, t))

    seen = state.seen(conn, "flags")
    plain = state.digest(0, 0)
    flagged = conn.execute("SELECT id, suspended, buried_until, mod FROM cards WHERE suspended != 0 OR "
                           "buried_until != 0 ORDER BY id").fetchall()
    flagged_ids = {r["id"] for r in flagged}
    cleared = [int(k) for k, v in seen.items() if v != plain and int(k) not in flagged_ids]
    for r in flagged + [conn.execute("SELECT id, suspended, buried_until, mod FROM cards WHERE id = ?",
                                     (k,)).fetchone() for k in cleared]:
        if r is None:
            continue
        d = state.digest(r["suspended"], r["buried_until"])
        if seen.get(str(r["id"]), plain) != d:
            t = _later(conn, "flags", str(r["id"]), r["mod"])
            records.append({"t": "flags", "card": r["id"], "suspended": r["suspended"],
                            "buried_until": r["buried_until"], "time": t})
            book.append(("flags", str(r["id"]), d, t))
    return records, book + [("revlog_mark", top)]


def _later(conn, kind: str, key: str, t: int) -> int:
    """A local change's time: its own, but after the change it replaces here (clocks of two computers differ)."""
    current = state.stamp(conn, kind, key)
    return max(int(t), current[0] + 1) if current else int(t)


def write_out(col, folder: Path, now_ms: int) -> tuple[Path | None, int, list[str]]:
    """Write this collection's new changes as one batch; returns its path (None when there was nothing), the
    number of records and warnings."""
    warnings = []
    with col.transaction(NOTHING) as conn:
        own = state.ensure_tables(conn)
        if next_seq(folder, own) - 1 > state.get(conn, "seq"):
            # Batches under our id that we never wrote: this collection is a copy of another (or restored from a
            # backup). Two writers under one id would overwrite each other's files, so this one takes a new id;
            # the old id's batches are then merged as another collection's, which changes nothing already here.
            conn.execute("DELETE FROM sync_state WHERE key IN ('id', 'seq')")
            own = state.ensure_tables(conn)
            warnings.append(f"{folder}: another collection wrote under this one's sync id (a copied or restored "
                            f"collection file); this one now syncs as {own}")
        records, book = local_changes(conn, own)
    if not records:
        _commit(col, own, book, None)
        return None, 0, warnings
    seq = max(next_seq(folder, own), state.get(col.conn, "seq") + 1)
    with col.transaction(NOTHING) as conn:  # reserved first: a kill after the rename is not taken for a copy
        state.put(conn, "seq", seq)
    path = write_batch(folder, own, seq, records, now_ms)
    _commit(col, own, book, seq)
    return path, len(records), warnings


def _commit(col, own: str, book: list[tuple], seq: int | None) -> None:
    with col.transaction(NOTHING) as conn:
        for entry in book:
            if entry[0] == "revlog_mark":
                state.put(conn, "revlog_mark", entry[1])
                continue
            kind, key, d, t = entry
            state.mark_seen(conn, kind, key, d)
            state.set_stamp(conn, kind, key, t, own)
        if seq is not None:
            state.put(conn, "seq", seq)
