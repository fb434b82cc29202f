"""The collection's subcommands: import, decks, backup, restore, optimise."""

from __future__ import annotations

import argparse
import json

from ..cli_io import EXIT_OK, read_input
from .cards import add_writer_arguments, write_cards
from .shared import DECK_HELP, _deck_id, _open, _say_waiting, lock_wait, print_import_report


def cmd_import(args: argparse.Namespace) -> int:
    # Read (and fail) before opening the collection: bad input changes nothing.
    ts = read_input(args.file)
    # Cards first, with the collection closed: a model may take minutes, and the app must not wait on us meanwhile.
    written = write_cards(ts, args)
    with _open() as col:  # waits (and says so) while the app or another command has it
        report = col.import_set(ts, deck_name=args.deck, notes=written.notes)
        report.warnings = list(ts.notes) + list(ts.warnings) + report.warnings  # routine notes print as one note
    if args.json:
        print(json.dumps({**report.to_json(), "writer": written.lines()}, ensure_ascii=False, indent=2))
        return EXIT_OK
    print_import_report(report)
    return EXIT_OK


def cmd_decks(args: argparse.Namespace) -> int:
    with _open(readonly=True) as col:
        decks = col.decks()
    if args.json:
        print(json.dumps([d.__dict__ for d in decks], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not decks:
        print("No decks yet. Import a takeaway set with 'studyapp import FILE'.")
    for d in decks:
        print(f"{d.new:>5} new {d.learning:>4} learning {d.due:>5} due {d.total:>6} total  {d.name}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    if args.list:
        from ..collection.backup import backup_dir, list_backups
        from ..collection.paths import default_collection_path
        collection = default_collection_path()
        backups = list_backups(collection)
        print(f"backups of {collection} in {backup_dir(collection)}:" if backups else
              f"no backups yet of {collection} (they go to {backup_dir(collection)})")
        for when, path in backups:
            print(f"  {when:%Y-%m-%d %H:%M} UTC  {path.stat().st_size / 1e6:7.1f} MB  {path}")
        if backups:
            print("restore one with 'studyapp restore FILE'")
        return EXIT_OK
    with _open(readonly=True) as col:  # a backup only reads: it works beside the running app
        path = col.backup(explicit=True)
    print(f"backed up to {path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from ..collection import Collection
    from ..collection.paths import default_collection_path
    from ..collection.backup import newest_good_backup
    path = default_collection_path()
    chosen = args.backup or newest_good_backup(path)  # restore() says so in one line when there is none
    saved = Collection.restore(chosen, path, wait=lock_wait(), on_wait=_say_waiting(path))
    if saved == path:
        print(f"restored {path} from {chosen}")
    else:
        print(f"restored {path} from {chosen}; the replaced collection was saved as {saved}")
    return EXIT_OK


def cmd_optimise(args: argparse.Namespace) -> int:
    from ..collection.optimize import MIN_REVIEWS, optimize, training_items
    from ..errors import StudyAppError
    with _open() as col:
        deck_id = _deck_id(col, args.deck)
        try:
            result = optimize(col, deck_id)
        except StudyAppError:
            count = training_items(col, deck_id)[1]
            if count >= MIN_REVIEWS:
                raise
            # Too few reviews is an answer, not an error: nothing is wrong with the input.
            print(f"not enough reviews yet: optimising needs {MIN_REVIEWS}, this "
                  f"{'deck' if deck_id else 'collection'} has {count}; the current parameters stay")
            return EXIT_OK
        print(f"reviews used: {result.reviews}")
        print(f"log loss: {result.log_loss_before:.4f} -> {result.log_loss_after:.4f}")
        print(f"RMSE:     {result.rmse_before:.4f} -> {result.rmse_after:.4f}")
        if not result.better:
            print("the current parameters are as good or better; nothing changed")
        elif args.dry_run:
            print("better parameters found (not applied: --dry-run)")
        else:
            col.set_settings(fsrs_parameters=result.parameters)
            print("applied the new parameters")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import (or re-import) a takeaway set into the collection",
                       description="Import a post (or re-import it: edited notes keep their history, new ones are "
                       "added, vanished ones are suspended) into the collection, in one transaction.")
    p.add_argument("file", help="YAML, Markdown, HTML or text file, - for standard input, or a post's web address")
    p.add_argument("--deck", help="deck name for a new set (default: the set's title)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    add_writer_arguments(p)
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("decks", help="list decks with their new, learning and due counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_decks)
    p = sub.add_parser("backup", help="back up the collection now, or list its backups",
                       description="Back up the collection now (backups go to the 'backups' folder beside it; "
                       "the app also makes one a day), or list them with --list.")
    p.add_argument("--list", action="store_true", help="list the backups, newest first, with where they are")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="replace the collection with a backup, checked first (the current one is kept "
                       "as a backup)",
                       description="Replace the collection with one of its backups, checked first. Backups are in the "
                       "'backups' folder beside the collection; 'studyapp backup --list' lists them with their paths. "
                       "Without a file, the newest backup that passes the check is used. The collection being "
                       "replaced is saved as a backup first.")
    p.add_argument("backup", nargs="?", help="a backup file, as listed by 'studyapp backup --list'; default: the "
                   "newest backup that passes the check")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("optimise", help="fit FSRS parameters to your reviews; applied only if they are better")
    p.add_argument("--deck", help=f"use only this deck's reviews: {DECK_HELP}")
    p.add_argument("--dry-run", action="store_true", help="report, but do not apply")
    p.set_defaults(func=cmd_optimise)
    sub.choices["optimize"] = p  # the US spelling still works for old scripts, unlisted: one spelling is shown
