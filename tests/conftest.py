"""Shared test set-up: Qt runs offscreen; helpers to write fixture files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The user's own settings and data are never touched: HOME and every XDG folder point into a throw-away folder before
# anything (Qt's QSettings, platformdirs) reads them, here and in every subprocess the tests start.
REAL_HOME = Path(os.path.expanduser("~")).resolve()
SANDBOX = Path(tempfile.mkdtemp(prefix="studyapp-test-home-"))
for _name, _sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                    ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
    os.environ[_name] = str(SANDBOX / _sub)
    (SANDBOX / _sub).mkdir(parents=True, exist_ok=True)
os.environ.pop("STUDYAPP_COLLECTION", None)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STUDYAPP_NO_AUTOBACKUP", "")
os.environ.setdefault("STUDYAPP_CACHE", tempfile.mkdtemp(prefix="studyapp-test-cache-"))  # not the user's

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "pjfp-alex-wang-msl.txt"
BUNDLED = ROOT / "decks" / "alex-wang-msl.yaml"


@pytest.fixture
def write(tmp_path: Path):
    """write(name, content) -> path; bytes are written as is, text as UTF-8."""
    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    return _write


@pytest.fixture
def small_disk(tmp_path: Path):
    """small_disk(kib) -> a folder on a real file system of that size (a tmpfs; root and mount(8) needed, else the
    test is skipped). fill(folder, leave_kib) then takes all but `leave_kib` of its free space."""
    import subprocess
    mounts: list[Path] = []

    def _mount(kib: int) -> Path:
        where = tmp_path / f"disk{len(mounts)}"
        where.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(where)],
                                capture_output=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here: {result.stderr.decode().strip()}")
        mounts.append(where)
        return where
    yield _mount
    for where in mounts:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(folder: Path, leave_kib: int = 0) -> None:
    """Take the free space of `folder`'s file system, leaving about `leave_kib` KiB."""
    import shutil
    free = shutil.disk_usage(folder).free - leave_kib * 1024
    with open(folder / "filler", "ab") as fh:
        try:
            while free > 0:
                chunk = min(free, 64 * 1024)
                fh.write(b"\0" * chunk)
                fh.flush()
                free -= chunk
        except OSError:
            pass


def damage(path: Path) -> None:
    """Flip a few bits in the collection's data pages (not its header or schema page), as a failing disk does; the
    result still opens, and SQLite's page check finds the damage. Bits are flipped page by page (a seeded choice)
    until the check finds them, so the damage does not depend on what the pages happen to hold."""
    import random
    import sqlite3
    conn = sqlite3.connect(path)
    page_size, pages = conn.execute("PRAGMA page_size").fetchone()[0], conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    rng = random.Random(3)
    candidates = [pages // 2, pages // 2 + 1, pages - 2] + list(range(3, pages))
    for page in candidates:
        for _ in range(4):
            data[(page - 1) * page_size + rng.randrange(8, 64)] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        if not _pages_ok(path):
            return
    raise AssertionError("could not damage the collection detectably")


def _pages_ok(path: Path) -> bool:
    import sqlite3
    check = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        check.close()


# --- the app on a fresh collection (GUI tests) ----------------------------------------------------------------------

@pytest.fixture
def col(tmp_path):
    """A new collection with the bundled deck and no interval fuzz; a test module may define its own."""
    from studyapp.collection import Collection
    c = Collection.open(tmp_path / "test.sqlite", autobackup=False)
    c.set_settings(fuzz=False)
    yield c
    c.close()


@pytest.fixture
def window(qtbot, col):
    """The main window on `col`, shown and active (shortcuts need an active window)."""
    from studyapp.gui.main_window import MainWindow
    w = MainWindow(col)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    yield w
    w.close()  # before the collection closes: closing waits for background jobs that use it
