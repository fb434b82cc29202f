"""Kill a worker process at random moments of a transaction and check what it leaves: shared by the crash tests of
merging reviews and of syncing (test_crash_merge.py, test_crash_sync.py)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from conftest import ROOT


def kill_repeatedly(tmp_path: Path, before: Path, worker: Path, args: list[str], ready: str, finished: str,
                    took: float, kills: int, seed: int, state: Callable[[Path], object], expected_before: object,
                    expected_after: object) -> list[str]:
    """Run `worker` on a copy of `before` `kills` times, SIGKILL it a random time after it says `ready` (mostly while
    it works, now and then after it committed), and check each copy is exactly as before or as after; "before" or
    "after" per kill."""
    rng = random.Random(seed)
    outcomes = []
    for n in range(kills):
        work = tmp_path / f"work{n}.sqlite"
        shutil.copy(before, work)
        proc = subprocess.Popen([sys.executable, str(worker), str(work), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.stdout.readline().strip() == ready
        time.sleep(rng.uniform(0, took * 1.5))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert "Traceback" not in err, err
        found = state(work)
        assert found in (expected_before, expected_after), n
        if finished in out:
            assert found == expected_after
        outcomes.append("after" if found == expected_after else "before")
    return outcomes
