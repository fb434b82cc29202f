"""Followed sites: RSS and Atom feeds (feedparser). New posts are listed; the user picks which to import.

A post already imported is recognised by its address (the set's source URL, or the set id made from it), so it is
not offered again. A feed that carries the full post (WordPress's content:encoded) is read from the feed itself;
otherwise the post's page is fetched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError, StudyAppError
from ..takeaways.model import slugify
from .fetch import FEED_TYPES, check_address, fetch, read_post

if TYPE_CHECKING:
    from ..collection import Collection
    from ..takeaways import TakeawaySet


@dataclass
class FeedPost:
    feed: str
    title: str
    link: str
    published: str  # ISO date, or ""
    content: str  # the full post's HTML when the feed carries it, else ""


def _parse(url: str, timeout: float):
    import feedparser
    page = fetch(url, accept=FEED_TYPES + ("text/html",), timeout=timeout)
    parsed = feedparser.parse(page.body)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        raise InputError("is not an RSS or Atom feed", path=url)
    return parsed


def follow(col: Collection, url: str, timeout: float = 15.0) -> str:
    url = check_address(url)
    parsed = _parse(url, timeout)
    title = parsed.feed.get("title", "") or url
    with col.transaction():
        col.conn.execute("INSERT INTO feeds(url, title, added) VALUES (?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                         "title = excluded.title", (url, title, int(time.time())))
    return title


def unfollow(col: Collection, url: str) -> None:
    """Stop following; the decks made from its posts stay."""
    with col.transaction():
        if col.conn.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount == 0:
            raise StudyAppError(f"not following {url}")


def followed(col: Collection) -> list[tuple[str, str]]:
    return [(r["url"], r["title"]) for r in col.conn.execute("SELECT url, title FROM feeds ORDER BY title")]


def imported_addresses(col: Collection) -> set[str]:
    out: set[str] = set()
    for r in col.conn.execute("SELECT id, json_extract(source, '$.url') AS url FROM sets"):
        out.add(r["id"])
        if r["url"]:
            out.add(_norm(r["url"]))
    return out


def _norm(url: str) -> str:
    return url.strip().rstrip("/").replace("http://", "https://", 1).lower()


def new_posts(col: Collection, feed_url: str | None = None, timeout: float = 15.0) -> list[FeedPost]:
    """Posts of the followed feeds (or one feed) that are not imported yet, newest first."""
    feeds = [feed_url] if feed_url else [u for u, _ in followed(col)]
    known = imported_addresses(col)
    out: list[FeedPost] = []
    for url in feeds:
        parsed = _parse(url, timeout)
        for e in parsed.entries:
            link = e.get("link", "")
            if not link or _norm(link) in known or slugify(link) in known:
                continue
            published = ""
            if e.get("published_parsed"):
                published = time.strftime("%Y-%m-%d", e.published_parsed)
            content = ""
            if e.get("content"):
                content = max((c.get("value", "") for c in e.content), key=len)
            out.append(FeedPost(feed=url, title=e.get("title", link), link=link, published=published,
                                content=content))
    if not feed_url:
        with col.transaction():
            col.conn.execute("UPDATE feeds SET checked = ?", (int(time.time()),))
    return sorted(out, key=lambda p: p.published, reverse=True)


def read_feed_post(post: FeedPost, timeout: float = 15.0) -> TakeawaySet:
    """The post as a takeaway set: from the feed's full content when there is some, else from its page."""
    from ..takeaways.read import read_set_from_text
    if post.content and len(post.content) > 200:  # a summary is short; a full post has its takeaways
        import html
        page = f"<html><body><article><h1>{html.escape(post.title)}</h1>{post.content}</article></body></html>"
        try:
            ts = read_set_from_text(page, post.link, "html")
        except InputError:
            ts = None
        if ts is not None and ts.takeaways:
            ts.source.url = post.link
            ts.source.published = ts.source.published or post.published or None
            ts.id = ""
            ts.__post_init__()
            return ts
    return read_post(post.link, timeout=timeout)
