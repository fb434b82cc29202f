"""The clock, injected: every method that depends on the time takes `now` (an aware datetime) and falls back to this,
so tests and simulations drive the time. Times are stored in milliseconds (reviews, modification times) as Anki
stores them.
"""

from __future__ import annotations

from datetime import datetime, timezone


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def ms(dt: datetime) -> int:
    """An aware datetime in milliseconds since the epoch."""
    return int(dt.timestamp() * 1000)
