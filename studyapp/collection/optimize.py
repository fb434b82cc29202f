"""FSRS parameter optimisation from the collection's own reviews, with fsrs-rs (no torch).

Each card's review history becomes training items (one per review after the first, with whole days elapsed
between reviews, counted from the study day's rollover). The new parameters are offered only with the log loss and
RMSE before and after, measured on the same items, so the caller can keep them only if they are better.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..errors import StudyAppError

if TYPE_CHECKING:
    from .collection import Collection

MIN_REVIEWS = 400


@dataclass
class OptimizeResult:
    parameters: list[float]
    reviews: int
    log_loss_before: float
    rmse_before: float
    log_loss_after: float
    rmse_after: float

    @property
    def better(self) -> bool:
        return self.log_loss_after < self.log_loss_before


def training_items(col: Collection, deck_id: int | None = None) -> tuple[list, int]:
    import fsrs_rs_python as fr
    day = col.study_day()
    sql = "SELECT r.card_id, r.time, r.rating FROM revlog r JOIN cards c ON c.id = r.card_id"
    params: list = []
    if deck_id is not None:
        sql += " WHERE c.deck_id = ?"
        params.append(deck_id)
    sql += " ORDER BY r.card_id, r.time"
    items: list = []
    count = 0
    current, history, last_day = None, [], None
    for row in col.conn.execute(sql, params):
        count += 1
        when = datetime.fromtimestamp(row["time"] / 1000, tz=timezone.utc)
        day_no = day.start(when).toordinal()
        if row["card_id"] != current:
            current, history, last_day = row["card_id"], [], None
        delta = 0 if last_day is None else day_no - last_day
        history.append(fr.FSRSReview(row["rating"], delta))
        last_day = day_no
        if len(history) >= 2 and delta > 0:  # fsrs-rs learns from reviews that come on a later day
            items.append(fr.FSRSItem(list(history)))
    return items, count


def optimize(col: Collection, deck_id: int | None = None) -> OptimizeResult:
    import fsrs_rs_python as fr
    items, count = training_items(col, deck_id)
    if count < MIN_REVIEWS or not items:
        raise StudyAppError(f"optimising needs at least {MIN_REVIEWS} reviews; this collection has {count} "
                            f"({MIN_REVIEWS - count} more needed)")
    current = col.settings()["fsrs_parameters"] or list(fr.DEFAULT_PARAMETERS)
    before = fr.FSRS(current).evaluate(items)
    params = list(fr.FSRS(current).compute_parameters(items))
    after = fr.FSRS(params).evaluate(items)
    return OptimizeResult(parameters=[round(p, 4) for p in params], reviews=count,
                          log_loss_before=before.log_loss, rmse_before=before.rmse_bins,
                          log_loss_after=after.log_loss, rmse_after=after.rmse_bins)

