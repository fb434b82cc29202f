"""`studyapp cards`, and the card writer's options (built-in or a language model), which `import` takes too."""

from __future__ import annotations

import argparse
import json
import textwrap

from ..cli_io import EXIT_OK, read_input


def cmd_cards(args: argparse.Namespace) -> int:
    from ..cards.generate import all_cards
    ts = read_input(args.file)
    written = write_cards(ts, args)
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


def register(sub: argparse._SubParsersAction) -> None:
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


def stored_settings() -> dict:
    """The collection's settings, read without opening it (it may be damaged, or open in the app): `cards` and
    `import` need only the card writer's choice."""
    from ..collection import Collection
    from ..collection.paths import default_collection_path
    return Collection.stored_settings(default_collection_path())


def write_cards(ts, args: argparse.Namespace):
    """The post's cards by the chosen writer; its report's lines (fallbacks, what the model did) go to stderr."""
    import sys

    from ..cards.writers import remote_refusal, write_cards
    from ..errors import StudyAppError
    from ..writer_settings import api_key_for, endpoint_problem, from_settings
    if args.endpoint and endpoint_problem(args.endpoint):
        raise StudyAppError(f"--endpoint: {endpoint_problem(args.endpoint)}")
    if args.timeout is not None and not 1 <= args.timeout <= 3600:
        raise StudyAppError("--timeout: must be 1 to 3600 seconds")
    ws = from_settings(stored_settings(), writer=args.writer, endpoint=args.endpoint, model=args.model, timeout=args.timeout)
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
