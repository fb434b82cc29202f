"""Import: read the input, preview what will happen, then merge in the background and show the report."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget,
                               QListWidgetItem, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from ..cards import all_cards, generate
from ..collection import Collection
from ..takeaways import TakeawaySet
from . import workers
from .review import escaped
from .dialogs import notify


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
        counts = QLabel(f"{len(ts.takeaways)} takeaways · {len(ts.sections)} summary sections · "
                        f"{len(ts.thoughts)} thoughts paragraphs · {len(cards)} cards", objectName="muted")
        warnings = QLabel("<br>".join(f"⚠ {escaped(w)}" for w in ts.warnings))
        warnings.setTextFormat(Qt.TextFormat.RichText)
        warnings.setWordWrap(True)
        warnings.setVisible(bool(ts.warnings))
        self.writer_notes = QLabel("<br>".join(f"ℹ {escaped(line)}" for line in writer_notes or []),
                                   objectName="muted")
        self.writer_notes.setTextFormat(Qt.TextFormat.RichText)
        self.writer_notes.setWordWrap(True)
        self.writer_notes.setVisible(bool(writer_notes))

        self.deck = QComboBox()
        self.deck.setEditable(True)
        existing = col.conn.execute("SELECT d.name FROM sets s JOIN decks d ON d.id = s.deck_id WHERE s.id = ?",
                                    (ts.id,)).fetchone()
        if existing:
            self.deck.addItem(existing["name"])
            self.deck.setEnabled(False)
            self.deck.setToolTip("This set was imported before: it is merged into its deck, keeping your history.")
        else:
            self.deck.addItem(ts.title)
            for d in col.decks():
                if d.name != ts.title:
                    self.deck.addItem(d.name)
        form = QFormLayout()
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

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(counts)
        layout.addWidget(warnings)
        layout.addWidget(self.writer_notes)
        layout.addLayout(form)
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
        self.import_button.setText("Done")
        self.import_button.setEnabled(True)
        self.import_button.clicked.disconnect()
        self.import_button.clicked.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()

    def _failed(self, message: str) -> None:
        notify(self, "Import failed", message + "\nNothing was changed.", error=True)
        self.progress.hide()
        self.import_button.setEnabled(True)
        self.list.setEnabled(True)
