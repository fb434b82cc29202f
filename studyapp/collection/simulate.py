"""Simulated study through the public API with an injected clock: demo collections, screenshots, tests."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .collection import Collection

RATING_WEIGHTS = ((1, 0.12), (2, 0.08), (3, 0.68), (4, 0.12))


def simulate_days(col: Collection, start: datetime, days: int, seed: int = 1, deck_id: int | None = None,
                  per_day_cap: int = 400) -> int:
    """Study every day from `start` for `days` days, answering whatever is due with seeded ratings. Returns the
    number of answers given."""
    rng = random.Random(seed)
    ratings, weights = zip(*RATING_WEIGHTS)
    answers = 0
    for d in range(days):
        now = start + timedelta(days=d)
        for _ in range(per_day_cap):
            card = col.next_card(deck_id, now)
            if card is None:
                break
            col.answer(card, rng.choices(ratings, weights)[0], now, duration_ms=rng.randint(2000, 15000))
            answers += 1
            now += timedelta(seconds=rng.randint(5, 40))
    return answers
