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


def confirm_destructive(parent: QWidget, title: str, text: str, action: str, on_confirm) -> QMessageBox:
    """Ask before a destructive action: a warning with the action named on a button of the destructive role and
    Cancel as the default (Enter or Esc changes nothing). Window-modal and not blocking; `on_confirm()` runs only
    if the action's button was pressed."""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent)
    button = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    button.setObjectName("danger")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.finished.connect(lambda _result: on_confirm() if box.clickedButton() is button else None)
    box.open()
    _last[:] = [box]
    return box


def last_message() -> QMessageBox | None:
    """The most recent message box, if it still exists (its window may have been closed and deleted since)."""
    from shiboken6 import isValid
    return _last[0] if _last and isValid(_last[0]) else None
