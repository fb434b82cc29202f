"""The four next states come from the Rust `fsrs` crate plus py-fsrs's step and fuzz rules (states.py): they must be
what py-fsrs itself gives, card by card, for every state, rating and setting the collection allows."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import fsrs
import pytest

from studyapp.collection.scheduling import SchedulerConfig, retrievability
from studyapp.collection.states import from_fsrs, to_fsrs

NOW = datetime(2026, 6, 1, 12, 0, 30, tzinfo=timezone.utc)
SETTINGS = [
    SchedulerConfig(),
    SchedulerConfig(desired_retention=0.95, learning_steps=[1.0], relearning_steps=[]),
    SchedulerConfig(desired_retention=0.8, learning_steps=[], relearning_steps=[5.0, 30.0], maximum_interval=60),
    SchedulerConfig(learning_steps=[2.0, 15.0, 90.0], fuzz=False,
                    parameters=[0.3, 1.1, 2.9, 9.5, 6.9, 0.6, 2.5, 0.01, 1.6, 0.2, 0.9, 1.7, 0.09, 0.3, 1.4, 0.5,
                                2.1, 0.6, 0.12, 0.08, 0.2]),
]


def random_rows(rng: random.Random, n: int) -> list[dict]:
    """Cards in every state, reviewed from minutes to years ago (same-day reviews included)."""
    rows = []
    t = int(NOW.timestamp())
    for _ in range(n):
        state = rng.choice((0, 1, 2, 2, 2, 3))
        if state == 0:
            rows.append({"state": 0, "step": 0, "stability": None, "difficulty": None, "due": t, "last_review": None})
            continue
        last = t - rng.choice((rng.randint(60, 80_000), rng.randint(86_400, 86_400 * 800)))
        rows.append({"state": state, "step": rng.randint(0, 3) if state != 2 else None,
                     "stability": round(rng.uniform(0.01, 3000), 4), "difficulty": round(rng.uniform(1, 10), 3),
                     "due": last + 86_400, "last_review": last})
    return rows


def py_fsrs_states(config: SchedulerConfig, row: dict, now: datetime) -> dict[int, dict]:
    scheduler = fsrs.Scheduler(parameters=tuple(config.parameters) if config.parameters else fsrs.Scheduler().parameters,
                               desired_retention=config.desired_retention,
                               learning_steps=tuple(timedelta(minutes=m) for m in config.learning_steps),
                               relearning_steps=tuple(timedelta(minutes=m) for m in config.relearning_steps),
                               maximum_interval=config.maximum_interval, enable_fuzzing=config.fuzz)
    card = to_fsrs(1, row, now)
    return {rating: from_fsrs(scheduler.review_card(card, r, review_datetime=now)[0])
            for rating, r in zip((1, 2, 3, 4), fsrs.Rating)}


@pytest.mark.parametrize("config", SETTINGS, ids=["defaults", "one-step", "no-learning-steps", "own-weights"])
def test_next_states_are_py_fsrs_states(config):
    ours = config.scheduler()
    rng = random.Random(17)
    for k, row in enumerate(random_rows(rng, 400)):
        random.seed(k)  # fuzz draws from the module's generator, in the same order on both sides
        expected = py_fsrs_states(config, row, NOW)
        random.seed(k)
        got = ours.next_states(row, NOW)
        for rating in (1, 2, 3, 4):
            mine, theirs = got[rating].fields, expected[rating]
            assert (mine["state"], mine["step"], mine["last_review"]) == \
                (theirs["state"], theirs["step"], theirs["last_review"]), (row, rating)
            assert mine["stability"] == pytest.approx(theirs["stability"], rel=1e-3, abs=1e-3), (row, rating)
            assert mine["difficulty"] == pytest.approx(theirs["difficulty"], rel=1e-3, abs=1e-3), (row, rating)
            # Whole days from 32-bit stability could round the other way only within 1e-6 of a half day.
            assert abs(mine["due"] - theirs["due"]) <= (86_400 if mine["state"] == 2 else 0), (row, rating)
            assert got[rating].interval_seconds == max(0.0, mine["due"] - NOW.timestamp())


def test_a_card_with_a_memory_but_no_last_review_falls_back_to_py_fsrs():
    config = SchedulerConfig(fuzz=False)
    row = {"state": 2, "step": None, "stability": 12.0, "difficulty": 5.0, "due": int(NOW.timestamp()),
           "last_review": None}
    got = config.scheduler().next_states(row, NOW)
    expected = py_fsrs_states(config, row, NOW)
    assert {r: s.fields for r, s in got.items()} == expected


def test_retrievability_is_py_fsrs_forgetting_curve():
    config = SchedulerConfig()
    py = fsrs.Scheduler()
    rng = random.Random(3)
    for row in random_rows(rng, 200):
        if row["state"] == 0:
            assert retrievability(config.scheduler(), row, NOW) is None
            continue
        card = to_fsrs(1, row, NOW)
        assert retrievability(config.scheduler(), row, NOW) == pytest.approx(
            py.get_card_retrievability(card, current_datetime=NOW), rel=1e-12)
