"""Small widgets that keep the window the size the user gave it: a one-line label that elides (full text in its
tooltip) and a push button whose text wraps. Qt's own QLabel and QPushButton ask for their whole text's width, so a
long deck title or a long multiple-choice option used to widen or heighten the window."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)


class ElidedLabel(QLabel):
    """One line, cut with '…' to the width it gets; the full text is the tooltip and the accessible name."""

    def __init__(self, text: str = "", parent: QWidget | None = None, objectName: str = "",  # noqa: N803
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self._full = ""
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        # A tooltip that looks like HTML is rendered as HTML: the user's text goes in escaped, inside a tag.
        self.setToolTip(f"<span>{html.escape(text)}</span>" if text else "")
        self.setAccessibleName(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(0, self.fontMetrics().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(min(self.fontMetrics().horizontalAdvance(self._full), 400), self.fontMetrics().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:  # noqa: N802 (the font changes with the theme's stylesheet)
        super().changeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, self._mode, max(self.width(), 1)))


class WrappingButton(QPushButton):
    """A push button whose rich text wraps to the width it is given (and grows in height for it), with the focus,
    keyboard and accessibility of a real button. The label inside ignores the mouse, so clicks reach the button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_rich_text(self, html: str, plain: str) -> None:
        """The shown text (rich) and what a screen reader says (plain)."""
        self.label.setText(html)
        self.setAccessibleName(plain)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        m = self.layout().contentsMargins()
        inner = max(width - m.left() - m.right(), 1)
        return self.label.heightForWidth(inner) + m.top() + m.bottom()

    def sizeHint(self) -> QSize:  # noqa: N802
        width = 480
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(120, self.fontMetrics().height() + 16)


def finish_with_done(button: QPushButton, on_done, buttons: QDialogButtonBox | None = None) -> None:
    """The dialog's action has run: its button becomes "Done" (which closes it), and Cancel, if any, goes."""
    button.setText("Done")
    button.setEnabled(True)
    button.clicked.disconnect()
    button.clicked.connect(on_done)
    if buttons is not None:
        buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
