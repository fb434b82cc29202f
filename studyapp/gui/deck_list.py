"""The deck list: every deck with today's New / Learning / Due counts, the Study and Import buttons, and each deck's
menu. The window's first view, so it names only the PySide6 classes it needs (see main_window's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..collection import DeckInfo
from . import theme

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint

    from .main_window import MainWindow

HINT = ("Select a deck and press <b>Study</b> (or Enter). While studying: <b>Space</b> shows the answer, "
        "<b>1–4</b> rate it (Again, Hard, Good, Easy), <b>Ctrl+Z</b> undoes. Add your own posts with "
        "<b>File › Import</b>, by dropping a file here, or with <b>Paste takeaways</b>.")
# Qt::ForegroundRole, Qt::TextAlignmentRole and Qt::AlignRight | Qt::AlignVCenter as plain numbers (a test checks
# them against Qt). Set through setData(role, value), whose role is a plain int, they leave the Qt namespace unbuilt.
FOREGROUND_ROLE, ALIGNMENT_ROLE, RIGHT_ALIGNED = 9, 7, 0x82


class DeckList(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.decks: list[DeckInfo] = []
        heading = QLabel("Decks", objectName="deckTitle")
        self.hint = QLabel(HINT, objectName="hint")
        self.hint.setWordWrap(True)  # rich text: Qt recognises the markup
        self.table = _DeckTable(self)
        self.table.setHorizontalHeaderLabels(["Deck", "New", "Learning", "Due", "Total"])
        self.table.setAccessibleName("Decks")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (rows are chosen with the arrows)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One line per deck, one row height for all (a long title is cut with '…' and shown whole in its tooltip):
        # rows sized to their contents came out different after each visit to the review screen.
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _: self.window.study())
        self.table.activated.connect(lambda _: self.window.study())
        self.study_button = QPushButton("Study", objectName="primary")
        self.study_button.clicked.connect(self.window.study)
        self.import_button = QPushButton("Import…")
        self.import_button.clicked.connect(self.window.import_file)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.study_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*theme.MARGINS)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        selected = self.selected()
        self.decks = self.window.col.decks(self.window.now())
        c = self.window.colors
        self.table.setRowCount(len(self.decks))
        for r, d in enumerate(self.decks):
            items = [QTableWidgetItem(d.name), QTableWidgetItem(str(d.new)), QTableWidgetItem(str(d.learning)),
                     QTableWidgetItem(str(d.due)), QTableWidgetItem(str(d.total))]
            for k, color in ((1, c["new"]), (2, c["learn"]), (3, c["due"])):
                items[k].setData(FOREGROUND_ROLE, QColor(color if int(items[k].text()) else c["muted"]))
            for k in range(1, 5):
                items[k].setData(ALIGNMENT_ROLE, RIGHT_ALIGNED)
            items[0].setToolTip(d.name)
            for k, item in enumerate(items):
                self.table.setItem(r, k, item)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 20)
        if self.decks:
            ids = [d.id for d in self.decks]
            self.table.selectRow(ids.index(selected.id) if selected and selected.id in ids else 0)
        self.study_button.setEnabled(bool(self.decks))

    def selected(self) -> DeckInfo | None:
        row = self.table.currentRow()
        return self.decks[row] if 0 <= row < len(self.decks) else None

    def menu(self, at: QPoint) -> None:
        """The deck's menu at global position `at` (right click or the keyboard's menu key)."""
        deck = self.selected()
        if deck is None:
            return
        m = QMenu(self)
        m.addAction("Study", self.window.study)
        m.addAction("Rename…", self.window.rename_deck)
        m.addAction("Export to Anki…", self.window.export_anki)
        m.addAction("Show takeaway set", self.window.show_set)
        m.addAction("Write the cards again…", self.window.rewrite_cards)
        m.addAction("Mastery map", self.window.show_mastery)
        m.addAction("Statistics", self.window.show_stats)
        m.addSeparator()
        m.addAction("Delete…", self.window.delete_deck)
        m.exec(at)


class _DeckTable(QTableWidget):
    """The deck table; its context menu is the deck's menu (an override rather than a context-menu policy, whose
    value lives in the Qt namespace)."""

    def __init__(self, deck_list: DeckList) -> None:
        super().__init__(0, 5)
        self.deck_list = deck_list

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.deck_list.menu(event.globalPos())
