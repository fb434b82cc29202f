"""Statistics and the mastery map, computed from the collection (no Qt): the GUI draws them, `studyapp stats`
prints them, tests check them against their own SQL.

"Day" is the study day (from the rollover hour), as everywhere else. True retention is the share of reviews of
cards in the review state that were not answered Again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from .scheduling import retrievability

if TYPE_CHECKING:
    from .collection import Collection

YOUNG_DAYS = 21  # Anki's line between young and mature cards (interval in days)


@dataclass
class Stats:
    deck: str
    today_studied: int = 0
    today_seconds: float = 0.0
    today_again_rate: float | None = None
    today_true_retention: float | None = None
    forecast: list[int] = field(default_factory=list)  # reviews due on each of the next 30 days (today first)
    calendar: dict[str, int] = field(default_factory=dict)  # ISO date -> reviews, past year
    retention_by_week: list[tuple[str, float, int]] = field(default_factory=list)  # (week start, retention, n)
    desired_retention: float = 0.9
    states: dict[str, int] = field(default_factory=dict)  # new, learning, young, mature, suspended
    retrievability_bins: list[int] = field(default_factory=list)  # review cards per 10% band of current R
    total_reviews: int = 0

    def to_json(self) -> dict:
        return asdict(self)


def _where(deck_id: int | None, alias: str = "c") -> tuple[str, list]:
    return (f" AND {alias}.deck_id = ?", [deck_id]) if deck_id is not None else ("", [])


def compute_stats(col: Collection, deck_id: int | None = None, now: datetime | None = None) -> Stats:
    now = now or datetime.now(timezone.utc)
    day = col.study_day()
    start = day.start(now)
    deck_sql, deck_params = _where(deck_id)
    name = "All decks"
    if deck_id is not None:
        row = col.conn.execute("SELECT name FROM decks WHERE id = ?", (deck_id,)).fetchone()
        name = row["name"] if row else str(deck_id)
    s = Stats(deck=name, desired_retention=col.deck_config(deck_id)["desired_retention"])
    conn = col.conn

    t = conn.execute(f"SELECT COUNT(*), COALESCE(SUM(r.duration_ms), 0), SUM(r.rating = 1), "
                     f"SUM(r.state_before = 2), SUM(r.state_before = 2 AND r.rating > 1) "
                     f"FROM revlog r JOIN cards c ON c.id = r.card_id WHERE r.time >= ?{deck_sql}",
                     [int(start.timestamp() * 1000), *deck_params]).fetchone()
    s.today_studied, s.today_seconds = t[0], (t[1] or 0) / 1000
    s.today_again_rate = (t[2] or 0) / t[0] if t[0] else None
    s.today_true_retention = (t[4] or 0) / t[3] if t[3] else None

    # Forecast: review and learning cards by the study day they fall due (overdue counts as today).
    bounds = [start + timedelta(days=k) for k in range(31)]
    bounds = [day.start(b + timedelta(hours=12)) for b in bounds]  # exact local day starts across DST
    s.forecast = [0] * 30
    for (due,) in conn.execute(f"SELECT due FROM cards c WHERE state != 0 AND suspended = 0 AND retired = 0"
                               f"{deck_sql} AND due < ?", [*deck_params, int(bounds[30].timestamp())]):
        k = 0
        while k < 29 and due >= bounds[k + 1].timestamp():
            k += 1
        s.forecast[k] += 1

    # Calendar of the past year, and true retention by week.
    year_ago = start - timedelta(days=365)
    weeks: dict[date, list[int]] = {}
    for time_ms, rating, state_before in conn.execute(
            f"SELECT r.time, r.rating, r.state_before FROM revlog r JOIN cards c ON c.id = r.card_id "
            f"WHERE r.time >= ?{deck_sql}", [int(year_ago.timestamp() * 1000), *deck_params]):
        d = day.start(datetime.fromtimestamp(time_ms / 1000, tz=timezone.utc))
        local = (d.astimezone(day.zone) if day.zone else d.astimezone()).date()
        s.calendar[local.isoformat()] = s.calendar.get(local.isoformat(), 0) + 1
        if state_before == 2:
            week = local - timedelta(days=local.weekday())
            w = weeks.setdefault(week, [0, 0])
            w[0] += rating > 1
            w[1] += 1
    s.retention_by_week = [(w.isoformat(), passed / n, n) for w, (passed, n) in sorted(weeks.items())]
    s.total_reviews = sum(s.calendar.values())

    # Card states and the distribution of current retrievability.
    s.states = {"new": 0, "learning": 0, "young": 0, "mature": 0, "suspended": 0}
    s.retrievability_bins = [0] * 10
    scheduler = col.scheduler()
    for row in conn.execute(f"SELECT state, step, stability, difficulty, due, last_review, suspended FROM cards c "
                            f"WHERE retired = 0{deck_sql}", deck_params):
        row = dict(row)
        if row["suspended"]:
            s.states["suspended"] += 1
            continue
        if row["state"] == 0:
            s.states["new"] += 1
            continue
        if row["state"] in (1, 3):
            s.states["learning"] += 1
        else:
            interval = (row["due"] - (row["last_review"] or row["due"])) / 86400
            s.states["mature" if interval >= YOUNG_DAYS else "young"] += 1
            r = retrievability(scheduler, row, now)
            if r is not None:
                s.retrievability_bins[min(9, int(r * 10))] += 1
    return s


@dataclass
class MasteryItem:
    part: str  # "tldw" | "takeaway" | "section"
    text: str
    ref: str  # takeaway or section id ("" for the TLDW)
    card_ids: list[int]
    known: float | None  # mean current retrievability of the item's cards; None when none has been studied
    studied: int  # how many of its cards have been reviewed


def mastery_map(col: Collection, deck_id: int, now: datetime | None = None) -> list[MasteryItem]:
    """The deck's post in its own order, each takeaway and section with how well it is known now. Cards never
    studied count as known 0 (not yet learned) in the mean, once any card of the item has been studied."""
    now = now or datetime.now(timezone.utc)
    ts = col.takeaway_set(deck_id)
    if ts is None:
        return []
    scheduler = col.scheduler()
    cards_by_ref: dict[str, list[dict]] = {}
    for row in col.conn.execute(
            "SELECT c.id, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, n.ref FROM cards c "
            "JOIN notes n ON n.id = c.note_id WHERE c.deck_id = ? AND c.retired = 0 AND n.set_id = ?",
            (deck_id, ts.id)):
        cards_by_ref.setdefault(row["ref"], []).append(dict(row))

    def item(part: str, text: str, ref: str) -> MasteryItem:
        cards = cards_by_ref.get(ref, [])
        values = [retrievability(scheduler, c, now) for c in cards]
        studied = sum(v is not None for v in values)
        known = sum(v or 0.0 for v in values) / len(values) if studied else None
        return MasteryItem(part, text, ref, [c["id"] for c in cards], known, studied)

    out: list[MasteryItem] = []
    if ts.tldw:
        out.append(MasteryItem("tldw", " ".join(ts.tldw), "", [], None, 0))
    out += [item("takeaway", t.full_text, t.id) for t in ts.takeaways]
    out += [item("section", s.heading, s.id) for s in ts.sections]
    return out
