"""File > Export to Anki: choose decks and whether to include scheduling; export runs in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
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


class ExportDialog(QDialog):
    def __init__(self, col: Collection, selected_deck: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.result = None
        self.setWindowTitle("Export to Anki")
        self.resize(560, 460)
        self.decks = QListWidget()
        self.decks.setAccessibleName("Decks to export")
        for d in col.decks():
            item = QListWidgetItem(f"{d.name}  ({d.total} cards)")
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if selected_deck in (None, d.id) else Qt.CheckState.Unchecked)
            self.decks.addItem(item)
        self.scheduling = QCheckBox("Include scheduling and review history (for moving your progress to Anki)")
        note = QLabel("In Anki, choose File › Import and tick “Import any learning progress” to keep the schedule. "
                      "Exporting again later updates the same notes in Anki instead of duplicating them.",
                      objectName="muted")
        note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # shows the file name the user chose
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = QPushButton("Export…", objectName="primary")
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.choose_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)  # as the main window's
        layout.addWidget(QLabel("Decks to export (each becomes StudyApp::<deck> in Anki):"))
        layout.addWidget(self.decks, 1)
        layout.addWidget(self.scheduling)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def chosen(self) -> list[int]:
        return [self.decks.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.decks.count())
                if self.decks.item(i).checkState() == Qt.CheckState.Checked]

    def choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to Anki", str(Path.home() / "StudyApp.apkg"),
                                              "Anki package (*.apkg)")
        if path:
            self.export_to(path if path.endswith(".apkg") else path + ".apkg")

    def export_to(self, path: str) -> None:
        from ..anki.exporter import export_apkg
        decks = self.chosen()
        if not decks:
            notify(self, "Nothing to export", "Choose at least one deck.", error=True)
            return
        self.export_button.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, 0)
        self.job = workers.Job(export_apkg, self.col, path, decks, with_scheduling=self.scheduling.isChecked())
        self.job.progress.connect(lambda done, total: (self.progress.setRange(0, max(total, 1)),
                                                       self.progress.setValue(done)))
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._failed)
        workers.start(self.job, self)

    def _done(self, result) -> None:
        self.result = result
        self.progress.hide()
        self.status.setText(f"Exported {result.notes} notes, {result.cards} cards to {result.path}")
        finish_with_done(self.export_button, self.accept)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        notify(self, "Export failed", message, error=True)
