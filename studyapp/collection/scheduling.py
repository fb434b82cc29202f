"""FSRS scheduling through py-fsrs, and what "today" means.

py-fsrs pitfalls handled here: review times must carry `timezone.utc` exactly; `Card()` must be given our id (or it
sleeps to make one); fuzz is unseeded, so the four next states are computed once per showing and the chosen one is
stored as previewed; there is no New state, so ours maps to Learning step 0. Stability and difficulty are stored
rounded as Anki stores them (4 and 3 decimals), so the same history gives the same memory state in both.

A study day starts at the rollover hour in local time (Anki's convention, default 4 am): a review card is due today
if it falls due before the next rollover, so a late-night session still counts as the same day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from .schema import NEW

if TYPE_CHECKING:
    import fsrs

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass
class SchedulerConfig:
    desired_retention: float = 0.9
    learning_steps: list[float] = field(default_factory=lambda: [1.0, 10.0])  # minutes
    relearning_steps: list[float] = field(default_factory=lambda: [10.0])
    maximum_interval: int = 36500  # days
    fuzz: bool = True
    parameters: list[float] | None = None  # FSRS weights; None = py-fsrs defaults

    def scheduler(self) -> fsrs.Scheduler:
        import fsrs  # imported on first use: the deck list does not need it
        kwargs = {}
        if self.parameters:
            kwargs["parameters"] = tuple(self.parameters)
        return fsrs.Scheduler(desired_retention=self.desired_retention,
                              learning_steps=tuple(timedelta(minutes=m) for m in self.learning_steps),
                              relearning_steps=tuple(timedelta(minutes=m) for m in self.relearning_steps),
                              maximum_interval=self.maximum_interval, enable_fuzzing=self.fuzz, **kwargs)


def utc(dt: datetime) -> datetime:
    """An aware datetime in `timezone.utc` exactly (py-fsrs rejects anything else)."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    return dt.astimezone(timezone.utc)


def from_ts(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def elapsed_days(day: StudyDay, last_review: int, now: datetime) -> int:
    """Whole days since the last review as Anki counts them for FSRS: from the start of the next study day, so a
    review at 22:00 and one at 09:00 the day after next are two days apart (py-fsrs alone would count one)."""
    return max(0, (day.bounds(now)[1] - last_review) // 86400)


def to_fsrs(card_id: int, row: dict, now: datetime, day: StudyDay | None = None) -> fsrs.Card:
    """Our row as a py-fsrs card. With `day`, the last review is placed whole study days before `now` (as Anki
    counts them, see elapsed_days), because py-fsrs counts 24-hour periods and the memory state depends on the count;
    the stored last review is untouched."""
    import fsrs
    state = row["state"]
    if state == NEW:
        return fsrs.Card(card_id=card_id, state=fsrs.State.Learning, step=0, due=utc(now))
    last = from_ts(row["last_review"]) if row["last_review"] else None
    if last is not None and day is not None:
        last = utc(now) - timedelta(days=elapsed_days(day, row["last_review"], now))
    return fsrs.Card(card_id=card_id, state=fsrs.State(state), step=row["step"], stability=row["stability"],
                     difficulty=row["difficulty"], due=from_ts(row["due"]), last_review=last)


def from_fsrs(card: fsrs.Card) -> dict:
    return {"state": int(card.state.value), "step": card.step,
            "stability": round(card.stability, 4) if card.stability is not None else None,
            "difficulty": round(card.difficulty, 3) if card.difficulty is not None else None,
            "due": int(card.due.timestamp()),
            "last_review": int(card.last_review.timestamp()) if card.last_review else None}


@dataclass
class NextState:
    rating: int
    fields: dict  # the card's scheduling fields after this rating
    interval_seconds: float

    @property
    def label(self) -> str:
        return format_interval(self.interval_seconds)


def next_states(scheduler: fsrs.Scheduler, card_id: int, row: dict, now: datetime,
                day: StudyDay | None = None) -> dict[int, NextState]:
    """All four outcomes, computed once (fuzz is random, so these are what gets stored). review_card() copies the
    card it is given, so one starting card serves all four. With `day`, elapsed days count as Anki counts them."""
    import fsrs
    start = to_fsrs(card_id, row, now, day)
    when = utc(now)
    t = now.timestamp()
    out: dict[int, NextState] = {}
    for rating, fsrs_rating in zip((1, 2, 3, 4), fsrs.Rating):  # Again, Hard, Good, Easy
        after, _ = scheduler.review_card(start, fsrs_rating, review_datetime=when)
        fields = from_fsrs(after)
        out[rating] = NextState(rating, fields, max(0.0, fields["due"] - t))
    return out


def retrievability(scheduler: fsrs.Scheduler, row: dict, now: datetime) -> float | None:
    if row["state"] == NEW or row["stability"] is None or not row["last_review"]:
        return None
    return float(scheduler.get_card_retrievability(to_fsrs(0, row, now), current_datetime=utc(now)))


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


class StudyDay:
    """Day boundaries at the rollover hour, in a given zone (default: this machine's local time)."""

    def __init__(self, rollover_hour: int = 4, tz: str | None = None) -> None:
        self.rollover_hour = rollover_hour
        if tz == "UTC":
            self.zone = timezone.utc  # the same rules as ZoneInfo("UTC"), without importing zoneinfo (5 ms)
        elif tz:
            from zoneinfo import ZoneInfo  # only for a set time zone: its import costs start-up 5 ms
            self.zone = ZoneInfo(tz)
        else:
            self.zone = None
        self._bounds = (0, 0)

    def bounds(self, now: datetime) -> tuple[int, int]:
        """The study day around `now` as (start, end) in epoch seconds. Every card shown and answered asks, and the
        answer changes once a day, so the last day is kept and reused while `now` falls inside it."""
        t = now.timestamp()
        if not self._bounds[0] <= t < self._bounds[1]:
            self._bounds = (int(self.start(now).timestamp()), int(self.end(now).timestamp()))
        return self._bounds

    def _local(self, d: date) -> datetime:
        naive = datetime.combine(d, time(self.rollover_hour))
        return naive.replace(tzinfo=self.zone) if self.zone else naive.astimezone()

    def start(self, now: datetime) -> datetime:
        local = now.astimezone(self.zone) if self.zone else now.astimezone()
        day = local.date()
        start = self._local(day)
        if now < start:
            start = self._local(day - timedelta(days=1))
        return start

    def end(self, now: datetime) -> datetime:
        start = self.start(now)
        local_date = (start.astimezone(self.zone) if self.zone else start.astimezone()).date()
        return self._local(local_date + timedelta(days=1))
