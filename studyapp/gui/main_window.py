"""The main window: the deck list, the review screen, menus, drag and drop.

Start-up builds this window, so it touches only the PySide6 classes the deck list needs. PySide6 6.11 creates each
class, with every enum it has, the first time Python names it. The `Qt` namespace alone holds over 90 enums and costs
20-30 ms, a sixth of a bare window's start-up. So Qt-namespace values and the dialog classes are named where they
are used, and the few values start-up needs are plain numbers.
"""

from __future__ import annotations

import sys

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView, QLabel, QMainWindow, QMenu,
                               QProgressBar, QPushButton, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from .. import __version__
from ..collection import Collection, DeckInfo
from ..errors import StudyAppError
from . import theme
from .dialogs import notify
from .sync_gui import sync_now

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint

RESOURCES = Path(__file__).resolve().parents[1] / "resources"  # icon.svg, studyapp.desktop
IMPORT_FILTER = "Takeaway sets (*.yaml *.yml *.md *.markdown *.html *.htm *.txt);;All files (*)"
HINT = ("Select a deck and press <b>Study</b> (or Enter). While studying: <b>Space</b> shows the answer, "
        "<b>1–4</b> rate it (Again, Hard, Good, Easy), <b>Ctrl+Z</b> undoes. Add your own posts with "
        "<b>File › Import</b>, by dropping a file here, or with <b>Paste takeaways</b>.")
SHORTCUTS = """<table cellpadding=4>
<tr><td><b>Space</b> / <b>Enter</b></td><td>show the answer (then: Good)</td></tr>
<tr><td><b>1 2 3 4</b></td><td>Again, Hard, Good, Easy (or pick a multiple-choice option)</td></tr>
<tr><td><b>Ctrl+Z</b></td><td>undo the last answer or change</td></tr>
<tr><td><b>E</b></td><td>edit the current note</td></tr>
<tr><td><b>@</b></td><td>suspend the current card</td></tr>
<tr><td><b>-</b></td><td>bury the current card until tomorrow</td></tr>
<tr><td><b>Esc</b></td><td>back to the deck list</td></tr>
<tr><td><b>Ctrl+O</b> / <b>Ctrl+Shift+V</b></td><td>import a file / paste takeaways</td></tr>
<tr><td><b>Ctrl+B</b></td><td>browse cards</td></tr>
<tr><td><b>Ctrl+E</b></td><td>export to Anki</td></tr>
</table>"""
# Qt::ForegroundRole, Qt::TextAlignmentRole and Qt::AlignRight | Qt::AlignVCenter as plain numbers (a test checks
# them against Qt). Set through setData(role, value), whose role is a plain int, they leave the Qt namespace unbuilt.
FOREGROUND_ROLE, ALIGNMENT_ROLE, RIGHT_ALIGNED = 9, 7, 0x82


def icon() -> QIcon:
    for name in ("icon.svg", "icon.png"):
        p = RESOURCES / name
        if p.exists():
            return QIcon(str(p))
    return QIcon()


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


class MainWindow(QMainWindow):
    def __init__(self, col: Collection) -> None:
        super().__init__()
        self.col = col
        self.now_override = None
        self.setWindowTitle(f"StudyApp {__version__}")
        self.setWindowIcon(icon())
        self.setAcceptDrops(True)
        self.colors = theme.apply(QApplication.instance(), col.settings()["theme"], col.settings()["font_size"])
        self.deck_list = DeckList(self)
        self._review = None  # built when studying starts: start-up shows the deck list only
        self.stack = QStackedWidget()
        self.stack.addWidget(self.deck_list)
        self.setCentralWidget(self.stack)
        self._menus()
        # The collection's path is in Help › About and the status bar's tooltip, not in every view's status line.
        self.statusBar().setToolTip(f"Collection: {col.path}")
        self.busy = QProgressBar(maximumWidth=160)  # shown while background work (fetching, backing up) runs
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        settings = QSettings("StudyApp", "StudyApp")
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(980, 700)
        self.refresh()

    @property
    def review(self):
        if self._review is None:
            from .review import ReviewView
            self._review = ReviewView(self.col, self.colors)
            self._review.finished.connect(self.show_decks)
            self._review.changed.connect(self.refresh)
            self._review.mode_changed.connect(self._show_mode)
            self.stack.addWidget(self._review)
        return self._review

    def now(self):
        from datetime import datetime, timezone
        return self.now_override or datetime.now(timezone.utc)

    # --- menus ---------------------------------------------------------------------------------------------------

    def _menus(self) -> None:
        def action(menu: QMenu, text: str, slot, shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
            a = QAction(text, self)
            # setShortcuts, not setShortcut: choosing among setShortcut's overloads builds the Qt namespace. A
            # standard key also brings the platform's every binding for it.
            if isinstance(shortcut, str):
                a.setShortcuts([QKeySequence(shortcut)])
            elif shortcut is not None:
                a.setShortcuts(shortcut)
            a.triggered.connect(slot)
            menu.addAction(a)
            return a
        bar = self.menuBar()
        file = bar.addMenu("&File")
        action(file, "&Import…", self.import_file, QKeySequence.StandardKey.Open)
        action(file, "Import from &address…", self.ask_address, "Ctrl+L")
        action(file, "&Paste takeaways", self.paste, "Ctrl+Shift+V")
        action(file, "&Followed sites…", self.followed_sites)
        file.addSeparator()
        action(file, "&Export to Anki…", self.export_anki, "Ctrl+E")
        action(file, "Import &reviews from Anki…", self.import_reviews)
        action(file, "S&ync now", lambda: sync_now(self))  # two computers: sync_gui.py
        file.addSeparator()
        action(file, "&Back up now", lambda: self.backup_now())
        action(file, "Show bac&kups folder", self.show_backups)
        file.addSeparator()
        action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu("&Edit")
        self.undo_action = action(edit, "&Undo", self.undo, QKeySequence.StandardKey.Undo)
        edit.aboutToShow.connect(self._update_undo)
        edit.addSeparator()
        action(edit, "&Browse cards…", self.browse, "Ctrl+B")
        action(edit, "&Settings…", self.open_settings, QKeySequence.StandardKey.Preferences)
        tools = bar.addMenu("&Tools")
        action(tools, "&Check collection", self.check_collection)
        view = bar.addMenu("&View")
        action(view, "&Statistics", self.show_stats, "Ctrl+Shift+S")
        action(view, "&Mastery map", self.show_mastery, "Ctrl+M")
        view.addSeparator()
        self.mode_menu = view.addMenu("Ask cloze cards &as (this session)")
        self.mode_actions = {}
        for mode, text in (("flip", "&Flip cards"), ("choice", "&Multiple choice"), ("typed", "&Type the answer")):
            # the same words as Settings › Cloze cards as
            a = action(self.mode_menu, text, lambda _=False, m=mode: self.review.set_mode(m))
            a.setCheckable(True)
            self.mode_actions[mode] = a
        self.mode_menu.setEnabled(False)  # while studying; the lasting choice is in Settings
        themes = view.addMenu("&Theme")
        for name in ("system", "light", "dark"):
            action(themes, "&" + name.capitalize(), lambda _=False, n=name: self.set_theme(n))
        help_ = bar.addMenu("&Help")
        action(help_, "&Keyboard shortcuts", self.show_shortcuts, "F1")
        action(help_, "&About StudyApp", self.about)

    def _show_mode(self, mode: str) -> None:
        for name, a in self.mode_actions.items():
            a.setChecked(name == mode)

    def _update_undo(self) -> None:
        what = self.col.undo_description()
        self.undo_action.setText(f"&Undo {what}" if what else "&Undo")
        self.undo_action.setEnabled(bool(what))

    # --- actions -------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.deck_list.refresh()

    def show_decks(self) -> None:
        self.mode_menu.setEnabled(False)
        self.stack.setCurrentWidget(self.deck_list)
        self.refresh()
        self.deck_list.table.setFocus()

    def study(self) -> None:
        deck = self.deck_list.selected()
        if deck is None:
            return
        self.review.now_override = self.now_override
        self.stack.setCurrentWidget(self.review)
        self.mode_menu.setEnabled(True)
        self.review.start(deck.id, deck.name)

    def undo(self) -> None:
        if self._review is not None and self.stack.currentWidget() is self._review:
            self._undone(self.review.undo())
        elif self.col.undo_description() == "Delete deck":  # puts back every card and review: seconds at 100k
            self._modal_job("Bringing the deck back…", "Could not undo", self.col.undo,
                            lambda what: (self.refresh(), self._undone(what)))
        else:
            what = self.col.undo()
            self.refresh()
            self._undone(what)

    def _undone(self, what: str | None) -> None:
        self.statusBar().showMessage(f"Undone: {what}" if what else "Nothing to undo", 4000)

    def error(self, title: str, message: str) -> None:
        notify(self, title, message, error=True)

    def import_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getOpenFileName(self, "Import takeaways", str(Path.home()), IMPORT_FILTER)
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        from ..takeaways import read_set
        self._prepare(lambda: read_set(path), Path(path).name, "Cannot import", f"Reading {Path(path).name}…")

    def paste(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            self.error("Nothing to paste", "The clipboard has no text. Copy a post in your browser first.")
            return
        from ..web.fetch import is_web_address
        if is_web_address(text):  # an address was copied: import the page it names
            self.import_address(text.strip())
            return
        from ..takeaways import read_set_from_text
        self._prepare(lambda: read_set_from_text(text, "pasted text"), "pasted text",
                      "Cannot import the pasted text", "Reading the pasted text…")

    def ask_address(self) -> None:
        from .web_dialogs import ask_address
        ask_address(self)

    def import_address(self, url: str) -> None:
        from ..web.fetch import read_post
        self._prepare(lambda: read_post(url), url, "Cannot import from that address", f"Fetching {url}…")

    def followed_sites(self) -> None:
        from .web_dialogs import FollowedSitesDialog
        self.feeds_dialog = FollowedSitesDialog(self.col, self, self)
        self.feeds_dialog.show()

    def import_posts(self, posts: list) -> None:
        """Each chosen post in turn: read it (in the background), then its preview; the next when that closes."""
        if not posts:
            return
        from ..web.feeds import read_feed_post
        post, rest = posts[0], posts[1:]
        self._prepare(lambda: read_feed_post(post), post.title, "Cannot import the post", f"Reading {post.title}…",
                      after=lambda: self.import_posts(rest))

    def _prepare(self, read, name: str, error_title: str, status: str, after=None) -> None:
        """Read the input and generate its cards in the background, then show the preview (or the error).

        Reading an HTML page, generating a long post's cards, or the first import of a session (which loads the
        word lists) takes from a fraction of a second to over a second: never on the UI thread. Nothing here
        touches the collection. `after` runs once the preview closes, or after the error."""
        from ..cards.writers import write_cards
        from . import workers
        from .card_writer import WritingProgress, with_key, writer_settings
        ws = writer_settings(self.col)  # the built-in writer, or a language model with progress and Cancel
        self.writing = WritingProgress(self, ws) if ws.writer == "model" else None
        cancel = self.writing.cancel_event if self.writing else None

        def work(progress=None):
            ts = read()
            return ts, write_cards(ts, with_key(ws), progress=progress, cancel=cancel)

        def done(result) -> None:
            self.busy.hide()
            self.statusBar().clearMessage()
            if self.writing is not None:
                self.writing.close()
            ts, written = result
            self._preview(ts, name, written.notes, written.lines())
            if after is not None:
                self.import_dialog.finished.connect(lambda _: after())

        def failed(message: str) -> None:
            self.busy.hide()
            self.statusBar().clearMessage()
            if self.writing is not None:
                self.writing.close()
            self.error(error_title, message)
            if after is not None:
                after()

        self.import_dialog = None
        self.statusBar().showMessage(status)
        self.busy.show()
        job = workers.Job(work)  # workers keeps it alive until it reports, even if another import starts meanwhile
        job.finished.connect(done)
        job.failed.connect(failed)
        if self.writing is not None:
            job.progress.connect(self.writing.step)
            self.writing.show()
        workers.start(job, self)

    def _preview(self, ts, name: str, notes=None, writer_notes: list[str] | None = None) -> None:
        from .import_dialog import ImportDialog
        dialog = ImportDialog(self.col, ts, name, self, notes=notes, writer_notes=writer_notes)
        self.import_dialog = dialog
        dialog.finished.connect(lambda _: self.refresh())
        dialog.open()

    def export_anki(self) -> None:
        from .export_dialog import ExportDialog
        deck = self.deck_list.selected()
        self.export_dialog = ExportDialog(self.col, deck.id if deck else None, self)
        self.export_dialog.open()

    def import_reviews(self, path: str | None = None) -> None:
        from .reviews_dialog import ReviewsDialog, choose_package  # reviews back from Anki: reviews_dialog.py
        path = path or choose_package(self)
        if path:
            self.reviews_dialog = ReviewsDialog(self.col, path, self)
            self.reviews_dialog.imported.connect(lambda _: self.refresh())
            self.reviews_dialog.open()
            self.reviews_dialog.start()

    def browse(self) -> None:
        from .browser import BrowserWindow
        old = getattr(self, "browser", None)
        if old is not None and old.isVisible():
            old.raise_()
            old.activateWindow()
            return
        if old is not None:
            old.model.close()
        self.browser = BrowserWindow(self.col, self)
        self.browser.changed.connect(self.refresh)
        self.browser.show()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog
        self.settings_dialog = SettingsDialog(self.col, self)
        self.settings_dialog.accepted.connect(self.apply_theme)
        self.settings_dialog.open()

    def set_theme(self, name: str) -> None:
        self.col.set_settings(theme=name)
        self.apply_theme()

    def apply_theme(self) -> None:
        s = self.col.settings()
        self.colors = theme.apply(QApplication.instance(), s["theme"], s["font_size"])
        if self._review is not None:
            self._review.set_colors(self.colors)
        self.refresh()

    def rename_deck(self) -> None:
        deck = self.deck_list.selected()
        if deck is None:
            return
        from PySide6.QtWidgets import QInputDialog
        name, ok = QInputDialog.getText(self, "Rename deck", "New name:", text=deck.name)
        if ok and name.strip():
            try:
                self.col.rename_deck(deck.id, name)
            except StudyAppError as exc:
                self.error("Cannot rename", str(exc))
            self.refresh()

    def delete_deck(self) -> None:
        deck = self.deck_list.selected()
        if deck is None:
            return
        from .dialogs import confirm_destructive

        def delete() -> None:
            def done(_) -> None:
                self.refresh()
                self.statusBar().showMessage("Deck deleted. Edit › Undo brings it back.", 8000)
            self._modal_job(f"Deleting “{deck.name}”…", "Could not delete the deck",
                            lambda: self.col.delete_deck(deck.id), done)
        self.confirm = confirm_destructive(
            self, "Delete deck", f"Delete “{deck.name}” with its {deck.total} cards and their review history?"
            "\n\nYou can undo this with Edit › Undo.", "Delete deck", delete)

    def show_set(self) -> None:
        deck = self.deck_list.selected()
        ts = self.col.takeaway_set(deck.id) if deck else None
        if ts is None:
            notify(self, "Takeaway set", "This deck has no takeaway set.")
            return
        import html
        parts = [f"<h3>{html.escape(ts.title)}</h3>"]
        if ts.tldw:
            parts.append("<p><b>TLDW</b><br>" + "<br>".join(html.escape(p) for p in ts.tldw) + "</p>")
        parts.append("<p><b>Key takeaways</b></p><ul>" +
                     "".join(f"<li>{html.escape(t.full_text)}</li>" for t in ts.takeaways) + "</ul>")
        if ts.sections:
            parts.append("<p><b>Sections</b>: " + html.escape(", ".join(s.heading for s in ts.sections)) + "</p>")
        notify(self, "Takeaway set", "".join(parts), rich=True)

    def rewrite_cards(self) -> None:
        """The deck's cards written again from its stored post by the writer now set (how one switches writers):
        the preview shows them, and importing keeps the history of every card whose fact is the same."""
        deck = self.deck_list.selected()
        ts = self.col.takeaway_set(deck.id) if deck else None
        if ts is None:
            notify(self, "Write the cards again", "This deck has no takeaway set to write cards from.")
            return
        self._prepare(lambda: ts, deck.name, "Cannot write the cards", f"Writing the cards of {deck.name}…")

    def show_stats(self) -> None:
        from .stats_view import StatsDialog  # pyqtgraph loads here, not at start-up
        deck = self.deck_list.selected()
        self.stats_dialog = StatsDialog(self.col, self.colors, deck.id if deck else None, self, self.now_override)
        self.stats_dialog.show()

    def show_mastery(self) -> None:
        from .mastery_view import MasteryDialog
        deck = self.deck_list.selected()
        if deck is None or self.col.takeaway_set(deck.id) is None:
            notify(self, "Mastery map", "Select a deck imported from a takeaway post.")
            return
        self.mastery_dialog = MasteryDialog(self.col, deck.id, self.colors, self, self.now_override)
        self.mastery_dialog.study.connect(lambda ids, title: self.study_cards(deck.id, ids, title))
        self.mastery_dialog.show()

    def study_cards(self, deck_id: int, card_ids: list[int], title: str) -> None:
        self.review.now_override = self.now_override
        self.stack.setCurrentWidget(self.review)
        self.mode_menu.setEnabled(True)
        self.review.start(deck_id, title, card_ids=card_ids)

    def check_collection(self) -> None:
        """Checking reads every page of the collection: seconds on a large one."""
        from ..collection.health import check_collection

        def done(report) -> None:
            self.refresh()
            notify(self, "Check collection", "\n".join(report.lines()), error=not report.healthy)
        self._modal_job("Checking the collection…", "Check failed", lambda: check_collection(self.col), done)

    def _modal_job(self, label: str, error_title: str, work, done) -> None:
        """Run work() off the UI thread behind a window-modal progress dialog, then done(result) on the UI thread.
        For changes that can take seconds on a large collection (checking, deleting a deck, undoing that): the
        window stays painted and nothing else touches the collection meanwhile. Errors become a dialog."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        from . import workers
        self.modal_progress = QProgressDialog(label, None, 0, 0, self)
        self.modal_progress.setWindowTitle("StudyApp")
        self.modal_progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.modal_progress.setMinimumDuration(0)
        self.modal_progress.show()

        def finished(result) -> None:
            self.modal_progress.close()
            done(result)

        def failed(message: str) -> None:
            self.modal_progress.close()
            self.refresh()
            self.error(error_title, message)
        self.modal_job = workers.Job(lambda progress=None: work())
        self.modal_job.finished.connect(finished)
        self.modal_job.failed.connect(failed)
        workers.start(self.modal_job, self)

    def back_up_if_due(self) -> None:
        """The day's automatic backup, once the window is up. At 100k cards it takes a fifth of a second, which
        start-up used to spend before showing anything."""
        from ..collection.collection import autobackup_wanted
        if autobackup_wanted() and self.col.backup_due():
            self.backup_now(automatic=True)

    def backup_now(self, automatic: bool = False) -> None:
        """A backup copies the whole collection: off the UI thread, with the result in the status bar. A failed
        automatic backup says why in the status bar (the user did not ask for it, and their work goes on); one
        they asked for says it in a dialog."""
        from . import workers
        self.statusBar().showMessage("Backing up…")
        self.busy.show()
        self.backup_job = workers.Job(lambda col, progress=None: col.backup(explicit=not automatic), self.col)
        self.backup_job.finished.connect(lambda path: (self.busy.hide(),
                                                       self.statusBar().showMessage(f"Backed up to {path}", 8000)))

        def failed(message: str) -> None:
            self.busy.hide()
            self.statusBar().showMessage(f"Backup failed: {message}")
            if not automatic or "is damaged" in message:
                self.error("Backup failed", message)
        self.backup_job.failed.connect(failed)
        workers.start(self.backup_job, self)

    def show_backups(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from ..collection.backup import backup_dir
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup_dir(self.col.path))))

    def show_shortcuts(self) -> None:
        notify(self, "Keyboard shortcuts", SHORTCUTS, rich=True)

    def about(self) -> None:
        from html import escape
        notify(self, "About StudyApp", f"<b>StudyApp {__version__}</b><br><br>Learn what you read: "
                          "takeaway posts become spaced-repetition cards (FSRS), studied here or in Anki.<br><br>"
                          f"Collection: {escape(str(self.col.path))}", rich=True)

    # --- drag and drop, closing ----------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.import_path(url.toLocalFile())
                break

    def closeEvent(self, event) -> None:  # noqa: N802
        QSettings("StudyApp", "StudyApp").setValue("geometry", self.saveGeometry())
        if getattr(self, "browser", None) is not None:
            self.browser.model.close()  # its search thread must end before Qt tears the window down
        from . import workers

        def cancel_downloads() -> None:  # a download ends now, whatever the server does: closing never hangs on it
            fetching = sys.modules.get("studyapp.web.fetch")  # loaded only once something is fetched
            if fetching is not None:
                fetching.cancel_all()
        # A job still writing (an import, a check) ends its transaction before the app goes; a job still fetching
        # is cancelled, even one whose download starts only while we wait.
        workers.wait_all(nudge=cancel_downloads)
        sync_now(self, "close")  # this session's changes reach the sync folder (sync_gui.py)
        super().closeEvent(event)
