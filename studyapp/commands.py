"""Subcommands beyond the takeaway tools: the collection, cards, export, check, stats and feeds. `COMMANDS` lists
their registrations; cli.build_parser() calls them. Shared helpers come from cli_io, never from cli."""

from __future__ import annotations

import argparse
import json
import textwrap

from .cli_io import EXIT_OK, read_input, write_output
from .reviews_command import register_import_reviews
from .sync_command import register_sync


def cmd_cards(args: argparse.Namespace) -> int:
    from .cards.generate import all_cards
    ts = read_input(args.file)
    written = _write_cards(ts, args)
    cards = all_cards(written.notes)
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
    p.add_argument("file", help="input file (YAML, Markdown, HTML, text), - for standard input, or a post's web "
                   "address")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_writer_arguments(p)
    p.set_defaults(func=cmd_cards)


# --- the card writer (built-in or a language model) ----------------------------------------------------------------

def add_writer_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("card writer (default: as in Settings; else the built-in writer)")
    g.add_argument("--writer", choices=("builtin", "model"), help="who writes the cards")
    g.add_argument("--endpoint", metavar="URL", help="OpenAI-compatible API (default http://localhost:11434/v1, "
                   "Ollama)")
    g.add_argument("--model", metavar="NAME", help="model name (default llama3.1)")
    g.add_argument("--timeout", metavar="SECONDS", type=float, help="for one request (default 120)")
    g.add_argument("--allow-remote", action="store_true",
                   help="agree to send the post to an endpoint that is not on this machine")


def _stored_settings() -> dict:
    """The collection's settings, read without opening it (it may be damaged, or open in the app): `cards` and
    `import` need only the card writer's choice."""
    from .collection import Collection
    from .collection.paths import default_collection_path
    return Collection.stored_settings(default_collection_path())


def _write_cards(ts, args: argparse.Namespace):
    """The post's cards by the chosen writer; its report's lines (fallbacks, what the model did) go to stderr."""
    import sys

    from .cards.writers import remote_refusal, write_cards
    from .errors import StudyAppError
    from .writer_settings import api_key_for, endpoint_problem, from_settings
    if args.endpoint and endpoint_problem(args.endpoint):
        raise StudyAppError(f"--endpoint: {endpoint_problem(args.endpoint)}")
    if args.timeout is not None and not 1 <= args.timeout <= 3600:
        raise StudyAppError("--timeout: must be 1 to 3600 seconds")
    ws = from_settings(_stored_settings(), writer=args.writer, endpoint=args.endpoint, model=args.model, timeout=args.timeout)
    if ws.writer == "model":
        ws.remote_approved = ws.remote_approved or args.allow_remote
        if remote_refusal(ws) and args.file != "-" and sys.stdin.isatty():
            try:
                answer = input(f"Send this post's text to {ws.endpoint}, which is not on this machine? [y/N] ")
            except EOFError:
                answer = ""
            ws.remote_approved = answer.strip().lower() in ("y", "yes")
        if remote_refusal(ws):
            raise StudyAppError(f"{ws.endpoint} is not on this machine: the post's text would leave it; "
                                f"add --allow-remote to agree")
        ws.api_key = api_key_for(ws.endpoint)
    written = write_cards(ts, ws)
    for line in written.lines():
        print(f"note: {line}", file=sys.stderr)
    return written




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


DECK_HELP = "a deck: its name, its id (from 'studyapp decks --json'), or the unambiguous start of its name"


def _deck_id(col, name: str | None) -> int | None:
    """The deck a user means: an exact name, a deck id, or a case-insensitive start of exactly one deck's name
    (titles run to 140 characters; nobody types them whole)."""
    from .errors import StudyAppError
    if name is None:
        return None
    deck_id = col.deck_id(name)
    if deck_id is not None:
        return deck_id
    decks = col.decks()
    if name.strip().isdigit() and int(name) in {d.id for d in decks}:
        return int(name)
    wanted = " ".join(name.split()).casefold()
    matches = [d for d in decks if d.name.casefold().startswith(wanted)] if wanted else []
    if len(matches) == 1:
        return matches[0].id
    if matches:
        names = "; ".join(f'"{_short(d.name)}" ({d.id})' for d in matches[:5])
        raise StudyAppError(f'"{name}" could be {len(matches)} decks: {names}. Type more of the name, or the id')
    raise StudyAppError(f'no deck called "{name}" (see \'studyapp decks\')')


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def print_import_report(report) -> None:
    """The deck once (and the post's title only if the deck is named differently), then counts, then what the user
    should look at; the post's routine gaps (no TLDW, no Thoughts...) are one note, not warnings."""
    from .notices import missing_note, split_warnings
    named = "" if report.title == report.deck_name else f' from "{report.title}"'
    print(f'imported into deck "{report.deck_name}"{named}')
    print(f"notes: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
          f"{len(report.retired)} retired" + (f", {len(report.conflicts)} kept as you edited them"
                                               if report.conflicts else ""))
    print(f"cards: {report.cards_added} added, {report.cards_retired} retired")
    for text in report.retired:
        print(f"retired (suspended, history kept): {text}")
    for text in report.conflicts:
        print(f"kept your edit (the post changed this note too): {text}")
    missing, real = split_warnings(report.warnings)
    if missing:
        print(f"note: {missing_note(missing)}")
    for warning in real:
        print(f"warning: {warning}")


def cmd_import(args: argparse.Namespace) -> int:
    # Read (and fail) before opening the collection: bad input changes nothing.
    ts = read_input(args.file)
    # Cards first, with the collection closed: a model may take minutes, and the app must not wait on us meanwhile.
    written = _write_cards(ts, args)
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
        from .collection.backup import backup_dir, list_backups
        from .collection.paths import default_collection_path
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


def cmd_optimise(args: argparse.Namespace) -> int:
    from .collection.optimize import MIN_REVIEWS, optimize, training_items
    from .errors import StudyAppError
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


def _register_collection(sub: argparse._SubParsersAction) -> None:
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




# --- export --------------------------------------------------------------------------------------------------------

def cmd_export(args: argparse.Namespace) -> int:
    from .errors import StudyAppError
    with _open(readonly=True) as col:
        deck_ids = [_deck_id(col, name) for name in args.deck] if args.deck else None
        if args.format != "apkg" and deck_ids is None:
            decks = col.decks()
            if len(decks) == 1:  # the only deck is the one meant
                deck_ids = [decks[0].id]
        if args.format == "apkg":
            if not args.output:
                raise StudyAppError("give the package's file name with -o FILE.apkg")
            from .anki.exporter import export_apkg
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
        from .takeaways import dump_yaml_set
        text = dump_yaml_set(ts)
    else:
        from .takeaways.markdown_writer import dump_markdown_set
        text = dump_markdown_set(ts)
    write_output(text, args.output)
    return EXIT_OK


def _register_export(sub: argparse._SubParsersAction) -> None:
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
    p.add_argument("--deck", help=f"{DECK_HELP} (default: all decks)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)




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
                    ts = read_feed_post(post)
                    report = col.import_set(ts)
                except StudyAppError as exc:
                    skipped += 1
                    print(f"studyapp: skipped {post.title!r}: {exc}", file=sys.stderr)
                    continue
                report.warnings = list(ts.notes) + list(ts.warnings) + report.warnings
                print_import_report(report)
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
    p.add_argument("feed", help="the feed's address, as 'studyapp feeds' lists it")
    p.set_defaults(func=cmd_unfollow)
    p = sub.add_parser("feeds", help="list followed sites")
    p.set_defaults(func=cmd_feeds)
    p = sub.add_parser("check-feeds", help="list posts of followed sites not imported yet")
    p.add_argument("--feed", help="check only this feed")
    p.add_argument("--import-all", action="store_true", help="import every new post")
    p.set_defaults(func=cmd_check_feeds)


def _register_import_reviews(sub: argparse._SubParsersAction) -> None:
    register_import_reviews(sub, _open)  # reviews back from Anki: reviews_command.py
    register_sync(sub, _open)  # two computers: sync_command.py


# Every subcommand this module adds; cli.build_parser() registers them (explicitly: no import-time side effects).
COMMANDS = (_register_cards, _register_collection, _register_export, _register_check, _register_stats, _register_web,
            _register_import_reviews)
