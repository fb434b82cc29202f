"""`studyapp` entry point: no arguments opens the app; subcommands are for scripting.

Each subcommand imports what it needs inside its handler, so `studyapp --help` and the GUI start stay fast.
Errors caused by input print one line on stderr and exit 2; argparse usage errors also exit 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import __version__
from .errors import StudyAppError

from .cli_io import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, read_input, write_output

__all__ = ["EXIT_INPUT", "EXIT_INTERNAL", "EXIT_OK", "build_parser", "main", "read_input"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        self.exit(EXIT_INPUT, f"{self.prog}: {message} (see '{self.prog} --help')\n")


# --- takeaway sets -------------------------------------------------------------------------------------------------

def cmd_convert(args: argparse.Namespace) -> int:
    from .takeaways import dump_yaml_set
    ts = read_input(args.file, args.format)
    for warning in ts.warnings:
        print(f"{args.file}: warning: {warning}", file=sys.stderr)
    write_output(dump_yaml_set(ts), args.output)
    return EXIT_OK


def inspect_data(ts) -> dict:
    return {
        "title": ts.title,
        "id": ts.id,
        "language": ts.language,
        "source": {"site": ts.source.site, "url": ts.source.url, "author": ts.source.author,
                   "published": ts.source.published, "tags": ts.source.tags},
        "intro": ts.intro,
        "tldw": ts.tldw_text or None,
        "tldw_bullets": ts.tldw if ts.tldw_is_list else [],
        "takeaways": [t.full_text for t in ts.takeaways],
        "sections": [s.heading for s in ts.sections],
        "thoughts": ts.thoughts,
        "truncated": ts.truncated,
        "warnings": ts.warnings,
        "notes": ts.notes,
        "trace": ts.trace,
    }


def cmd_inspect(args: argparse.Namespace) -> int:
    from .errors import InputError
    try:
        ts = read_input(args.file, args.format)
    except InputError as exc:
        if args.explain and exc.trace:
            print("How it was read:")
            for line in exc.trace:
                print(f"  {line}")
        elif exc.trace:  # one line still: the hint says how to see why
            raise InputError(f"{exc.message} (run 'studyapp inspect --explain' on it to see how it was read)",
                             path=exc.path, line=exc.line) from None
        raise
    data = inspect_data(ts)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    src = ts.source
    print(f"Title:      {ts.title}")
    print(f"Language:   {ts.language or 'unknown'}")
    if src.site or src.url:
        print(f"Source:     {' '.join(x for x in (src.site, src.url) if x)}")
    if src.author or src.published:
        print(f"By / date:  {src.author or '-'} / {src.published or '-'}")
    if src.tags:
        print(f"Tags:       {', '.join(src.tags)}")
    print(f"Intro:      {len(ts.intro)} paragraph(s)")
    print(f"TLDW:       {'yes' if ts.tldw else 'no'}{' (bullets)' if ts.tldw_is_list else ''}")
    print(f"Takeaways:  {len(ts.takeaways)}")
    print(f"Sections:   {len(ts.sections)}")
    print(f"Thoughts:   {len(ts.thoughts)} paragraph(s)")
    print(f"Truncated:  {'yes' if ts.truncated else 'no'}")
    for warning in ts.warnings:
        print(f"Warning:    {warning}")
    for note in ts.notes:
        print(f"Note:       {note}")
    # A post not fully read (anything to warn about beyond its encoding) shows which block was taken for what.
    if ts.trace and (args.explain or any(not w.startswith("read as ") for w in ts.warnings)):
        print("How it was read:")
        for line in ts.trace:
            print(f"  {line}")
    return EXIT_OK


def cmd_desktop_entry(args: argparse.Namespace) -> int:
    from .desktop import entry
    if args.install_desktop_entry:
        desktop_file, *icons = entry.install()
        print(f"Added StudyApp to the applications menu: {desktop_file} (starts {entry.installed_command()}); "
              f"icons in {icons[0].parents[2]}")
    else:
        removed = entry.remove()
        print("Removed " + ", ".join(map(str, removed)) if removed else
              f"No StudyApp menu entry to remove ({entry.entry_path()} does not exist)")
    return EXIT_OK


# --- parser --------------------------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="studyapp", description="Study what you read: takeaway posts become spaced-repetition cards. "
                     "Run without a command to open the app.")
    parser.add_argument("--version", action="version", version=f"StudyApp {__version__}")
    parser.add_argument("--collection", metavar="PATH",
                        help="collection file (default: $STUDYAPP_COLLECTION, else the user data folder)")
    entry = parser.add_mutually_exclusive_group()
    entry.add_argument("--install-desktop-entry", action="store_true",
                       help="add StudyApp to the desktop's applications menu (a .desktop file and an icon in your "
                            "XDG data folder)")
    entry.add_argument("--remove-desktop-entry", action="store_true", help="take that menu entry and icon away")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    fmt_choices = ("yaml", "markdown", "html", "text")

    p = sub.add_parser("convert", help="convert a post (text, Markdown, HTML, YAML) to the takeaway YAML format")
    p.add_argument("file", help="input file, - for standard input, or a post's web address")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.add_argument("--format", choices=fmt_choices, help="input format (default: detected)")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("inspect", help="show what was recognised in a post, and how")
    p.add_argument("file", help="input file, - for standard input, or a post's web address")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--explain", action="store_true",
                   help="always say which block was taken for what (shown anyway for a post not fully read)")
    p.add_argument("--format", choices=fmt_choices, help="input format (default: detected)")
    p.set_defaults(func=cmd_inspect)

    # Every other subcommand, by topic (studyapp/commands/), registered here and nowhere else.
    from .commands import cards, check, collection, export, feeds, reviews, stats, sync
    for register in (cards.register,  # cards
                     collection.register,  # import, decks, backup, restore, optimise
                     export.register,  # export
                     check.register,  # check
                     stats.register,  # stats
                     feeds.register,  # follow, unfollow, feeds, check-feeds
                     reviews.register,  # import-reviews
                     sync.register,  # sync
                     _register_completion):  # completion
        register(sub)
    for action in sub._choices_actions:  # each command's --help page opens with what it does
        command = sub.choices[action.dest]
        if not command.description and action.help:
            command.description = action.help[:1].upper() + action.help[1:] + "."
    return parser


def cmd_completion(args: argparse.Namespace) -> int:
    import argcomplete
    print(argcomplete.shellcode(["studyapp"], shell=args.shell))
    return EXIT_OK


def _register_completion(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("completion", help="print the shell code that completes studyapp's commands and options",
                       description="Print the code that makes your shell complete studyapp's commands, options "
                       "and file names (argcomplete). Bash and zsh: add eval \"$(studyapp completion bash)\" (or "
                       "zsh) to ~/.bashrc or ~/.zshrc. Fish: studyapp completion fish > "
                       "~/.config/fish/completions/studyapp.fish")
    p.add_argument("shell", choices=("bash", "zsh", "fish"), help="your shell")
    p.set_defaults(func=cmd_completion)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (see 'studyapp completion'): answer, exit
        import argcomplete
        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    if args.collection:
        os.environ["STUDYAPP_COLLECTION"] = args.collection
    try:
        if args.install_desktop_entry or args.remove_desktop_entry:
            return cmd_desktop_entry(args)
        if not getattr(args, "command", None):
            from .desktop.display import check_display
            problem = check_display()  # before Qt loads: Qt aborts the process when it cannot open a window
            if problem:
                print(problem, file=sys.stderr)
                return EXIT_INPUT
            from .gui.app import run_app
            return run_app()
        return args.func(args)
    except StudyAppError as exc:
        print(f"studyapp: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line; the traceback is for developers
        if os.environ.get("STUDYAPP_DEBUG"):
            raise
        print(f"studyapp: internal error: {type(exc).__name__}: {exc} (set STUDYAPP_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
