"""Syncing from the GUI: on start, on File › Sync now and on close (studyapp/sync does the work; Settings › Sync
folder is sync_settings.py, kept apart so start-up loads no file dialog). Syncing runs on the UI thread: writing a
batch and merging a day's changes takes a fraction of a second, and nothing else may write to the collection
meanwhile."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..errors import StudyAppError
from .dialogs import notify

if TYPE_CHECKING:
    from .main_window import MainWindow


def sync_now(window: MainWindow, when: str = "now") -> None:
    """Sync with the folder in Settings. `when` is "start", "now" (the menu) or "close": without a folder only the
    menu says so; at close nothing can be shown, so a problem goes to stderr and the app still closes."""
    folder = window.col.settings().get("sync_folder")
    if not folder:
        if when == "now":
            notify(window, "No sync folder", "Choose a sync folder in Settings (Edit › Settings…) first: a folder "
                   "your computers keep in step with Syncthing, Nextcloud, Dropbox or a network share.")
        return
    from ..sync import sync  # only with a folder set: start-up without one loads nothing of it
    try:
        report = sync(window.col, folder, window.now())
    except StudyAppError as exc:
        if when == "close":
            print(f"studyapp: sync not done: {exc}", file=sys.stderr)
        else:
            notify(window, "Sync not done", str(exc), error=True)
        return
    window.last_sync = report
    if when == "close":
        return
    window.statusBar().showMessage(report.summary(), 10_000)
    window.refresh()
    notes = [f"Skipped for now: {w}" for w in report.warnings] + \
        [f"Edited on two computers: {c}" for c in report.merged.conflicts]
    if notes and when == "now":
        notify(window, "Sync done", report.summary() + "\n\n" + "\n".join(notes))
