"""Merging the other collections' change files into this one: every new complete batch, in one transaction.

Order-independence comes from each kind of record having a rule that does not care about arrival order:
- reviews: a set of rows (same card and time = the same review), each touched card replayed from its whole log
  (Collection.merge_reviews, collection/replay.py);
- notes, card flags and sets: the change with the greatest (time, origin) holds; a loser is never applied, and
  a losing note text is kept in the report;
- records about notes or cards not here yet wait in `sync_pending` and are tried at every merge.
The batches applied, the pending records and the review-log mark are written in the same transaction, so a kill
leaves the collection as before the merge or as after it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..collection.changes import EVERYTHING, next_mod
from ..collection.clock import ms as _ms
from ..collection.replay import ReviewRow
from ..errors import StudyAppError
from . import state
from .files import BadBatch, Batch, peer_files, read_batch


@dataclass
class MergeReport:
    batches: int = 0
    reviews_added: int = 0
    cards_replayed: int = 0
    notes_changed: int = 0
    flags_changed: int = 0
    sets_imported: int = 0
    pending: int = 0
    conflicts: list[str] = field(default_factory=list)  # the note texts that lost to a later edit
    warnings: list[str] = field(default_factory=list)  # change files skipped for now


def _when(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def read_new_batches(conn, folder: Path, own: str, report: MergeReport) -> list[Batch]:
    """The complete batches not merged yet; incomplete or damaged ones are skipped with a warning each."""
    applied = {(r[0], r[1]) for r in conn.execute("SELECT origin, seq FROM sync_applied")}
    out = []
    for origin, seq, path in peer_files(folder, own):
        if (origin, seq) in applied:
            continue
        try:
            batch = read_batch(path)
        except BadBatch as exc:
            report.warnings.append(f"{path}: {exc}; skipped, tried again at the next sync")
            continue
        if (batch.origin, batch.seq) != (origin, seq):
            report.warnings.append(f"{path}: its header names another collection or number; skipped")
            continue
        out.append(batch)
    return out


def merge_in(col, folder: Path, now: datetime) -> MergeReport:
    report = MergeReport()
    with col.transaction(EVERYTHING) as conn:
        own = state.ensure_tables(conn)
        batches = read_new_batches(conn, folder, own, report)
        items = [(b.origin, r) for b in batches for r in b.records]
        items += [(r[0], json.loads(r[1])) for r in conn.execute("SELECT origin, record FROM sync_pending")]
        if not items:
            return report
        conn.execute("DELETE FROM sync_pending")
        by_kind: dict[str, list[tuple[str, dict]]] = {}
        for origin, r in items:  # kinds this version does not know (a newer one's) are passed over
            by_kind.setdefault(str(r.get("t")), []).append((origin, r))
        waiting: list[tuple[str, dict]] = []
        _merge_sets(col, by_kind.get("set", []), report)
        _merge_notes(col, by_kind.get("note", []), own, report, waiting)
        _merge_flags(col, by_kind.get("flags", []), now, report, waiting)
        _merge_reviews(col, by_kind.get("review", []), now, report, waiting)
        for origin, r in waiting:
            key = str(r.get("card", r.get("note")))
            conn.execute("INSERT OR REPLACE INTO sync_pending(origin, kind, key, time, record) VALUES (?, ?, ?, ?, ?)",
                         (origin, r["t"], key, int(r["time"]), json.dumps(r, sort_keys=True)))
        report.pending = len(waiting)
        top = conn.execute("SELECT MAX(id) FROM revlog").fetchone()[0] or 0
        state.put(conn, "revlog_mark", max(top, state.get(conn, "revlog_mark")))
        conn.executemany("INSERT OR REPLACE INTO sync_applied(origin, seq, digest, applied) VALUES (?, ?, ?, ?)",
                         [(b.origin, b.seq, b.digest, _ms(now)) for b in batches])
        report.batches = len(batches)
    if report.reviews_added or report.notes_changed or report.flags_changed or report.sets_imported:
        col._undo.clear()  # an undo step from before would now restore a card against its merged log
    return report


def _winners(items: list[tuple[str, dict]], key: str) -> dict[Any, tuple[tuple[int, str], dict, list]]:
    """Per key: the greatest (time, origin) record, and the others (losers)."""
    groups: dict[Any, list[tuple[tuple[int, str], dict]]] = {}
    for origin, r in items:
        groups.setdefault(r[key], []).append(((int(r["time"]), origin), r))
    out = {}
    for k, recs in groups.items():
        recs.sort(key=lambda x: x[0])
        out[k] = (recs[-1][0], recs[-1][1], recs[:-1])
    return out


def _merge_sets(col, items: list[tuple[str, dict]], report: MergeReport) -> None:
    from ..takeaways.yaml_io import load_yaml_set
    conn = col.conn
    for set_id, (stamp, r, _) in sorted(_winners(items, "set").items()):
        current = state.stamp(conn, "set", set_id)
        if current is not None and tuple(current) >= stamp:
            continue
        try:
            ts = load_yaml_set(r["yaml"], f"sync set {set_id}")
            col.import_set(ts, deck_name=r["deck"], now=_when(stamp[0]))
        except StudyAppError as exc:  # one set that cannot be read does not hold up the rest
            report.warnings.append(f"set {set_id} from another computer not imported: {exc}")
            continue
        stored = conn.execute("SELECT yaml FROM sets WHERE id = ?", (set_id,)).fetchone()
        state.set_stamp(conn, "set", set_id, *stamp)
        state.mark_seen(conn, "set", set_id, state.digest(stored["yaml"] if stored else r["yaml"]))
        report.sets_imported += 1


def _merge_notes(col, items, own: str, report: MergeReport, waiting: list) -> None:
    from ..collection.notes import regenerate_note
    conn = col.conn
    for note_id, (stamp, r, losers) in sorted(_winners(items, "note").items()):
        row = conn.execute("SELECT text, extra FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None and "new" in r:
            _add_user_note(col, r, stamp[0])
            state.set_stamp(conn, "note", str(note_id), *stamp)
            state.mark_seen(conn, "note", str(note_id), state.digest(r["text"], r["extra"]))
            report.notes_changed += 1
            report.conflicts += [f"note {note_id}: kept the later edit {r['text']!r}; not {rec['text']!r}"
                                 for _, rec in losers if rec["text"] != r["text"]]
            continue
        if row is None:
            waiting.extend((s[1], rec) for s, rec in [(stamp, r)] + losers)
            continue
        current = state.stamp(conn, "note", str(note_id))
        beaten = [rec for _, rec in losers]
        if current is not None and tuple(current) >= stamp:
            beaten.append(r)
            kept = row["text"]
        else:
            if current is not None and row["text"] != r["text"]:
                beaten.append({"text": row["text"]})
            try:
                regenerate_note(col, note_id, r["text"], r["extra"], _when(stamp[0]))
            except StudyAppError as exc:
                report.warnings.append(f"note {note_id}: the edit from another computer cannot be applied ({exc})")
                continue
            state.set_stamp(conn, "note", str(note_id), *stamp)
            after = conn.execute("SELECT text, extra FROM notes WHERE id = ?", (note_id,)).fetchone()
            state.mark_seen(conn, "note", str(note_id), state.digest(after["text"], after["extra"]))
            kept = after["text"]
            report.notes_changed += 1
        for rec in beaten:
            if rec["text"] != kept:
                report.conflicts.append(f"note {note_id}: kept the later edit {kept!r}; not {rec['text']!r}")


def _add_user_note(col, r: dict, t_ms: int) -> None:
    """A card the user wrote on the other computer, with its ids, into the deck of the same name."""
    from ..collection.importer import new_positions
    new = r["new"]
    conn = col.conn
    deck = conn.execute("SELECT id FROM decks WHERE name = ?", (new["deck"],)).fetchone()
    deck_id = deck[0] if deck else conn.execute("INSERT INTO decks(name, created) VALUES (?, ?)",
                                                (new["deck"], t_ms)).lastrowid
    conn.execute("INSERT INTO notes(id, gen_id, deck_id, kind, text, extra, source, user_note, user_edited, created, "
                 "mod) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                 (r["note"], r["note"], deck_id, new["kind"], r["text"], r["extra"], new["source"],
                  int(new.get("edited", 0)), new["created"], t_ms))
    positions = new_positions(conn)
    for c in new["cards"]:
        conn.execute("INSERT INTO cards(id, note_id, deck_id, ord, key, kind, prompt, answer, back, due, mod) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (c["id"], r["note"], deck_id, c["ord"], c["key"], c["kind"], c["prompt"], c["answer"],
                      c["back"], next(positions), t_ms))


def _merge_flags(col, items, now: datetime, report: MergeReport, waiting: list) -> None:
    conn = col.conn
    for card_id, (stamp, r, losers) in sorted(_winners(items, "card").items()):
        row = conn.execute("SELECT suspended, buried_until, mod FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            waiting.extend((s[1], rec) for s, rec in [(stamp, r)] + losers)
            continue
        current = state.stamp(conn, "flags", str(card_id))
        if current is not None and tuple(current) >= stamp:
            continue
        s, b = int(r["suspended"]), int(r["buried_until"])
        if (s, b) != (row["suspended"], row["buried_until"]):
            conn.execute("UPDATE cards SET suspended = ?, buried_until = ?, mod = ? WHERE id = ?",
                         (s, b, next_mod(row["mod"], _ms(now)), card_id))
            report.flags_changed += 1
        state.set_stamp(conn, "flags", str(card_id), *stamp)
        state.mark_seen(conn, "flags", str(card_id), state.digest(s, b))


def _merge_reviews(col, items, now: datetime, report: MergeReport, waiting: list) -> None:
    """Reviews through merge_reviews. Two computers answering one card in the same millisecond is one review to
    merge_reviews; which of the two is kept must not depend on arrival order, so the greater (rating, duration)
    stays, here and on the other computer alike."""
    if not items:
        return
    ids = sorted({int(r["card"]) for _, r in items})
    known = col._existing_cards(set(ids))
    best: dict[tuple[int, int], ReviewRow] = {}
    for origin, r in items:
        if int(r["card"]) not in known:
            waiting.append((origin, r))
            continue
        row = ReviewRow(int(r["card"]), int(r["time"]), int(r["rating"]), int(r.get("duration") or 0),
                        r.get("due_after"), r.get("state_after"), r.get("stability_after"), r.get("difficulty_after"))
        key = (row.card_id, row.time)
        if key not in best or (row.rating, row.duration_ms) > (best[key].rating, best[key].duration_ms):
            best[key] = row
    clashed = set()
    for (card, time), row in best.items():
        here = col.conn.execute("SELECT id, rating, duration_ms FROM revlog WHERE card_id = ? AND time = ?",
                                (card, time)).fetchone()
        if here and (row.rating, row.duration_ms) > (here["rating"], here["duration_ms"]):
            col.conn.execute("UPDATE revlog SET rating = ?, duration_ms = ? WHERE id = ?",
                             (row.rating, row.duration_ms, here["id"]))
            clashed.add(card)
    if best:
        merged = col.merge_reviews(list(best.values()), now=now, description="Sync")
        report.reviews_added += merged.reviews_added
        report.cards_replayed += len(merged.cards_touched)
    if clashed:
        col.replay_cards(sorted(clashed), now)
