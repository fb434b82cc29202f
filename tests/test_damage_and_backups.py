"""Full disks, damaged files and backups (issue 16, points 3 to 6): a full disk is called a full disk, a failed
backup cleans up and never blocks work that fits, every backup the user asks for is kept, and nothing writes to a
damaged collection or trusts a damaged backup."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ROOT, damage, fill

from studyapp.collection import Collection
from studyapp.collection import backup as backups
from studyapp.errors import CollectionError

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
POST = "# Cells in the Field\n\n## Key Takeaways\n\n- Sodium cells from the Okafor lab lasted eleven years in Atacama.\n"


def run(collection: Path, *args: str, autobackup: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "STUDYAPP_COLLECTION": str(collection), "STUDYAPP_NO_AUTOBACKUP": "" if autobackup else "1",
           "STUDYAPP_LOCK_WAIT": "0"}
    return subprocess.run([sys.executable, "-m", "studyapp", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=env)


def one_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".sqlite")) if folder.is_dir() else []


# --- 3 and 4: a full disk --------------------------------------------------------------------------------------------

def test_a_full_disk_is_called_a_full_disk(small_disk, tmp_path):
    disk = small_disk(4096)
    path = disk / "collection.sqlite"
    Collection.open(path, autobackup=False).close()
    post = tmp_path / "post.md"
    post.write_text(POST)
    fill(disk)
    for args in (("decks",), ("import", str(post)), ("check",)):
        result = run(path, *args)
        assert result.returncode == 2, (args, result.stderr)
        line = one_line(result)
        assert "the disk is full" in line and "damaged" not in line and "backup" not in line, line


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing_behind(small_disk):
    disk = small_disk(4096)
    path = disk / "collection.sqlite"
    Collection.open(path, autobackup=False).close()
    (disk / "backups").mkdir()
    fill(disk, leave_kib=40)
    result = run(path, "backup")
    assert result.returncode == 2
    assert one_line(result).endswith("backup not made: the disk is full (%d KiB free); free some space and try again"
                                     % (shutil.disk_usage(disk).free // 1024))
    assert litter(disk / "backups") == [] and backups.list_backups(path) == []


def test_a_due_daily_backup_that_does_not_fit_never_blocks_an_import_that_does(small_disk, tmp_path):
    disk = small_disk(4096)
    path = disk / "collection.sqlite"
    Collection.open(path, autobackup=False).close()
    post = tmp_path / "post.md"
    post.write_text(POST)
    fill(disk, leave_kib=180)  # room for a small import, not for a copy of the collection
    assert shutil.disk_usage(disk).free < path.stat().st_size
    result = run(path, "import", str(post), autobackup=True)
    assert result.returncode == 0, result.stderr
    assert "Cells in the Field" in result.stdout
    assert "warning: " in one_line(result) and "backup not made: the disk is full" in result.stderr
    assert litter(disk / "backups") == []
    with Collection.open(path, autobackup=False, readonly=True) as col:
        assert "Cells in the Field" in [d.name for d in col.decks()]


def test_the_app_shows_a_failed_backup_in_the_status_bar_without_a_traceback(small_disk, qtbot, capfd):
    from studyapp.gui.main_window import MainWindow
    disk = small_disk(4096)
    path = disk / "collection.sqlite"
    col = Collection.open(path, autobackup=False)
    fill(disk, leave_kib=40)
    w = MainWindow(col)
    qtbot.addWidget(w)
    try:
        w.back_up_if_due()
        qtbot.waitUntil(lambda: w.backup_job.done, timeout=20_000)
        qtbot.waitUntil(lambda: "Backup failed" in w.statusBar().currentMessage(), timeout=5_000)
        assert "the disk is full" in w.statusBar().currentMessage()
        assert litter(disk / "backups") == []
    finally:
        w.close()
        col.close()
    assert "Traceback" not in capfd.readouterr().err


# --- 5: backup names, restore litter, restoring onto itself ----------------------------------------------------------

def test_every_explicit_backup_is_kept_and_rotation_still_bounds_them(tmp_path):
    path = tmp_path / "collection.sqlite"
    Collection.open(path, bundled=False, autobackup=False).close()
    made = [Path(run(path, "backup").stdout.strip().removeprefix("backed up to ")) for _ in range(3)]
    with Collection.open(path, autobackup=False) as col:
        daily = col.auto_backup()
    kept = {p for _, p in backups.list_backups(path)}
    assert len(set(made)) == 3 and set(made) | {daily} == kept  # three asked for on one day, and the day's own
    with Collection.open(path, autobackup=False) as col:
        for k in range(backups.KEEP_EXPLICIT + 5):
            col.backup(T0 + timedelta(minutes=k), explicit=True)
    explicit = [p for _, p in backups.list_backups(path) if "-manual" in p.name]
    assert len(explicit) == backups.KEEP_EXPLICIT


def test_restore_leaves_no_litter_and_refuses_the_collection_itself(tmp_path):
    path = tmp_path / "collection.sqlite"
    with Collection.open(path, bundled=False, autobackup=False) as col:
        col.set_settings(new_per_day=5)
        saved = col.backup(T0)
        col.set_settings(new_per_day=9)
    result = run(path, "restore", str(saved))
    assert result.returncode == 0, result.stderr
    assert litter(tmp_path / "backups") == []
    with Collection.open(path, autobackup=False) as col:
        assert col.settings()["new_per_day"] == 5
    result = run(path, "restore", str(path))
    assert result.returncode == 2
    assert one_line(result).endswith("is the collection itself; restore from a file in the backups folder")


# --- 6: damaged files ------------------------------------------------------------------------------------------------

@pytest.fixture
def damaged(tmp_path):
    """A collection with a good backup, then damaged on disk."""
    path = tmp_path / "collection.sqlite"
    with Collection.open(path, autobackup=False) as col:
        good = col.backup(T0)
    damage(path)
    return path, good


def test_a_damaged_collection_is_never_written(damaged, tmp_path):
    path, good = damaged
    before, listed = digest(path), backups.list_backups(path)
    post = tmp_path / "post.md"
    post.write_text(POST)
    for args, autobackup in ((("import", str(post)), True), (("optimize",), False)):
        result = run(path, *args, autobackup=autobackup)
        assert result.returncode == 2
        line = one_line(result)
        assert "is damaged" in line and "nothing was written to it" in line and f"studyapp restore {good}" in line
    assert digest(path) == before and not Path(f"{path}-wal").exists()
    assert backups.list_backups(path) == listed  # no backup of the damaged file
    result = run(path, "backup")  # asked for explicitly, it is refused too: the good backups stay the newest
    assert result.returncode == 2 and "is damaged" in one_line(result) and "no backup was made" in result.stderr
    assert backups.list_backups(path) == listed and litter(tmp_path / "backups") == []


def test_a_large_damaged_collection_is_caught_by_the_days_backup(damaged, monkeypatch):
    from studyapp.collection import damage as damage_module
    monkeypatch.setattr(damage_module, "OPEN_CHECK_LIMIT", 0)  # as if it were over the size checked on every open
    monkeypatch.setattr("studyapp.collection.validate.worth_checking_on_open", damage_module.worth_checking_on_open)
    path, _ = damaged
    listed = backups.list_backups(path)
    with pytest.raises(CollectionError, match="is damaged"):
        Collection.open(path, autobackup=True, now=T0 + timedelta(days=2))
    assert backups.list_backups(path) == listed


def test_check_reports_damage_in_one_line_and_offers_the_newest_good_backup(damaged):
    path, good = damaged
    result = run(path, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("integrity: damaged: ")
    assert lines[-1] == f"the newest good backup is {good}: studyapp restore {good}"


def test_restore_checks_the_backup_and_picks_the_newest_good_one(damaged, tmp_path):
    path, good = damaged
    bad = tmp_path / "backups" / f"collection-{(T0 + timedelta(days=1)):%Y%m%d-%H%M%S}.sqlite"
    shutil.copyfile(path, bad)  # a newer backup, made of the damaged file by an older StudyApp
    result = run(path, "restore", str(bad))
    assert result.returncode == 2
    assert one_line(result).endswith(f"nothing was restored; the newest good backup is {good}")
    result = run(path, "restore")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"restored {path} from {good}; the replaced collection was saved as ")
    with Collection.open(path, autobackup=False) as col:
        assert len(col.decks()) == 1
        assert col.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert litter(tmp_path / "backups") == []


def test_check_survives_an_integrity_check_that_raises(tmp_path):
    path = tmp_path / "collection.sqlite"
    Collection.open(path, autobackup=False).close()
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[page_size:2 * page_size] = b"\xff" * page_size  # page 2 is gone: the check itself cannot finish
    path.write_bytes(bytes(data))
    result = run(path, "check")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode in (1, 2)
    assert "damaged" in (result.stdout + result.stderr)
