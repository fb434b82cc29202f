"""`studyapp sync [--folder DIR]`: write this collection's changes into the sync folder and merge the other
computers' changes from it. Registered in commands.COMMANDS (which passes its collection opener); the work is
studyapp.sync."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial

from .cli_io import EXIT_OK
from .errors import StudyAppError


def cmd_sync(args: argparse.Namespace, open_collection: Callable) -> int:
    from .sync import check_folder, sync
    with open_collection() as col:
        folder = args.folder or col.settings().get("sync_folder")
        if not folder:
            raise StudyAppError("no sync folder: give --folder DIR, or choose one in Settings › Sync folder")
        folder = str(check_folder(folder))  # before it is remembered: a wrong path is refused, not stored
        if args.folder and folder != col.settings().get("sync_folder") and not args.once:
            col.set_settings(sync_folder=folder)
        report = sync(col, folder)
    for warning in report.warnings:
        print(f"studyapp: warning: {warning}", file=sys.stderr)
    print(report.summary())
    for conflict in report.merged.conflicts:
        print(f"  conflict: {conflict}")
    return EXIT_OK


def register_sync(sub: argparse._SubParsersAction, open_collection: Callable) -> None:
    """The subcommand; `open_collection` is the commands' own opener (it waits for the lock and says so)."""
    p = sub.add_parser("sync", help="keep two computers in step through a sync folder (Syncthing, Dropbox, a share)",
                       description="Write this collection's new reviews, note edits, suspensions and imports into "
                       "the sync folder as a new change file, and merge the change files of the other computers' "
                       "collections from it. A file still being copied is skipped and merged next time.")
    p.add_argument("--folder", metavar="DIR", help="the sync folder (remembered as the collection's sync folder; "
                   "default: the one in Settings)")
    p.add_argument("--once", action="store_true", help="with --folder: sync with it without remembering it")
    p.set_defaults(func=partial(cmd_sync, open_collection=open_collection))
