"""`studyapp import-reviews PACKAGE`: bring reviews done in Anki (or AnkiDroid, AnkiMobile) back into the collection.
Registered in commands.COMMANDS (which passes its collection opener); the work is studyapp.anki.reviews."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial

from .cli_io import EXIT_OK


def cmd_import_reviews(args: argparse.Namespace, open_collection: Callable) -> int:
    from .anki.reviews import import_reviews
    with open_collection() as col:
        report = import_reviews(col, args.package, dry_run=args.dry_run)
    print(report.summary())
    if args.dry_run:
        print("(a dry run: nothing was changed)")
    return EXIT_OK


def register_import_reviews(sub: argparse._SubParsersAction, open_collection: Callable) -> None:
    """The subcommand; `open_collection` is the commands' own opener (it waits for the lock and says so)."""
    p = sub.add_parser("import-reviews", help="bring reviews done in Anki back: merge an Anki export's review "
                       "history (.apkg with scheduling, or .colpkg) into the collection",
                       description="Merge the reviews of StudyApp's cards from an Anki export (.apkg exported with "
                       "scheduling, or a .colpkg collection package) into the collection, and recompute each "
                       "card's schedule from its whole review history. Reviews already here are skipped; cards "
                       "suspended or buried in Anki are suspended or buried here; notes edited in Anki are listed, "
                       "not changed. One step: Undo in the app takes it back.")
    p.add_argument("package", help="the Anki export (.apkg or .colpkg)")
    p.add_argument("--dry-run", action="store_true", help="report what would be merged, change nothing")
    p.set_defaults(func=partial(cmd_import_reviews, open_collection=open_collection))
