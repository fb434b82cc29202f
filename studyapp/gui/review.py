"""The review screen: prompt, Space to show, 1-4 to rate (intervals on the buttons), undo, edit, suspend, bury.
Its keyboard (shortcuts and what each key means at each moment) is in review_keys.py; drawing a card in
review_draw.py.

Card text is data: everything shown is HTML-escaped before the answer is highlighted, so a takeaway that contains
`<script>` or `<b>` is displayed literally and nothing in it is interpreted.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from ..collection import Collection, StudyCard
from ..collection.scheduling import RATINGS, format_interval
from ..errors import StudyAppError
from .dialogs import notify
from ..kinds import BLANKED_KINDS, QuizMode
from .review_keys import ReviewKeys
from .review_draw import BLANK, CardDrawing, escaped, highlight  # noqa: F401 (escaped: for other views)
from .widgets import ElidedLabel, WrappingButton


class ReviewView(ReviewKeys, CardDrawing, QWidget):
    """The window keeps the size the user gave it: the deck title is one elided line, long options wrap, and the
    card scrolls if it must. The bottom bar has one fixed height, so "Show answer" stays where it is."""

    finished = Signal()  # back to the deck list
    changed = Signal()  # counts changed
    mode_changed = Signal(str)  # the quiz form for this session (the main window's menu shows it)

    def __init__(self, col: Collection, colors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.colors = colors
        self.deck_id: int | None = None
        self.card: StudyCard | None = None
        self.previews = {}
        self.shown_at = 0.0
        self.revealed = False
        self.mode = QuizMode.FLIP
        self.asked_as = QuizMode.FLIP  # how the current card is asked
        self.choice_made: str | None = None
        self.typed_given: str | None = None
        self.session = {"studied": 0, "again": 0, "started": time.monotonic()}
        self.queue: list[int] | None = None  # "study just these" (from the mastery map): ids to go through once
        self.now_override: datetime | None = None  # tests and screenshots drive the clock

        self.title = ElidedLabel(objectName="deckTitle")
        self.counts = QLabel(objectName="counts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.title, 1)
        top.addWidget(self.counts)

        # The post and section above the prompt (a context cue): one line, cut in the middle so both the title's
        # start and the section show; a wrapping label would claim its height at the narrowest width and scroll.
        self.topic = ElidedLabel(objectName="topic", mode=Qt.TextElideMode.ElideMiddle)
        self.prompt = QLabel(objectName="prompt")
        self.answer = QLabel(objectName="answer")
        self.context = QLabel(objectName="source")
        self.source = QLabel(objectName="source")
        self.feedback = QLabel(objectName="feedback")
        for label in (self.prompt, self.answer, self.context, self.source, self.feedback):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.topic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.answer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setAccessibleName("Card")
        self.typed = QLineEdit(placeholderText="Type the answer, then press Enter")
        self.typed.setAccessibleName("Your answer")

        # Multiple choice: one option per row, wrapping, inside the card (it scrolls if the options are long).
        self.choice_buttons: list[WrappingButton] = []
        self.choices_box = QWidget()
        choices_column = QVBoxLayout(self.choices_box)
        choices_column.setContentsMargins(0, 0, 0, 0)
        choices_column.setSpacing(8)
        for k in range(4):
            b = WrappingButton()
            b.setObjectName("choice")
            b.clicked.connect(lambda _=False, i=k: self.choose(i))
            self.choice_buttons.append(b)
            choices_column.addWidget(b)

        body = QWidget(objectName="cardBody")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(36, 32, 36, 28)
        inner.setSpacing(18)
        inner.addWidget(self.topic)
        inner.addStretch(1)
        inner.addWidget(self.prompt)
        inner.addWidget(self.typed)
        inner.addWidget(self.choices_box)
        inner.addWidget(self.feedback)
        inner.addWidget(self.answer)
        inner.addStretch(1)
        inner.addWidget(self.context)
        inner.addWidget(self.source)
        self.card_area = QScrollArea(objectName="card")
        self.card_area.setWidgetResizable(True)
        self.card_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.card_area.setWidget(body)

        # Bottom: "Show answer", the four rating buttons, or (multiple choice) a hint. One fixed height for all.
        self.show_button = QPushButton("Show answer", objectName="primary")
        self.show_button.setToolTip("Space or Enter")
        self.show_button.clicked.connect(self.reveal)
        self.rate_buttons: list[QPushButton] = []
        rates = QWidget()
        rates_row = QHBoxLayout(rates)
        rates_row.setContentsMargins(0, 0, 0, 0)
        for rating in (1, 2, 3, 4):
            b = QPushButton(f"{RATINGS[rating]}\n–", objectName=f"rate{rating}")  # two lines from the start:
            b.setMinimumWidth(110)  # the bottom bar's height never changes
            b.clicked.connect(lambda _=False, r=rating: self.rate(r))
            self.rate_buttons.append(b)
            rates_row.addWidget(b)
        show_page = QWidget()
        show_row = QHBoxLayout(show_page)
        show_row.setContentsMargins(0, 0, 0, 0)
        show_row.addStretch(1)
        show_row.addWidget(self.show_button)
        show_row.addStretch(1)
        self.choose_hint = QLabel("Pick an answer: click it or press its number (1–4).", objectName="muted")
        self.choose_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bottom = QStackedWidget()
        self.bottom.addWidget(show_page)  # 0
        self.bottom.addWidget(rates)  # 1
        self.bottom.addWidget(self.choose_hint)  # 2
        self.bottom.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.done_label = QLabel(objectName="answer")
        self.done_label.setWordWrap(True)
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        back = QPushButton("Back to decks", objectName="primary")
        back.clicked.connect(self.finished.emit)
        done_page = QWidget()
        done_layout = QVBoxLayout(done_page)
        done_layout.addStretch(1)
        done_layout.addWidget(self.done_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(back)
        row.addStretch(1)
        done_layout.addLayout(row)
        done_layout.addStretch(2)

        study_page = QWidget()
        study_layout = QVBoxLayout(study_page)
        study_layout.setContentsMargins(0, 0, 0, 0)
        study_layout.setSpacing(14)
        study_layout.addWidget(self.card_area, 1)
        study_layout.addWidget(self.bottom)
        self.pages = QStackedWidget()
        self.pages.addWidget(study_page)
        self.pages.addWidget(done_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 18, 28, 22)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self._shortcuts()

    # --- flow ---------------------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.now_override or datetime.now(timezone.utc)

    def start(self, deck_id: int | None, title: str, card_ids: list[int] | None = None) -> None:
        """Study a deck's queue, or (with card_ids) just those cards, once each, due or not."""
        self.queue = list(card_ids) if card_ids is not None else None
        self.deck_id = deck_id
        self.title.set_full_text(title)
        self.mode = self.col.deck_config(deck_id)["quiz_mode"]  # the deck's (or global) choice; the menu overrides
        self.mode_changed.emit(self.mode)
        self.session = {"studied": 0, "again": 0, "started": time.monotonic()}
        self.next()

    def set_mode(self, mode: str) -> None:
        """A different quiz form for the rest of this session: the current card is asked again that way."""
        if mode == self.mode:
            self.mode_changed.emit(mode)  # the menu's item, toggled off by the click, is checked again
            return
        self.mode = mode
        self.mode_changed.emit(mode)
        if self.card is not None and not self.revealed:
            current = self.card
            self.next()  # re-shows the same card: it is still first in the queue
            if self.card is None or self.card.id != current.id:
                self.card = current

    def set_colors(self, colors: dict[str, str]) -> None:
        """A theme switched during a review repaints the current card and the counts in the new colours."""
        self.colors = colors
        self._update_counts()
        if self.card is not None and self.pages.currentIndex() == 0:
            self._draw()

    def next(self) -> None:
        if self.queue is not None:
            self.card = None
            while self.queue and self.card is None:
                card = self.col.card(self.queue.pop(0))
                self.card = None if card.row["suspended"] or card.row["retired"] else card
        else:
            self.card = self.col.next_card(self.deck_id, self.now())
        self._update_counts()
        if self.card is None:
            self._show_summary()
            return
        self.pages.setCurrentIndex(0)
        self.revealed = False
        self.choice_made = None
        self.typed_given = None
        self.previews = self.col.preview(self.card, self.now())
        is_cloze = self.card.kind in BLANKED_KINDS and BLANK in self.card.prompt
        mode = self.mode if is_cloze else QuizMode.FLIP
        if mode == QuizMode.CHOICE and len(self.card.choices) < 2:
            mode = QuizMode.FLIP
        self.asked_as = mode
        self._draw()
        self.card_area.verticalScrollBar().setValue(0)
        if mode == QuizMode.CHOICE:
            self.typed.hide()
            self.bottom.setCurrentIndex(2)
            self.choice_buttons[0].setFocus()
        elif mode == QuizMode.TYPED:
            self.typed.clear()
            self.typed.setEnabled(True)
            self.typed.show()
            self._typing(True)
            self.typed.setFocus()
            self.bottom.setCurrentIndex(0)
        else:
            self.typed.hide()
            self.bottom.setCurrentIndex(0)
            self.show_button.setFocus()
        self.shown_at = time.monotonic()

    def choose(self, index: int) -> None:
        if self.card is None or self.asked_as != QuizMode.CHOICE or index >= len(self.card.choices) or self.revealed:
            return
        self.choice_made = self.card.choices[index]
        self.reveal()

    def check_typed(self) -> None:
        if self.card is None or self.revealed:
            return
        self.typed_given = self.typed.text()
        self.reveal()

    def reveal(self) -> None:
        if self.card is None or self.revealed:
            return
        self.revealed = True
        self._typing(False)
        self._draw()
        for rating, button in zip((1, 2, 3, 4), self.rate_buttons):
            button.setText(f"{RATINGS[rating]}\n{self.previews[rating].label}")
            button.setToolTip(f"Press {rating}")
            button.setAccessibleName(f"{RATINGS[rating]}: next review in {self.previews[rating].label}")
        self.bottom.setCurrentIndex(1)
        wrong = (self.choice_made not in (None, self.card.answer) or
                 (self.typed_given is not None and not self._typed_ok()))
        self.rate_buttons[0 if wrong else 2].setFocus()
        if self.typed.isVisible():
            self.typed.setEnabled(False)

    def _typed_ok(self) -> bool:
        from ..cards.quiz import typed_answer_ok
        return self.card is not None and typed_answer_ok(self.card.answer, self.typed_given or "")

    def rate(self, rating: int) -> None:
        if self.card is None or not self.revealed:
            return
        duration = int((time.monotonic() - self.shown_at) * 1000)
        try:
            result = self.col.answer(self.card, rating, self.now(), duration_ms=duration)
        except StudyAppError as exc:
            notify(self, "Could not save the answer", str(exc), error=True)
            return
        self.session["studied"] += 1
        self.session["again"] += rating == 1
        if result.leech:
            notify(self, "Leech", "This card has been forgotten many times. It is now tagged as a leech and "
                   "suspended; consider rewording it (E to edit).")
        self.changed.emit()
        self.next()

    def undo(self) -> str | None:
        what = self.col.undo()
        if what:
            self.changed.emit()
            self.next()
        return what

    def edit_note(self) -> None:
        if self.card is None:
            return
        current = self.col.editable_text(self.card.note_id)
        text, ok = QInputDialog.getMultiLineText(self, "Edit note", "Text of the note:", current)
        if ok and text.strip() and text.strip() != current:
            try:
                self.col.edit_note(self.card.note_id, text)
            except StudyAppError as exc:
                notify(self, "Could not edit the note", str(exc), error=True)
                return
            self.changed.emit()
            self.next()

    def suspend(self) -> None:
        if self.card is not None:
            self.col.suspend([self.card.id])
            self.changed.emit()
            self.next()

    def bury(self) -> None:
        if self.card is not None:
            self.col.bury(self.card.id, self.now())
            self.changed.emit()
            self.next()

    # --- display ------------------------------------------------------------------------------------------------

    def _update_counts(self) -> None:
        decks = [d for d in self.col.decks(self.now()) if self.deck_id is None or d.id == self.deck_id]
        new = sum(d.new for d in decks)
        learning = sum(d.learning for d in decks)
        due = sum(d.due for d in decks)
        c = self.colors
        self.counts.setText(f"<span style='color:{c['new']}'>{new} new</span> &nbsp; "
                            f"<span style='color:{c['learn']}'>{learning} learning</span> &nbsp; "
                            f"<span style='color:{c['due']}'>{due} due</span>")
        self.remaining = (new, learning, due)

    def _show_summary(self) -> None:
        s = self.session
        minutes = (time.monotonic() - s["started"]) / 60
        lines = ["<b>Congratulations! You have finished this deck for now.</b>"]
        if s["studied"]:
            rate = 100 * s["again"] / s["studied"]
            lines.append(f"Studied {s['studied']} card{'s' if s['studied'] != 1 else ''} in {minutes:.1f} minutes; "
                         f"again-rate {rate:.0f}%.")
        nxt = self.col.next_due_time(self.deck_id)
        if nxt:
            wait = max(0, nxt - self.now().timestamp())
            lines.append(f"The next card is due in {format_interval(wait)}." if wait else
                         "More cards are waiting beyond today's limits.")
        self.done_label.setText("<br><br>".join(lines))
        self.pages.setCurrentIndex(1)
