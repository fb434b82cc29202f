"""Settings, stored in the collection and applied at once."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ..collection import Collection
from ..errors import StudyAppError
from .dialogs import notify


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
        self.quiz_mode.addItems(["flip", "choice", "typed"])
        self.quiz_mode.setCurrentText(s["quiz_mode"])
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
        self.optimise_button = QPushButton("Optimise from my reviews")
        self.optimise_button.clicked.connect(self.optimise)
        self.optimise_result = QLabel(objectName="muted")
        self.optimise_result.setTextFormat(Qt.TextFormat.PlainText)
        self.optimise_result.setWordWrap(True)
        form.addRow("FSRS parameters", self.optimise_button)
        form.addRow("", self.optimise_result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict:
        return {"desired_retention": round(self.retention.value(), 2), "new_per_day": self.new_per_day.value(),
                "reviews_per_day": self.reviews_per_day.value(),
                "learning_steps": parse_steps(self.learning_steps.text()),
                "relearning_steps": parse_steps(self.relearning_steps.text()),
                "rollover_hour": self.rollover.value(), "theme": self.theme.currentText(),
                "font_size": self.font_size.value(), "quiz_mode": self.quiz_mode.currentText()}

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

    def apply(self) -> None:
        try:
            self.col.set_settings(**self.values())
        except StudyAppError as exc:
            notify(self, "Settings not saved", str(exc), error=True)
            return
        self.accept()
