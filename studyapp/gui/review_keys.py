"""The review screen's keyboard: its shortcuts, and what Space, Enter and 1-4 mean at each moment (show the answer,
pick an option, rate). A mixin of ReviewView (review.py), which holds the widgets and the flow these call."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from ..kinds import QuizMode


class ReviewKeys:
    """Keyboard handling of the review screen (a mixin of ReviewView)."""

    def _shortcuts(self) -> None:
        self._key_shortcuts: list[QShortcut] = []

        def add(keys: str, slot, plain_key: bool = True) -> None:
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
            if plain_key:
                self._key_shortcuts.append(sc)
        add("Space", self.space_or_enter)
        add("Return", self.enter, plain_key=False)
        add("Enter", self.enter, plain_key=False)
        for k in (1, 2, 3, 4):
            add(str(k), lambda k=k: self.number_key(k))
        add("E", self.edit_note)
        add("@", self.suspend)
        add("Shift+2", self.suspend)
        add("-", self.bury)
        add("Escape", self.finished.emit, plain_key=False)
        # The card never takes focus (Space and 1-4 belong to the review), so the keyboard scrolls a long card here.
        add("PgDown", lambda: self.scroll_card(1, page=True), plain_key=False)
        add("PgUp", lambda: self.scroll_card(-1, page=True), plain_key=False)
        add("Down", lambda: self.scroll_card(1), plain_key=False)
        add("Up", lambda: self.scroll_card(-1), plain_key=False)

    def scroll_card(self, direction: int, page: bool = False) -> None:
        bar = self.card_area.verticalScrollBar()
        bar.setValue(bar.value() + direction * (bar.pageStep() if page else 3 * bar.singleStep()))

    def enter(self) -> None:
        if self.typed.isVisible() and self.typed.isEnabled() and not self.revealed:
            self.check_typed()  # the shortcut sees Enter before the line edit does
        else:
            self.space_or_enter()

    def _typing(self, on: bool) -> None:
        """While an answer is being typed, letters, digits and Space belong to the text field."""
        for shortcut in self._key_shortcuts:
            shortcut.setEnabled(not on)

    def space_or_enter(self) -> None:
        focused = self.focusWidget()
        if self.pages.currentIndex() == 1:
            self.finished.emit()
        elif not self.revealed and self.asked_as == QuizMode.CHOICE and focused in self.choice_buttons:
            self.choose(self.choice_buttons.index(focused))  # the keyboard's way to press the focused option
        elif not self.revealed:
            self.reveal()
        else:
            self.rate(3)  # Space after revealing means Good, as in Anki

    def number_key(self, k: int) -> None:
        if self.revealed:
            self.rate(k)
        elif self.asked_as == QuizMode.CHOICE:
            self.choose(k - 1)
