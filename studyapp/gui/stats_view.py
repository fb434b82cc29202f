"""Statistics (pyqtgraph, imported when this view opens): today, forecast, calendar heatmap, retention by week,
card states and retrievability. Each chart has labelled axes and a plain-language caption, and says so when there
is nothing to show yet."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout,
                               QWidget)

from ..collection import Collection
from ..collection.stats import Stats, compute_stats
from .theme import MARGINS

STATE_NAMES = ["new", "learning", "young", "mature", "suspended"]
MIN_WEEK_REVIEWS = 30  # fewer reviews than this make a week's retention noise (5 of 5 = 100%, 2 of 3 = 67%)
WEEKDAYS = ["Sun", "Sat", "Fri", "Thu", "Wed", "Tue", "Mon"]  # heatmap rows, bottom to top


def merge_thin_weeks(weeks: list[tuple[str, float, int]], minimum: int = MIN_WEEK_REVIEWS
                     ) -> list[tuple[str, str, float, int]]:
    """Consecutive weeks pooled until each point rests on at least `minimum` reviews: (first week, last week,
    retention, reviews). A thin tail joins the point before it. Retention is pooled, not averaged."""
    merged: list[list] = []
    group: list | None = None
    for week, rate, n in weeks:
        if group is None:
            group = [week, week, 0.0, 0]
        group[1] = week
        group[2] += rate * n
        group[3] += n
        if group[3] >= minimum:
            merged.append(group)
            group = None
    if group is not None:
        if merged:
            last = merged[-1]
            last[1], last[2], last[3] = group[1], last[2] + group[2], last[3] + group[3]
        else:
            merged.append(group)
    return [(first, last, passed / n, n) for first, last, passed, n in merged if n]


class Chart(QWidget):
    """A titled plot with a caption underneath."""

    def __init__(self, title: str, colors: dict[str, str]) -> None:
        super().__init__()
        self.colors = colors
        self.title = QLabel(f"<b>{title}</b>")
        self.plot = pg.PlotWidget(background=colors["base"])
        self.plot.setMinimumHeight(190)
        self.plot.setMaximumHeight(260)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a picture, not a control: the caption says it in words
        self.plot.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.plot.setAccessibleName(title)
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setPen(pg.mkPen(colors["muted"]))
            axis.setTextPen(pg.mkPen(colors["text"]))
        self.caption = QLabel(objectName="muted")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot)
        layout.addWidget(self.caption)
        self.empty_text: pg.TextItem | None = None

    def labels(self, bottom: str, left: str) -> None:
        self.plot.setLabel("bottom", bottom, color=self.colors["text"])
        self.plot.setLabel("left", left, color=self.colors["text"])

    def empty(self, is_empty: bool) -> None:
        if is_empty and self.empty_text is None:
            self.empty_text = pg.TextItem("No reviews yet", color=self.colors["muted"], anchor=(0.5, 0.5))
            self.plot.addItem(self.empty_text)
            self.empty_text.setPos(0.5, 0.5)
            self.plot.setXRange(0, 1)
            self.plot.setYRange(0, 1)


class StatsDialog(QDialog):
    def __init__(self, col: Collection, colors: dict[str, str], deck_id: int | None = None,
                 parent: QWidget | None = None, now: datetime | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.colors = colors
        self.now = now
        self.setWindowTitle("Statistics")
        self.resize(980, 760)
        pg.setConfigOptions(antialias=True)
        self.deck = QComboBox()
        self.deck.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.deck.setMinimumContentsLength(30)  # a long deck title must not widen the dialog
        self.deck.setAccessibleName("Deck")
        self.deck.addItem("All decks", None)
        for d in col.decks():
            self.deck.addItem(d.name, d.id)
        if deck_id is not None:
            self.deck.setCurrentIndex(max(0, self.deck.findData(deck_id)))
        self.deck.currentIndexChanged.connect(lambda _: self.refresh())
        self.today = QLabel(objectName="answer")
        self.today.setWordWrap(True)
        self.forecast = Chart("Forecast: reviews due", colors)
        self.calendar = Chart("Reviews over the past year", colors)
        self.calendar.plot.setFixedHeight(230)  # seven rows of cells, the axis and its label, none cut
        self.retention = Chart("True retention by week", colors)
        self.states = Chart("Card states", colors)
        self.recall = Chart("How likely you are to recall your cards now", colors)
        grid = QGridLayout()
        grid.addWidget(self.forecast, 0, 0)
        grid.addWidget(self.retention, 0, 1)
        grid.addWidget(self.calendar, 1, 0, 1, 2)
        grid.addWidget(self.states, 2, 0)
        grid.addWidget(self.recall, 2, 1)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.today)
        inner.addLayout(grid)
        scroll = QScrollArea()
        scroll.setAccessibleName("Statistics")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        top = QHBoxLayout()
        top.addWidget(QLabel("Deck:"))
        top.addWidget(self.deck, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)  # as the main window's
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.stats: Stats | None = None
        self.refresh()

    def refresh(self) -> None:
        """Compute in the background (a large collection takes a while), then draw."""
        from . import workers
        self.today.setText("Computing…")
        self.deck.setEnabled(False)
        self.job = workers.Job(lambda col, deck, now, progress=None: compute_stats(col, deck, now), self.col,
                               self.deck.currentData(), self.now)
        self.job.finished.connect(self.draw)
        self.job.failed.connect(self.today.setText)
        workers.start(self.job, self)

    def draw(self, s: Stats) -> None:
        self.stats = s
        self.deck.setEnabled(True)
        c = self.colors
        for chart in (self.forecast, self.calendar, self.retention, self.states, self.recall):
            chart.plot.clear()
            chart.empty_text = None
        if s.today_studied:
            parts = [f"Today: {s.today_studied} card{'s' if s.today_studied != 1 else ''} in "
                     f"{s.today_seconds / 60:.0f} min", f"again-rate {s.today_again_rate:.0%}"]
            if s.today_true_retention is not None:
                parts.append(f"true retention {s.today_true_retention:.0%}")
            self.today.setText(" · ".join(parts))
        else:
            self.today.setText("Today: no reviews yet.")

        # Forecast
        f = self.forecast
        f.labels("days from today", "reviews due")
        if sum(s.forecast):
            f.plot.addItem(pg.BarGraphItem(x=np.arange(30), height=s.forecast, width=0.8, brush=c["accent"]))
            f.caption.setText(f"{s.forecast[0]} due today, {sum(s.forecast[:7])} this week, "
                              f"{sum(s.forecast)} in the next 30 days.")
        else:
            f.empty(True)
            f.caption.setText("Nothing scheduled yet: study some new cards first.")
        f.data = list(s.forecast)

        # Calendar heatmap: 53 weeks x 7 days, most recent week on the right.
        cal = self.calendar
        cal.labels("weeks ago", "weekday")
        today = (self.now or datetime.now(timezone.utc)).date()
        grid = np.zeros((53, 7))
        first_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=52)
        for iso, n in s.calendar.items():
            d = date.fromisoformat(iso)
            week = (d - first_monday).days // 7
            if 0 <= week < 53:
                grid[week, 6 - d.weekday()] = n
        cal.data = grid
        if s.total_reviews:
            image = pg.ImageItem(grid)
            image.setLookupTable(pg.ColorMap([0, 1], [pg.mkColor(c["alt"]), pg.mkColor(c["good"])])
                                 .getLookupTable(nPts=64))
            image.setLevels((0, max(1, grid.max())))
            cal.plot.addItem(image)
            cal.plot.getAxis("bottom").setTicks([[(52 - k, str(k)) for k in (52, 39, 26, 13, 0)]])
            cal.plot.getAxis("left").setTicks([[(k + 0.5, day) for k, day in enumerate(WEEKDAYS)]])
            cal.plot.setXRange(0, 53, padding=0)
            cal.plot.setYRange(0, 7, padding=0)  # all seven rows, none cut
            days = len(s.calendar)
            cal.caption.setText(f"{s.total_reviews} reviews on {days} days in the past year; darker green means "
                                "more reviews that day.")
        else:
            cal.empty(True)
            cal.caption.setText("No reviews in the past year yet.")

        # Retention by week against the desired retention.
        r = self.retention
        r.labels("weeks ago", "true retention (%)")
        if s.retention_by_week:
            points = merge_thin_weeks(s.retention_by_week)
            r.points = points
            ys = [v * 100 for _, _, v, _ in points]
            xs = [-((today - date.fromisoformat(last)).days // 7) for _, last, _, _ in points]
            r.plot.plot(xs, ys, pen=pg.mkPen(c["accent"], width=2), symbol="o", symbolSize=6,
                        symbolBrush=c["accent"])
            r.plot.getAxis("bottom").setTicks([[(-k, str(k)) for k in range(0, 53, 13)]])
            r.plot.addItem(pg.InfiniteLine(pos=s.desired_retention * 100, angle=0,
                                           pen=pg.mkPen(c["hard"], style=Qt.PenStyle.DashLine)))
            r.plot.setYRange(min(min(ys), s.desired_retention * 100) - 5, 101)
            mean = sum(p * n for _, p, n in s.retention_by_week) / sum(n for _, _, n in s.retention_by_week)
            pooled = sum(1 for first, last, _, _ in points if first != last)
            r.caption.setText(f"Share of reviews you remembered: {mean:.0%} overall; the dashed line is your desired "
                              f"retention ({s.desired_retention:.0%}). Each point rests on at least "
                              f"{MIN_WEEK_REVIEWS} reviews" + (f"; {pooled} points pool quieter weeks" if pooled else "")
                              + f" ({min(n for *_, n in points)}–{max(n for *_, n in points)} reviews a point).")
        else:
            r.empty(True)
            r.caption.setText("Retention shows once cards come back for review.")
        r.data = [v for _, v, _ in s.retention_by_week]

        # Card states
        st = self.states
        st.labels("state", "cards")
        values = [s.states[k] for k in STATE_NAMES]
        st.data = dict(s.states)
        if sum(values):
            brushes = [c["new"], c["learn"], c["hard"], c["good"], c["muted"]]
            st.plot.addItem(pg.BarGraphItem(x=np.arange(5), height=values, width=0.7, brushes=brushes))
            st.plot.getAxis("bottom").setTicks([list(enumerate(STATE_NAMES))])
            st.caption.setText(", ".join(f"{v} {k}" for k, v in s.states.items()) +
                               ". Mature cards have an interval of 21 days or more.")
        else:
            st.empty(True)
            st.caption.setText("No cards yet.")

        # Retrievability distribution
        rc = self.recall
        rc.labels("chance of recall now (%)", "cards")
        rc.data = list(s.retrievability_bins)
        if sum(s.retrievability_bins):
            rc.plot.addItem(pg.BarGraphItem(x=np.arange(10) * 10 + 5, height=s.retrievability_bins, width=8,
                                            brush=c["accent"]))
            rc.plot.getAxis("bottom").setTicks([[(k * 10, str(k * 10)) for k in range(0, 11, 2)]])
            low = sum(s.retrievability_bins[:8])
            rc.caption.setText(f"{sum(s.retrievability_bins)} cards in review; {low} of them are below 80% "
                               "and would benefit from a review soon.")
        else:
            rc.empty(True)
            rc.caption.setText("No reviewed cards yet.")
