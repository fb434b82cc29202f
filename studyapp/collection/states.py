"""A card's four next states (Again, Hard, Good, Easy), as the review screen shows them and answer() stores them.

The memory maths (stability and difficulty after each rating) comes from the Rust `fsrs` crate through its Python
binding `fsrs-rs-python` (already a dependency, for the optimiser): the crate Anki itself schedules with. One call
gives all four memory states in about a microsecond, where py-fsrs's `review_card` took about 40 µs per rating and
was a third of answering a card. Around it, this module follows py-fsrs 6's `Scheduler.review_card` rule for rule
(learning and relearning steps, the switch to Review, whole-day intervals, fuzz), so the states are those py-fsrs
gives; tests/test_collection_core.py compares the two on many cards (memory states within 1e-3: the crate computes
in 32-bit floats, and stability is stored rounded to 4 decimals anyway) and the memory states with Anki's.

py-fsrs stays for the cases the crate cannot express: a card with a memory state but no last review (py-fsrs then
takes the retrievability as 0), or a card past New without one. The collection never writes such rows, but an
edited or imported one might.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from random import random
from typing import TYPE_CHECKING, Any

from .schema import LEARNING, NEW, RELEARNING, REVIEW

if TYPE_CHECKING:
    import fsrs

DAY = 86400
# py-fsrs's fuzz ranges (fsrs.scheduler.FUZZ_RANGES): from 2.5 to 7 days 0.15 a day, to 20 days 0.1, beyond 0.05.
# py-fsrs 6's default weights (fsrs.scheduler.DEFAULT_PARAMETERS), so building a scheduler needs no import of py-fsrs.
DEFAULT_PARAMETERS = (0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
                      0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542)


@dataclass
class NextState:
    rating: int
    fields: dict  # the card's scheduling fields after this rating
    interval_seconds: float

    @property
    def label(self) -> str:
        return format_interval(self.interval_seconds)


class Scheduler:
    """FSRS for one set of settings (a deck's own over the global ones): the four next states and a card's
    retrievability. Built once per deck and kept until the settings change (see SettingsMixin.scheduler)."""

    def __init__(self, desired_retention: float = 0.9, learning_steps: list[float] | tuple[float, ...] = (1.0, 10.0),
                 relearning_steps: list[float] | tuple[float, ...] = (10.0,), maximum_interval: int = 36500,
                 fuzz: bool = True, parameters: list[float] | tuple[float, ...] | None = None) -> None:
        import fsrs_rs_python  # 1 ms, on the first card shown (py-fsrs took 36 ms to import)
        self.desired_retention = desired_retention
        self.learning_steps = tuple(m * 60.0 for m in learning_steps)  # seconds
        self.relearning_steps = tuple(m * 60.0 for m in relearning_steps)
        self.maximum_interval = maximum_interval
        self.fuzz = fuzz
        self.parameters = tuple(parameters) if parameters else DEFAULT_PARAMETERS
        self._model = fsrs_rs_python.FSRS(list(self.parameters))
        self._memory = fsrs_rs_python.MemoryState
        decay = -self.parameters[20]
        self._decay = decay
        self._factor = 0.9 ** (1 / decay) - 1
        # Days per unit of stability at the desired retention (py-fsrs's _next_interval, before rounding).
        self._days_per_stability = (desired_retention ** (1 / decay) - 1) / self._factor
        self._py: fsrs.Scheduler | None = None

    # --- retrievability ------------------------------------------------------------------------------------------

    def retrievability(self, stability: float, elapsed_days: int) -> float:
        """FSRS's forgetting curve, whole elapsed days as py-fsrs counts them."""
        return (1 + self._factor * max(0, elapsed_days) / stability) ** self._decay

    # --- next states ---------------------------------------------------------------------------------------------

    def next_states(self, row: dict, now: datetime, day: Any = None) -> dict[int, NextState]:
        """The four outcomes of answering the card in `row` (its scheduling columns) at `now`, with fuzz drawn
        once: these are what the buttons show and what answer() stores. With `day` (a StudyDay), elapsed days count
        from the study day's rollover as Anki counts them for FSRS (elapsed_days); without, in 24-hour periods."""
        state = row["state"]
        stability = row["stability"]
        last = row["last_review"]
        t = now.timestamp()
        if state == NEW:
            memory, step, state = None, 0, LEARNING  # py-fsrs has no New: a new card is Learning step 0
        elif stability is None or row["difficulty"] is None or not last:
            return self._py_next_states(row, now, day)  # see the module's docstring
        else:
            memory, step = self._memory(stability, row["difficulty"]), row["step"]
        if not last:
            elapsed = 0
        elif day is not None:
            elapsed = elapsed_days(day, last, now)
        else:
            elapsed = int((t - last) // DAY)  # py-fsrs: (review time - last review).days
        states = self._model.next_states(memory, self.desired_retention, elapsed if elapsed > 0 else 0)
        t_int = int(t)
        interval = self._interval
        out: dict[int, NextState] = {}
        for rating, item in ((1, states.again), (2, states.hard), (3, states.good), (4, states.easy)):
            m = item.memory
            s = m.stability
            new_state, new_step, seconds = interval(state, step, rating, s)
            due = int(t + seconds)
            out[rating] = NextState(rating, {"state": new_state, "step": new_step, "stability": round(s, 4),
                                             "difficulty": round(m.difficulty, 3), "due": due,
                                             "last_review": t_int}, due - t if due > t else 0.0)
        return out

    def _interval(self, state: int, step: int | None, rating: int, stability: float) -> tuple[int, int | None, float]:
        """(state, step, seconds until due) after `rating`: py-fsrs's step rules for Learning, Review and
        Relearning cards, then fuzz for a card that ends in Review."""
        if state == REVIEW:
            if rating == 1 and self.relearning_steps:
                return RELEARNING, 0, self.relearning_steps[0]
            return REVIEW, None, self._review_seconds(stability)
        steps = self.learning_steps if state == LEARNING else self.relearning_steps
        step = step or 0
        if not steps or (step >= len(steps) and rating > 1):
            return REVIEW, None, self._review_seconds(stability)
        if rating == 1:
            return state, 0, steps[0]
        if rating == 2:
            if step == 0:
                return state, 0, steps[0] * 1.5 if len(steps) == 1 else (steps[0] + steps[1]) / 2.0
            return state, step, steps[step]
        if rating == 3 and step + 1 < len(steps):
            return state, step + 1, steps[step + 1]
        return REVIEW, None, self._review_seconds(stability)  # Good on the last step, or Easy

    def _review_seconds(self, stability: float) -> float:
        """py-fsrs's `_next_interval` (whole days, at least 1, at most the maximum) and `_get_fuzzed_interval`, its
        loop over FUZZ_RANGES unrolled (the same additions in the same order, so the same floats)."""
        days = round(stability * self._days_per_stability)
        days = self.maximum_interval if days > self.maximum_interval else (days if days > 1 else 1)
        if self.fuzz and days >= 2.5:
            delta = 1.0 + 0.15 * ((days if days < 7.0 else 7.0) - 2.5)
            if days > 7.0:
                delta += 0.1 * ((days if days < 20.0 else 20.0) - 7.0)
                if days > 20.0:
                    delta += 0.05 * (days - 20.0)
            high = round(days + delta)
            if high > self.maximum_interval:
                high = self.maximum_interval
            low = round(days - delta)
            low = high if low > high else (low if low > 2 else 2)
            days = round(random() * (high - low + 1) + low)
            if days > self.maximum_interval:
                days = self.maximum_interval
        return days * DAY

    # --- py-fsrs, for what the crate cannot express ----------------------------------------------------------------

    @property
    def py(self) -> fsrs.Scheduler:
        """The same settings as a py-fsrs Scheduler (imported on first use: 36 ms)."""
        if self._py is None:
            import fsrs
            self._py = fsrs.Scheduler(parameters=self.parameters, desired_retention=self.desired_retention,
                                      learning_steps=tuple(timedelta(seconds=s) for s in self.learning_steps),
                                      relearning_steps=tuple(timedelta(seconds=s) for s in self.relearning_steps),
                                      maximum_interval=self.maximum_interval, enable_fuzzing=self.fuzz)
        return self._py

    def _py_next_states(self, row: dict, now: datetime, day: Any = None) -> dict[int, NextState]:
        import fsrs
        start = to_fsrs(0, row, now, day)
        when = utc(now)
        t = now.timestamp()
        out: dict[int, NextState] = {}
        for rating, fsrs_rating in zip((1, 2, 3, 4), fsrs.Rating):
            after, _ = self.py.review_card(start, fsrs_rating, review_datetime=when)
            fields = from_fsrs(after)
            out[rating] = NextState(rating, fields, max(0.0, fields["due"] - t))
        return out


def utc(dt: datetime) -> datetime:
    """An aware datetime in `timezone.utc` exactly (py-fsrs rejects anything else)."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return dt.astimezone(timezone.utc)


def from_ts(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def elapsed_days(day: Any, last_review: int, now: datetime) -> int:
    """Whole days since the last review as Anki counts them for FSRS: from the start of the next study day, so a
    review at 22:00 and one at 09:00 the day after next are two days apart (py-fsrs alone would count one). `day` is
    a scheduling.StudyDay."""
    return max(0, (day.bounds(now)[1] - last_review) // 86400)


def to_fsrs(card_id: int, row: dict, now: datetime, day: Any = None) -> fsrs.Card:
    import fsrs
    state = row["state"]
    if state == NEW:
        return fsrs.Card(card_id=card_id, state=fsrs.State.Learning, step=0, due=utc(now))
    last = from_ts(row["last_review"]) if row["last_review"] else None
    if last is not None and day is not None:  # placed whole study days before `now`, as Anki counts them (py-fsrs
        # counts 24-hour periods, and the memory state depends on the count); the stored last review is untouched
        last = utc(now) - timedelta(days=elapsed_days(day, row["last_review"], now))
    return fsrs.Card(card_id=card_id, state=fsrs.State(state), step=row["step"], stability=row["stability"],
                     difficulty=row["difficulty"], due=from_ts(row["due"]), last_review=last)


def from_fsrs(card: fsrs.Card) -> dict:
    return {"state": int(card.state.value), "step": card.step,
            "stability": round(card.stability, 4) if card.stability is not None else None,
            "difficulty": round(card.difficulty, 3) if card.difficulty is not None else None,
            "due": int(card.due.timestamp()),
            "last_review": int(card.last_review.timestamp()) if card.last_review else None}


def format_interval(seconds: float) -> str:
    """How Anki labels buttons: "1m", "10m", "5h", "3d", "2.1mo", "1.4y"."""
    minutes = seconds / 60
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        months = days / 30.4
        return f"{months:.1f}mo".replace(".0mo", "mo")
    years = days / 365.25
    return f"{years:.1f}y".replace(".0y", "y")
