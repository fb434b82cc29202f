"""The model writer in the app: settings, the yes for a remote endpoint, progress and Cancel, and the preview's note,
with real widgets against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402
from werkzeug import Request, Response  # noqa: E402

from model_server import PATH, POST, recorded, recorded_cards, use_memory_keyring  # noqa: E402
from studyapp.collection import Collection  # noqa: E402


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


@pytest.fixture
def col(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYAPP_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("STUDYAPP_MODEL_API_KEY", raising=False)
    c = Collection.open(tmp_path / "gui.sqlite", autobackup=False)
    yield c
    c.close()


@pytest.fixture(autouse=True)
def memory_keyring():
    """Tests never read or write the user's keyring."""
    memory, restore = use_memory_keyring()
    yield memory
    restore()


def answer_confirmation(dialog, button) -> None:
    """Press `button` on the confirmation box as soon as it is up (it runs its own event loop)."""
    def press() -> None:
        box = getattr(dialog.writer_box, "confirm_box", None)
        if box is None or not box.isVisible():
            QTimer.singleShot(20, press)
            return
        box.button(button).click()
    QTimer.singleShot(20, press)


def test_a_remote_endpoint_needs_a_yes_and_the_key_goes_to_the_keyring(qtbot, window, col, memory_keyring):
    window.open_settings()
    dialog = window.settings_dialog
    box = dialog.writer_box
    assert not box.endpoint.isEnabled()  # the built-in writer: nothing to set
    box.writer.setCurrentIndex(1)
    assert box.endpoint.isEnabled() and box.endpoint.text() == "http://localhost:11434/v1"
    box.endpoint.setText("https://api.example.org/v1/")
    box.model.setText("gpt-4o-mini")
    box.api_key.setText("sk-live-777")
    answer_confirmation(dialog, QMessageBox.StandardButton.No)
    dialog.apply()
    assert col.settings()["card_writer"] == "builtin" and memory_keyring.store == {}  # "no": nothing saved
    assert dialog.isVisible()
    answer_confirmation(dialog, QMessageBox.StandardButton.Yes)
    dialog.apply()
    s = col.settings()
    assert (s["card_writer"], s["model_endpoint"], s["model_name"]) == \
        ("model", "https://api.example.org/v1", "gpt-4o-mini")
    assert s["model_remote_approved"] == "https://api.example.org/v1"
    assert list(memory_keyring.store.values()) == ["sk-live-777"]
    assert "sk-live" not in json.dumps(s)
    assert not dialog.isVisible()


def preview_of(qtbot, window):
    qtbot.waitUntil(lambda: window.import_dialog is not None, timeout=30000)
    return window.import_dialog


def test_import_with_the_model_shows_its_cards_and_a_note(qtbot, window, col, httpserver):
    httpserver.expect_request(PATH).respond_with_json(recorded("ok.json"))
    col.set_settings(card_writer="model", model_endpoint=httpserver.url_for("/v1"))
    window.import_path(str(POST))
    assert window.writing is not None and window.writing.isVisible()
    dialog = preview_of(qtbot, window)
    assert not window.writing.isVisible()
    prompts = {dialog.list.item(i).text().split("\n")[0].split("]  ", 1)[1] for i in range(dialog.list.count())}
    assert prompts == {c["prompt"] for c in recorded_cards()}
    assert dialog.writer_notes.isVisible() and "for 5 of 5 parts of the post" in dialog.writer_notes.text()
    dialog.reject()


def test_a_failing_model_gives_the_built_in_cards_with_a_note(qtbot, window, col, httpserver):
    httpserver.expect_request(PATH).respond_with_response(Response("overloaded", status=503))
    col.set_settings(card_writer="model", model_endpoint=httpserver.url_for("/v1"))
    window.import_path(str(POST))
    dialog = preview_of(qtbot, window)
    from studyapp.cards.generate import all_cards, generate
    from studyapp.takeaways import read_set
    assert dialog.list.count() == len(all_cards(generate(read_set(POST))))
    assert "built-in cards instead of the model's" in dialog.writer_notes.text() and \
        "HTTP 503" in dialog.writer_notes.text()
    dialog.reject()


def test_cancel_while_the_model_writes(qtbot, window, col, httpserver):
    import threading
    asked = threading.Event()

    def slow(request: Request) -> Response:
        asked.set()
        time.sleep(1.5)
        return Response(json.dumps(recorded("ok.json")), content_type="application/json")
    httpserver.expect_request(PATH).respond_with_handler(slow)
    col.set_settings(card_writer="model", model_endpoint=httpserver.url_for("/v1"), model_timeout=60)
    window.import_path(str(POST))
    qtbot.waitUntil(lambda: window.writing.isVisible() and asked.is_set(), timeout=20000)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    cancel = window.writing.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    dialog = preview_of(qtbot, window)
    assert "cancelled" in dialog.writer_notes.text()
    assert dialog.list.count() > 0
    qtbot.waitUntil(lambda: len(httpserver.log) == 1, timeout=10000)  # the abandoned request ends in this test
    dialog.reject()


def test_write_a_decks_cards_again_with_the_model(qtbot, window, col, httpserver):
    """Switching writers for a deck: its stored post, written by the model, imported over the built-in cards."""
    from PySide6.QtCore import Qt
    from studyapp.takeaways import read_set
    ts = read_set(POST)
    col.import_set(ts)
    window.refresh()
    httpserver.expect_request(PATH).respond_with_json(recorded("ok.json"))
    col.set_settings(card_writer="model", model_endpoint=httpserver.url_for("/v1"))
    table = window.deck_list.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == ts.title)
    table.setCurrentCell(row, 0)
    window.rewrite_cards()
    dialog = preview_of(qtbot, window)
    assert not dialog.deck.isEnabled() and dialog.deck.currentText() == ts.title  # merged into its own deck
    assert "for 5 of 5 parts of the post" in dialog.writer_notes.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    deck = col.deck_id(ts.title)
    live = {r[0] for r in col.conn.execute("SELECT prompt FROM cards WHERE deck_id = ? AND retired = 0", (deck,))}
    assert live == {c["prompt"] for c in recorded_cards()}
    assert dialog.report.cards_retired > 0  # the built-in cards the model did not repeat: retired, not deleted
    dialog.accept()


def test_without_the_model_extra_settings_say_how_to_enable_it(qtbot, window, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "httpx", None)  # as if the [model] extra were not installed
    window.open_settings()
    box = window.settings_dialog.writer_box
    assert not box.writer.model().item(1).isEnabled()
    assert box.hint.isVisibleTo(window.settings_dialog) and 'pip install -e ".[model]"' in box.hint.text()
    window.settings_dialog.reject()
