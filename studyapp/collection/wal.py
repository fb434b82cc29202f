"""The write-ahead log's size: commits that overwrite the log instead of growing it.

With `synchronous = FULL` every commit syncs the log. A commit that appends to the log file also changes its size,
and the file system then journals that change in the same sync: measured here, a 6-page commit that grows the log
costs about a quarter more to sync (0.13 ms against 0.10 ms on ext4) than one that overwrites bytes already there.
SQLite itself rewinds to the start of the log after a checkpoint and overwrites it ("since overwriting is faster
than appending", its documentation of `journal_size_limit`), but each session starts with no log file at all (the
last connection's close deletes it), so every commit of a session grew it until the first checkpoint.

So a session of many commits gives the log its working size first (`Collection.size_log()`): zero bytes appended
after whatever it holds, synced, with the automatic checkpoint set to the same size, so that SQLite rewinds before
it outgrows it. The app does it a second after its window is up (writing and syncing 4 MiB costs 5-10 ms, more on a
busy disk, which start-up would otherwise pay), on its own connection and UI thread, not on a thread and connection
of its own: a second writer would make the app's transactions that have already read fail at once (SQLITE_BUSY)
instead of waiting. A command of one or two commits does not. This changes nothing SQLite reads: a log is read frame
by frame, each frame checked against the salt in the log's header and a running checksum, and reading stops at the
first frame that fails; zeros never pass (an all-zero header is no log at all, and SQLite writes a fresh header at
its first commit). The zeros are appended in pieces, each while holding SQLite's own write lock (`BEGIN IMMEDIATE`,
then `ROLLBACK`), and only past the file's end as it is under that lock, so no frame SQLite wrote is ever touched
and no commit writes meanwhile; a kill or power cut while the zeros are written leaves a log that recovers exactly
as it would without them. Every commit is still synced the same way (FULL): durability is unchanged.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .disk import free_bytes

# The log's working size in pages (4 KiB each, plus a 24-byte frame header): 1,000 pages is SQLite's own default
# automatic checkpoint, 4 MiB, written once per session (5-10 ms here).
WAL_PAGES = 1000
# Only where the disk has this many times the log's size free.
ROOM_FACTOR = 16
# Zeros appended per hold of SQLite's write lock, so that a commit waits at most for one of these (under a
# millisecond), never for the whole size.
CHUNK = 256 * 1024


def configure_wal(conn: sqlite3.Connection, pages: int = WAL_PAGES) -> None:
    """Checkpoint the log at its working size, and shrink it back to that size at its next rewind after a big
    import has grown it."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute(f"PRAGMA wal_autocheckpoint = {pages}")
    conn.execute(f"PRAGMA journal_size_limit = {wal_bytes(page_size, pages)}")


def wal_bytes(page_size: int, pages: int = WAL_PAGES) -> int:
    return 32 + pages * (24 + page_size)  # the log's header, then frames


def size_wal(conn: sqlite3.Connection, path: Path, pages: int = WAL_PAGES) -> None:
    """Append zeros to the write-ahead log of the collection at `path` up to its working size, holding SQLite's
    write lock (through `conn`, any connection to it) while each piece is written, so that nothing else writes the
    log meanwhile; then sync it. Never on a nearly full disk; never fails (the log then grows as it needs)."""
    target = wal_bytes(conn.execute("PRAGMA page_size").fetchone()[0], pages)
    free = free_bytes(path.parent)
    if free is None or free <= ROOM_FACTOR * target:
        return  # the disk's last space stays the user's
    fd = None
    try:
        while True:
            conn.execute("BEGIN IMMEDIATE")  # also makes SQLite open (or create) the log file
            try:
                if fd is None:
                    fd = os.open(f"{path}-wal", os.O_WRONLY)
                size = os.fstat(fd).st_size
                if size >= target:
                    break
                try:
                    os.pwrite(fd, bytes(min(CHUNK, target - size)), size)
                except OSError:  # the disk filled meanwhile: give back what this piece took (only past `size`,
                    os.ftruncate(fd, size)  # where nothing of SQLite's is while its write lock is held here)
                    return
            finally:
                conn.execute("ROLLBACK")
        os.fsync(fd)
    except (OSError, sqlite3.Error):
        pass
    finally:
        if fd is not None:
            os.close(fd)
