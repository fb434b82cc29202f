"""Import from the web, against a real HTTP server on 127.0.0.1 serving pages and feeds written for these tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from studyapp.collection import Collection
from studyapp.errors import InputError
from studyapp.web.feeds import follow, new_posts, read_feed_post, unfollow
from studyapp.web.fetch import fetch, read_post

pytest.importorskip("pytest_httpserver")

POST = """<!DOCTYPE html><html><head><title>Mira Okafor on Quiet Batteries – ExampleBlog</title>
<meta property="og:site_name" content="ExampleBlog">
<script>window.tracking = true;</script><style>.x{}</style></head><body>
<nav><a href="/">Home</a><a href="/about">About</a></nav>
<article><h1>Mira Okafor on Quiet Batteries</h1>
<p>Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat.</p>
<h2>TLDW</h2><p>Heat, not chemistry, decides battery life.</p>
<h2>Key Takeaways</h2><ul>
<li>Sodium cells from the Okafor lab lasted eleven years in the Atacama test field.</li>
<li>The lab licenses its cell design to Norsk Volt under a royalty-free agreement.</li>
<li>Passive cooling with sand beds cut peak cell temperature by fourteen degrees.</li></ul>
<h2>Thoughts</h2><p>Cheap cooling matters more than exotic chemistry.</p>
</article><aside class="sidebar"><p>Other posts you might like</p></aside>
<script>document.write("ad")</script></body></html>"""


def feed(base: str) -> str:
    def item(n: int, title: str, content: str = "") -> str:
        body = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        return (f"<item><title>{title}</title><link>{base}/post-{n}</link>"
                f"<pubDate>Mon, 0{n} Nov 2026 10:00:00 +0000</pubDate>{body}</item>")
    full = ("<p>Ravi Menon explains how Tromsø's harbour became electric within three winters.</p>"
            "<h2>Key Takeaways</h2><ul><li>Tromsø electrified its harbour ferries in three winters.</li>"
            "<li>Shore power from the Alta dam covers ninety percent of berth demand.</li>"
            "<li>Menon credits the Norwegian Ferry Act for fixed charging standards.</li></ul>"
            "<p>More detail than a short summary ever holds, because feeds often carry the whole post.</p>")
    return ("<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
            "<channel><title>ExampleBlog</title><link>" + base + "</link>"
            + item(1, "Mira Okafor on Quiet Batteries") + item(2, "Ravi Menon on Electric Harbours", full)
            + item(3, "A Third Post") + "</channel></rss>")


@pytest.fixture
def col(tmp_path):
    c = Collection.open(tmp_path / "web.sqlite", bundled=False, autobackup=False)
    yield c
    c.close()


def test_import_a_post_from_its_address(httpserver, col):
    httpserver.expect_request("/post-1").respond_with_data(POST, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/post-1")
    ts = read_post(url)
    assert ts.title == "Mira Okafor on Quiet Batteries" and len(ts.takeaways) == 3
    assert ts.source.url == url and ts.source.site == "ExampleBlog"
    assert "tracking" not in repr(ts) and "Home" not in repr(ts) and "Other posts" not in repr(ts)
    first = col.import_set(ts)
    assert first.added >= 3
    again = col.import_set(read_post(url))  # the same address again is a re-import
    assert again.added == 0 and again.deck_id == first.deck_id


def test_redirect_is_followed_and_recorded(httpserver):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/post-1"})
    httpserver.expect_request("/post-1").respond_with_data(POST, content_type="text/html")
    ts = read_post(httpserver.url_for("/old"))
    assert ts.source.url == httpserver.url_for("/post-1")


def test_too_many_redirects(httpserver):
    for k in range(8):
        httpserver.expect_request(f"/r{k}").respond_with_data("", status=302, headers={"Location": f"/r{k + 1}"})
    with pytest.raises(InputError, match="redirects more than 5 times"):
        fetch(httpserver.url_for("/r0"))


def test_errors_are_one_line(httpserver):
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/doc.pdf").respond_with_data(b"%PDF-1.4", content_type="application/pdf")
    httpserver.expect_request("/huge").respond_with_data("x" * (6 * 1024 * 1024), content_type="text/html")
    httpserver.expect_request("/nothing").respond_with_data("<html><body><p>Just a page.</p></body></html>",
                                                            content_type="text/html")
    cases = [("/missing", "404"), ("/doc.pdf", "not a web page"), ("/huge", "too large"),
             ("/nothing", "no takeaways or summary sections")]
    for path, fragment in cases:
        with pytest.raises(InputError) as info:
            read_post(httpserver.url_for(path))
        assert fragment in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(InputError, match="only http and https"):
        read_post("file:///etc/passwd")


def test_slow_response_times_out(httpserver):
    def slow(request):
        time.sleep(3)
        from werkzeug import Response
        return Response(POST, content_type="text/html")
    httpserver.expect_request("/slow").respond_with_handler(slow)
    start = time.monotonic()
    with pytest.raises(InputError, match="did not answer within 1 s|took longer"):
        fetch(httpserver.url_for("/slow"), timeout=1)
    assert time.monotonic() - start < 2.5


def test_offline_or_unknown_host():
    with pytest.raises(InputError, match="cannot be found|cannot be reached"):
        fetch("http://no-such-host.invalid/post")


def test_follow_a_feed_and_import_new_posts(httpserver, col):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed").respond_with_data(feed(base), content_type="application/rss+xml")
    httpserver.expect_request("/post-1").respond_with_data(POST, content_type="text/html")
    col.import_set(read_post(httpserver.url_for("/post-1")))  # already imported before following
    assert follow(col, httpserver.url_for("/feed")) == "ExampleBlog"
    posts = new_posts(col)
    assert [p.title for p in posts] == ["A Third Post", "Ravi Menon on Electric Harbours"]  # post 1 not offered
    harbour = next(p for p in posts if "Harbours" in p.title)
    ts = read_feed_post(harbour)  # the feed carries the whole post: no page fetch needed
    assert len(ts.takeaways) == 3 and ts.source.url == harbour.link
    col.import_set(ts)
    assert [p.title for p in new_posts(col)] == ["A Third Post"]
    unfollow(col, httpserver.url_for("/feed"))
    assert col.conn.execute("SELECT COUNT(*) FROM decks").fetchone()[0] == 2  # decks stay


def test_a_feed_that_is_not_xml(httpserver, col):
    httpserver.expect_request("/feed").respond_with_data("this is { not xml", content_type="application/rss+xml")
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        follow(col, httpserver.url_for("/feed"))
    assert col.conn.execute("SELECT COUNT(*) FROM feeds").fetchone()[0] == 0


def test_cli_import_address_and_feeds(httpserver, tmp_path):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/post-1").respond_with_data(POST, content_type="text/html")
    httpserver.expect_request("/feed").respond_with_data(feed(base), content_type="application/rss+xml")
    env = {**os.environ, "STUDYAPP_COLLECTION": str(tmp_path / "cli.sqlite")}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "studyapp", *args], capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=60)
    result = run("import", httpserver.url_for("/post-1"), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] >= 3
    assert run("follow", httpserver.url_for("/feed")).returncode == 0
    listed = run("check-feeds")
    assert "Ravi Menon on Electric Harbours" in listed.stdout and "Quiet Batteries" not in listed.stdout
    bad = run("import", httpserver.url_for("/nope"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_gui_import_from_address_and_followed_sites(httpserver, qtbot, col):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from studyapp.gui.main_window import MainWindow
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/post-1").respond_with_data(POST, content_type="text/html")
    httpserver.expect_request("/feed").respond_with_data(feed(base), content_type="application/rss+xml")
    window = MainWindow(col)
    qtbot.addWidget(window)
    window.show()
    QApplication.clipboard().setText(httpserver.url_for("/post-1"))
    window.paste()  # an address on the clipboard imports that page
    assert window.busy.isVisible()  # fetching in the background, with a busy indicator
    qtbot.waitUntil(lambda: getattr(window, "import_dialog", None) is not None, timeout=20000)
    assert not window.busy.isVisible()
    dialog = window.import_dialog
    assert dialog.ts.title == "Mira Okafor on Quiet Batteries"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    dialog.accept()
    window.followed_sites()
    sites = window.feeds_dialog
    sites.add_feed(httpserver.url_for("/feed"))
    qtbot.waitUntil(lambda: sites.feeds.count() == 1, timeout=20000)
    sites.check()
    qtbot.waitUntil(lambda: sites.new.count() == 2, timeout=20000)  # post 1 is already imported
    assert "Electric Harbours" in sites.new.item(1).text() or "Electric Harbours" in sites.new.item(0).text()
    window.import_address("http://no-such-host.invalid/x")
    from studyapp.gui.dialogs import last_message
    qtbot.waitUntil(lambda: last_message() is not None and "cannot be" in last_message().text(), timeout=20000)
