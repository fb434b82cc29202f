"""The mastery map: the post itself, in its own order, each takeaway shaded by how well it is known now.

Clicking a takeaway lists its cards, and "Study these" reviews just those. The weakest parts stand out at a glance.
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from ..collection import Collection
from ..collection.stats import MasteryItem, mastery_map
from .theme import MARGINS

BANDS = [(0.0, "below 50%"), (0.5, "50–80%"), (0.8, "80–90%"), (0.9, "90% and above")]


def shade(known: float | None, colors: dict[str, str]) -> QColor:
    """Red for weak, through amber, to green for well known; the window colour for not yet studied."""
    if known is None:
        return QColor(colors["alt"])
    stops = [(0.0, QColor(colors["again"])), (0.65, QColor(colors["hard"])), (0.9, QColor(colors["good"])),
             (1.0, QColor(colors["good"]))]
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if known <= b:
            t = 0 if b == a else (known - a) / (b - a)
            mixed = QColor.fromRgbF(ca.redF() + (cb.redF() - ca.redF()) * t, ca.greenF() + (cb.greenF() - ca.greenF()) * t,
                                    ca.blueF() + (cb.blueF() - ca.blueF()) * t)
            break
    else:
        mixed = QColor(colors["good"])
    base = QColor(colors["base"])  # soften: a tint on the page, so the text stays readable in both themes
    return QColor.fromRgbF(base.redF() * 0.55 + mixed.redF() * 0.45, base.greenF() * 0.55 + mixed.greenF() * 0.45,
                           base.blueF() * 0.55 + mixed.blueF() * 0.45)


class MasteryDialog(QDialog):
    study = Signal(list, str)  # card ids, title

    def __init__(self, col: Collection, deck_id: int, colors: dict[str, str], parent: QWidget | None = None,
                 now: datetime | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.colors = colors
        self.setWindowTitle("Mastery map")
        self.resize(1050, 720)
        self.items: list[MasteryItem] = mastery_map(col, deck_id, now)
        ts = col.takeaway_set(deck_id)
        title = QLabel(f"<b>{html.escape(ts.title if ts else '')}</b>", objectName="deckTitle")
        title.setWordWrap(True)
        legend = QLabel(" ".join(
            f"<span style='background:{shade(v + 0.05, colors).name()}'>&nbsp;{html.escape(t)}&nbsp;</span>"
            for v, t in BANDS) + f" <span style='background:{colors['alt']}'>&nbsp;not studied yet&nbsp;</span>"
            "&nbsp;&nbsp;— how likely you are to recall each takeaway now")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Takeaways, shaded by recall")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        for item in self.items:
            label = {"tldw": "TLDW", "takeaway": "", "section": "Section"}[item.part]
            known = "" if item.known is None else f"   ({item.known:.0%})"
            text = item.text if item.part != "tldw" or len(item.text) < 240 else item.text[:240].rsplit(" ", 1)[0] + " …"
            w = QListWidgetItem(f"{label + ': ' if label else ''}{text}{known}")
            w.setBackground(QBrush(shade(item.known, colors) if item.part != "tldw" else QColor(colors["window"])))
            if item.part == "tldw":
                w.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(w)
        self.list.currentRowChanged.connect(self.select)
        self.cards = QListWidget()
        self.cards.setAccessibleName("Cards of the selected takeaway")
        self.cards.setWordWrap(True)
        self.detail = QLabel("Select a takeaway to see its cards.", objectName="muted")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.study_button = QPushButton("Study these cards", objectName="primary")
        self.study_button.setEnabled(False)
        self.study_button.clicked.connect(self._study)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.detail)
        side_layout.addWidget(self.cards, 1)
        side_layout.addWidget(self.study_button)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)  # as the main window's
        layout.addWidget(title)
        layout.addWidget(legend)
        layout.addWidget(split, 1)
        weakest = [i for i in self.items if i.known is not None]
        if weakest:
            low = min(weakest, key=lambda i: i.known)
            hint = QLabel(f"Weakest: {html.escape(low.text[:120])} ({low.known:.0%})", objectName="muted")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        row = QHBoxLayout()
        layout.addLayout(row)

    def select(self, row: int) -> None:
        self.cards.clear()
        if row < 0 or row >= len(self.items):
            return
        item = self.items[row]
        self.current = item
        for card_id in item.card_ids:
            card = self.col.card(card_id)
            self.cards.addItem(f"[{card.kind}] {card.prompt}\n  → {card.answer}")
        known = "not studied yet" if item.known is None else f"recall now about {item.known:.0%}"
        self.detail.setText(f"{len(item.card_ids)} card{'s' if len(item.card_ids) != 1 else ''} · {known}")
        self.study_button.setEnabled(bool(item.card_ids))

    def _study(self) -> None:
        item = self.current
        self.study.emit(list(item.card_ids), item.text[:80])
        self.accept()
