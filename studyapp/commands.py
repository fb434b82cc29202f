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
