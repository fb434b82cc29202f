"""Statistics and the mastery map: on an empty collection and after a simulated year, the figures shown equal
those the test computes from the collection itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from conftest import ROOT

from studyapp.collection import Collection
from studyapp.collection.scheduling import retrievability
from studyapp.collection.simulate import simulate_days
from studyapp.collection.stats import compute_stats, mastery_map
from studyapp.takeaways import Takeaway, TakeawaySet

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def year_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("year") / "year.sqlite"
    with Collection.open(path, autobackup=False) as col:
        # Five new cards a day spread the bundled deck's cards over the year, so the last day has reviews due.
        col.set_settings(timezone="UTC", fuzz=False, new_per_day=5)
        simulate_days(col, NOW - timedelta(days=365), 365, seed=5)
        # A set imported this morning, so today has reviews whatever the year left due (which cards the deck
        # holds changes with the generator, and with it the year's schedule).
        col.import_set(TakeawaySet(title="Harbour Notes", takeaways=[
            Takeaway(f"The harbour at Port {name} handled {n} million tonnes of cargo in 2019.")
            for name, n in (("Ardent", 12), ("Belmar", 31), ("Corvo", 7), ("Dunmore", 45), ("Elsby", 19))]),
            now=NOW - timedelta(hours=2))
        simulate_days(col, NOW, 1, seed=6)  # the last day is today
    return path


@pytest.fixture
def year(year_file, tmp_path):
    copy = tmp_path / "year.sqlite"
    shutil.copy(year_file, copy)
    c = Collection.open(copy, autobackup=False)
    yield c
    c.close()


@pytest.fixture
def empty(tmp_path):
    c = Collection.open(tmp_path / "empty.sqlite", autobackup=False)
    c.set_settings(timezone="UTC")
    yield c
    c.close()


def test_empty_collection_stats(empty):
    s = compute_stats(empty, now=NOW)
    assert s.today_studied == 0 and s.today_again_rate is None and s.total_reviews == 0
    assert s.forecast == [0] * 30 and s.calendar == {} and s.retention_by_week == []
    assert s.states["new"] == empty.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]


def test_year_stats_match_the_collection(year):
    s = compute_stats(year, now=NOW)
    day_start = int(datetime(2026, 11, 29, 4, tzinfo=timezone.utc).timestamp())  # rollover 4:00 UTC
    today = year.conn.execute("SELECT COUNT(*), SUM(rating = 1), SUM(duration_ms) FROM revlog WHERE time >= ?",
                              (day_start * 1000,)).fetchone()
    assert s.today_studied == today[0] > 0
    assert s.today_again_rate == pytest.approx(today[1] / today[0])
    assert s.today_seconds == pytest.approx(today[2] / 1000)
    year_ago = (day_start - 365 * 86400) * 1000
    assert s.total_reviews == year.conn.execute("SELECT COUNT(*) FROM revlog WHERE time >= ?",
                                                (year_ago,)).fetchone()[0]
    due = [r[0] for r in year.conn.execute("SELECT due FROM cards WHERE state != 0 AND suspended = 0 AND "
                                           "retired = 0")]
    expected = [0] * 30
    for d in due:
        k = max(0, (d - day_start) // 86400)
        if k < 30:
            expected[k] += 1
    assert s.forecast == expected
    passed, total = year.conn.execute("SELECT SUM(rating > 1), COUNT(*) FROM revlog WHERE state_before = 2 AND "
                                      "time >= ?", (year_ago,)).fetchone()
    assert sum(n for _, _, n in s.retention_by_week) == total
    assert sum(p * n for _, p, n in s.retention_by_week) == pytest.approx(passed)
    states = dict(year.conn.execute(
        "SELECT CASE WHEN suspended THEN 'suspended' WHEN state = 0 THEN 'new' WHEN state IN (1, 3) THEN 'learning' "
        "WHEN (due - last_review) >= 21 * 86400 THEN 'mature' ELSE 'young' END, COUNT(*) FROM cards "
        "WHERE retired = 0 GROUP BY 1").fetchall())
    assert {k: v for k, v in s.states.items() if v} == states
    assert sum(s.retrievability_bins) == states.get("young", 0) + states.get("mature", 0)


def test_mastery_map_is_the_post_in_order_with_mean_recall(year):
    deck = year.decks(NOW)[0]
    items = mastery_map(year, deck.id, NOW)
    ts = year.takeaway_set(deck.id)
    assert [i.part for i in items] == ["tldw"] + ["takeaway"] * len(ts.takeaways) + ["section"] * len(ts.sections)
    assert [i.text for i in items if i.part == "takeaway"] == [t.full_text for t in ts.takeaways]
    scheduler = year.scheduler()
    for item in items[1:]:
        rows = [dict(r) for r in year.conn.execute(
            "SELECT c.* FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.ref = ? AND c.retired = 0",
            (item.ref,))]
        values = [retrievability(scheduler, r, NOW) for r in rows]
        assert sorted(item.card_ids) == sorted(r["id"] for r in rows)
        if any(v is not None for v in values):
            assert item.known == pytest.approx(sum(v or 0 for v in values) / len(values))


def test_stats_cli_json(year):
    result = subprocess.run([sys.executable, "-m", "studyapp", "--collection", str(year.path), "stats", "--json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_reviews"] > 500 and set(data["states"]) == {"new", "learning", "young", "mature",
                                                                    "suspended"}


# --- the views ---------------------------------------------------------------------------------------------------

def test_stats_view_on_empty_collection(qtbot, empty):
    from studyapp.gui import theme
    from studyapp.gui.stats_view import StatsDialog
    colors = theme.apply(__import__("PySide6.QtWidgets").QtWidgets.QApplication.instance(), "light")
    view = StatsDialog(empty, colors, now=NOW)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.stats is not None, timeout=20000)
    assert view.today.text() == "Today: no reviews yet."
    for chart in (view.forecast, view.calendar, view.retention, view.recall):
        assert chart.empty_text is not None and chart.caption.text()
    assert view.forecast.data == [0] * 30


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_stats_view_on_a_year(qtbot, year, theme_name):
    from PySide6.QtWidgets import QApplication

    from studyapp.gui import theme
    from studyapp.gui.stats_view import StatsDialog
    colors = theme.apply(QApplication.instance(), theme_name)
    view = StatsDialog(year, colors, now=NOW)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.stats is not None, timeout=20000)
    expected = compute_stats(year, now=NOW)
    assert view.forecast.data == expected.forecast
    assert view.calendar.data.sum() == expected.total_reviews
    assert view.states.data == expected.states
    assert view.recall.data == expected.retrievability_bins
    assert f"{expected.today_studied} card" in view.today.text()
    assert str(sum(expected.forecast)) in view.forecast.caption.text()
    assert view.retention.plot.getAxis("left").labelText == "true retention (%)"
    assert view.forecast.plot.getAxis("bottom").labelText == "days from today"


def test_mastery_view_and_study_just_those(qtbot, year):
    from studyapp.gui.main_window import MainWindow
    window = MainWindow(year)
    qtbot.addWidget(window)
    window.now_override = NOW
    window.show()
    window.show_mastery()
    dialog = window.mastery_dialog
    expected = mastery_map(year, window.deck_list.selected().id, NOW)
    assert dialog.list.count() == len(expected)
    row = next(k for k, i in enumerate(expected) if i.part == "takeaway" and len(i.card_ids) >= 2)
    assert f"({expected[row].known:.0%})" in dialog.list.item(row).text()
    dialog.list.setCurrentRow(row)
    assert dialog.cards.count() == len(expected[row].card_ids)
    dialog.study_button.click()
    review = window.review
    assert window.stack.currentWidget() is review and review.card.id in expected[row].card_ids
    assert review.title.full_text() == expected[row].text[:80]
    seen = []
    while review.card is not None:
        seen.append(review.card.id)
        review.reveal()
        review.rate(3)
    active = [c for c in expected[row].card_ids if not year.card(c).row["suspended"]]  # leeches stay out
    assert sorted(seen) == sorted(active)


def test_optimise_from_settings(qtbot, year):
    from studyapp.gui.settings_dialog import SettingsDialog
    dialog = SettingsDialog(year)
    qtbot.addWidget(dialog)
    dialog.optimise_button.click()
    qtbot.waitUntil(lambda: "Log loss" in dialog.optimise_result.text() or "needs" in dialog.optimise_result.text(),
                    timeout=60000)
    text = dialog.optimise_result.text()
    assert "Log loss" in text and "RMSE" in text
    if "now in use" in text:
        assert year.settings()["fsrs_parameters"] is not None


def test_optimise_with_too_few_reviews_says_how_many(qtbot, empty):
    from studyapp.gui.settings_dialog import SettingsDialog
    dialog = SettingsDialog(empty)
    qtbot.addWidget(dialog)
    dialog.optimise_button.click()
    qtbot.waitUntil(lambda: "more needed" in dialog.optimise_result.text(), timeout=20000)


def test_mastery_view_on_an_empty_collection(qtbot, empty):
    from studyapp.gui.main_window import MainWindow
    window = MainWindow(empty)
    qtbot.addWidget(window)
    window.show()
    window.show_mastery()
    dialog = window.mastery_dialog
    ts = empty.takeaway_set(window.deck_list.selected().id)
    assert dialog.list.count() == 1 + len(ts.takeaways) + len(ts.sections)
    assert all(item.known is None for item in dialog.items)  # nothing studied yet: shown as not studied
    assert "%" not in dialog.list.item(1).text()
