"""The app on a real X server (Xvfb) with a window manager (openbox, when installed), at scale 2: screenshots of the
whole screen, decorations and all, beside the offscreen renderings.

    python -m studyapp.gui.real_display [OUT_DIR]      (default: docs/screenshots)

Offscreen rendering is faithful pixel for pixel, but it has no window manager, no real font configuration and no
device pixel ratio. This starts Xvfb (and openbox) on a free display, runs the app there with QT_SCALE_FACTOR=2 in a
child process, drives it from the keyboard (Enter studies, Space shows the answer), grabs the root window, and prints
one JSON line of facts (platform, pixel ratio, frame against window geometry) that tests check. It stops only the
processes it started.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCREEN = "2560x1600x24"


def run(out: Path, timeout: float = 120) -> dict:
    """Start Xvfb (+ openbox), run the child on it, return its facts. Raises RuntimeError if Xvfb is missing."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed (Debian: apt-get install xvfb)")
    out.mkdir(parents=True, exist_ok=True)
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN, "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    started: list[subprocess.Popen] = [xvfb]
    try:
        with os.fdopen(read_fd) as pipe:
            display = ":" + pipe.readline().strip()
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": "2",
               "STUDYAPP_NO_AUTOBACKUP": "1"}
        if shutil.which("openbox"):
            started.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL))
            time.sleep(0.5)  # the window manager takes the screen before the app maps its window
        with tempfile.TemporaryDirectory() as home:  # no user settings read or written
            child_env = {**env, "HOME": home, "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data"}
            result = subprocess.run([sys.executable, "-m", "studyapp.gui.real_display", "--child", str(out)],
                                    capture_output=True, text=True, env=child_env, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"the app on {display} failed: {result.stderr.strip()[-2000:]}")
        facts = json.loads(result.stdout.strip().splitlines()[-1])
        facts["window_manager"] = len(started) > 1
        return facts
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def child(out: Path) -> None:
    """In the app's own process on the X server: the deck list, then a card and its answer, each grabbed whole."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    from .screenshots import demo_collection

    app = QApplication.instance() or QApplication(["studyapp"])
    facts: dict = {"platform": app.platformName(), "shots": []}
    with tempfile.TemporaryDirectory() as tmp:
        col = demo_collection(Path(tmp))
        try:
            col.set_settings(theme="light", quiz_mode="flip")
            w = MainWindow(col)
            w.resize(1000, 700)
            w.show()
            w.activateWindow()

            def settle(seconds: float = 0.6) -> None:
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    app.processEvents()
                    time.sleep(0.02)

            def shot(name: str) -> None:
                """The root window's pixels (so the decorations are in), cut to the window's frame."""
                settle()
                path = out / f"real-{name}.png"
                screen = app.primaryScreen().grabWindow(0)
                f, ratio = w.frameGeometry(), screen.devicePixelRatio()
                screen.copy(round(f.x() * ratio), round(f.y() * ratio), round(f.width() * ratio),
                            round(f.height() * ratio)).save(str(path))
                facts["shots"].append(str(path))
            settle(1.5)
            facts["device_pixel_ratio"] = w.devicePixelRatio()
            frame, inner = w.frameGeometry(), w.geometry()
            facts["frame"] = [frame.width(), frame.height()]
            facts["window"] = [inner.width(), inner.height()]
            facts["font"] = app.font().family()
            shot("decks")
            QTest.keyClick(w.deck_list.table, Qt.Key.Key_Return)  # keyboard only: Enter studies the deck
            review = w.review
            for _ in range(30):  # the showcase card: a cloze
                if review.card is None or review.card.kind == "cloze":
                    break
                review.bury()
            settle()
            shot("review")
            QTest.keyClick(review, Qt.Key.Key_Space)  # Space shows the answer
            shot("answer")
            facts["revealed"] = review.revealed
            w.close()
        finally:
            col.close()
    print(json.dumps(facts))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]))
    else:
        target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        print(json.dumps(run(target), indent=2))
