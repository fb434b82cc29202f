"""SIGKILL during a merge of reviews leaves the collection as it was before the merge or as it is after it: never
some rows added and not others, never a card whose schedule disagrees with its review log."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import astuple
from datetime import datetime, timezone
from pathlib import Path

from conftest import ROOT
from kill_harness import kill_repeatedly

from studyapp.collection import Collection
from studyapp.collection.health import check_collection
from studyapp.collection.replay import ReviewRow
from studyapp.collection.simulate import simulate_days

WORKER = Path(__file__).parent / "merge_worker.py"


def state(path: Path) -> tuple[list, list]:
    with Collection.open(path, bundled=False, autobackup=False) as col:
        report = check_collection(col, repair=False)
        assert report.healthy, report.problems
        return (col.conn.execute("SELECT id, state, step, stability, difficulty, due, reps, lapses FROM cards "
                                 "ORDER BY id").fetchall(),
                col.conn.execute("SELECT card_id, time, rating, state_after, due_after FROM revlog "
                                 "ORDER BY card_id, time").fetchall())


def test_sigkill_during_a_merge_leaves_before_or_after(tmp_path):
    kills = int(os.environ.get("STUDYAPP_CRASH_KILLS", "12"))
    before = tmp_path / "before.sqlite"
    with Collection.open(before, autobackup=False) as col:  # the bundled deck, never studied
        col.set_settings(timezone="UTC")
    studied = tmp_path / "studied.sqlite"
    shutil.copy(before, studied)
    with Collection.open(studied, bundled=False, autobackup=False) as col:
        simulate_days(col, datetime(2026, 1, 5, 9, tzinfo=timezone.utc), 90, seed=11)
        rows = [astuple(r) for r in col.review_rows()]
    rows_file = tmp_path / "rows.json"
    rows_file.write_text(json.dumps(rows))
    after = tmp_path / "after.sqlite"
    shutil.copy(before, after)
    merged = subprocess.run([sys.executable, str(WORKER), str(after), str(rows_file)], capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert merged.stdout.split() == ["merging", "merged", str(len(rows))], merged.stderr
    timed = tmp_path / "timed.sqlite"  # how long the merge itself takes (its process starts before it says so)
    shutil.copy(before, timed)
    with Collection.open(timed, bundled=False, autobackup=False) as col:
        started = time.monotonic()
        col.merge_reviews([ReviewRow(*r) for r in rows])
        took = time.monotonic() - started
    expected_before, expected_after = state(before), state(after)
    assert len(expected_after[1]) == len(rows) > 300

    outcomes = kill_repeatedly(tmp_path, before, WORKER, [str(rows_file)], "merging", "merged", took, kills, 5, state,
                               expected_before, expected_after)
    assert "before" in outcomes  # the kills did land inside merges (and some after: see the sleep)
