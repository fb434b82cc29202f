"""Killing StudyApp at any moment loses nothing that was committed and leaves nothing half-done.

CI runs 50 kills; `STUDYAPP_CRASH_KILLS=1000 pytest tests/test_crash.py -m slow` runs a long version by hand.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from studyapp.cards.generate import generate
from studyapp.collection import Collection
from studyapp.collection.health import check_collection

sys.path.insert(0, str(Path(__file__).parent))
from crash_worker import crash_set  # noqa: E402

WORKER = Path(__file__).parent / "crash_worker.py"


def run_kills(path: Path, kills: int, seed: int) -> tuple[Counter, set[str]]:
    """Start, let it work a random while, SIGKILL; `kills` times. Returns what the workers reported."""
    rng = random.Random(seed)
    answered: Counter = Counter()
    imported: set[str] = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for n in range(kills):
        proc = subprocess.Popen([sys.executable, str(WORKER), str(path), str(seed * 1000 + n)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        first = ""
        if n == 0:  # the first run makes the collection's first cards: killed before its import commits (which
            # takes over a second on a slow or busy machine, more than any sleep below), every run would start
            # again from an empty collection and no answer would ever be tested
            line = "-"
            while line and not line.startswith("imported"):
                line = proc.stdout.readline()
                first += line
        time.sleep(rng.uniform(0.25, 1.1))  # sometimes while opening, mostly mid-work
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        out = first + out
        assert "Traceback" not in err, err
        for line in out.splitlines():
            kind, _, rest = line.partition(" ")
            if kind == "answered":
                answered[int(rest.split()[0])] += 1
            elif kind == "imported":
                imported.add(rest)
        verify(path, answered, n)
    return answered, imported


def verify(path: Path, answered: Counter, upto: int) -> None:
    with Collection.open(path, bundled=False, autobackup=False) as col:
        report = check_collection(col, repair=False)
        assert report.integrity == "ok"
        assert report.healthy, report.problems  # every card agrees with its review log; nothing orphaned
        logged = Counter(dict(col.conn.execute("SELECT card_id, COUNT(*) FROM revlog GROUP BY card_id").fetchall()))
        for card_id, n in answered.items():  # every answer reported as committed is there
            assert logged[card_id] >= n
        assert sum(logged.values()) - sum(answered.values()) <= upto + 1  # at most one unreported per run
        # Each import is all or nothing: every set present has all its notes, and no note belongs to a missing set.
        for set_id, title in col.conn.execute("SELECT id, title FROM sets").fetchall():
            seed, k = (int(x) for x in title.rsplit(" ", 1)[1].split("-"))
            ts = crash_set(seed, k)
            assert ts.id == set_id
            notes = col.conn.execute("SELECT COUNT(*) FROM notes WHERE set_id = ?", (set_id,)).fetchone()[0]
            assert notes == len(generate(ts))
        assert col.conn.execute("SELECT COUNT(*) FROM notes WHERE set_id IS NOT NULL AND set_id NOT IN "
                                "(SELECT id FROM sets)").fetchone()[0] == 0


def test_sigkill_at_random_moments(tmp_path):
    kills = int(os.environ.get("STUDYAPP_CRASH_KILLS", "50"))
    path = tmp_path / "crash.sqlite"
    answered, imported = run_kills(path, kills, seed=7)
    assert sum(answered.values()) > kills  # the workers really worked between kills
    assert imported


@pytest.mark.slow
def test_sigkill_long_run(tmp_path):
    kills = int(os.environ.get("STUDYAPP_CRASH_KILLS", "500"))
    run_kills(tmp_path / "crash-long.sqlite", kills, seed=11)
