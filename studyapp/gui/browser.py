"""The card browser: search, sort, edit, suspend, delete. The table model fetches pages lazily (canFetchMore /
fetchMore), so a 100k-card collection costs one page of rows, not one widget per card.

Sorting 100k cards by a column, or matching words in all of them, takes SQLite 100-350 ms: too long for the UI
thread. So every query runs on a thread of its own, on a read-only connection of its own, and the table fills in
when the answer arrives; a newer search makes older answers moot."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from ..collection import Collection
from ..collection.scheduling import format_interval, retrievability
from ..errors import StudyAppError
from .dialogs import confirm_destructive, notify
from .theme import MARGINS

PAGE = 200
COLUMNS = [("Prompt", "prompt"), ("Answer", "answer"), ("Deck", "deck"), ("Kind", "kind"), ("Due", "due"),
           ("Interval", "interval"), ("Recall", "stability"), ("Lapses", "lapses")]
STATE = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


class _Searcher(QObject):
    """Answers the model's requests on its own thread (see the module's docstring)."""

    answered = Signal(int, object)  # request number, (total or -1, rows, error)

    def __init__(self, path) -> None:
        super().__init__()
        self.path = path
        self.col: Collection | None = None
        self.latest = 0  # set by the UI thread: requests older than this are skipped

    @Slot(int, str, str, bool, int, bool)
    def run(self, number: int, query: str, order: str, descending: bool, offset: int, count: bool) -> None:
        if number < self.latest:
            return
        try:
            if self.col is None:
                self.col = Collection.open(self.path, readonly=True)
            total = self.col.count_cards(query) if count else -1
            rows = self.col.search_cards(query, order, descending, limit=PAGE, offset=offset)
            self.answered.emit(number, (total, rows, None))
        except StudyAppError as exc:
            self.answered.emit(number, (0, [], str(exc)))
        except sqlite3.Error as exc:  # interrupted on closing, or a damaged file: one line, never a traceback
            self.answered.emit(number, (0, [], f"search failed: {exc}"))

    def close(self) -> None:
        if self.col is not None:
            self.col.close()
            self.col = None


class CardModel(QAbstractTableModel):
    _request = Signal(int, str, str, bool, int, bool)
    loaded = Signal()  # a search's first page (or its error) has arrived

    def __init__(self, col: Collection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.query = ""
        self.order, self.descending = "created", False
        self.rows: list[dict] = []
        self.total = 0
        self.error: str | None = None
        self.loading = False
        self._scheduler = col.scheduler()
        self._number = 0  # the newest request
        self._search_number = 0  # the newest new search (as opposed to a next page)
        self._thread = QThread(self)
        self._searcher = _Searcher(col.path)
        self._searcher.moveToThread(self._thread)
        self._request.connect(self._searcher.run)
        self._searcher.answered.connect(self._answered)
        self._thread.start()

    def close(self) -> None:
        """Stop the search thread (interrupting a query in progress) and close its connection."""
        if self._thread.isRunning():
            self._searcher.latest = self._number + 1
            if self._searcher.col is not None:
                self._searcher.col.conn.interrupt()  # thread-safe: a long sort ends now, not in 300 ms
            self._thread.quit()
            self._thread.wait()
            self._searcher.close()

    def search(self, query: str) -> None:
        """Start a new search; rows, total and error change when its answer arrives (then `loaded`)."""
        self.query = query
        self.loading = True
        self._number += 1
        self._search_number = self._number
        self._searcher.latest = self._number
        self._request.emit(self._number, query, self.order, self.descending, 0, True)

    @Slot(int, object)
    def _answered(self, number: int, answer: tuple) -> None:
        total, rows, error = answer
        if number != self._number:
            return  # a newer request is on its way
        self.loading = False
        if number == self._search_number:  # a new search: its first page, total and error replace everything
            self.beginResetModel()
            self.rows, self.total, self.error = rows, total, error
            self.endResetModel()
            self.loaded.emit()
        elif rows:  # the next page
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and not self.loading and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802
        self.loading = True
        self._number += 1
        self._request.emit(self._number, self.query, self.order, self.descending, len(self.rows), False)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 6:
            return "Retrievability: the chance you would recall this card now (FSRS)"
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        # No column (-1): the order notes were made in, which an index answers at once.
        self.order = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else "created"
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.search(self.query)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][1]
        if role == Qt.ItemDataRole.ToolTipRole and key in ("prompt", "answer", "deck"):
            return row[key]
        if role == Qt.ItemDataRole.ToolTipRole and key == "kind" and (row["suspended"] or row["leech"]):
            return ", ".join(w for w, on in (("suspended", row["suspended"]), ("leech: forgotten many times",
                                                                                row["leech"])) if on)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        now = datetime.now(timezone.utc)
        if key in ("prompt", "answer"):
            text = row[key]
            return text if len(text) < 140 else text[:137] + "…"
        if key == "kind":  # one flag: a leech is suspended too (the tooltip says both)
            flag = "leech" if row["leech"] else "suspended" if row["suspended"] else ""
            return f"{row['kind']} · {flag}" if flag else row["kind"]
        if key == "due":
            if row["state"] == 0:
                return "new"
            return datetime.fromtimestamp(row["due"]).strftime("%Y-%m-%d")
        if key == "interval":
            if not row["last_review"]:
                return ""
            return format_interval(row["due"] - row["last_review"])
        if key == "stability":
            r = retrievability(self._scheduler, {**row, "step": None}, now)
            return "" if r is None else f"{r:.0%}"
        return row[key]


class BrowserWindow(QDialog):
    changed = Signal()

    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setWindowTitle("Browse cards")
        self.resize(1100, 680)
        self.search_box = QLineEdit(placeholderText="Search: words, deck:NAME, tag:TAG, is:new, is:due, "
                                                    "is:suspended, is:leech, kind:cloze")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search cards")
        self.count = QLabel(objectName="muted")
        self.count.setTextFormat(Qt.TextFormat.PlainText)  # may show a search error quoting the user's query
        self.model = CardModel(col, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cards")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (rows are chosen with the arrows)
        # Open in creation order, with no column marked: enabling sorting would otherwise sort by the first
        # column at once (the header's default indicator), a full sort of every card. A third click on a column
        # goes back to creation order.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorClearable(True)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Columns by importance: the prompt takes what is left; the answer a third of the width; the deck (the same
        # long title on every row, cut in the middle, whole in its tooltip) a fixed share; the short facts exactly
        # their content's width.
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(50)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fm = self.table.fontMetrics()
        for column, widest in ((3, "section"), (4, "2026-12-31"), (5, "11.5mo"), (6, "Recall"),
                               (7, "Lapses")):
            self.table.setColumnWidth(column, fm.horizontalAdvance(widest) + 22)  # padding and the sort arrow
        self.table.setWordWrap(False)
        self.table.viewport().installEventFilter(self)
        # With one deck the column would repeat the same (cut) title on every row: shown only with several.
        self.table.setColumnHidden(2, len(col.decks()) < 2)
        self.table.selectionModel().currentRowChanged.connect(self._select)
        self._keep_row = -1
        self.model.loaded.connect(self._loaded)

        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Text of the note")
        self.editor.setPlaceholderText("Select a card to see and edit its note.")
        self.note_info = QLabel(objectName="muted")
        self.note_info.setTextFormat(Qt.TextFormat.PlainText)
        self.note_info.setWordWrap(True)
        self.save = QPushButton("Save note", objectName="primary")
        self.suspend_button = QPushButton("Suspend")
        self.delete_button = QPushButton("Delete note…", objectName="danger")  # red, apart, asks first
        self.delete_button.setToolTip("Deletes the note, its cards and their history (asks first; Ctrl+Z undoes)")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Ctrl+Z")
        self.save.clicked.connect(self.save_note)
        self.suspend_button.clicked.connect(self.toggle_suspend)
        self.delete_button.clicked.connect(self.delete_note)
        self.undo_button.clicked.connect(self.undo)
        undo_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo_key.activated.connect(self.undo)
        self.confirm: QMessageBox | None = None
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 6, 0, 0)
        self.editor.setMaximumHeight(140)
        side_layout.addWidget(self.note_info)
        side_layout.addWidget(self.editor, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.suspend_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        side_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)  # the table gets the full width; the editor sits below
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)  # as the main window's
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _: self._timer.start())
        self.search_box.returnPressed.connect(self.run_search)
        self._enable(False)
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()  # an explicit search (Enter) supersedes the one pending from typing
        self._keep_row = -1
        self._search(self.search_box.text())

    def _search(self, query: str) -> None:
        self.model.search(query)
        self.count.setText("Searching…")
        self._enable(False)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        """When the table's viewport changes size, the answer gets 18% of its width and the deck a tenth (each at
        least 110 px); the prompt the rest, which the Stretch mode gives it."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            width = event.size().width()
            self.table.setColumnWidth(1, max(110, width * 18 // 100))
            self.table.setColumnWidth(2, max(110, width // 10))
        return super().eventFilter(watched, event)

    def _loaded(self) -> None:
        self.count.setText(self.model.error or f"{self.model.total} cards")
        if 0 <= self._keep_row < self.model.rowCount():
            self.table.selectRow(self._keep_row)
        self._keep_row = -1

    def wait(self, timeout_ms: int = 10_000) -> None:
        """Process events until the current search has answered (for scripts such as the screenshots)."""
        from PySide6.QtCore import QDeadlineTimer
        from PySide6.QtWidgets import QApplication
        deadline = QDeadlineTimer(timeout_ms)
        while self.model.loading and not deadline.hasExpired():
            QApplication.processEvents()
            QThread.msleep(5)

    def done(self, result: int) -> None:
        self.model.close()
        super().done(result)

    def closeEvent(self, event) -> None:
        self.model.close()
        super().closeEvent(event)

    def _enable(self, on: bool) -> None:
        for w in (self.save, self.suspend_button, self.delete_button, self.editor):
            w.setEnabled(on)
        self._update_undo()

    def current(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def _select(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.current()
        if row is None:
            self._enable(False)
            return
        note = self.col.note(row["note_id"])
        self.editor.setPlainText(self.col.editable_text(row["note_id"]))
        state = STATE.get(row["state"], "")
        self.note_info.setText(f"{row['kind']} note · {state} · {row['reps']} reviews · {row['lapses']} lapses"
                               + (" · edited by you" if note["user_edited"] else ""))
        self.suspend_button.setText("Unsuspend" if row["suspended"] else "Suspend")
        self._enable(True)

    def save_note(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            self.col.edit_note(row["note_id"], self.editor.toPlainText())
        except StudyAppError as exc:
            notify(self, "Could not save the note", str(exc), error=True)
            return
        self.changed.emit()
        self._refresh_keep_row()
        self._update_undo()

    def toggle_suspend(self) -> None:
        row = self.current()
        if row is not None:
            self.col.suspend([row["id"]], not row["suspended"])
            self.changed.emit()
            self._refresh_keep_row()
            self._update_undo()

    def delete_note(self) -> None:
        """Ask first (Cancel is the default); deleting can be undone."""
        row = self.current()
        if row is None:
            return
        cards = self.col.conn.execute("SELECT COUNT(*) FROM cards WHERE note_id = ?", (row["note_id"],)).fetchone()[0]

        def delete() -> None:
            self.col.delete_note(row["note_id"])
            self.changed.emit()
            self.run_search()
            self._update_undo()
        self.confirm = confirm_destructive(
            self, "Delete note", f"Delete this note with its {cards} card{'s' if cards != 1 else ''} and their "
            "review history?\n\nUndo (Ctrl+Z) brings it back.", "Delete note", delete)

    def undo(self) -> None:
        what = self.col.undo()
        if what:
            self.changed.emit()
            self._refresh_keep_row()
        self._update_undo()

    def _update_undo(self) -> None:
        what = self.col.undo_description()
        self.undo_button.setText(f"Undo {what.lower()}" if what else "Undo")
        self.undo_button.setEnabled(bool(what))

    def _refresh_keep_row(self) -> None:
        self._keep_row = self.table.currentIndex().row()
        self._search(self.model.query)

