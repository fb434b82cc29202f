"""Followed sites: follow, unfollow, feeds, check-feeds."""

from __future__ import annotations

import argparse

from ..cli_io import EXIT_OK
from .shared import _open, print_import_report


def cmd_follow(args: argparse.Namespace) -> int:
    from ..web.feeds import follow
    with _open() as col:
        title = follow(col, args.feed)
    print(f"following {title} ({args.feed})")
    return EXIT_OK


def cmd_unfollow(args: argparse.Namespace) -> int:
    from ..web.feeds import unfollow
    with _open() as col:
        unfollow(col, args.feed)
    print(f"no longer following {args.feed}; its decks stay")
    return EXIT_OK


def cmd_feeds(args: argparse.Namespace) -> int:
    from ..web.feeds import followed
    with _open(readonly=True) as col:
        feeds = followed(col)
    for url, title in feeds:
        print(f"{title}  {url}")
    if not feeds:
        print("Not following any site. Add one with 'studyapp follow FEED_URL'.")
    return EXIT_OK


def cmd_check_feeds(args: argparse.Namespace) -> int:
    from ..web.feeds import new_posts, read_feed_post
    with _open() as col:
        posts = new_posts(col, args.feed)
        if not posts:
            print("No new posts.")
        for k, post in enumerate(posts, start=1):
            print(f"{k:>3}. {post.published or '          '}  {post.title}\n       {post.link}")
        if args.import_all and posts:
            import sys

            from ..errors import StudyAppError
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


def register(sub: argparse._SubParsersAction) -> None:
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
