"""Issue 18, the dialogs: browser columns and destructive actions, the import dialog's margins and notes, the
statistics heatmap and weekly retention. Real widgets over a real collection file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from studyapp.gui.theme import MARGINS  # noqa: E402
from studyapp.takeaways import read_set  # noqa: E402

POST = """# Ferry Timetables of the Northern Isles

## Key Takeaways

- The Orkney ferry from Stromness to Scrabster sails three times a day in summer.
- The harbour master of Kirkwall keeps the oldest timetable in a glass case.
"""


def open_browser(qtbot, window):
    window.browse()
    browser = window.browser
    browser.resize(1100, 640)
    browser.wait()
    QApplication.processEvents()
    return browser


def test_browser_sizes_columns_by_importance(qtbot, window, col, write):
    browser = open_browser(qtbot, window)
    table = browser.table
    width = table.viewport().width()
    assert table.isColumnHidden(2)  # one deck: no column repeating its title on every row
    assert table.columnWidth(0) >= 0.4 * width  # the prompt gets the most room ...
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance("x" * 40)  # ... well beyond 25 characters
    for column, text in ((4, "2026-12-31"), (7, "Lapses")):  # short facts: exactly their content, not cut
        assert table.fontMetrics().horizontalAdvance(text) < table.columnWidth(column) < 140
    browser.close()
    col.import_set(read_set(write("ferries.md", POST)))
    browser = open_browser(qtbot, window)
    table = browser.table
    assert not table.isColumnHidden(2)
    assert table.columnWidth(0) >= 2 * table.columnWidth(2)
    browser.close()


def test_delete_note_looks_destructive_asks_first_and_can_be_undone(qtbot, window, col):
    browser = open_browser(qtbot, window)
    button = browser.delete_button
    assert button.objectName() == "danger" and button.text().endswith("…")
    assert "QPushButton#danger" in QApplication.instance().styleSheet()  # red text and border (theme.py)
    assert button.x() > browser.suspend_button.x() + 200  # set apart from Save and Suspend
    browser.table.selectRow(0)
    note_id = browser.current()["note_id"]
    total = browser.model.total
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    box = browser.confirm
    assert box is not None and box.isVisible()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter does not delete
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert col.conn.execute("SELECT COUNT(*) FROM notes WHERE id = ?", (note_id,)).fetchone()[0] == 1
    button.click()
    box = browser.confirm
    delete = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole][0]
    delete.click()
    qtbot.waitUntil(lambda: not browser.model.loading)
    assert col.conn.execute("SELECT COUNT(*) FROM notes WHERE id = ?", (note_id,)).fetchone()[0] == 0
    assert browser.model.total < total
    assert browser.undo_button.isEnabled() and "delete note" in browser.undo_button.text().lower()
    browser.undo_button.click()
    qtbot.waitUntil(lambda: not browser.model.loading)
    assert col.conn.execute("SELECT COUNT(*) FROM notes WHERE id = ?", (note_id,)).fetchone()[0] == 1
    assert browser.model.total == total
    browser.close()


def test_import_dialog_margins_and_notes(qtbot, window, col, write):
    from studyapp.gui.import_dialog import ImportDialog
    path = write("ferries.md", POST)
    ts = read_set(path)
    dialog = ImportDialog(col, ts, path.name, window)
    qtbot.addWidget(dialog)
    dialog.show()
    m = dialog.layout().contentsMargins()
    assert (m.left(), m.top(), m.right(), m.bottom()) == MARGINS
    main = window.deck_list.layout().contentsMargins()
    assert (main.left(), main.right()) == (m.left(), m.right())
    assert dialog.deck.isEnabled() and not dialog.deck_note.isVisible()
    # No TLDW, no sections, no Thoughts: one plain note, not three warnings.
    assert dialog.missing.isVisible() and dialog.missing.text() == \
        "This post has no TLDW, summary sections or Thoughts."
    assert not dialog.warnings.isVisible()
    dialog.reject()
    col.import_set(ts)
    again = ImportDialog(col, ts, path.name, window)
    qtbot.addWidget(again)
    again.show()
    assert not again.deck.isEnabled()
    assert again.deck_note.isVisible() and "Imported before" in again.deck_note.text()
    again.reject()


def test_import_dialog_keeps_its_size_with_a_long_deck_title(qtbot, window, col):
    """The bundled post (imported at start, 140-character title): the greyed deck box neither widens the dialog
    nor hides why it is greyed."""
    from conftest import BUNDLED

    from studyapp.gui.import_dialog import ImportDialog
    dialog = ImportDialog(col, read_set(BUNDLED), BUNDLED.name, window)
    qtbot.addWidget(dialog)
    dialog.resize(820, 620)
    dialog.show()
    QApplication.processEvents()
    assert dialog.width() == 820
    assert not dialog.deck.isEnabled() and dialog.deck_note.isVisible()
    assert dialog.deck_note.geometry().bottom() < dialog.list.geometry().top()
    dialog.reject()


def test_routine_notes_match_the_recogniser(write):
    """The recogniser's wording for a missing TLDW, sections and Thoughts is what the notices module sorts out."""
    from studyapp.notices import missing_note, split_warnings
    ts = read_set(write("bare.md", POST))
    assert ts.warnings == []  # the recogniser keeps routine gaps out of the warnings, in `notes`
    missing, real = split_warnings(ts.notes)
    assert missing == ["TLDW", "summary sections", "Thoughts"] and real == []
    assert missing_note(["Thoughts"]) == "This post has no Thoughts."
    assert split_warnings(["the post looks truncated: it ends mid-sentence"]) == \
        ([], ["the post looks truncated: it ends mid-sentence"])


def test_merge_thin_weeks_pools_until_each_point_has_enough_reviews():
    from studyapp.gui.stats_view import merge_thin_weeks
    weeks = [("2026-01-05", 1.0, 5), ("2026-01-12", 0.5, 4), ("2026-01-19", 0.9, 40), ("2026-01-26", 1.0, 3),
             ("2026-02-02", 0.0, 2)]
    points = merge_thin_weeks(weeks, minimum=10)
    assert [(first, last, n) for first, last, _, n in points] == [
        ("2026-01-05", "2026-01-19", 49), ("2026-01-26", "2026-02-02", 5)] or \
        [(first, last, n) for first, last, _, n in points] == [("2026-01-05", "2026-02-02", 54)]
    assert sum(n for *_, n in points) == sum(n for *_, n in weeks)
    assert all(n >= 10 for *_, n in points)
    passed = sum(r * n for _, r, n in weeks)
    assert sum(r * n for _, _, r, n in points) == pytest.approx(passed)  # pooled, not averaged


def test_statistics_heatmap_shows_all_seven_days_and_thin_weeks_are_pooled(qtbot, window, col):
    from studyapp.collection.simulate import simulate_days
    from studyapp.gui.stats_view import MIN_WEEK_REVIEWS
    now = datetime.now(timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0)
    simulate_days(col, now - timedelta(days=120), 110, seed=5)
    window.now_override = now
    window.show_stats()
    dialog = window.stats_dialog
    qtbot.waitUntil(lambda: dialog.stats is not None, timeout=20000)
    cal = dialog.calendar.plot
    assert cal.getViewBox().viewRange()[1] == [0, 7]  # every weekday row inside the plot
    ticks = [label for _, label in cal.getAxis("left")._tickLevels[0]]
    assert ticks[-1] == "Mon" and len(ticks) == 7
    label = cal.getAxis("left").label
    assert label.toPlainText().strip() == "weekday"
    assert label.boundingRect().width() < cal.height()  # the rotated axis label fits the plot's height
    points = dialog.retention.points
    assert points and all(n >= MIN_WEEK_REVIEWS for *_, n in points[:-1])
    assert sum(n for *_, n in points) == sum(n for *_, n in dialog.stats.retention_by_week)
    assert "at least" in dialog.retention.caption.text()
    dialog.close()
