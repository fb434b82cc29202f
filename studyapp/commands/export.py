"""`studyapp export`: decks to an Anki package, or a deck's takeaway set as YAML or Markdown."""

from __future__ import annotations

import argparse

from ..cli_io import EXIT_OK, write_output
from .shared import DECK_HELP, _deck_id, _open


def cmd_export(args: argparse.Namespace) -> int:
    from ..errors import StudyAppError
    with _open(readonly=True) as col:
        deck_ids = [_deck_id(col, name) for name in args.deck] if args.deck else None
        if args.format != "apkg" and deck_ids is None:
            decks = col.decks()
            if len(decks) == 1:  # the only deck is the one meant
                deck_ids = [decks[0].id]
        if args.format == "apkg":
            if not args.output:
                raise StudyAppError("give the package's file name with -o FILE.apkg")
            from ..anki.exporter import export_apkg
            result = export_apkg(col, args.output, deck_ids, with_scheduling=args.with_scheduling)
            print(result.summary())
            return EXIT_OK
        if not deck_ids or len(deck_ids) != 1:
            raise StudyAppError(f"--format {args.format} exports one deck's takeaway set: give one --deck "
                                "(its name, id, or the start of its name; see 'studyapp decks')")
        ts = col.takeaway_set(deck_ids[0])
        if ts is None:
            raise StudyAppError(f'deck "{args.deck[0] if args.deck else deck_ids[0]}" was not imported from a '
                                "takeaway set")
    if args.format == "yaml":
        from ..takeaways import dump_yaml_set
        text = dump_yaml_set(ts)
    else:
        from ..takeaways.markdown_writer import dump_markdown_set
        text = dump_markdown_set(ts)
    write_output(text, args.output)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export decks to Anki (.apkg), or a deck's takeaway set as YAML or Markdown",
                       description="Export decks to an Anki package (.apkg), or one deck's takeaway set as YAML or "
                       "Markdown (the formats 'studyapp import' reads).")
    p.add_argument("--deck", action="append",
                   help=f"{DECK_HELP}. apkg: repeatable, default all decks; yaml and markdown: exactly one deck "
                        "(may be left out when there is only one)")
    p.add_argument("-o", "--output", help="output file (.apkg for Anki; YAML/Markdown default to standard output)")
    p.add_argument("--format", choices=("apkg", "yaml", "markdown"), default="apkg",
                   help="apkg: an Anki package of the decks' cards (default); yaml or markdown: one deck's "
                        "takeaway set, as it was imported (edits included)")
    p.add_argument("--with-scheduling", action="store_true",
                   help="include each card's schedule and review history (Anki: import with scheduling)")
    p.set_defaults(func=cmd_export)
