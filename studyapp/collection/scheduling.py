"""Scheduling settings and what "today" means.

The FSRS maths and the four next states live in states.py (the Rust `fsrs` crate for memory states, py-fsrs's rules
for steps and fuzz); they are named here too, where the rest of the collection and the GUI look for them. Stability
and difficulty are stored rounded as Anki stores them (4 and 3 decimals), so the same history gives the same memory
state in both.

A study day starts at the rollover hour in local time (Anki's convention, default 4 am): a review card is due today
if it falls due before the next rollover, so a late-night session still counts as the same day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from .schema import NEW
from .states import NextState, Scheduler, elapsed_days, format_interval, from_fsrs, from_ts, to_fsrs, utc

__all__ = ["RATINGS", "NextState", "Scheduler", "SchedulerConfig", "StudyDay", "elapsed_days", "format_interval",
           "from_fsrs", "from_ts", "next_states", "retrievability", "to_fsrs", "utc"]

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass
class SchedulerConfig:
    desired_retention: float = 0.9
    learning_steps: list[float] = field(default_factory=lambda: [1.0, 10.0])  # minutes
    relearning_steps: list[float] = field(default_factory=lambda: [10.0])
    maximum_interval: int = 36500  # days
    fuzz: bool = True
    parameters: list[float] | None = None  # FSRS weights; None = the defaults

    def scheduler(self) -> Scheduler:
        return Scheduler(desired_retention=self.desired_retention, learning_steps=self.learning_steps,
                         relearning_steps=self.relearning_steps, maximum_interval=self.maximum_interval,
                         fuzz=self.fuzz, parameters=self.parameters)


def next_states(scheduler: Scheduler, card_id: int, row: dict, now: datetime,
                day: StudyDay | None = None) -> dict[int, NextState]:
    """All four outcomes, computed once (fuzz is random, so these are what gets stored); see states.py. With `day`,
    elapsed days count as Anki counts them (from the rollover: elapsed_days)."""
    return scheduler.next_states(row, now, day)


def retrievability(scheduler: Scheduler, row: dict, now: datetime) -> float | None:
    if row["state"] == NEW or row["stability"] is None or not row["last_review"]:
        return None
    return scheduler.retrievability(row["stability"], int((now.timestamp() - row["last_review"]) // 86400))


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
