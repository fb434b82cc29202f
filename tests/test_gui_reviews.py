"""File › Import reviews from Anki…, through real widgets over a real collection and a package the real Anki wrote:
a preview first (nothing written), then the merge, undoable; a bad package is a dialog and changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("PySide6")
anki_collection = pytest.importorskip("anki.collection")

from anki.import_export_pb2 import (  # noqa: E402
    ExportAnkiPackageOptions, ExportLimit, ImportAnkiPackageOptions, ImportAnkiPackageRequest)

from studyapp.anki.exporter import export_apkg  # noqa: E402
from studyapp.gui.dialogs import last_message  # noqa: E402

ANSWERED_IN_ANKI = 3


def revlog(col) -> list[tuple]:
    return [tuple(r) for r in col.conn.execute("SELECT card_id, time, rating FROM revlog ORDER BY id")]


@pytest.fixture
def package(col, tmp_path):
    """Our collection studied two days ago, exported; Anki answers three cards today and exports them back."""
    then = datetime.now(timezone.utc) - timedelta(days=2)
    for _ in range(3):
        col.answer(col.next_card(None, then), 3, then)
        then += timedelta(seconds=30)
    export_apkg(col, tmp_path / "ours.apkg", with_scheduling=True)
    anki = anki_collection.Collection(str(tmp_path / "anki.anki2"))
    try:
        anki.set_config("fsrs", True)
        anki.import_anki_package(ImportAnkiPackageRequest(package_path=str(tmp_path / "ours.apkg"),
                                                          options=ImportAnkiPackageOptions(with_scheduling=True)))
        anki.decks.select(anki.decks.id_for_name("StudyApp"))
        for _ in range(ANSWERED_IN_ANKI):
            anki.sched.answerCard(anki.sched.getCard(), 3)
        anki.export_anki_package(out_path=str(tmp_path / "phone.apkg"), limit=ExportLimit(),
                                 options=ExportAnkiPackageOptions(with_scheduling=True))
    finally:
        anki.close()
    return tmp_path / "phone.apkg"


def test_preview_then_import_then_undo(qtbot, window, col, package):
    before = revlog(col)
    window.import_reviews(str(package))
    dialog = window.reviews_dialog
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    assert f"reviews added: {ANSWERED_IN_ANKI}" in dialog.report.toPlainText()
    assert dialog.heading.text().startswith(f"phone.apkg: {ANSWERED_IN_ANKI} new reviews")
    assert dialog.import_button.isEnabled()
    assert revlog(col) == before  # the preview wrote nothing
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert len(revlog(col)) == len(before) + ANSWERED_IN_ANKI
    assert "Edit › Undo" in dialog.heading.text()
    dialog.import_button.click()  # Done
    assert not dialog.isVisible()
    window.undo()
    assert revlog(col) == before


def test_a_bad_package_is_a_dialog_and_changes_nothing(qtbot, window, col, tmp_path):
    bad = tmp_path / "photo.apkg"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not a package")
    before = revlog(col)
    window.import_reviews(str(bad))
    qtbot.waitUntil(lambda: last_message() is not None and "not a zip file" in last_message().text(), timeout=20000)
    assert str(bad) in last_message().text()
    assert not window.reviews_dialog.import_button.isEnabled()
    last_message().accept()
    qtbot.waitUntil(lambda: not window.reviews_dialog.isVisible())
    assert revlog(col) == before and col.undo_description() is None
