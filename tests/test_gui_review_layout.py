"""Issue 18, the window: it keeps the size the user gave it, things stay where they are, the header is one line, a
multiple-choice answer says which was right and which was chosen, a theme switch repaints the card, and every text
colour meets WCAG AA. Real widgets (pytest-qt, offscreen) over a real collection file."""

from __future__ import annotations

import html
import json

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox  # noqa: E402

from studyapp.collection import Collection  # noqa: E402
from studyapp.gui import theme  # noqa: E402
from studyapp.gui.main_window import MainWindow  # noqa: E402

LONG_CHOICES = [
    "the decision to keep the whole research group in one building so that ideas travel faster than memos",
    "a promise to publish every model's weights within a month of its release, whatever the competition does",
    "the practice of hiring fewer, more senior engineers and paying them far above the market rate for it",
    "an agreement with the hardware makers to share the cost of new data centres over the next ten years",
]


@pytest.fixture
def col(tmp_path):
    c = Collection.open(tmp_path / "layout.sqlite", autobackup=False)
    c.set_settings(fuzz=False, theme="light")
    yield c
    c.close()


@pytest.fixture
def window(qtbot, col):
    w = MainWindow(col)
    qtbot.addWidget(w)
    w.resize(760, 520)  # the size the user gave it
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    yield w
    w.close()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def long_choices(col: Collection) -> None:
    """Every cloze card offers four long options, as long clause clozes do (stored as the importer stores them)."""
    with col.conn:
        for (card_id, answer) in col.conn.execute("SELECT id, answer FROM cards WHERE kind = 'cloze'").fetchall():
            col.conn.execute("UPDATE cards SET choices = ? WHERE id = ?",
                             (json.dumps([answer, *LONG_CHOICES[:3]]), card_id))


def to_choice_card(review) -> None:
    for _ in range(40):
        if review.card is not None and review.asked_as == "choice":
            return
        review.reveal()
        review.rate(3)
    pytest.fail("no multiple-choice card in the deck")


def test_window_keeps_its_size_through_a_session_with_long_options(qtbot, window, col):
    long_choices(col)
    col.set_settings(quiz_mode="choice")
    size = window.size()
    window.study()
    review = window.review
    settle()
    assert window.size() == size
    to_choice_card(review)
    settle()
    assert window.size() == size  # four long options: the window neither widens nor grows
    first = review.choice_buttons[review.card.choices.index(LONG_CHOICES[0])]
    assert first.isVisible() and first.label.wordWrap()
    line = first.label.fontMetrics().height()
    assert first.label.height() >= 2 * line  # wrapped onto more than one line ...
    assert first.geometry().right() <= review.card_area.viewport().width()  # ... within the card's width
    review.choose(1)
    settle()
    assert window.size() == size
    review.rate(3)
    settle()
    assert window.size() == size


def test_show_answer_stays_put_and_deck_rows_keep_their_height(qtbot, window, col):
    table = window.deck_list.table
    heights = [table.rowHeight(r) for r in range(table.rowCount())]
    assert heights[0] >= table.fontMetrics().height() + 12  # room above and below the text
    window.study()
    review = window.review
    positions = set()
    for _ in range(6):
        settle()
        positions.add(review.show_button.mapTo(window, QPoint(0, 0)).y())
        review.reveal()
        settle()
        review.rate(3)
    assert len(positions) == 1  # the same place for every card
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    settle()
    assert [table.rowHeight(r) for r in range(table.rowCount())] == heights


def test_review_header_is_one_elided_line_and_the_path_is_in_about(qtbot, window, col):
    deck = window.deck_list.selected()
    full = "A very long deck title that goes on " * 4 + "to the end"
    col.rename_deck(deck.id, full)
    window.refresh()
    window.study()
    settle()
    title = window.review.title
    assert title.height() <= title.fontMetrics().height() + 4  # one line
    assert title.text().endswith("…") and title.toolTip() == f"<span>{html.escape(full)}</span>" and title.full_text() == full
    assert not window.review.findChildren(QComboBox)  # the quiz mode is in View and in Settings, not the header
    assert str(col.path) not in window.statusBar().currentMessage()
    assert str(col.path) in window.statusBar().toolTip()
    window.about()
    from studyapp.gui.dialogs import last_message
    assert str(col.path) in last_message().text()
    last_message().close()


def test_multiple_choice_marks_the_right_answer_and_the_wrong_pick(qtbot, window, col):
    col.set_settings(quiz_mode="choice")
    window.study()
    review = window.review
    to_choice_card(review)
    card = review.card
    right = card.choices.index(card.answer)
    wrong = (right + 1) % len(card.choices)
    qtbot.keyClick(review, getattr(Qt.Key, f"Key_{wrong + 1}"))
    c = window.colors
    right_text = review.choice_buttons[right].label.text()
    wrong_text = review.choice_buttons[wrong].label.text()
    assert "✓" in right_text and "the right answer" in right_text and c["good"] in right_text  # mark AND colour
    assert "✗" in wrong_text and "your choice" in wrong_text and c["again"] in wrong_text
    assert review.choice_buttons[wrong].accessibleName().endswith("your choice, wrong")
    others = [b for k, b in enumerate(review.choice_buttons[:len(card.choices)]) if k not in (right, wrong)]
    assert all(not b.isEnabled() for b in others)
    assert "Not quite" in review.feedback.text() and review.bottom.currentIndex() == 1
    assert QApplication.focusWidget() is review.rate_buttons[0]  # rate from that: Again is suggested
    review.rate(1)
    to_choice_card(review)
    card = review.card
    review.choose(card.choices.index(card.answer))
    text = review.choice_buttons[card.choices.index(card.answer)].label.text()
    assert "✓" in text and "your choice, right" in text and review.feedback.text() == "Correct."


def test_dark_mode_switched_during_a_review_repaints_the_card_and_counts(qtbot, window, col):
    window.study()
    review = window.review
    for _ in range(20):
        if review.card.kind == "cloze":
            break
        review.reveal()
        review.rate(3)
    light, dark = theme.LIGHT, theme.DARK
    assert light["new"] in review.counts.text() and light["accent"] in review.prompt.text()
    window.set_theme("dark")
    assert dark["new"] in review.counts.text() and light["new"] not in review.counts.text()
    assert dark["accent"] in review.prompt.text() and light["accent"] not in review.prompt.text()
    review.reveal()
    window.set_theme("light")
    assert light["accent"] in review.prompt.text() and dark["accent"] not in review.prompt.text()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_all_text_meets_wcag_aa_in_both_themes(qtbot, window, col, name):
    """Ratios computed from the palette the application actually has, and from every (text, background) pair the
    views draw with the theme's colours (counts, rating buttons, highlights, muted captions, the primary button)."""
    window.set_theme(name)
    palette = QApplication.palette()
    role = QPalette.ColorRole
    pairs = [(role.WindowText, role.Window), (role.Text, role.Base), (role.Text, role.AlternateBase),
             (role.ButtonText, role.Button), (role.HighlightedText, role.Highlight), (role.PlaceholderText, role.Base),
             (role.ToolTipText, role.ToolTipBase), (role.Link, role.Base), (role.Link, role.Window)]
    low = []
    for fg, bg in pairs:
        ratio = theme.contrast_ratio(palette.color(fg).name(), palette.color(bg).name())
        if ratio < 4.5:
            low.append((fg.name, bg.name, round(ratio, 2)))
    c = theme.colors(name)
    for fg, bg in theme.TEXT_ON:
        ratio = theme.contrast_ratio(c[fg], c[bg])
        if ratio < 4.5:
            low.append((fg, bg, round(ratio, 2)))
    table = window.deck_list.table  # the coloured counts as drawn, on the table's own background
    base = table.palette().color(role.Base).name()
    for k in (1, 2, 3):  # New, Learning, Due (Total is in the palette's text colour)
        ratio = theme.contrast_ratio(table.item(0, k).foreground().color().name(), base)
        if ratio < 4.5:
            low.append((f"deck column {k}", "base", round(ratio, 2)))
    from studyapp.gui.mastery_view import shade  # the mastery map's text on its recall tints
    for known in (None, 0.0, 0.3, 0.5, 0.65, 0.8, 0.9, 1.0):
        ratio = theme.contrast_ratio(c["text"], shade(known, c).name())
        if ratio < 4.5:
            low.append(("text", f"mastery tint {known}", round(ratio, 2)))
    assert low == []


def test_contrast_ratio_matches_wcag_reference_values():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert theme.contrast_ratio("#3b6ea8", "#26272b") == pytest.approx(2.8, abs=0.05)  # the issue's own example


def test_a_long_card_scrolls_from_the_keyboard(qtbot, window, col):
    """Keyboard only: the card area takes no focus (Space and 1-4 belong to the review), so Page Down / Up and the
    arrow keys scroll a card too long for the window."""
    long_choices(col)
    col.set_settings(quiz_mode="choice")
    window.resize(760, 420)
    window.study()
    review = window.review
    to_choice_card(review)
    settle()
    bar = review.card_area.verticalScrollBar()
    assert bar.maximum() > 0  # four long options do not fit: the card scrolls
    bar.setValue(0)
    qtbot.keyClick(review, Qt.Key.Key_PageDown)
    settle()
    assert bar.value() > 0
    down = bar.value()
    qtbot.keyClick(review, Qt.Key.Key_Up)
    settle()
    assert bar.value() < down
    qtbot.keyClick(review, Qt.Key.Key_PageUp)
    settle()
    assert bar.value() == 0
