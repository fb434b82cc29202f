"""The main window: the deck list, the review screen, drag and drop, closing. Its menus are built in menus.py, and
its actions live in modules by job (import_actions, deck_actions, collection_actions), mixed into `MainWindow`.

Start-up builds this window, so it touches only the PySide6 classes the deck list needs. PySide6 6.11 creates each
class, with every enum it has, the first time Python names it. The `Qt` namespace alone holds over 90 enums and costs
20-30 ms, a sixth of a bare window's start-up. So Qt-namespace values and the dialog classes are named where they
are used, and the few values start-up needs are plain numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressBar, QStackedWidget

from .. import __version__
from ..collection import Collection
from . import theme
from .collection_actions import CollectionActions
from .deck_actions import DeckActions
from .deck_list import DeckList
from .dialogs import notify
from .import_actions import ImportActions
from .menus import SHORTCUTS, build_menus
from .sync_gui import sync_now

RESOURCES = Path(__file__).resolve().parents[1] / "resources"  # icon.svg, studyapp.desktop


def icon() -> QIcon:
    for name in ("icon.svg", "icon.png"):
        p = RESOURCES / name
        if p.exists():
            return QIcon(str(p))
    return QIcon()


class MainWindow(ImportActions, DeckActions, CollectionActions, QMainWindow):
    """The window: the deck list and the review screen in a stack, the menus (menus.py), and its actions by job
    (import_actions, deck_actions, collection_actions)."""

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
        if col.regenerated or col.warnings:  # opening re-made the cards of an older generator (regenerate.py)
            from ..collection.regenerate import summary
            said = [summary(col.regenerated)] if col.regenerated else []
            said += [w[:1].upper() + w[1:] for w in col.warnings]
            self.statusBar().showMessage(" ".join(said), 30_000)
            col.warnings.clear()
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
        build_menus(self)

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

    def import_reviews(self, path: str | None = None) -> None:
        from .reviews_dialog import ReviewsDialog, choose_package  # reviews back from Anki: reviews_dialog.py
        path = path or choose_package(self)
        if path:
            self.reviews_dialog = ReviewsDialog(self.col, path, self)
            self.reviews_dialog.imported.connect(lambda _: self.refresh())
            self.reviews_dialog.open()
            self.reviews_dialog.start()

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
