"""Issue 18, keyboard only and accessibility: every control has a name a screen reader can say (walking the real
widgets of every view through Qt's accessibility interface), every menu item has a keyboard mnemonic, the tab order
is the order on screen, focus is visible, and a multiple-choice option can be picked with Tab and Space."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QAccessible  # noqa: E402
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QMenu, QWidget  # noqa: E402

from studyapp.takeaways import read_set  # noqa: E402
from conftest import BUNDLED  # noqa: E402


def unnamed(root: QWidget) -> list[str]:
    """Focusable, visible widgets whose accessible name (what a screen reader says) is empty. The line edit inside a
    spin box or an editable combo box is part of that control, which carries the name."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
            continue
        interface = QAccessible.queryAccessibleInterface(w)
        if interface is None or not interface.text(QAccessible.Text.Name).strip():
            out.append(f"{type(w).__name__} {w.objectName()}".strip())
    return out


def test_every_control_in_every_view_has_an_accessible_name(qtbot, window, col):
    assert unnamed(window) == []
    window.study()
    assert unnamed(window) == []
    window.review.reveal()
    assert unnamed(window) == []
    window.show_decks()
    window.browse()
    window.browser.wait()
    assert unnamed(window.browser) == []
    window.browser.close()
    for opener, attribute in ((window.open_settings, "settings_dialog"), (window.export_anki, "export_dialog"),
                              (window.show_mastery, "mastery_dialog"), (window.followed_sites, "feeds_dialog")):
        opener()
        dialog = getattr(window, attribute)
        assert unnamed(dialog) == [], attribute
        dialog.close()
    window.show_stats()
    qtbot.waitUntil(lambda: window.stats_dialog.stats is not None, timeout=20000)
    assert unnamed(window.stats_dialog) == []
    window.stats_dialog.close()
    from studyapp.gui.import_dialog import ImportDialog
    dialog = ImportDialog(col, read_set(BUNDLED), BUNDLED.name, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed(dialog) == []
    dialog.reject()


def test_every_menu_item_has_a_mnemonic(window):
    bar = window.menuBar()
    for top in bar.actions():
        assert "&" in top.text(), top.text()
    for menu in bar.findChildren(QMenu):
        letters = []
        for a in menu.actions():
            if a.isSeparator():
                continue
            assert "&" in a.text(), a.text()
            letters.append(a.text()[a.text().index("&") + 1].lower())
        assert len(letters) == len(set(letters)), [a.text() for a in menu.actions()]  # no two share a letter


def test_tab_order_follows_the_screen_and_focus_is_visible(qtbot, window):
    deck_list = window.deck_list
    deck_list.table.setFocus()
    assert QApplication.focusWidget() is deck_list.table
    unfocused = deck_list.study_button.grab().toImage()
    qtbot.keyClick(deck_list.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is deck_list.import_button  # left to right, as on screen
    qtbot.keyClick(deck_list.import_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is deck_list.study_button
    QApplication.processEvents()
    assert deck_list.study_button.grab().toImage() != unfocused  # the focus ring is drawn


def test_a_choice_is_picked_with_tab_and_space(qtbot, window, col):
    col.set_settings(quiz_mode="choice")
    window.study()
    review = window.review
    for _ in range(40):
        if review.card is not None and review.asked_as == "choice":
            break
        review.reveal()
        review.rate(3)
    assert QApplication.focusWidget() is review.choice_buttons[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is review.choice_buttons[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert review.revealed and review.choice_made == review.card.choices[1]
