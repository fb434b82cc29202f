"""Messages that do not block the event loop: window-modal boxes opened with open(), kept reachable for tests."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

_last: list[QMessageBox] = []


def notify(parent: QWidget | None, title: str, text: str, error: bool = False) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, parent)
    box.open()
    _last[:] = [box]
    return box


def last_message() -> QMessageBox | None:
    return _last[0] if _last else None
