"""The desktop app, driven through real widgets (pytest-qt, offscreen) over a real collection file."""

from __future__ import annotations

import pytest
from conftest import ROOT, SAMPLE

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from studyapp.collection import Collection  # noqa: E402
from studyapp.gui.dialogs import last_message  # noqa: E402
from studyapp.takeaways import Takeaway, TakeawaySet  # noqa: E402


def revlog_count(col) -> int:
    return col.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]


def test_first_start_shows_bundled_deck_and_hint(window):
    table = window.deck_list.table
    assert table.rowCount() == 1
    assert table.item(0, 0).text().startswith("Alex Wang on Leaving Scale")
    assert table.item(0, 1).text() == "20"
    assert "Space" in window.deck_list.hint.text()
    assert window.windowTitle().startswith("StudyApp 0.")


def test_study_from_the_keyboard_show_rate_undo(qtbot, window, col):
    window.deck_list.table.setFocus()
    qtbot.keyClick(window.deck_list.table, Qt.Key.Key_Return)
    review = window.review
    assert window.stack.currentWidget() is review
    first = review.card
    assert first is not None and "[…]" in review.prompt.text()
    qtbot.keyClick(review, Qt.Key.Key_Space)
    assert review.revealed
    labels = [b.text() for b in review.rate_buttons]
    assert labels[0].startswith("Again\n") and labels[2].startswith("Good\n")
    assert all(label.split("\n")[1] for label in labels)  # every button shows its interval
    qtbot.keyClick(review, Qt.Key.Key_3)
    assert revlog_count(col) == 1
    assert review.card is not None and review.card.id != first.id
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert revlog_count(col) == 0
    assert review.card.id == first.id
    qtbot.keyClick(review, Qt.Key.Key_Space)
    qtbot.keyClick(review, Qt.Key.Key_1)
    assert col.review_log(first.id)[-1]["rating"] == 1
    counts = review.counts.text()
    assert "new" in counts and "learning" in counts and "due" in counts
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.deck_list
    assert window.deck_list.table.item(0, 2).text() == "1"  # learning count refreshed


def test_session_summary_when_done(qtbot, window, col):
    col.set_settings(new_per_day=2)
    window.refresh()
    window.study()
    review = window.review
    for _ in range(2):
        review.reveal()
        review.rate(4)  # Easy: graduates at once
    while review.card is not None:
        review.reveal()
        review.rate(4)
    assert review.pages.currentIndex() == 1
    assert "Studied" in review.done_label.text() and "again-rate" in review.done_label.text()


def study_new_deck(window, col, title: str, takeaway: str):
    """Import a one-takeaway deck, select it in the deck list and start studying it: the review view."""
    col.import_set(TakeawaySet(title=title, takeaways=[Takeaway(takeaway)]))
    window.refresh()
    names = [window.deck_list.table.item(r, 0).text() for r in range(window.deck_list.table.rowCount())]
    window.deck_list.table.selectRow(names.index(title))
    window.study()
    return window.review


def plain(html_text: str) -> str:
    from PySide6.QtGui import QTextDocument
    doc = QTextDocument()
    doc.setHtml(html_text)
    return doc.toPlainText()


def test_hostile_text_is_shown_literally(qtbot, window, col):
    review = study_new_deck(window, col, "Hostile Deck",
                            "Mallory Quinn wrote <script>alert(1)</script> and <b>bold</b> into the Oslo wiki page.")
    review.reveal()
    shown = plain(review.prompt.text() + review.source.text() + review.context.text())
    assert "<script>alert(1)</script>" in shown and "<b>bold</b>" in shown


def test_the_front_names_the_post_before_the_answer(qtbot, window, col):
    """A context cue: before the answer is shown, the card says which post (and section) it comes from, so a prompt
    about "the company" or "he" is determined in a deck of many posts; escaped like every card text."""
    review = study_new_deck(window, col, "Harbour <Notes>",
                            "The company moved its headquarters to Rotterdam in 1998, after the merger with Nedlloyd.")
    assert not review.answer.isVisible() and review.topic.isVisible()
    assert review.topic.full_text().startswith("Harbour <Notes> · ")
    assert review.topic.textFormat() == Qt.TextFormat.PlainText  # the title as written, never read as markup
    assert review.topic.height() <= 2 * review.topic.fontMetrics().height()  # one line: it never pushes the card
    # into a scroll bar
    review.reveal()
    assert review.topic.isVisible() and "Harbour" in review.topic.full_text()


def test_multiple_choice_mode(qtbot, window, col):
    col.set_settings(quiz_mode="choice")
    window.study()
    review = window.review
    for _ in range(30):
        if review.card and len(review.card.choices) == 4 and review.bottom.currentIndex() == 2:
            break
        review.reveal()
        review.rate(3)
    assert review.bottom.currentIndex() == 2
    right = review.card.choices.index(review.card.answer) + 1
    qtbot.keyClick(review, getattr(Qt.Key, f"Key_{right}"))
    assert review.revealed and review.feedback.text() == "Correct."


def test_typed_mode(qtbot, window, col):
    col.set_settings(quiz_mode="typed")
    window.study()
    review = window.review
    for _ in range(30):
        if review.card and review.typed.isVisible():
            break
        review.reveal()
        review.rate(3)
    qtbot.keyClicks(review.typed, review.card.answer.lower())
    qtbot.keyClick(review.typed, Qt.Key.Key_Return)
    assert review.revealed and review.feedback.text() == "Correct."


def preview_of(qtbot, window):
    """The import preview, once the background read and card generation have finished."""
    qtbot.waitUntil(lambda: window.import_dialog is not None, timeout=20000)
    return window.import_dialog


def test_import_a_file_through_the_dialog(qtbot, window, col, tmp_path):
    post = tmp_path / "okafor.md"
    post.write_text("# Mira Okafor on Quiet Batteries\n\n## Key Takeaways\n\n"
                    "- Sodium cells from the Okafor lab lasted eleven years in the Atacama test field.\n"
                    "- The lab licenses its cell design to Norsk Volt under a royalty-free agreement.\n"
                    "- Passive cooling with sand beds cut peak cell temperature by fourteen degrees.\n",
                    encoding="utf-8")
    window.import_path(str(post))
    assert window.import_dialog is None and window.busy.isVisible()  # read and generated in the background
    dialog = preview_of(qtbot, window)
    assert dialog.isVisible() and dialog.list.count() >= 3 and not window.busy.isVisible()
    skipped = dialog.list.item(0)
    skipped.setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert "Imported into" in dialog.result_label.text()
    skipped_id = skipped.data(Qt.ItemDataRole.UserRole)
    assert col.conn.execute("SELECT suspended FROM cards WHERE id = ?", (skipped_id,)).fetchone()[0] == 1
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # Done
    names = [window.deck_list.table.item(r, 0).text() for r in range(window.deck_list.table.rowCount())]
    assert "Mira Okafor on Quiet Batteries" in names


def test_preview_lists_warnings_most_important_first_without_routine_notes(qtbot, window, tmp_path):
    post = tmp_path / "cut.txt"
    post.write_text("Notes From the Okafor Lab Visit\n\nWhat we saw on the day.\n\n"
                    "- Sodium cells from the lab lasted eleven years in the Atacama test field.\n"
                    "- Passive cooling with sand beds cut peak cell temperature by fourteen degrees.\n"
                    "- The lab licenses its cell design to Norsk Volt under a royalty", encoding="utf-8")
    window.import_path(str(post))
    dialog = preview_of(qtbot, window)
    lines = dialog.warnings_label.text().split("<br>")
    assert dialog.warnings_label.isVisible() and len(lines) == 2
    assert lines[0].startswith("⚠ the post looks truncated: it ends mid-sentence; the unfinished last takeaway")
    assert lines[1].startswith("⚠ no takeaway heading found")
    assert "no Thoughts" not in dialog.warnings_label.text() and "no TLDW" not in dialog.warnings_label.text()
    assert len(dialog.ts.takeaways) == 2
    dialog.reject()


def test_bad_file_gives_a_dialog_and_changes_nothing(qtbot, window, col, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("version: 1\ntitle: [unclosed\n")
    before = col.conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    window.import_path(str(bad))
    qtbot.waitUntil(lambda: last_message() is not None and "broken.yaml" in last_message().text(), timeout=20000)
    box = last_message()
    assert box.isVisible() and "invalid YAML" in box.text() and window.import_dialog is None
    assert col.conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == before
    box.close()


def test_paste_takeaways(qtbot, window, col):
    QApplication.clipboard().setText(SAMPLE.read_text(encoding="utf-8").replace(
        "Alex Wang on Leaving Scale", "Pasted: Alex Wang on Leaving Scale"))
    window.paste()
    dialog = preview_of(qtbot, window)
    assert "Pasted: Alex Wang" in dialog.windowTitle() or dialog.ts.title.startswith("Pasted: Alex Wang")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert dialog.report.added >= 30


def search(qtbot, browser, text: str) -> None:
    """Queries run on the browser's own thread: type, then wait for the answer."""
    browser.search_box.setText(text)
    with qtbot.waitSignal(browser.model.loaded, timeout=10_000):
        browser.run_search()
    assert not browser.model.loading


def test_browser_search_and_edit(qtbot, window, col):
    window.browse()
    browser = window.browser
    qtbot.addWidget(browser)
    search(qtbot, browser, "kind:list")
    lists = col.conn.execute("SELECT COUNT(*) FROM cards WHERE kind = 'list' AND retired = 0").fetchone()[0]
    assert lists and browser.model.total == lists and browser.count.text() == f"{lists} cards"
    search(qtbot, browser, "Friedman kind:cloze")
    assert browser.model.total >= 1
    browser.table.selectRow(0)
    row = browser.current()
    assert "Nat Friedman" in browser.editor.toPlainText()
    browser.editor.setPlainText(browser.editor.toPlainText().replace("Nat Friedman", "Nathaniel Friedman"))
    with qtbot.waitSignal(browser.model.loaded, timeout=10_000):  # saving refreshes the list, keeping the row
        qtbot.mouseClick(browser.save, Qt.MouseButton.LeftButton)
    note = col.note(row["note_id"])
    assert "Nathaniel Friedman" in note["extra"] and note["user_edited"] == 1
    assert col.review_log(row["id"]) == []  # edited in place: same card ids, nothing lost
    assert browser.current()["id"] == row["id"] and "Nathaniel" in browser.current()["answer"] + \
        browser.current()["prompt"] + browser.current()["extra"]
    search(qtbot, browser, "is:nonsense")
    assert "unknown search filter" in browser.count.text()


def test_browser_stays_responsive_while_sorting(qtbot, tmp_path):
    """Sorting 100k cards by a column takes SQLite over 100 ms, so it must not run on the UI thread: asking for
    the sort returns with the old rows still shown and the model waiting, and the sorted page arrives by signal."""
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from collection_bench import build_ours

    from studyapp.gui.browser import COLUMNS, BrowserWindow
    path = tmp_path / "big.sqlite"
    build_ours(path, 100_000, 1_000)
    big = Collection.open(path, autobackup=False)
    try:
        browser = BrowserWindow(big)
        qtbot.addWidget(browser)
        browser.wait()
        first_rows = browser.model.rows
        assert browser.model.total == 100_000 and len(first_rows) == 200
        column = [key for _, key in COLUMNS].index("due")
        with qtbot.waitSignal(browser.model.loaded, timeout=20_000):
            browser.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
            assert browser.model.loading and browser.model.rows is first_rows  # handed over, not done here
        dues = [r["due"] for r in browser.model.rows]
        assert len(dues) == 200 and dues == sorted(dues, reverse=True)
        assert dues[0] == big.conn.execute("SELECT MAX(due) FROM cards").fetchone()[0]
        browser.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        browser.close()  # mid-query: the search is interrupted and the thread ends
        assert not browser.model._thread.isRunning()
    finally:
        big.close()


def test_tools_check_runs_in_the_background(qtbot, window, col):
    """Tools › Check reads the whole collection (seconds at 100k cards): a modal progress dialog shows while it
    runs off the UI thread, then the report."""
    card = col.next_card(None)
    col.answer(card, 3)
    col.conn.execute("UPDATE cards SET reps = 9 WHERE id = ?", (card.id,))  # disagrees with its review log
    window.check_collection()
    assert window.modal_progress.isVisible()
    qtbot.waitUntil(lambda: not window.modal_progress.isVisible(), timeout=30000)
    box = last_message()
    assert box is not None and "repaired: card" in box.text() and "a backup was made first" in box.text()
    assert col.conn.execute("SELECT reps FROM cards WHERE id = ?", (card.id,)).fetchone()[0] == 1
    box.close()


def test_delete_a_deck_and_undo_it(qtbot, window, col, monkeypatch):
    """Deck menu › Delete asks first, runs behind a modal progress dialog (seconds for a big deck), and
    Edit › Undo brings back the deck with every card and review."""
    from PySide6.QtWidgets import QMessageBox
    deck = window.deck_list.selected()
    card = col.next_card(deck.id)
    col.answer(card, 3)
    cards = col.conn.execute("SELECT COUNT(*) FROM cards WHERE deck_id = ?", (deck.id,)).fetchone()[0]
    window.delete_deck()
    box = window.confirm
    assert box.isVisible() and deck.name in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter changes nothing
    [delete] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
    delete.click()
    assert window.modal_progress.isVisible()
    qtbot.waitUntil(lambda: window.deck_list.table.rowCount() == 0, timeout=30000)
    assert not window.modal_progress.isVisible()
    assert col.conn.execute("SELECT COUNT(*) FROM cards WHERE deck_id = ?", (deck.id,)).fetchone()[0] == 0
    window.undo()
    qtbot.waitUntil(lambda: window.deck_list.table.rowCount() == 1, timeout=30000)
    assert col.conn.execute("SELECT COUNT(*) FROM cards WHERE deck_id = ?", (deck.id,)).fetchone()[0] == cards
    assert len(col.review_log(card.id)) == 1
    assert "Undone: Delete deck" in window.statusBar().currentMessage()


def test_change_a_setting(qtbot, window, col):
    window.open_settings()
    dialog = window.settings_dialog
    dialog.new_per_day.setValue(5)
    dialog.theme.setCurrentText("dark")
    dialog.learning_steps.setText("2m 15m 1h")
    dialog.apply()
    assert col.settings()["new_per_day"] == 5
    assert col.settings()["learning_steps"] == [2.0, 15.0, 60.0]
    assert col.settings()["theme"] == "dark"
    assert window.deck_list.table.item(0, 1).text() == "5"
    assert QApplication.palette().window().color().lightness() < 80
    dialog.theme.setCurrentText("system")  # the platform's scheme, not the dark palette now in place: offscreen, light
    dialog.apply()
    assert QApplication.palette().window().color().lightness() > 200


def test_start_up_loads_only_what_the_deck_list_needs(tmp_path):
    """The app's own start-up on an existing collection loads none of the libraries only later actions need, and
    leaves unbuilt the PySide6 classes it does not show (the Qt namespace alone costs 20-30 ms to build)."""
    import subprocess
    import sys

    from conftest import ROOT
    path = tmp_path / "lean.sqlite"
    Collection.open(path, autobackup=False).close()
    code = (f"from studyapp.gui.app import start; app, w, col = start(['studyapp'], {str(path)!r}); "
            f"app.processEvents(); import sys; "
            f"print(w.deck_list.table.rowCount(), w.deck_list.table.item(0, 1).text()); "
            f"print(sorted(m for m in ('bs4', 'markdown_it', 'genanki', 'anki', 'rapidfuzz', 'sqlite_utils', "
            f"'numpy', 'pyqtgraph', 'wordfreq', 'zoneinfo', 'py3langid', 'ftfy', 'charset_normalizer') "
            f"if m in sys.modules)); "
            f"import PySide6.QtCore as C, PySide6.QtGui as G, PySide6.QtWidgets as W; "
            f"print(sorted(n for n in ('Qt', 'QUrl', 'QStyle', 'QFileDialog', 'QMessageBox', 'QInputDialog', "
            f"'QDesktopServices') if n in {{**vars(C), **vars(G), **vars(W)}})); "
            f"app.setStyleSheet(''); print(app.style().name())")  # the style beneath the stylesheet
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen",
                                 "STUDYAPP_NO_AUTOBACKUP": "1"})
    assert result.returncode == 0, result.stderr
    shown, libraries, classes, style = result.stdout.strip().splitlines()[-4:]
    assert shown == "1 20"  # the bundled deck, 20 new cards today
    assert libraries == "[]"
    assert classes == "[]"
    assert style.lower() == "fusion"


def test_start_up_values_match_qt_and_the_menus_keep_their_shortcuts(qtbot, window):
    """The deck list's plain-number Qt values are Qt's, its numbers are coloured and right-aligned, and the menu
    shortcuts set through setShortcuts still work from the keyboard."""
    from studyapp.gui import deck_list as mw
    assert mw.FOREGROUND_ROLE == Qt.ItemDataRole.ForegroundRole.value
    assert mw.ALIGNMENT_ROLE == Qt.ItemDataRole.TextAlignmentRole.value
    assert mw.RIGHT_ALIGNED == (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
    new = window.deck_list.table.item(0, 1)
    assert new.textAlignment() == mw.RIGHT_ALIGNED and new.foreground().color().name() == window.colors["new"]
    from PySide6.QtWidgets import QMenu
    shortcuts = {a.text(): a.shortcut().toString() for m in window.menuBar().findChildren(QMenu)
                 for a in m.actions() if not a.isSeparator()}
    assert shortcuts["&Import…"] == "Ctrl+O" and shortcuts["&Undo"] == "Ctrl+Z"
    assert shortcuts["&Browse cards…"] == "Ctrl+B" and shortcuts["&Paste takeaways"] == "Ctrl+Shift+V"
    from PySide6.QtGui import QKeySequence  # Quit has no binding on Windows, nor offscreen, which follows it
    assert shortcuts["&Quit"] == QKeySequence(QKeySequence.StandardKey.Quit).toString()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "browser", None) is not None and window.browser.isVisible())
    window.browser.close()


def test_deck_menu_opens_on_right_click_and_menu_key(qtbot, window):
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent
    seen = []

    def look_and_close():
        menu = QApplication.activePopupWidget()
        seen.append([a.text() for a in menu.actions()] if menu else None)
        if menu:
            menu.close()
    table = window.deck_list.table
    for reason in (QContextMenuEvent.Reason.Mouse, QContextMenuEvent.Reason.Keyboard):
        QTimer.singleShot(50, look_and_close)
        QApplication.sendEvent(table.viewport(), QContextMenuEvent(reason, QPoint(20, 10),
                                                                   table.viewport().mapToGlobal(QPoint(20, 10))))
    assert len(seen) == 2 and all(s and "Rename…" in s and "Delete…" in s for s in seen)


def test_drop_a_file_on_the_window_opens_the_preview(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    post = tmp_path / "dropped post.md"
    post.write_text("# Dropped Post\n\n## Key Takeaways\n\n- The Oslo lab measured 14 kelvin in the Zorblat trap.\n",
                    encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(post))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    preview_of(qtbot, window)
    assert window.import_dialog.isVisible() and window.import_dialog.ts.title == "Dropped Post"
    window.import_dialog.reject()


def test_quiz_mode_per_session(qtbot, window, col):
    window.study()
    review = window.review
    assert window.mode_menu.isEnabled() and window.mode_actions["flip"].isChecked()
    for _ in range(30):
        if review.card and len(review.card.choices) == 4:
            break
        review.reveal()
        review.rate(3)
    card = review.card
    window.mode_actions["choice"].trigger()  # View › Ask cloze cards as › Multiple choice
    assert review.bottom.currentIndex() == 2 and review.card.id == card.id  # the same card, now as multiple choice
    assert window.mode_actions["choice"].isChecked() and not window.mode_actions["flip"].isChecked()
    window.mode_actions["choice"].trigger()  # choosing the current form again keeps it checked
    assert window.mode_actions["choice"].isChecked()
    assert col.settings()["quiz_mode"] == "flip"  # the setting itself is unchanged: this session only


def test_app_says_in_a_dialog_when_its_collection_is_locked(qtbot, col, monkeypatch):
    """`studyapp` with no arguments, while another StudyApp holds the collection: one dialog, exit code 2."""
    from PySide6.QtWidgets import QMessageBox

    from studyapp.gui.app import run_app
    shown = []
    monkeypatch.setenv("STUDYAPP_COLLECTION", str(col.path))
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    assert run_app(["studyapp"]) == 2
    assert len(shown) == 1 and "cannot open" in shown[0][0] and str(col.path.name) in shown[0][1]


def test_days_first_start_backs_up_in_the_background(qtbot, tmp_path, monkeypatch):
    """The daily backup no longer holds up start-up: the window is shown first, the backup follows on a job thread,
    and the next start of the day makes none."""
    from studyapp.collection.backup import list_backups
    from studyapp.gui.app import start
    monkeypatch.delenv("STUDYAPP_NO_AUTOBACKUP", raising=False)
    path = tmp_path / "daily.sqlite"
    Collection.open(path, autobackup=False).close()
    _app, window, col = start(["studyapp"], path)
    try:
        assert window.isVisible() and window.deck_list.table.rowCount() == 1
        assert QApplication.desktopFileName() == "studyapp"  # Wayland's app_id names the installed menu entry
        assert window.busy.isVisible()  # the backup runs (or has just run) on its job thread
        qtbot.waitUntil(lambda: not window.busy.isVisible(), timeout=30000)
        assert len(list_backups(path)) == 1 and "Backed up to" in window.statusBar().currentMessage()
    finally:
        window.close()
        col.close()
    _app, window, col = start(["studyapp"], path)
    try:
        assert not window.busy.isVisible() and len(list_backups(path)) == 1
    finally:
        window.close()
        col.close()


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="freedesktop.org menus")
def test_settings_adds_and_removes_the_applications_menu_entry(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # not the user's real menu
    desktop = tmp_path / "data" / "applications" / "studyapp.desktop"
    icon = tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "studyapp.svg"
    window.open_settings()
    button = window.settings_dialog.menu_entry_button
    assert button.text() == "Add to the applications menu"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert desktop.is_file() and icon.is_file() and "Exec=" in desktop.read_text()
    assert window.settings_dialog.menu_entry_result.text() == f"Added: {desktop}"
    assert button.text() == "Remove from the applications menu"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not desktop.exists() and not icon.exists()
    assert button.text() == "Add to the applications menu"
    (tmp_path / "data" / "applications").rmdir()
    (tmp_path / "data" / "applications").write_text("a file where the folder should be")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    message = last_message()
    assert message is not None and "cannot write the menu entry" in message.text()
    assert button.text() == "Add to the applications menu"
