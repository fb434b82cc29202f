"""SIGKILL while a collection merges another computer's change files leaves it as it was before the merge or as it
is after it: never some reviews merged and not others, never a batch merged without being marked as merged (it
would be merged again) or marked without being merged (it would never be)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from conftest import ROOT
from kill_harness import kill_repeatedly

from studyapp.collection import Collection
from studyapp.collection.health import check_collection
from studyapp.collection.simulate import simulate_days
from studyapp.sync import sync

WORKER = Path(__file__).parent / "sync_worker.py"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def state(path: Path) -> tuple[list, ...]:
    with Collection.open(path, bundled=False, autobackup=False) as col:
        report = check_collection(col, repair=False)
        assert report.healthy, report.problems
        q = col.conn.execute
        return (q("SELECT id, state, step, stability, difficulty, due, reps, lapses, suspended FROM cards "
                  "ORDER BY id").fetchall(),
                q("SELECT card_id, time, rating, state_after, due_after FROM revlog ORDER BY card_id, time").fetchall(),
                q("SELECT origin, seq, digest FROM sync_applied ORDER BY origin, seq").fetchall(),
                q("SELECT * FROM sync_stamps ORDER BY kind, key").fetchall(),
                q("SELECT * FROM sync_state WHERE key != 'id' ORDER BY key").fetchall())


def test_sigkill_during_a_sync_merge_leaves_before_or_after(tmp_path):
    kills = int(os.environ.get("STUDYAPP_CRASH_KILLS", "12"))
    base = tmp_path / "base.sqlite"
    with Collection.open(base, autobackup=False) as col:
        col.set_settings(timezone="UTC")
    studied, before = tmp_path / "studied.sqlite", tmp_path / "before.sqlite"
    shutil.copy(base, studied)
    shutil.copy(base, before)
    folder = tmp_path / "folder"
    folder.mkdir()
    with Collection.open(before, bundled=False, autobackup=False) as col:
        sync(col, folder, NOW)  # its own changes written out: the worker's sync has only the merge left to do
    with Collection.open(studied, bundled=False, autobackup=False) as col:
        simulate_days(col, datetime(2026, 1, 5, 9, tzinfo=timezone.utc), 90, seed=11)
        col.suspend([col.conn.execute("SELECT MAX(id) FROM cards").fetchone()[0]])
        sync(col, folder, NOW)
    after = tmp_path / "after.sqlite"
    shutil.copy(before, after)
    done = subprocess.run([sys.executable, str(WORKER), str(after), str(folder)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.stdout.split()[:2] == ["syncing", "synced"] and int(done.stdout.split()[2]) > 300, done.stderr
    timed = tmp_path / "timed.sqlite"
    shutil.copy(before, timed)
    with Collection.open(timed, bundled=False, autobackup=False) as col:
        started = time.monotonic()
        sync(col, folder, NOW)
        took = time.monotonic() - started
    expected_before, expected_after = state(before), state(after)
    assert expected_before != expected_after

    outcomes = kill_repeatedly(tmp_path, before, WORKER, [str(folder)], "syncing", "synced", took, kills, 7, state,
                               expected_before, expected_after)
    assert "before" in outcomes  # the kills did land inside merges
