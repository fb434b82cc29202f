"""Settings, stored in the collection and applied at once."""

from __future__ import annotations

import re
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ..collection import Collection
from ..errors import StudyAppError
from .dialogs import notify
from .sync_settings import SyncFolderRow
from .theme import MARGINS


def steps_text(steps: list[float]) -> str:
    return " ".join(f"{int(m)}m" if float(m).is_integer() and m < 60 else
                    (f"{m / 60:g}h" if m % 60 == 0 else f"{m:g}m") for m in steps)


def parse_steps(text: str) -> list[float]:
    """"1m 10m 1h" -> [1, 10, 60] minutes."""
    out = []
    for part in text.replace(",", " ").split():
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhd]?)", part.strip().lower())
        if not m:
            raise StudyAppError(f"cannot read the step {part!r} (use forms like 1m 10m 1h)")
        value = float(m.group(1))
        out.append(value * {"s": 1 / 60, "m": 1, "": 1, "h": 60, "d": 1440}[m.group(2)])
    return out


QUIZ_MODES = (("flip", "Flip cards"), ("choice", "Multiple choice"), ("typed", "Type the answer"))


class SettingsDialog(QDialog):
    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setWindowTitle("Settings")
        s = col.settings()
        self.retention = QDoubleSpinBox(decimals=2, minimum=0.70, maximum=0.99, singleStep=0.01,
                                        value=s["desired_retention"])
        self.new_per_day = QSpinBox(minimum=0, maximum=100000, value=s["new_per_day"])
        self.reviews_per_day = QSpinBox(minimum=0, maximum=100000, value=s["reviews_per_day"])
        self.learning_steps = QLineEdit(steps_text(s["learning_steps"]))
        self.relearning_steps = QLineEdit(steps_text(s["relearning_steps"]))
        self.rollover = QSpinBox(minimum=0, maximum=23, value=s["rollover_hour"], suffix=":00")
        self.theme = QComboBox()
        self.theme.addItems(["system", "light", "dark"])
        self.theme.setCurrentText(s["theme"])
        self.font_size = QSpinBox(minimum=0, maximum=32, value=s["font_size"], specialValueText="default")
        self.quiz_mode = QComboBox()
        for mode, text in QUIZ_MODES:  # the same words as View › Ask cloze cards as
            self.quiz_mode.addItem(text, mode)
        self.quiz_mode.setCurrentIndex(max(0, self.quiz_mode.findData(s["quiz_mode"])))
        form = QFormLayout()
        form.addRow("Desired retention", self.retention)
        form.addRow("New cards per day", self.new_per_day)
        form.addRow("Reviews per day", self.reviews_per_day)
        form.addRow("Learning steps", self.learning_steps)
        form.addRow("Relearning steps", self.relearning_steps)
        form.addRow("Next day starts at", self.rollover)
        form.addRow("Theme", self.theme)
        form.addRow("Font size", self.font_size)
        form.addRow("Cloze cards as", self.quiz_mode)
        self.sync_folder = SyncFolderRow(s.get("sync_folder"), self)  # two computers: sync_gui.py
        form.addRow("Sync folder", self.sync_folder)
        self.optimise_button = QPushButton("Optimise from my reviews")
        self.optimise_button.clicked.connect(self.optimise)
        self.optimise_result = QLabel(objectName="muted")
        self.optimise_result.setTextFormat(Qt.TextFormat.PlainText)
        self.optimise_result.setWordWrap(True)
        form.addRow("FSRS parameters", self.optimise_button)
        form.addRow("", self.optimise_result)
        if sys.platform.startswith("linux"):  # freedesktop.org menus; other systems add applications their own way
            self.menu_entry_button = QPushButton()
            self.menu_entry_button.clicked.connect(self.toggle_menu_entry)
            self.menu_entry_result = QLabel(objectName="muted")
            self.menu_entry_result.setWordWrap(True)
            self._show_menu_entry_state()
            form.addRow("Applications menu", self.menu_entry_button)
            form.addRow("", self.menu_entry_result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        from .card_writer import WriterSettingsBox
        self.writer_box = WriterSettingsBox(s)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)  # as the main window's
        layout.addLayout(form)
        layout.addWidget(self.writer_box)
        layout.addWidget(buttons)

    def values(self) -> dict:
        return {"desired_retention": round(self.retention.value(), 2), "new_per_day": self.new_per_day.value(),
                "reviews_per_day": self.reviews_per_day.value(),
                "learning_steps": parse_steps(self.learning_steps.text()),
                "relearning_steps": parse_steps(self.relearning_steps.text()),
                "rollover_hour": self.rollover.value(), "theme": self.theme.currentText(),
                "font_size": self.font_size.value(), "quiz_mode": self.quiz_mode.currentData()}

    def optimise(self) -> None:
        """Fit FSRS parameters in the background; keep them only if they predict the reviews better."""
        from ..collection.optimize import optimize
        from . import workers
        self.optimise_button.setEnabled(False)
        self.optimise_result.setText("Optimising…")
        self.job = workers.Job(lambda col, progress=None: optimize(col), self.col)
        self.job.finished.connect(self._optimised)
        self.job.failed.connect(self._optimise_failed)
        workers.start(self.job, self)

    def _optimised(self, result) -> None:
        self.optimise_button.setEnabled(True)
        text = (f"{result.reviews} reviews. Log loss {result.log_loss_before:.4f} → {result.log_loss_after:.4f}, "
                f"RMSE {result.rmse_before:.4f} → {result.rmse_after:.4f}. ")
        if result.better:
            self.col.set_settings(fsrs_parameters=result.parameters)
            text += "The new parameters are better and now in use."
        else:
            text += "Your current parameters are as good or better; nothing changed."
        self.optimise_result.setText(text)

    def _optimise_failed(self, message: str) -> None:
        self.optimise_button.setEnabled(True)
        self.optimise_result.setText(message[:1].upper() + message[1:] + ".")

    def _show_menu_entry_state(self) -> None:
        from ..desktop import entry
        self.menu_entry_button.setText("Remove from the applications menu" if entry.is_installed()
                                       else "Add to the applications menu")

    def toggle_menu_entry(self) -> None:
        """Adds or removes the desktop's menu entry and icon (the same as studyapp --install-desktop-entry)."""
        from ..desktop import entry
        try:
            if entry.is_installed():
                entry.remove()
                self.menu_entry_result.setText("Removed from the applications menu.")
            else:
                path = entry.install()[0]
                self.menu_entry_result.setText(f"Added: {path}")
        except StudyAppError as exc:
            notify(self, "Applications menu not changed", str(exc), error=True)
        self._show_menu_entry_state()

    def apply(self) -> None:
        try:
            values = {**self.values(), **self.writer_box.values(), "sync_folder": self.sync_folder.value()}
            if not self.writer_box.confirm(values):  # a remote endpoint, and the user said no: nothing saved
                return
            self.col.set_settings(**values)
            self.writer_box.save_key(values)
        except StudyAppError as exc:
            notify(self, "Settings not saved", str(exc), error=True)
            return
        self.accept()
