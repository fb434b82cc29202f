"""Merging review-log rows from elsewhere (an Anki export, another computer) and replaying each card's FSRS state.

The review log is the truth of a collection: a card's schedule is a function of its log. So merging reviews done
somewhere else comes down to two steps, both here:

1. Add the rows this collection does not know yet. A row is known when the same card already has a row at the same
   time (`match_within_ms` widens "the same time" for sources that move times slightly: our Anki export shifts a
   review-log id by a millisecond when two reviews share one). Matching is one to one, so two real reviews of a
   card a moment apart both stay.
2. Replay every touched card's whole log in time order through the scheduler its deck uses (its own desired
   retention, steps and FSRS parameters), as `answer()` would have applied each rating live: the state before each
   answer is rebuilt from the stored, rounded values, exactly as the live path reads it back. So reviews done in two
   places interleave correctly, and replaying a log that holds only live answers gives back the same card.

Fuzz is random (py-fsrs draws it unseeded), so a replay never draws it: a row keeps the due date that was set when it
was answered (`due_after`) as long as the replay reaches the state, stability and difficulty recorded with it;
otherwise the unfuzzed due is used (and recorded, so replaying again changes nothing). Stability
and difficulty do not depend on fuzz. Replay leaves suspension, burying and leech marks alone; a merge applies the
suspensions and buries it is given explicitly. Everything is one transaction, undoable, reported as REVIEWS.

A mixin of `Collection` (collection.py). Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ..errors import StudyAppError
from .changes import REVIEWS, next_mod
from .clock import ms as _ms
from .clock import now_utc
from .schema import NEW, REVIEW
from .scheduling import SchedulerConfig, StudyDay, from_fsrs, to_fsrs

# The columns of a review-log row a replay derives (the rest, time, rating and duration, are the record itself).
DERIVED = ("state_before", "state_after", "interval_before", "interval_after", "stability_after",
           "difficulty_after", "due_after")
UNKNOWN = -1  # a new row's state_after / due_after until the replay fills them in (inside the same transaction)


@dataclass(frozen=True)
class ReviewRow:
    """One review to merge. `due_after` (seconds) is the due date the answering scheduler set, fuzz included; the
    other `_after` fields are what it recorded, when known. A replay keeps that due date while it reaches the same
    recorded state, stability and difficulty (those not known are not compared)."""

    card_id: int
    time: int  # milliseconds since the epoch, as the review log stores it
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    duration_ms: int = 0
    due_after: int | None = None
    state_after: int | None = None
    stability_after: float | None = None
    difficulty_after: float | None = None


@dataclass
class ReviewMerge:
    """What a merge did (or, for a preview, would do)."""

    cards_touched: list[int] = field(default_factory=list)
    reviews_added: int = 0
    skipped: int = 0  # rows already known: the same card at the same time
    unknown_cards: list[int] = field(default_factory=list)  # card ids this collection does not have
    suspended: int = 0
    unsuspended: int = 0
    buried: int = 0

    def summary(self) -> str:
        parts = [f"{self.reviews_added} review{'s' * (self.reviews_added != 1)} added to "
                 f"{len(self.cards_touched)} card{'s' * (len(self.cards_touched) != 1)}",
                 f"{self.skipped} already known"]
        if self.unknown_cards:
            parts.append(f"{len(self.unknown_cards)} for cards not in this collection")
        for n, what in ((self.suspended, "suspended"), (self.unsuspended, "unsuspended"), (self.buried, "buried")):
            if n:
                parts.append(f"{n} card{'s' * (n != 1)} {what}")
        return ", ".join(parts)


class _Preview(Exception):
    """Raised inside a merge's transaction to roll it back after the report is made (a dry run)."""


def replay_log(scheduler: Any, card_id: int, log: list[dict], day: StudyDay | None = None) -> tuple[dict, list[dict]]:
    """A card's scheduling fields after its whole log (rows with time, rating and optionally the stored state_after
    and due_after, in time order), and each row's derived columns (DERIVED). A new card's state is the start.
    `day` counts elapsed days as answering does (scheduling.elapsed_days)."""
    import fsrs
    ratings = {1: fsrs.Rating.Again, 2: fsrs.Rating.Hard, 3: fsrs.Rating.Good, 4: fsrs.Rating.Easy}
    card: dict[str, Any] = {"state": NEW, "step": None, "stability": None, "difficulty": None, "due": 0,
                            "last_review": None, "reps": 0, "lapses": 0}
    derived = []
    live = getattr(scheduler, "next_states", None)  # our Scheduler (states.py); a bare py-fsrs one has none
    py = scheduler
    for row in log:
        when = datetime.fromtimestamp(row["time"] / 1000, tz=timezone.utc)
        if live is not None:  # the engine answering uses, so a replay of live answers gives them back exactly
            fields = dict(live(card, when, day)[row["rating"]].fields)
        else:
            after, _ = py.review_card(to_fsrs(card_id, card, when, day), ratings[row["rating"]], review_datetime=when)
            fields = from_fsrs(after)
        if row.get("due_after") is not None and all(row.get(f"{k}_after") in (None, fields[k])
                                                    for k in ("state", "stability", "difficulty")):
            fields["due"] = int(row["due_after"])  # the due date set live (its fuzz), kept
        interval_before = (card["due"] - card["last_review"]) / 86400 if card["last_review"] else 0.0
        derived.append({"state_before": card["state"], "state_after": fields["state"],
                        "interval_before": interval_before,
                        "interval_after": (fields["due"] - int(when.timestamp())) / 86400,
                        "stability_after": fields["stability"], "difficulty_after": fields["difficulty"],
                        "due_after": fields["due"]})
        lapses = card["lapses"] + (1 if row["rating"] == 1 and card["state"] == REVIEW else 0)
        card = {**fields, "reps": card["reps"] + 1, "lapses": lapses}
    return card, derived


class ReplayMixin:
    """merge_reviews() and replay_cards() on the facade (see the module's docstring)."""

    def replay_scheduler(self, deck_id: int | None):
        """The deck's scheduler without fuzz: a replay must be a function of the log alone."""
        cfg = self._config(deck_id)
        return SchedulerConfig(desired_retention=cfg["desired_retention"],
                               learning_steps=list(cfg["learning_steps"]),
                               relearning_steps=list(cfg["relearning_steps"]),
                               maximum_interval=cfg["maximum_interval"], fuzz=False,
                               parameters=cfg["fsrs_parameters"]).scheduler()

    def merge_reviews(self, rows: Iterable[ReviewRow], *, suspended: Mapping[int, bool] | None = None,
                      buried_until: Mapping[int, int] | None = None, match_within_ms: int = 0,
                      now: datetime | None = None, dry_run: bool = False,
                      description: str = "Merge reviews") -> ReviewMerge:
        """Add the review rows not yet known, replay every touched card from its whole log, and apply the given
        suspensions (card id -> suspended) and buries (card id -> buried until, epoch seconds); one transaction,
        one undo step. `dry_run` makes the same report and changes nothing (the GUI's preview)."""
        rows = list(rows)
        for r in rows:
            if r.rating not in (1, 2, 3, 4):
                raise StudyAppError(f"a review of card {r.card_id} has rating {r.rating!r}, not 1-4")
        now = now or now_utc()
        suspended, buried_until = dict(suspended or {}), dict(buried_until or {})
        wanted = {r.card_id for r in rows} | set(suspended) | set(buried_until)
        report = ReviewMerge()
        try:
            with self.transaction(REVIEWS):
                known = self._existing_cards(wanted)
                report.unknown_cards = sorted(wanted - known)
                log = self._logs(sorted({r.card_id for r in rows} & known))
                added = self._add_rows([r for r in rows if r.card_id in known], log, match_within_ms, report)
                touched = sorted({r.card_id for r in added})
                replayed = self._replay(touched, now)
                flags, flagged = self._apply_flags({k: v for k, v in suspended.items() if k in known},
                                                   {k: v for k, v in buried_until.items() if k in known}, now,
                                                   report)
                report.cards_touched = sorted(set(touched) | set(flagged))
                # Undo: the added rows go, then the flags, then cards and rows as they were (each restores `mod`).
                ids = [r.id for r in added]
                restore = [(f"DELETE FROM revlog WHERE id IN ({','.join('?' * len(ids[i:i + 500]))})",
                            ids[i:i + 500]) for i in range(0, len(ids), 500)]
                restore += flags + replayed
                if dry_run:
                    raise _Preview
        except _Preview:
            return report
        if restore:
            self._push_undo(description, restore)
        return report

    def replay_cards(self, card_ids: Iterable[int], now: datetime | None = None) -> list[int]:
        """Recompute cards' schedules from their logs (one transaction, undoable); returns the ids that changed."""
        ids = sorted(self._existing_cards(set(card_ids)))
        with self.transaction(REVIEWS):
            before = {r["id"]: dict(r) for r in self._rows("cards", ids)}
            restore = self._replay(ids, now or now_utc())
            changed = [i for i, r in ((i, self.conn.execute("SELECT * FROM cards WHERE id = ?", (i,)).fetchone())
                                      for i in ids) if dict(r) != before[i]]
        if changed:
            self._push_undo("Replay cards", restore)
        return changed

    def review_rows(self, card_ids: Iterable[int] | None = None, since_ms: int = 0) -> list[ReviewRow]:
        """The review log as rows to merge elsewhere (all cards, or those given), from `since_ms` on."""
        sql = ("SELECT card_id, time, rating, duration_ms, due_after, state_after, stability_after, "
               "difficulty_after FROM revlog WHERE time >= ?")
        rows = [ReviewRow(*r) for r in self.conn.execute(sql + " ORDER BY card_id, time, id", (since_ms,))]
        if card_ids is not None:
            wanted = set(card_ids)
            rows = [r for r in rows if r.card_id in wanted]
        return rows

    # --- the parts ---------------------------------------------------------------------------------------------

    def _existing_cards(self, ids: set[int]) -> set[int]:
        found: set[int] = set()
        ordered = sorted(ids)
        for i in range(0, len(ordered), 500):
            chunk = ordered[i:i + 500]
            found.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM cards WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def _rows(self, table: str, ids: list[int], key: str = "id") -> list:
        out: list = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out += self.conn.execute(f"SELECT * FROM {table} WHERE {key} IN ({','.join('?' * len(chunk))}) "
                                     f"ORDER BY {'card_id, time, id' if table == 'revlog' else 'id'}",
                                     chunk).fetchall()
        return out

    def _logs(self, card_ids: list[int]) -> dict[int, list[int]]:
        """Each card's review times (ms), for telling known rows from new ones."""
        out: dict[int, list[int]] = {cid: [] for cid in card_ids}
        for r in self._rows("revlog", card_ids, key="card_id"):
            out[r["card_id"]].append(r["time"])
        return out

    def _add_rows(self, rows: list[ReviewRow], log: dict[int, list[int]], within: int,
                  report: ReviewMerge) -> list[Any]:
        """Insert the rows not known yet (their derived columns are filled in by the replay); returns them with
        their new ids. A known row is matched one to one: the nearest unmatched time of the same card."""
        added = []
        for r in sorted(rows, key=lambda r: (r.card_id, r.time)):
            times = log[r.card_id]
            near = [t for t in times if abs(t - r.time) <= within]
            if near:
                times.remove(min(near, key=lambda t: abs(t - r.time)))
                report.skipped += 1
                continue
            cur = self.conn.execute(
                "INSERT INTO revlog(card_id, time, rating, duration_ms, state_before, state_after, stability_after, "
                "difficulty_after, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (r.card_id, r.time, r.rating, max(0, int(r.duration_ms)), NEW,
                 UNKNOWN if r.state_after is None else r.state_after, r.stability_after, r.difficulty_after,
                 UNKNOWN if r.due_after is None else r.due_after))
            added.append(_Added(cur.lastrowid, r.card_id))
            report.reviews_added += 1
        return added

    def _replay(self, card_ids: list[int], now: datetime) -> list[tuple[str, list]]:
        """Replay each card from its whole log; update the card and the log rows whose derived columns changed.
        Returns the undo statements (the cards and the log's rows as they were); rows inserted by this merge are
        deleted by the caller's undo, so restoring theirs does no harm."""
        from .undo import _update_sql
        if not card_ids:
            return []
        now_ms = _ms(now)
        cards = {r["id"]: dict(r) for r in self._rows("cards", card_ids)}
        logs: dict[int, list[dict]] = {cid: [] for cid in card_ids}
        for r in self._rows("revlog", card_ids, key="card_id"):
            logs[r["card_id"]].append(dict(r))
        schedulers: dict[int, Any] = {}
        settings = self.settings()
        # A day of its own: the replay walks through past days, and the app's keeps today's bounds (other threads
        # may be asking it meanwhile).
        day = StudyDay(settings["rollover_hour"], settings["timezone"])
        card_restore, log_restore = [], []
        for cid in card_ids:
            before = cards[cid]
            log = logs[cid]
            deck = before["deck_id"]
            if deck not in schedulers:
                schedulers[deck] = self.replay_scheduler(deck)
            fields, derived = replay_log(schedulers[deck], cid, day=day, log=[
                {"time": r["time"], "rating": r["rating"], "stability_after": r["stability_after"],
                 "difficulty_after": r["difficulty_after"],
                 "state_after": None if r["state_after"] == UNKNOWN else r["state_after"],
                 "due_after": None if r["due_after"] == UNKNOWN else r["due_after"]} for r in log])
            for r, d in zip(log, derived):
                if any(r[k] != d[k] for k in DERIVED):
                    log_restore.append(_update_sql("revlog", {**{k: r[k] for k in DERIVED}, "id": r["id"]}, "id"))
                    self.conn.execute(f"UPDATE revlog SET {', '.join(f'{k} = ?' for k in DERIVED)} WHERE id = ?",
                                      [d[k] for k in DERIVED] + [r["id"]])
            if not log:
                continue  # nothing to replay: a card never answered stays as it is
            if any(before[k] != fields[k] for k in fields):
                card_restore.append(_update_sql("cards", before, "id"))
                self.conn.execute(
                    "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, "
                    "reps = ?, lapses = ?, mod = ? WHERE id = ?",
                    (fields["state"], fields["step"], fields["stability"], fields["difficulty"], fields["due"],
                     fields["last_review"], fields["reps"], fields["lapses"], next_mod(before["mod"], now_ms), cid))
        return card_restore + log_restore

    def _apply_flags(self, suspended: dict[int, bool], buried_until: dict[int, int], now: datetime,
                     report: ReviewMerge) -> tuple[list[tuple[str, list]], list[int]]:
        """Suspend, unsuspend and bury as given; returns the undo statements and the cards changed."""
        restore, changed = [], []
        now_ms = _ms(now)
        for cid in sorted(set(suspended) | set(buried_until)):
            row = self.conn.execute("SELECT suspended, buried_until, mod FROM cards WHERE id = ?", (cid,)).fetchone()
            new_s = int(suspended.get(cid, bool(row["suspended"])))
            new_b = max(row["buried_until"], int(buried_until.get(cid, 0)))
            if (new_s, new_b) == (row["suspended"], row["buried_until"]):
                continue
            report.suspended += int(new_s and not row["suspended"])
            report.unsuspended += int(row["suspended"] and not new_s)
            report.buried += int(new_b != row["buried_until"])
            self.conn.execute("UPDATE cards SET suspended = ?, buried_until = ?, mod = ? WHERE id = ?",
                              (new_s, new_b, next_mod(row["mod"], now_ms), cid))
            restore.append(("UPDATE cards SET suspended = ?, buried_until = ?, mod = ? WHERE id = ?",
                            [row["suspended"], row["buried_until"], row["mod"], cid]))
            changed.append(cid)
        return restore, changed


@dataclass(frozen=True)
class _Added:
    id: int
    card_id: int
