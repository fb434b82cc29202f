"""Messages that do not block the event loop: window-modal boxes opened with open(), kept reachable for tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # named only when a message is shown: start-up never shows one (see main_window's docstring)
    from PySide6.QtWidgets import QMessageBox, QWidget

_last: list[QMessageBox] = []


def notify(parent: QWidget | None, title: str, text: str, error: bool = False, rich: bool = False) -> QMessageBox:
    """A message that does not block. Plain text unless `rich` (our own markup, with user text escaped): a message
    carries file names, titles and errors, and Qt would render any of them that looks like HTML."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    box.open()
    _last[:] = [box]
    return box


def last_message() -> QMessageBox | None:
    """The most recent message box, if it still exists (its window may have been closed and deleted since)."""
    from shiboken6 import isValid
    return _last[0] if _last and isValid(_last[0]) else None
