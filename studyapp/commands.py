"""Subcommands beyond the takeaway tools, registered with the CLI parser."""

from __future__ import annotations

import argparse
import json
import textwrap

from .cli import EXIT_OK, EXTRA_COMMANDS


def cmd_cards(args: argparse.Namespace) -> int:
    from .cards import all_cards, generate
    from .takeaways import read_set
    ts = read_set(args.file)
    cards = all_cards(generate(ts))
    if args.json:
        print(json.dumps([c.to_json() for c in cards], ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{ts.title}\n{len(cards)} cards\n")
    for c in cards:
        print(f"[{c.kind}] {textwrap.fill(c.prompt, 100, subsequent_indent='  ')}")
        print(f"  -> {textwrap.fill(c.answer, 96, subsequent_indent='     ')}")
        if c.choices:
            print(f"     choices: {' | '.join(c.choices)}")
        print()
    return EXIT_OK


def _register_cards(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cards", help="show the cards a takeaway set would produce")
    p.add_argument("file", help="input file (YAML, Markdown, HTML, text), or - for standard input")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_cards)


EXTRA_COMMANDS.append(_register_cards)


# --- the collection ------------------------------------------------------------------------------------------------

def _open(readonly: bool = False):
    """The collection; reading commands open it read-only (beside a running app) once it exists. Changing commands
    wait up to $STUDYAPP_LOCK_WAIT seconds (default 10) for another StudyApp to finish with it, and say so."""
    from .collection import Collection
    from .collection.create import is_created
    from .collection.paths import default_collection_path
    path = default_collection_path()
    if readonly and is_created(path):
        return Collection.open(path, readonly=True)
    col = Collection.open(path, wait=lock_wait(), on_wait=_say_waiting(path))
    _warn(col.warnings)
    return col


def _warn(warnings: list[str]) -> None:
    import sys
    for warning in warnings:
        print(f"studyapp: warning: {warning}", file=sys.stderr)
    warnings.clear()


def lock_wait() -> float:
    import os
    try:
        return max(0.0, float(os.environ.get("STUDYAPP_LOCK_WAIT", "10")))
    except ValueError:
        return 10.0


def _say_waiting(path):
    import sys

    def say(holder: str) -> None:
        who = f" (process {holder})" if holder else ""
        print(f"studyapp: {path} is open in another StudyApp{who}; waiting up to {lock_wait():g} s for it",
              file=sys.stderr, flush=True)
    return say


def _deck_id(col, name: str | None) -> int | None:
    from .errors import StudyAppError
    if name is None:
        return None
    deck_id = col.deck_id(name)
    if deck_id is None:
        raise StudyAppError(f"no deck called {name!r} (see 'studyapp decks')")
    return deck_id


def cmd_import(args: argparse.Namespace) -> int:
    from .takeaways import read_set
    from pathlib import Path

    from .web.fetch import check_address, is_web_address, read_post
    if "://" in args.file and not Path(args.file).exists():
        check_address(args.file)  # any other scheme (file:, ftp:, javascript:) is refused by name
    # Read (and fail) before opening the collection: bad input changes nothing.
    ts = read_post(args.file) if is_web_address(args.file) else read_set(args.file)
    with _open() as col:
        report = col.import_set(ts, deck_name=args.deck)
        report.warnings = list(ts.warnings) + report.warnings
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(report.summary())
    print(f"cards: {report.cards_added} added, {report.cards_retired} retired")
    for text in report.retired:
        print(f"retired (suspended, history kept): {text}")
    for text in report.conflicts:
        print(f"kept your edit (the set changed this note too): {text}")
    for warning in report.warnings:
        print(f"warning: {warning}")
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
    with _open(readonly=True) as col:  # a backup only reads: it works beside the running app
        path = col.backup(explicit=True)
    print(f"backed up to {path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .collection import Collection
    from .collection.paths import default_collection_path
    from .collection.backup import newest_good_backup
    path = default_collection_path()
    chosen = args.backup or newest_good_backup(path)  # restore() says so in one line when there is none
    saved = Collection.restore(chosen, path, wait=lock_wait(), on_wait=_say_waiting(path))
    if saved == path:
        print(f"restored {path} from {chosen}")
    else:
        print(f"restored {path} from {chosen}; the replaced collection was saved as {saved}")
    return EXIT_OK


def cmd_optimize(args: argparse.Namespace) -> int:
    from .collection.optimize import optimize
    with _open() as col:
        result = optimize(col, _deck_id(col, args.deck))
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


def _register_collection(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import (or re-import) a takeaway set into the collection")
    p.add_argument("file", help="YAML, Markdown, HTML or text file, - for standard input, or a post's web address")
    p.add_argument("--deck", help="deck name for a new set (default: the set's title)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("decks", help="list decks with their new, learning and due counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_decks)
    p = sub.add_parser("backup", help="back up the collection now")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="replace the collection with a backup, checked first (the current one is kept "
                       "as a backup)")
    p.add_argument("backup", nargs="?", help="a backup file (see the backups folder beside the collection); default: "
                   "the newest backup that passes the check")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("optimize", help="fit FSRS parameters to your reviews; applied only if they are better")
    p.add_argument("--deck", help="use only this deck's reviews")
    p.add_argument("--dry-run", action="store_true", help="report, but do not apply")
    p.set_defaults(func=cmd_optimize)


EXTRA_COMMANDS.append(_register_collection)


# --- export --------------------------------------------------------------------------------------------------------

def cmd_export(args: argparse.Namespace) -> int:
    from .errors import StudyAppError
    with _open(readonly=True) as col:
        deck_ids = [_deck_id(col, name) for name in args.deck] if args.deck else None
        if args.format == "apkg":
            if not args.output:
                raise StudyAppError("give the package's file name with -o FILE.apkg")
            from .anki.exporter import export_apkg
            result = export_apkg(col, args.output, deck_ids, with_scheduling=args.with_scheduling)
            print(result.summary())
            return EXIT_OK
        if not deck_ids or len(deck_ids) != 1:
            raise StudyAppError("exporting a takeaway set needs exactly one --deck NAME")
        ts = col.takeaway_set(deck_ids[0])
        if ts is None:
            raise StudyAppError(f"deck {args.deck[0]!r} was not imported from a takeaway set")
    if args.format == "yaml":
        from .takeaways import dump_yaml_set
        text = dump_yaml_set(ts)
    else:
        from .takeaways.markdown_writer import dump_markdown_set
        text = dump_markdown_set(ts)
    from .cli import _write_output
    _write_output(text, args.output)
    return EXIT_OK


def _register_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export decks to Anki (.apkg), or a deck's takeaway set as YAML or Markdown")
    p.add_argument("--deck", action="append", help="a deck to export (repeatable; default: all decks)")
    p.add_argument("-o", "--output", help="output file (.apkg for Anki; YAML/Markdown default to standard output)")
    p.add_argument("--format", choices=("apkg", "yaml", "markdown"), default="apkg")
    p.add_argument("--with-scheduling", action="store_true",
                   help="include each card's schedule and review history (Anki: import with scheduling)")
    p.set_defaults(func=cmd_export)


EXTRA_COMMANDS.append(_register_export)


# --- health --------------------------------------------------------------------------------------------------------

def cmd_check(args: argparse.Namespace) -> int:
    from .collection.health import check_collection, damaged_file_report
    from .collection.paths import default_collection_path
    report = damaged_file_report(default_collection_path())  # a damaged file is reported, never opened to write
    if report is None:
        with _open() as col:
            report = check_collection(col, repair=not args.no_repair)
    for line in report.lines():
        print(line)
    return EXIT_OK if report.healthy else 1


def _register_check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check the collection and repair what can be repaired safely (after a backup)")
    p.add_argument("--no-repair", action="store_true", help="only report")
    p.set_defaults(func=cmd_check)


EXTRA_COMMANDS.append(_register_check)


# --- statistics ----------------------------------------------------------------------------------------------------

def cmd_stats(args: argparse.Namespace) -> int:
    from .collection.stats import compute_stats
    with _open(readonly=True) as col:
        stats = compute_stats(col, _deck_id(col, args.deck))
    if args.json:
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    pct = lambda v: "-" if v is None else f"{v:.0%}"  # noqa: E731
    print(f"{stats.deck}")
    print(f"today: {stats.today_studied} cards in {stats.today_seconds / 60:.1f} min, again-rate "
          f"{pct(stats.today_again_rate)}, true retention {pct(stats.today_true_retention)}")
    print(f"due in the next 7 days: {', '.join(map(str, stats.forecast[:7]))}")
    print(f"reviews in the past year: {stats.total_reviews} on {len(stats.calendar)} days")
    if stats.retention_by_week:
        recent = stats.retention_by_week[-4:]
        print("true retention, last weeks: " + ", ".join(f"{w} {r:.0%}" for w, r, _ in recent) +
              f" (desired {stats.desired_retention:.0%})")
    print("cards: " + ", ".join(f"{k} {v}" for k, v in stats.states.items()))
    return EXIT_OK


def _register_stats(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="statistics: today, forecast, calendar, retention, card states")
    p.add_argument("--deck", help="one deck (default: all)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)


EXTRA_COMMANDS.append(_register_stats)


# --- the web -------------------------------------------------------------------------------------------------------

def cmd_follow(args: argparse.Namespace) -> int:
    from .web.feeds import follow
    with _open() as col:
        title = follow(col, args.feed)
    print(f"following {title} ({args.feed})")
    return EXIT_OK


def cmd_unfollow(args: argparse.Namespace) -> int:
    from .web.feeds import unfollow
    with _open() as col:
        unfollow(col, args.feed)
    print(f"no longer following {args.feed}; its decks stay")
    return EXIT_OK


def cmd_feeds(args: argparse.Namespace) -> int:
    from .web.feeds import followed
    with _open(readonly=True) as col:
        feeds = followed(col)
    for url, title in feeds:
        print(f"{title}  {url}")
    if not feeds:
        print("Not following any site. Add one with 'studyapp follow FEED_URL'.")
    return EXIT_OK


def cmd_check_feeds(args: argparse.Namespace) -> int:
    from .web.feeds import new_posts, read_feed_post
    with _open() as col:
        posts = new_posts(col, args.feed)
        if not posts:
            print("No new posts.")
        for k, post in enumerate(posts, start=1):
            print(f"{k:>3}. {post.published or '          '}  {post.title}\n       {post.link}")
        if args.import_all and posts:
            import sys

            from .errors import StudyAppError
            skipped = 0
            for post in posts:
                try:  # one bad post (a broken link, a page without takeaways) never stops the others
                    report = col.import_set(read_feed_post(post))
                except StudyAppError as exc:
                    skipped += 1
                    print(f"studyapp: skipped {post.title!r}: {exc}", file=sys.stderr)
                    continue
                print(report.summary())
            if skipped:
                print(f"{skipped} of {len(posts)} posts skipped (see above)")
        elif posts:
            print("Import one with 'studyapp import ADDRESS', or all with 'studyapp check-feeds --import-all'.")
    return EXIT_OK


def _register_web(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("follow", help="follow a site's RSS or Atom feed")
    p.add_argument("feed", help="the feed's address")
    p.set_defaults(func=cmd_follow)
    p = sub.add_parser("unfollow", help="stop following a feed (its decks stay)")
    p.add_argument("feed")
    p.set_defaults(func=cmd_unfollow)
    p = sub.add_parser("feeds", help="list followed sites")
    p.set_defaults(func=cmd_feeds)
    p = sub.add_parser("check-feeds", help="list posts of followed sites not imported yet")
    p.add_argument("--feed", help="check only this feed")
    p.add_argument("--import-all", action="store_true", help="import every new post")
    p.set_defaults(func=cmd_check_feeds)


EXTRA_COMMANDS.append(_register_web)
