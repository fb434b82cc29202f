"""The card writer in the app: its settings (a group in the Settings dialog) and the progress of a model's writing.

The built-in writer stays the default. Choosing the language model asks for an endpoint, a model name and a
timeout; an endpoint that is not on this machine needs an explicit yes, because the post's text leaves the
computer. The API key goes to the system keyring, never to the settings.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QMessageBox, QProgressDialog,
                               QSpinBox, QWidget)

from ..collection import Collection
from ..errors import StudyAppError
from ..writer_settings import (API_KEY_ENV, ENABLE_HINT, WriterSettings, api_key_for, endpoint_problem, from_settings,
                               is_local, keyring_available, model_extra_missing, normalise_endpoint, store_api_key)

WRITER_LABELS = {"builtin": "Built-in (offline, instant)", "model": "Language model (your own or an API)"}


class WriterSettingsBox(QGroupBox):
    def __init__(self, settings: dict, parent: QWidget | None = None) -> None:
        super().__init__("Card writer", parent)
        self.writer = QComboBox()
        for key, label in WRITER_LABELS.items():
            self.writer.addItem(label, key)
        self.writer.setCurrentIndex(list(WRITER_LABELS).index(settings["card_writer"]))
        self.endpoint = QLineEdit(settings["model_endpoint"])
        self.endpoint.setPlaceholderText("http://localhost:11434/v1")
        self.model = QLineEdit(settings["model_name"])
        self.timeout = QSpinBox(minimum=1, maximum=3600, value=int(settings["model_timeout"]), suffix=" s")
        self.api_key = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.approved = settings["model_remote_approved"]
        self.hint = QLabel(objectName="muted")
        self.hint.setWordWrap(True)
        missing = model_extra_missing()
        if missing:  # the app works without the extra; say how to get the writer
            self.writer.model().item(1).setEnabled(False)
            self.hint.setText(f"To use a language model, install its extra: {ENABLE_HINT}")
        if not keyring_available():
            self.api_key.setEnabled(False)
            self.api_key.setPlaceholderText(f"needs the keyring package, or set {API_KEY_ENV}")
        else:
            self.api_key.setPlaceholderText("none, or kept in the system keyring")
        form = QFormLayout(self)
        form.addRow("Cards written by", self.writer)
        form.addRow("Endpoint", self.endpoint)
        form.addRow("Model", self.model)
        form.addRow("Timeout", self.timeout)
        form.addRow("API key", self.api_key)
        form.addRow("", self.hint)
        self.hint.setVisible(bool(self.hint.text()))
        self.writer.currentIndexChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        on = self.writer.currentData() == "model"
        for w in (self.endpoint, self.model, self.timeout):
            w.setEnabled(on)
        self.api_key.setEnabled(on and keyring_available())

    def values(self) -> dict:
        endpoint = normalise_endpoint(self.endpoint.text())
        problem = endpoint_problem(endpoint)
        if problem:
            raise StudyAppError(f"Endpoint: {problem}")
        return {"card_writer": self.writer.currentData(), "model_endpoint": endpoint,
                "model_name": self.model.text().strip(), "model_timeout": self.timeout.value(),
                "model_remote_approved": self.approved}

    def confirm(self, values: dict) -> bool:
        """An endpoint off this machine needs an explicit yes (once per endpoint); False if the user says no."""
        endpoint = values["model_endpoint"]
        if values["card_writer"] != "model" or is_local(endpoint) or normalise_endpoint(self.approved) == endpoint:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Send posts to this endpoint?",
                          f"{endpoint} is not on this computer. With the language-model writer, the text of every "
                          f"post you import is sent there. Send posts to it?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.confirm_box = box  # reachable for tests
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        values["model_remote_approved"] = self.approved = endpoint
        return True

    def save_key(self, values: dict) -> None:
        key = self.api_key.text().strip()
        if key:
            store_api_key(values["model_endpoint"], key)
            self.api_key.clear()


def writer_settings(col: Collection) -> WriterSettings:
    """The writer as set in the collection (read on the UI thread; the key is looked up on the job's thread)."""
    return from_settings(col.settings())


def with_key(ws: WriterSettings) -> WriterSettings:
    if ws.writer == "model":
        ws.api_key = api_key_for(ws.endpoint)
    return ws


class WritingProgress(QProgressDialog):
    """While a model writes a post's cards: how many parts are done, and Cancel (the built-in writer does the
    rest, so Cancel never loses the import)."""

    def __init__(self, parent: QWidget, ws: WriterSettings) -> None:
        super().__init__(f"Writing cards with {ws.model}…", "Cancel", 0, 0, parent)
        self.setWindowTitle("StudyApp")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.cancel_event = threading.Event()
        self.canceled.connect(self.cancel_event.set)

    def step(self, done: int, total: int) -> None:
        self.setRange(0, max(total, 1))
        self.setValue(done)
        self.setLabelText(f"Writing cards: {done} of {total} parts of the post…")
