"""Web fetches end by their deadline whatever the server does, the app can always close, redirects never lead to
file: or from a public site into this machine, and one bad post in a feed never stops the others (issue 16, points
7 and 8). Against real servers on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT

from studyapp.errors import InputError
from studyapp.web.fetch import check_redirect, fetch

pytest.importorskip("pytest_httpserver")

from test_web import POST, feed  # noqa: E402


class Trickle:
    """A raw TCP server that answers one byte at a time, every `gap` seconds, for ever: in the status line and
    headers (`where="headers"`) or, after complete headers, in the body."""

    def __init__(self, where: str, gap: float = 0.2) -> None:
        self.where, self.gap = where, gap
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/post"

    def _serve(self) -> None:
        self.server.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            if self.where == "body":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
                payload = POST.encode()
            else:
                payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"x" * 10_000
            for k in range(len(payload)):
                if self.stop.is_set():
                    break
                conn.sendall(payload[k:k + 1])
                time.sleep(self.gap)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.server.close()


@pytest.fixture(params=["headers", "body"])
def trickle(request):
    server = Trickle(request.param)
    yield server
    server.close()


def test_a_trickling_server_cannot_hold_a_fetch_past_its_deadline(trickle):
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        fetch(trickle.url, timeout=1.5)
    assert time.monotonic() - started < 3
    assert str(info.value) == f"{trickle.url}: took longer than 1.5 s to arrive"


@pytest.mark.parametrize("after_ms", [0, 600])  # before the job reaches the download, and in the middle of it
def test_the_app_closes_at_once_while_a_fetch_trickles(qtbot, tmp_path, after_ms):
    from studyapp.collection import Collection
    from studyapp.gui.main_window import MainWindow
    server = Trickle("body")
    col = Collection.open(tmp_path / "web.sqlite", bundled=False, autobackup=False)
    try:
        window = MainWindow(col)
        qtbot.addWidget(window)
        window.show()
        window.import_address(server.url)  # the app's fetch: a 15 s deadline
        assert window.busy.isVisible()
        qtbot.wait(after_ms)
        started = time.monotonic()
        window.close()
        assert time.monotonic() - started < 2
    finally:
        server.close()
        col.close()


def test_redirect_to_file_is_named_as_such(httpserver):
    httpserver.expect_request("/to-file").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(InputError) as info:
        fetch(httpserver.url_for("/to-file"))
    assert str(info.value).endswith("redirects to a file: address, which is not followed")


@pytest.mark.parametrize("target", ["http://127.0.0.1:8080/admin", "http://localhost/", "http://10.1.2.3/",
                                    "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/",
                                    "http://[::1]/"])
def test_a_public_page_never_redirects_into_this_machine(target):
    with pytest.raises(InputError, match="an address on this machine or its local network, which is not followed"):
        check_redirect("http://93.184.215.14/post", target)
    check_redirect("http://93.184.215.14/post", "http://93.184.215.15/post")  # public to public is followed
    check_redirect("http://127.0.0.1:5000/post", target)  # a local server redirecting locally is the user's own


def test_one_bad_post_in_a_feed_never_stops_the_others(httpserver, tmp_path):
    base = httpserver.url_for("").rstrip("/")
    broken = feed(base).replace(f"<link>{base}/post-3</link>", "<link>ftp://example.org/post-3</link>")
    httpserver.expect_request("/feed").respond_with_data(broken, content_type="application/rss+xml")
    httpserver.expect_request("/post-1").respond_with_data(POST, content_type="text/html")
    env = {**os.environ, "STUDYAPP_COLLECTION": str(tmp_path / "feeds.sqlite"), "STUDYAPP_NO_AUTOBACKUP": "1"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "studyapp", *args], capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=120)
    assert run("follow", httpserver.url_for("/feed")).returncode == 0
    result = run("check-feeds", "--import-all")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == ("studyapp: skipped 'A Third Post': ftp://example.org/post-3: only http and https "
                                     "addresses can be imported, not ftp:")
    assert "1 of 3 posts skipped" in result.stdout
    decks = run("decks").stdout
    assert "Quiet Batteries" in decks and "Electric Harbours" in decks


def test_a_redirect_chain_into_a_local_address_from_the_cli_is_one_line(httpserver, tmp_path):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "file:///etc/hosts"})
    result = subprocess.run([sys.executable, "-m", "studyapp", "import", httpserver.url_for("/old")],
                            capture_output=True, text=True, cwd=ROOT, timeout=60,
                            env={**os.environ, "STUDYAPP_COLLECTION": str(tmp_path / "c.sqlite")})
    assert result.returncode == 2
    assert result.stderr.strip().endswith("redirects to a file: address, which is not followed")
