"""Telling a full disk from a damaged file.

SQLite reports a full disk in several ways ("database or disk is full", "disk I/O error", "unable to open database
file" when it cannot create its -shm file). Blaming the file for any of them would send the user to restore a
healthy collection, so each error path asks the file system first.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

# Below this much free space an SQLite failure is put down to the disk: one page, its journal and the -shm file.
NEARLY_FULL = 256 * 1024


def free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def disk_is_full(folder: Path, exc: BaseException | None = None) -> bool:
    """Whether `exc` (or, without one, the present state) comes from a full disk where `folder` lives."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if exc is not None and "full" in str(exc):
        return True
    free = free_bytes(folder)
    return free is not None and free < NEARLY_FULL


def disk_full_message(folder: Path) -> str:
    free = free_bytes(folder)
    left = f" ({free // 1024} KiB free)" if free is not None else ""
    return f"the disk is full{left}; free some space and try again"
