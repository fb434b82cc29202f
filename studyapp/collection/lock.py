"""One writer per collection: an advisory lock on a file beside it.

flock locks vanish when the process dies, so a crash never leaves a stale lock behind, and a second StudyApp is
refused at once (no waiting on SQLite's busy timeout, no interleaved writes).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import CollectionError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class CollectionLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(str(path) + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            holder = ""
            try:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            except OSError:
                pass
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
