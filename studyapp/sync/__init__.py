"""Two computers, one collection's worth of study: a sync folder kept in step by another tool.

Each collection writes its own append-only change files into the folder (files.py: format; outbox.py: what is
written) and merges the other collections' files (merge.py). No SQLite file is ever shared: sync tools corrupt
them. `sync()` is the one entry point the command line and the GUI use. Nothing here imports Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..collection.clock import ms as _ms
from ..collection.clock import now_utc
from ..errors import StudyAppError
from .merge import MergeReport, merge_in
from .outbox import write_out

__all__ = ["SyncReport", "sync", "check_folder"]


@dataclass
class SyncReport:
    folder: Path
    written: int = 0  # records this collection wrote out
    merged: MergeReport = field(default_factory=MergeReport)

    @property
    def warnings(self) -> list[str]:
        return self.merged.warnings

    def summary(self) -> str:
        m = self.merged
        parts = [f"{self.written} change{'s' * (self.written != 1)} written",
                 f"{m.batches} file{'s' * (m.batches != 1)} merged",
                 f"{m.reviews_added} review{'s' * (m.reviews_added != 1)} added"]
        for n, what in ((m.notes_changed, "notes edited"), (m.flags_changed, "cards suspended or buried"),
                        (m.sets_imported, "sets imported"), (m.pending, "changes waiting for their cards"),
                        (len(m.conflicts), "edit conflicts (the later edit kept)")):
            if n:
                parts.append(f"{n} {what}")
        return f"Sync with {self.folder}: " + ", ".join(parts)


def check_folder(folder: str | Path) -> Path:
    """The sync folder, or a one-line error naming it: it must be an existing folder this user can write."""
    path = Path(folder).expanduser().absolute()  # remembered as given from anywhere, not from today's folder
    if not path.is_dir():
        raise StudyAppError(f"sync folder {path}: no such folder (create it, or let the sync tool create it)")
    if not os.access(path, os.W_OK | os.X_OK):
        raise StudyAppError(f"sync folder {path}: cannot write there")
    return path


def sync(col, folder: str | Path, now: datetime | None = None) -> SyncReport:
    """Write this collection's changes out, then merge the others' in (each step its own transaction)."""
    path = check_folder(folder)
    now = now or now_utc()
    report = SyncReport(path)
    try:
        _, report.written, written_warnings = write_out(col, path, _ms(now))
        if report.written:
            col._undo.clear()  # undoing an answer the other computer already has would part the two for good
    except OSError as exc:
        raise StudyAppError(f"sync folder {path}: cannot write a change file ({exc.strerror or exc})") from None
    try:
        report.merged = merge_in(col, path, now)
    except OSError as exc:  # the folder went away or became unreadable mid-way: the merge was rolled back
        raise StudyAppError(f"sync folder {path}: cannot be read ({exc.strerror or exc}); nothing was merged") from None
    report.merged.warnings[:0] = written_warnings
    return report
