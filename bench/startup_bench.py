"""Start-up to an interactive deck list on a 100k-card collection, against a bare PySide6 window, same run.

Each measurement is a fresh process, timed by this script from launch until the child has shown its window,
processed its first events and said "ready" (it then exits; the exit is not timed). Runs alternate between the
two so a busy machine slows both alike. Prints JSON with medians and their ratio (the target: under 1.6), and the
median ratio within pairs of neighbouring runs.

StudyApp's bytecode is compiled first, as pip does when it installs a package and Python does on an editable
install's first run: otherwise a PYTHONDONTWRITEBYTECODE in the environment (this project's development machines
set it) would charge every start for compiling our modules, which no user pays.

    QT_QPA_PLATFORM=offscreen python bench/startup_bench.py [--cards 100000] [--repeat 9]
    DISPLAY=:0 python bench/startup_bench.py --real-display   # on an X server (Xvfb), with and without the check
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("Decks")); w.resize(980, 700); w.show()
app.processEvents()
print("ready", flush=True)
"""

# The app's own start-up (`studyapp` runs the same display check and start(), then the event loop), stopped at the
# same point. The check returns at once offscreen; on a real display it loads Qt's platform plugin ahead of Qt.
OURS = """
from studyapp.desktop.display import check_display
assert check_display() is None
from studyapp.gui.app import start
app, w, col = start(["studyapp"], {path!r})
app.processEvents()
assert w.deck_list.table.rowCount() > 0
print("ready", flush=True)
w.close()  # as quitting does: waits for a backup still running
col.close()
"""


def timed(code: str, env: dict) -> float:
    """Seconds from launching the child until it says "ready" (its window shown and first events processed). The
    clock stops there, not when the child has exited: tearing the window and the interpreter down is not start-up."""
    t = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - t
    _, err = child.communicate(timeout=120)
    if "ready" not in line:
        raise RuntimeError(err[-2000:])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--real-display", action="store_true",
                        help="use $DISPLAY rather than offscreen, and also time StudyApp without its display check")
    args = parser.parse_args()
    from collection_bench import build_ours
    import compileall
    compileall.compile_dir(str(ROOT / "studyapp"), quiet=1)
    # Daily backups on, as for users: the first start (the warm-up run) makes the day's backup in the background,
    # the timed ones check that it is there.
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "PYTHONPATH": str(ROOT)}
    if args.real_display:
        env.pop("QT_QPA_PLATFORM")
    env.pop("STUDYAPP_NO_AUTOBACKUP", None)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "startup.sqlite"
        build_ours(path, args.cards, args.reviews)
        code = OURS.format(path=str(path))
        unchecked = code.replace("assert check_display() is None", "")
        timed(BARE, env), timed(code, env)  # warm the file cache for both
        bare, ours, without_check = [], [], []
        for _ in range(args.repeat):
            bare.append(timed(BARE, env))
            ours.append(timed(code, env))
            if args.real_display:
                without_check.append(timed(unchecked, env))
    b, o = statistics.median(bare), statistics.median(ours)
    # Also the median of each StudyApp start over the bare start just before it: a burst of load on the machine
    # then slows both sides of a pair, where it may shift one median more than the other.
    pairs = statistics.median(x / y for x, y in zip(ours, bare))
    result = {"cards": args.cards, "repeat": args.repeat, "bare_pyside6_window_s": round(b, 3),
              "studyapp_deck_list_s": round(o, 3), "ratio": round(o / b, 2), "median_ratio_of_pairs": round(pairs, 2)}
    if without_check:
        result["platform"] = "real display ($DISPLAY)"
        result["studyapp_without_display_check_s"] = round(statistics.median(without_check), 3)
        result["median_ratio_with_to_without_check"] = round(statistics.median(
            x / y for x, y in zip(ours, without_check)), 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
