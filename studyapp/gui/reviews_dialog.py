"""File › Import reviews from Anki…: choose an Anki export, see what it would bring (a dry run), then merge it.

Reading the package and replaying the schedules run off the UI thread. Nothing is written until the user presses
Import; a package that cannot be read is said in a dialog, and the collection stays as it was. The merge is one
undo step (Edit › Undo)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..collection import Collection
from . import workers
from .dialogs import notify
from .theme import MARGINS
from .widgets import finish_with_done

PACKAGE_FILTER = "Anki exports (*.apkg *.colpkg);;All files (*)"
HOW = ("In Anki (or AnkiDroid, AnkiMobile, after syncing), export the StudyApp decks with File › Export: "
       "“Anki Deck Package (.apkg)” with “Include scheduling information” ticked, or “Anki Collection Package "
       "(.colpkg)”.")


def choose_package(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Import reviews from Anki", str(Path.home()), PACKAGE_FILTER)
    return path or None


class ReviewsDialog(QDialog):
    """The preview of an Anki export's reviews, and the button that merges them."""

    imported = Signal(object)  # the ReviewsImport, once merged

    def __init__(self, col: Collection, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.path = Path(path)
        self.preview = self.result = None
        self.setWindowTitle("Import reviews from Anki")
        self.resize(640, 440)
        self.heading = QLabel(f"Reading {self.path.name}…")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        self.heading.setWordWrap(True)
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setAccessibleName("What the import brings")
        note = QLabel(HOW + " Reviews already here are skipped; each card's schedule is worked out again from its "
                      "whole history. Text edited in Anki is listed, not applied.", objectName="muted")
        note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Reading the package")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import", objectName="primary")
        self.import_button.setEnabled(False)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.addWidget(self.heading)
        layout.addWidget(self.report, 1)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)

    def start(self) -> None:
        """Read the package and make the report, changing nothing."""
        from ..anki.reviews import import_reviews
        self.job = workers.Job(lambda progress=None: import_reviews(self.col, self.path, dry_run=True))
        self.job.finished.connect(self._previewed)
        self.job.failed.connect(self._failed)
        workers.start(self.job, self)

    def _previewed(self, preview) -> None:
        self.preview = preview
        self.progress.hide()
        added = preview.merge.reviews_added
        flags = preview.merge.suspended + preview.merge.unsuspended + preview.merge.buried
        self.heading.setText(f"{self.path.name}: {added} new review{'s' * (added != 1)} of "
                             f"{len(preview.merge.cards_touched)} card{'s' * (len(preview.merge.cards_touched) != 1)}"
                             + (" to import." if added or flags else ". Nothing new to import."))
        self.report.setPlainText("\n".join(preview.lines()))
        self.import_button.setEnabled(bool(added or flags))

    def merge(self) -> None:
        from ..anki.reviews import import_reviews
        self.import_button.setEnabled(False)
        self.progress.show()
        self.job = workers.Job(lambda progress=None: import_reviews(self.col, self.path))
        self.job.finished.connect(self._merged)
        self.job.failed.connect(self._failed)
        workers.start(self.job, self)

    def _merged(self, result) -> None:
        self.result = result
        self.progress.hide()
        self.heading.setText(f"Imported {result.merge.reviews_added} reviews from {self.path.name}. "
                             "Edit › Undo takes them back.")
        self.report.setPlainText("\n".join(result.lines()))
        self.imported.emit(result)
        finish_with_done(self.import_button, self.accept, self.buttons)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.heading.setText(f"{self.path.name} was not imported; nothing was changed.")
        self.error_box = notify(self, "Could not import reviews", message, error=True)
        self.error_box.finished.connect(self.reject)
