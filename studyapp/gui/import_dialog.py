"""Import: read the input, preview what will happen, then merge in the background and show the report."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..cards.generate import all_cards, generate
from ..collection import Collection
from ..notices import missing_note, split_warnings
from ..takeaways import TakeawaySet
from . import workers
from .dialogs import notify
from .review_draw import escaped
from .theme import MARGINS
from .widgets import finish_with_done


class ImportDialog(QDialog):
    """The preview: recognised title and counts, warnings, target deck, and every card with a checkbox."""

    def __init__(self, col: Collection, ts: TakeawaySet, source_name: str, parent: QWidget | None = None,
                 notes: list | None = None, writer_notes: list[str] | None = None) -> None:
        """`notes`: the set's cards, if generated already (off the UI thread, as the main window does);
        `writer_notes`: what the card writer reported (a language model's cards, or why the built-in writer's)."""
        super().__init__(parent)
        self.col = col
        self.ts = ts
        self.report = None
        self.job = None
        self.setWindowTitle(f"Import {source_name}")
        self.resize(820, 640)
        self.notes = notes if notes is not None else generate(ts)
        cards = all_cards(self.notes)

        title = QLabel(f"<b>{escaped(ts.title)}</b>")
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.RichText)
        language = f" · language: {ts.language}" if ts.language else ""
        counts = QLabel(f"{len(ts.takeaways)} takeaways · {len(ts.sections)} summary sections · "
                        f"{len(ts.thoughts)} thoughts paragraphs · {len(cards)} cards{language}", objectName="muted")
        # Only what the user may want to act on, most important first (the recogniser orders them); routine notes
        # ("no Thoughts found", in `ts.notes`) become one plain line of what the post does not have.
        missing, real = split_warnings(list(ts.notes) + list(ts.warnings))
        self.warnings = self.warnings_label = QLabel("<br>".join(f"⚠ {escaped(w)}" for w in real))
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setWordWrap(True)
        self.warnings.setVisible(bool(real))
        self.missing = QLabel(missing_note(missing), objectName="muted")
        self.missing.setWordWrap(True)
        self.missing.setVisible(bool(missing))
        self.writer_notes = QLabel("<br>".join(f"ℹ {escaped(line)}" for line in writer_notes or []),
                                   objectName="muted")
        self.writer_notes.setTextFormat(Qt.TextFormat.RichText)
        self.writer_notes.setWordWrap(True)
        self.writer_notes.setVisible(bool(writer_notes))

        self.deck = QComboBox()
        self.deck.setEditable(True)
        self.deck.setAccessibleName("Deck")
        self.deck.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.deck.setMinimumContentsLength(30)  # a 140-character title must not widen the dialog
        self.deck_note = QLabel(objectName="muted")  # why the box is greyed, when it is
        self.deck_note.setWordWrap(True)
        self.deck_note.hide()
        existing = col.conn.execute("SELECT d.name FROM sets s JOIN decks d ON d.id = s.deck_id WHERE s.id = ?",
                                    (ts.id,)).fetchone()
        if existing:
            self.deck.addItem(existing["name"])
            self.deck.setEnabled(False)
            self.deck_note.setText("Imported before: the cards are merged into this deck, keeping your history, so "
                                   "the deck cannot be changed here. Rename it from the deck list.")
            self.deck_note.show()
            self.deck.setToolTip(self.deck_note.text())
        else:
            self.deck.addItem(ts.title)
            for d in col.decks():
                if d.name != ts.title:
                    self.deck.addItem(d.name)
        self.deck.lineEdit().setCursorPosition(0)  # a long title shows its start
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Deck:", self.deck)

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        for card in cards:
            item = QListWidgetItem(f"[{card.kind}]  {card.prompt}\n      → {card.answer}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, card.id)
            self.list.addItem(item)
        self.progress = QProgressBar()
        self.progress.hide()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import", objectName="primary")
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        self.list.setAccessibleName("Cards to import")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)  # the main window's margins
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(counts)
        layout.addWidget(self.missing)
        layout.addWidget(self.warnings)
        layout.addWidget(self.writer_notes)
        layout.addLayout(form)
        layout.addWidget(self.deck_note)
        layout.addWidget(QLabel("Cards (uncheck any you do not want; they are kept, suspended):"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.result_label, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def unchecked(self) -> set[int]:
        return {self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() != Qt.CheckState.Checked}

    def start_import(self) -> None:
        self.import_button.setEnabled(False)
        self.list.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, 0)
        deck_name = self.deck.currentText().strip() or None
        self.job = workers.Job(self.col.import_set, self.ts, deck_name=deck_name, skip_cards=self.unchecked(),
                               notes=self.notes)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._failed)
        workers.start(self.job, self)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, report) -> None:
        """Show the report in place; the list of cards gives way to it."""
        self.report = report
        lines = [f"<b>Imported into “{escaped(report.deck_name)}”</b>",
                 f"Notes: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
                 f"{len(report.retired)} retired. Cards: {report.cards_added} added, {report.cards_retired} retired."]
        lines += [f"Retired (suspended, history kept): {escaped(t)}" for t in report.retired[:10]]
        lines += [f"Kept your edit (the post changed this note too): {escaped(t)}" for t in report.conflicts[:10]]
        self.result_label.setText("<br>".join(lines))
        self.result_label.show()
        self.list.hide()
        self.progress.hide()
        finish_with_done(self.import_button, self.accept, self.buttons)

    def _failed(self, message: str) -> None:
        notify(self, "Import failed", message + "\nNothing was changed.", error=True)
        self.progress.hide()
        self.import_button.setEnabled(True)
        self.list.setEnabled(True)
