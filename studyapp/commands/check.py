"""`studyapp check`: the collection's health, repaired where it is safe."""

from __future__ import annotations

import argparse

from ..cli_io import EXIT_OK
from .shared import _open


def cmd_check(args: argparse.Namespace) -> int:
    from ..collection.health import check_collection, damaged_file_report
    from ..collection.paths import default_collection_path
    report = damaged_file_report(default_collection_path())  # a damaged file is reported, never opened to write
    if report is None:
        with _open() as col:
            report = check_collection(col, repair=not args.no_repair)
    for line in report.lines():
        print(line)
    return EXIT_OK if report.healthy else 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check the collection and repair what can be repaired safely (after a backup)")
    p.add_argument("--no-repair", action="store_true", help="only report")
    p.set_defaults(func=cmd_check)
