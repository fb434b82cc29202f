"""Settings › Sync folder: the row that chooses the folder another tool keeps in step between computers."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget


class SyncFolderRow(QWidget):
    """Settings › Sync folder: a path, Choose… and Clear. Empty means no sync."""

    def __init__(self, folder: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(folder or "")
        self.edit.setPlaceholderText("none (no sync)")
        self.edit.setToolTip("A folder kept in step between your computers by Syncthing, Nextcloud, Dropbox or a "
                             "network share. Each computer writes its own change files there.")
        self.edit.setAccessibleName("Sync folder")
        self.choose = QPushButton("Choose…")
        self.choose.setAccessibleName("Choose the sync folder")
        self.choose.clicked.connect(self._choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.choose)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Sync folder", self.edit.text())
        if folder:
            self.edit.setText(folder)

    def value(self) -> str | None:
        """The folder (checked: it must exist and be writable), or None; raises StudyAppError (one line)."""
        from ..sync import check_folder
        text = self.edit.text().strip()
        return str(check_folder(text)) if text else None
