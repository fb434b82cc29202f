"""One writer per collection: an advisory lock on a file beside it.

flock locks vanish when the process dies, so a crash never leaves a stale lock behind. A second StudyApp may wait a
bounded while for the lock (a command finishing, a first run still building the collection) and is then refused
with one line naming the process that holds it: no waiting on SQLite's busy timeout, no interleaved writes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import CollectionError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

POLL = 0.05
# How long opening waits for another StudyApp by default: long enough for a command to finish, short enough that a
# second app window is told at once that the first one has it.
DEFAULT_WAIT = 3.0
# How long it waits for one that says it is building the collection (a first run, a regeneration): on a slow or busy
# two-core machine a first run takes 2-5 s (cold imports, the generator's first-name list), more than DEFAULT_WAIT.
BUILD_WAIT = 60.0
BUILDING = "building"


class CollectionLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(str(path) + ".lock")
        self._fd: int | None = None

    def holder(self) -> str:
        """The process id the current holder wrote into the lock file ('' when unknown)."""
        return self._note().split(" ", 1)[0][:32]

    def _note(self) -> str:
        try:
            return self.path.read_text(errors="replace").strip()[:64]
        except OSError:
            return ""

    def mark(self, state: str = "") -> None:
        """Say in the lock file what the holder is doing (`BUILDING`, or nothing), for a StudyApp waiting on it."""
        if self._fd is not None:
            note = f"{os.getpid()} {state}".strip().encode()
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, note, 0)

    def acquire(self, wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock, waiting up to `wait` seconds for another StudyApp to let go; `on_wait(holder)` is called
        once when the wait starts, so a command can say what it is waiting for."""
        start = time.monotonic()
        deadline = start + max(wait, 0.0)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        told = False
        while True:
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                else:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                break
            except OSError:
                now = time.monotonic()
                if now < deadline or wait > 0 and now < start + BUILD_WAIT and self._note().endswith(BUILDING):
                    if not told and on_wait is not None:
                        on_wait(self.holder())
                    told = True
                    time.sleep(POLL)
                    continue
                holder = self.holder()
                os.close(fd)
                who = f" (process {holder})" if holder else ""
                raise CollectionError(f"is open in another StudyApp{who}; close it there first",
                                      path=str(self.path)[:-5]) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None
