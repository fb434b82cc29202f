"""The study queue: day counts, the next card, its four previews, and answering it. Kept together because they share
the day's bounds, the queue index (`cards_queue`) and the day's counts of new cards and reviews done.

A mixin of `Collection` (collection.py): the facade stays one object; this module holds one of its jobs. It uses the
facade's connection, settings (`_config`, `scheduler`, `study_day`), transaction and undo stack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..errors import StudyAppError
from .changes import NEXT_MOD_SQL, REVIEWS, next_mod
from .clock import ms as _ms
from .clock import now_utc
from .queue_sql import (ANSWER_COLUMNS, ANSWER_READ, ANSWER_READ_SQL, ANSWER_SQL, ANSWER_SQL_IF_UNCHANGED,
                        CARD_ROW_NAMES, CARD_SELECT, first_card_sql, firsts_sql, split_queries)
from .schema import REVIEW
from .scheduling import NextState, next_states

LEARN_AHEAD = timedelta(minutes=20)


@dataclass
class DeckInfo:
    id: int
    name: str
    new: int
    learning: int
    due: int
    total: int
    set_id: str | None = None


@dataclass
class StudyCard:
    """A card as the review screen needs it."""

    id: int
    note_id: int
    deck_id: int
    kind: str
    prompt: str
    answer: str
    back: str
    context: str
    category: str | None
    choices: list[str]
    state: int
    due: int
    reps: int
    lapses: int
    mod: int
    source: dict
    row: dict = field(repr=False, default_factory=dict)


@dataclass
class AnswerResult:
    card_id: int
    rating: int
    next_due: int
    interval_seconds: float
    leech: bool = False


class QueueMixin:
    """Deck counts, the next card, previews and answers (see the module's docstring)."""

    def decks(self, now: datetime | None = None) -> list[DeckInfo]:
        """Every deck with its New / Learning / Due counts for today (limits applied) and its total."""
        now = now or now_utc()
        day = self.study_day()
        start, end = day.bounds(now)
        t = int(now.timestamp())
        done = self._done_today(start)
        # Pinned to the queue index: left to itself the planner may walk a whole deck to count its new cards.
        queue = "FROM cards INDEXED BY cards_queue WHERE deck_id = ? AND suspended = 0 AND retired = 0"
        out = []
        for d in self.conn.execute("SELECT d.id, d.name, d.cards, (SELECT id FROM sets WHERE deck_id = d.id LIMIT 1)"
                                   " AS set_id FROM decks d ORDER BY d.name COLLATE NOCASE").fetchall():
            cfg = self._config(d["id"])
            new_done, rev_done = done.get(d["id"], (0, 0))
            new_left = max(0, cfg["new_per_day"] - new_done)
            rev_left = max(0, cfg["reviews_per_day"] - rev_done)
            # Counts are capped by the day's limits, so each query stops early inside the queue index.
            new = self.conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 {queue} AND state = 0 AND buried_until <= ? "
                                    "LIMIT ?)", (d["id"], t, new_left)).fetchone()[0]
            learning = self.conn.execute(f"SELECT COUNT(*) {queue} AND state IN (1, 3) AND due < ?",
                                         (d["id"], end)).fetchone()[0]
            due = self.conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 {queue} AND state = 2 AND due < ? "
                                    "AND buried_until <= ? LIMIT ?)", (d["id"], end, t, rev_left)).fetchone()[0]
            out.append(DeckInfo(id=d["id"], name=d["name"], new=new, learning=learning, due=due, total=d["cards"],
                                set_id=d["set_id"]))
        return out

    def _done_today(self, start: int) -> dict[int, list[int]]:
        """Per deck: (new cards introduced, reviews answered) since the day started.

        Read from the review log once per study day, then kept up to date by answer(); anything else that changes
        the log (undo, import, deletion) drops it, so it is read again."""
        if self._done_cache is None or self._done_cache[0] != start:
            counts = {r["deck_id"]: [r["new"] or 0, r["rev"] or 0] for r in self.conn.execute(
                "SELECT c.deck_id, COUNT(DISTINCT CASE WHEN r.state_before = 0 THEN r.card_id END) AS new,"
                " SUM(r.state_before = 2) AS rev FROM revlog r JOIN cards c ON c.id = r.card_id WHERE r.time >= ? "
                "GROUP BY c.deck_id", (start * 1000,))}
            self._done_cache = (start, counts)
        return self._done_cache[1]  # read-only for callers: answer() keeps it current


    # --- studying ----------------------------------------------------------------------------------------------

    def next_card(self, deck_id: int | None = None, now: datetime | None = None) -> StudyCard | None:
        """Learning cards due now, then today's reviews with new cards mixed in (within the daily limits).

        After an answer, the card that answer() fetched before its commit (see there) when nothing has been written
        since and `now` falls in the same second: the queue would give the same card, so it is not asked again."""
        now = now or now_utc()
        self._studying = (deck_id,)
        ahead = self._ahead
        if ahead is not None:
            self._ahead = None
            if ahead[0] == deck_id and ahead[1] == int(now.timestamp()) and ahead[2] == self.conn.total_changes:
                return ahead[3]
        return self._queue_head(deck_id, now)

    def _queue_head(self, deck_id: int | None, now: datetime) -> StudyCard | None:
        """The first card of the queue (see next_card)."""
        t = int(now.timestamp())
        day = self.study_day()
        start, end = day.bounds(now)
        where = "suspended = 0 AND retired = 0 AND buried_until <= ?"
        params: list[Any] = [t]
        if deck_id is not None:
            where += " AND deck_id = ?"
            params.append(deck_id)
        cfg = self._config(deck_id)
        done = self._done_today(start)
        if deck_id is None:
            new_done = sum(v[0] for v in done.values())
            rev_done = sum(v[1] for v in done.values())
        else:
            new_done, rev_done = done.get(deck_id, (0, 0))
        learning_q = (f"{where} AND state IN (1, 3) AND due <= ? ORDER BY due, id", params + [t])
        review_q = (f"{where} AND state = 2 AND due < ? ORDER BY due, id", params + [end]) \
            if rev_done < cfg["reviews_per_day"] else None
        new_q = (f"{where} AND state = 0 ORDER BY due, id", params) if new_done < cfg["new_per_day"] else None
        gap = self._gaps.get((deck_id, start)) if review_q and new_q else None
        if review_q and new_q and gap is None:
            # The day's first card with both reviews and new cards to give: which of them has a card decides
            # whether the spread of new cards is worked out. The first learning card due now, the first review due
            # today and the first new card, in one statement (a queue index answers each part).
            learning, review, new = self._firsts([learning_q, review_q, new_q])
            if learning:
                return self.card(learning)
            if review and new:
                gap = self._new_card_gap(deck_id, start, where, params, end, cfg, new_done, rev_done)
                return self.card(new if (rev_done + new_done) % (gap + 1) == gap else review)
            if review or new:
                return self.card(review or new)
        else:
            # Then the card itself in the same statement: learning first, then a new card where one is due in the
            # spread, else a review (each the other way round when one kind has none left).
            prefer_new = gap is not None and (rev_done + new_done) % (gap + 1) == gap
            fields = self._first_card([learning_q, *((new_q, review_q) if prefer_new else (review_q, new_q))])
            if fields:
                return self._study_card(fields)
        fields = self._first_card([(f"{where} AND state IN (1, 3) AND due <= ? ORDER BY due, id",
                                    params + [t + int(LEARN_AHEAD.total_seconds())])])
        return self._study_card(fields) if fields else None

    def _new_card_gap(self, deck_id, start, where, params, end, cfg, new_done, rev_done) -> int:
        """Reviews between two new cards, so the day's new cards spread through its reviews. Worked out once per
        deck and day, as Anki does when it builds its queue: counting the due reviews on every card would cost
        more than the rest of answering."""
        key = (deck_id, start)
        if key not in self._gaps:
            rev_left = max(0, cfg["reviews_per_day"] - rev_done)
            # Across decks, deck by deck in the queue index (there is no index on state and due alone; see schema).
            source = "cards INDEXED BY cards_queue" if deck_id is not None else \
                "decks d CROSS JOIN cards INDEXED BY cards_queue ON cards.deck_id = d.id"
            due = self.conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {where} AND state = 2 "
                                    "AND due < ? LIMIT ?)", params + [end, rev_left]).fetchone()[0]
            self._gaps[key] = max(1, due // max(1, cfg["new_per_day"] - new_done))
        return self._gaps[key]

    def _firsts(self, queries: list[tuple[str, list[Any]] | None]) -> list[int | None]:
        """The id of the first queued card for each (where, params), in one statement; None where the query is
        None or nothing matches."""
        texts, params = split_queries(queries)
        cur = self.conn.cursor()
        cur.row_factory = None
        return list(cur.execute(firsts_sql(texts), params).fetchone())

    def _first_card(self, queries: list[tuple[str, list[Any]] | None]) -> dict[str, Any] | None:
        """The row (as `card` reads it) of the first queued card of the first query that has one, in one
        statement: SQLite's COALESCE stops at the first query that answers, so the later ones cost nothing."""
        texts, params = split_queries([q for q in queries if q is not None])
        rows = self._card_rows(first_card_sql(texts), *params)
        return rows[0] if rows else None

    def card(self, card_id: int) -> StudyCard:
        fields = self._card_fields(f"{CARD_SELECT} WHERE c.id = ?", card_id)
        if not fields:
            raise StudyAppError(f"no card with id {card_id}")
        return self._study_card(fields)

    def _study_card(self, fields: dict[str, Any]) -> StudyCard:
        """A StudyCard from its row as `_card_rows` names it (with note_source)."""
        source = fields.pop("note_source")
        return StudyCard(id=fields["id"], note_id=fields["note_id"], deck_id=fields["deck_id"], kind=fields["kind"],
                         prompt=fields["prompt"], answer=fields["answer"], back=fields["back"],
                         context=fields["context"], category=fields["category"],
                         choices=_json(fields["choices"], []), state=fields["state"], due=fields["due"],
                         reps=fields["reps"], lapses=fields["lapses"], mod=fields["mod"],
                         source=_json(source, {}), row=fields)

    def _card_fields(self, sql: str, card_id: int) -> dict[str, Any] | None:
        """One card's columns (CARD_ROW_NAMES) as a dict."""
        rows = self._card_rows(sql, card_id)
        return rows[0] if rows else None

    def _card_rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """Cards' columns as CARD_SELECT names them (CARD_ROW_NAMES), as dicts. Reading plain tuples and naming them
        here is several times faster than sqlite3.Row's by-name lookups, and this runs for every card shown and
        answered."""
        cur = self.conn.cursor()
        cur.row_factory = None
        return [dict(zip(CARD_ROW_NAMES, row)) for row in cur.execute(sql, params)]

    def preview(self, card: StudyCard, now: datetime | None = None) -> dict[int, NextState]:
        """The four next states (rating -> state with its interval label); answer() stores exactly these. Worked out
        once per card as it is (its modification time), at the first call's `now`."""
        key = (card.id, card.mod)
        states = self._previews.get(key)
        if states is None:
            now = now or now_utc()
            ahead = self._ahead_preview
            if ahead is not None and ahead[0] == key and ahead[1] == int(now.timestamp()):
                states = ahead[2]  # worked out by the last answer from the same row in the same second: the same
            else:
                states = next_states(self.scheduler(card.deck_id), card.id, card.row, now, self.study_day())
            self._previews = {k: v for k, v in self._previews.items() if k[0] != card.id}
            self._previews[key] = states
        return states

    def _answer_rows(self, card: StudyCard, day_end: int) -> tuple[StudyCard, dict[str, Any], list[dict[str, Any]]]:
        """The card (read again if it changed since it was shown), its row as stored and its siblings to bury, in
        one read of the columns answering reads and undo restores."""
        cur = self.conn.cursor()
        cur.row_factory = None
        note_cards = [dict(zip(ANSWER_READ, row)) for row in cur.execute(ANSWER_READ_SQL, (card.note_id,))]
        before = next((r for r in note_cards if r["id"] == card.id), None)
        if before is None:
            raise StudyAppError(f"no card with id {card.id}")
        if before["mod"] != card.mod:  # changed since it was shown (edited elsewhere): start from the row
            card = self.card(card.id)
        siblings = [r for r in note_cards if r["id"] != card.id and r["state"] in (0, REVIEW)
                    and r["buried_until"] < day_end]
        return card, before, siblings

    def answer(self, card: StudyCard, rating: int, now: datetime | None = None,
               duration_ms: int | None = None) -> AnswerResult:
        """Apply a rating (1 Again, 2 Hard, 3 Good, 4 Easy): the card and its review-log row in one transaction.

        While a deck is being studied (next_card() was called), the transaction also reads the deck's next card and
        works out its preview before it commits, so that the next card is ready once the commit's sync returns."""
        if rating not in (1, 2, 3, 4):
            raise StudyAppError(f"rating must be 1-4, not {rating!r}")
        now = now or now_utc()
        day_start, day_end = self.study_day().bounds(now)
        self._ahead = self._ahead_preview = None
        studying, ahead, ahead_preview = self._studying, None, None
        t_ms = _ms(now)
        try:
            with self.transaction():
                # A card shown with no siblings is answered from its row as shown, the update guarded by the row's
                # modification time (every change to what answering reads moves it on); when that finds the row
                # changed, or the card has siblings to bury, the card and its siblings are read first.
                guarded = card.row.get("siblings") == 0
                while True:
                    if guarded:
                        before, siblings = card.row, []
                    else:
                        card, before, siblings = self._answer_rows(card, day_end)
                    chosen = self.preview(card, now)[rating]
                    after = chosen.fields
                    lapse = rating == 1 and before["state"] == REVIEW
                    lapses = before["lapses"] + (1 if lapse else 0)
                    threshold = self._config(before["deck_id"])["leech_threshold"]
                    # Tagged at the threshold, and again every half-threshold lapses after (as Anki does).
                    leech = lapse and lapses >= threshold and (lapses - threshold) % max(1, threshold // 2) == 0
                    mod = next_mod(before["mod"], t_ms)
                    values = [after["state"], after["step"], after["stability"], after["difficulty"], after["due"],
                              after["last_review"], before["reps"] + 1, lapses, mod]
                    # A leech is also suspended; otherwise neither column is named, so their indexes are left alone.
                    if leech:
                        values += [1, 1]
                    if not guarded:
                        self.conn.execute(ANSWER_SQL[bool(leech)], values + [card.id])
                        break
                    if self.conn.execute(ANSWER_SQL_IF_UNCHANGED[bool(leech)], values + [card.id, card.mod]).rowcount:
                        break
                    guarded = False
                columns = ANSWER_COLUMNS + (("leech", "suspended") if leech else ())
                interval_before = (before["due"] - before["last_review"]) / 86400 if before["last_review"] else 0.0
                interval_after = (after["due"] - int(now.timestamp())) / 86400
                cur = self.conn.execute(
                    "INSERT INTO revlog(card_id, time, rating, duration_ms, state_before, state_after, "
                    "interval_before, interval_after, stability_after, difficulty_after, due_after) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (card.id, t_ms, rating, int(duration_ms or 0), before["state"], after["state"], interval_before,
                     interval_after, after["stability"], after["difficulty"], after["due"]))
                revlog_id = cur.lastrowid
                if siblings:
                    # (mod moves too: a sync sends the burial with the time it happened, not the sibling's last
                    # review's, which two computers burying it on different days would share)
                    self.conn.execute(f"UPDATE cards SET buried_until = ?, mod = {NEXT_MOD_SQL} WHERE id IN "
                                      f"({','.join('?' * len(siblings))})",
                                      [day_end, t_ms, *[s['id'] for s in siblings]])
                # Counted before the commit, as the next card below depends on it (undone on failure below).
                done = self._done_cache
                if done is not None and done[0] == day_start and before["state"] in (0, REVIEW):
                    counts = self._done_cache[1].setdefault(before["deck_id"], [0, 0])
                    counts[0 if before["state"] == 0 else 1] += 1
                # The next card of the deck being studied, and its preview, fetched before the commit: the queue
                # then already holds this answer, and next_card() returns it unless anything is written meanwhile.
                # Done here, the review screen's next card waits on no query after the commit's sync.
                if studying is not None:
                    try:
                        ahead = self._queue_head(studying[0], now)
                        if ahead is not None:
                            ahead_preview = next_states(self.scheduler(ahead.deck_id), ahead.id, ahead.row, now,
                                                        self.study_day())
                    except Exception:  # never lose the answer for its successor: next_card() asks again
                        studying = ahead = ahead_preview = None
                # Undo puts back what this changed, from the row read above: the columns written (naming no
                # others, so only the indexes on those are touched), the review-log row and the siblings' burial.
                # (Built here too, so that as little as possible is left for after the commit's sync.)
                restore: list[tuple[str, list]] = [("DELETE FROM revlog WHERE id = ?", [revlog_id]),
                                                   (ANSWER_SQL[bool(leech)], [before[c] for c in columns] + [card.id])]
                restore += [("UPDATE cards SET buried_until = ?, mod = ? WHERE id = ?",
                             [s["buried_until"], s["mod"], s["id"]]) for s in siblings]
                result = AnswerResult(card.id, rating, after["due"], chosen.interval_seconds, leech=bool(leech))
        except BaseException:
            self._done_cache = None  # counted, or worked out from, an answer that was rolled back: read again
            self._gaps.clear()
            raise
        if studying is not None:
            second = int(now.timestamp())
            self._ahead = (studying[0], second, self.conn.total_changes, ahead)
            if ahead is not None:
                self._ahead_preview = ((ahead.id, ahead.mod), second, ahead_preview)
        self._previews.pop((card.id, card.mod), None)
        self._push_undo("Answer card", restore, REVIEWS)
        return result


def _json(text: str | None, empty: Any) -> Any:
    """A JSON column; most cards have no choices and many notes no source, so the empty ones skip the parser."""
    return json.loads(text) if text and text not in ("[]", "{}") else type(empty)()
