"""The sync folder in the GUI: Settings › Sync folder (a missing folder is a dialog and nothing is saved), File ›
Sync now merging another computer's changes into the open window, and syncing when the window closes."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone

from studyapp.collection import Collection
from studyapp.gui.dialogs import last_message
from studyapp.sync import sync


def menu_action(window, text: str):
    return next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == text)


def test_settings_chooses_the_sync_folder_and_refuses_a_missing_one(qtbot, col, tmp_path):
    from studyapp.gui.settings_dialog import SettingsDialog
    dialog = SettingsDialog(col)
    qtbot.addWidget(dialog)
    dialog.sync_folder.edit.setText(str(tmp_path / "not-there"))
    dialog.apply()
    box = last_message()
    assert box is not None and "no such folder" in box.text() and str(tmp_path / "not-there") in box.text()
    assert col.settings()["sync_folder"] is None  # nothing saved
    box.close()
    (tmp_path / "shared").mkdir()
    dialog.sync_folder.edit.setText(str(tmp_path / "shared"))
    dialog.apply()
    assert col.settings()["sync_folder"] == str(tmp_path / "shared")
    again = SettingsDialog(col)
    qtbot.addWidget(again)
    assert again.sync_folder.edit.text() == str(tmp_path / "shared")


def test_sync_now_merges_the_other_computers_reviews_and_close_writes_ours(qtbot, window, col, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    menu_action(window, "S&ync now").trigger()  # no folder chosen yet: said, nothing done
    assert "Choose a sync folder" in last_message().text()
    last_message().close()
    other = tmp_path / "laptop.sqlite"
    with Collection.open(other, autobackup=False) as laptop:  # the same bundled deck, studied on the laptop
        when = datetime.now(timezone.utc) - timedelta(hours=2)
        for _ in range(5):
            laptop.answer(laptop.next_card(None, when), 3, when)
            when += timedelta(seconds=30)
        sync(laptop, folder)
    col.set_settings(sync_folder=str(folder))
    menu_action(window, "S&ync now").trigger()
    assert "5 reviews added" in window.statusBar().currentMessage()
    assert col.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 5
    card = None  # one answer here; closing the window writes it out
    card = col.next_card(None, window.now())
    col.answer(card, 4, window.now())
    window.close()
    with Collection.open(other, autobackup=False) as laptop:
        report = sync(laptop, folder)
        assert report.merged.reviews_added == 1
    shutil.rmtree(folder)  # a folder gone (unmounted share) at close: the window still closes
    window.show()
    window.close()
