"""`studyapp stats`: today, the forecast, the calendar, retention and card states."""

from __future__ import annotations

import argparse
import json

from ..cli_io import EXIT_OK
from .shared import DECK_HELP, _deck_id, _open


def cmd_stats(args: argparse.Namespace) -> int:
    from ..collection.stats import compute_stats
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


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="statistics: today, forecast, calendar, retention, card states")
    p.add_argument("--deck", help=f"{DECK_HELP} (default: all decks)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)
