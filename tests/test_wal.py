"""The write-ahead log is given its working size by `size_log()` (collection/wal.py; the app calls it once its window
is up): commits then overwrite it instead of growing it. What must hold: the log does not grow while studying, everything committed is read back from
a log that ends in zeros (as after a power cut or a kill, the files copied as they are), closing still removes it,
and a nearly full disk is never given to it."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from studyapp.collection import Collection
from studyapp.collection.wal import WAL_PAGES
from studyapp.takeaways import Takeaway, TakeawaySet

from conftest import fill

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
FACTS = [f"The Okafor lab measured {n} cycles on cell number {n * 7} at the Atacama field station." for n in range(30)]


def wal_size(path: Path) -> int:
    return Path(f"{path}-wal").stat().st_size


def test_the_sized_log_is_overwritten_and_everything_committed_reads_back(tmp_path):
    path = tmp_path / "col.sqlite"
    col = Collection.open(path, bundled=False, autobackup=False)
    try:
        target = 32 + WAL_PAGES * (24 + 4096)
        assert wal_size(path) < target  # opening alone does not size it (a command of one commit need not)
        col.size_log()
        assert wal_size(path) == target
        assert col.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == WAL_PAGES
        deck = col.import_set(TakeawaySet(title="Cells", takeaways=[Takeaway(t) for t in FACTS]), now=T0).deck_id
        answered = 0
        while (card := col.next_card(deck, T0)) is not None and answered < 40:
            col.answer(card, 3, T0)
            answered += 1
            assert wal_size(path) == target  # overwritten in place, never grown
        # A copy of the files as they are now is what a power cut or a kill leaves: frames, then zeros.
        copy = tmp_path / "copy.sqlite"
        shutil.copyfile(path, copy)
        shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        conn = sqlite3.connect(copy)
        try:
            assert conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == answered
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    finally:
        col.close()
    assert not Path(f"{path}-wal").exists()  # closing still empties and removes the log
    with Collection.open(path, bundled=False, autobackup=False) as again:
        assert again.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == answered


def test_the_app_sizes_the_log_after_its_window_is_up(tmp_path, qtbot):
    """The app opens without sizing the log (start-up does not wait for 4 MiB to be written and synced) and sizes
    it on its UI thread a second later; answers committed before and after all stay."""
    from studyapp.gui.app import start
    path = tmp_path / "col.sqlite"
    Collection.open(path, bundled=False, autobackup=False).close()
    app, window, col = start([], path)
    try:
        qtbot.addWidget(window)
        assert wal_size(path) < 32 + WAL_PAGES * (24 + 4096)
        deck = col.import_set(TakeawaySet(title="Cells", takeaways=[Takeaway(t) for t in FACTS]), now=T0).deck_id
        col.answer(col.next_card(deck, T0), 3, T0)
        qtbot.waitUntil(lambda: wal_size(path) == 32 + WAL_PAGES * (24 + 4096), timeout=5000)
        col.answer(col.next_card(deck, T0), 3, T0)
        assert col.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 2
    finally:
        window.close()
        col.close()
    with Collection.open(path, bundled=False, autobackup=False) as again:
        assert again.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 2


def test_a_nearly_full_disk_is_not_given_to_the_log(small_disk):
    disk = small_disk(8192)
    path = disk / "col.sqlite"
    Collection.open(path, bundled=False, autobackup=False).close()
    fill(disk, leave_kib=2048)
    col = Collection.open(path, bundled=False, autobackup=False)
    try:
        col.size_log()
        assert wal_size(path) < 64 * 1024  # the log grows as it needs, the free space stays the user's
        deck = col.import_set(TakeawaySet(title="Cells", takeaways=[Takeaway(t) for t in FACTS[:5]]), now=T0).deck_id
        col.answer(col.next_card(deck, T0), 3, T0)
    finally:
        col.close()
