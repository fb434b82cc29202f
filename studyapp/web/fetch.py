"""Fetching a web page carefully: http and https only, a deadline, a size cap, few redirects, a clear user agent.

Every failure (offline, unknown host, 404, a PDF instead of a page, a server that trickles bytes forever) is an
InputError naming the address, in one line.

The deadline covers the whole fetch, whatever the server does. A socket timeout alone cannot promise that: each byte
that arrives starts it again, so a server sending one byte a second (in the headers or the body) would hold a fetch
for ever. A timer therefore shuts the connection's socket when the deadline passes, which ends any read at once;
`cancel_all()` does the same for every fetch in progress (the app calls it when its window closes).

Redirects are followed only to http and https, and never from a public site to this machine or its local network
(loopback, private, link-local addresses): a post's address must not reach the services on the user's own machine.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import InputError

USER_AGENT = f"StudyApp/{__version__} (takeaway importer; +https://pypi.org/project/studyapp/)"
TIMEOUT_S = 15.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")


@dataclass
class Page:
    url: str  # after redirects
    content_type: str
    body: bytes
    charset: str | None


def is_web_address(text: str) -> bool:
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text.strip()


def check_address(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(f"only http and https addresses can be imported, not {parts.scheme or 'this'}:", path=url)
    if not parts.netloc:
        raise InputError("is not a complete web address", path=url)
    return url


class _Deadline:
    """Shuts every socket of one fetch when its time is up (or when cancelled), ending any blocked read."""

    live: set[_Deadline] = set()
    _guard = threading.Lock()

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self.cancelled = False
        self._socks: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        with self._guard:
            _Deadline.live.add(self)
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._guard:
            _Deadline.live.discard(self)

    def watch(self, sock: socket.socket) -> None:
        with self._guard:
            self._socks.append(sock)
        if self.expired:
            self._shut(sock)

    def expire(self, cancelled: bool = False) -> None:
        self.cancelled = self.cancelled or cancelled
        self.expired = True
        with self._guard:
            socks = list(self._socks)
        for sock in socks:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def cancel_all() -> None:
    """End every fetch in progress now (each raises an InputError saying it was cancelled)."""
    with _Deadline._guard:
        live = list(_Deadline.live)
    for deadline in live:
        deadline.expire(cancelled=True)


def _watched(base: type[http.client.HTTPConnection], deadline: _Deadline) -> type[http.client.HTTPConnection]:
    class Watched(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            if deadline.expired:
                raise TimeoutError("the deadline passed")
            super().connect()
            deadline.watch(self.sock)
    return Watched


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req, context=self._context)


def _is_local(host: str) -> bool:
    """Whether `host` is, or resolves to, this machine or a local network (not a public internet address)."""
    host = host.strip("[]")
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0])
                         for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)]
        except (OSError, ValueError):
            return False  # unknown here: the fetch itself will say the name cannot be found
    return any(not a.is_global for a in addresses)


def check_redirect(origin: str, target: str) -> None:
    """Refuse a redirect to another scheme, or from a public site to this machine or its local network."""
    scheme = urlsplit(target).scheme
    if scheme not in ("http", "https"):
        raise InputError(f"redirects to a {scheme or 'relative'}: address, which is not followed", path=origin)
    from_host, to_host = urlsplit(origin).hostname or "", urlsplit(target).hostname or ""
    if _is_local(to_host) and not _is_local(from_host):
        raise InputError(f"redirects to {to_host}, an address on this machine or its local network, which is not "
                         "followed", path=origin)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location:  # checked before urllib's own check, which would report a file: target as a redirect loop
            check_redirect(req.full_url, urljoin(req.full_url, location.strip()))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def fetch(url: str, accept: tuple[str, ...] = HTML_TYPES, timeout: float = TIMEOUT_S,
          max_bytes: int = MAX_BYTES) -> Page:
    url = check_address(url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": ", ".join(accept) + ", */*;q=0.1"})
    with _Deadline(timeout) as deadline:
        try:
            return _fetch(request, url, accept, timeout, max_bytes, deadline)
        except InputError:
            raise
        except Exception as exc:  # after the deadline any error is the deadline's doing
            if deadline.cancelled:
                raise InputError("was cancelled", path=url) from None
            if deadline.expired:
                raise InputError(f"took longer than {timeout:g} s to arrive", path=url) from None
            _explain(exc, url, timeout)
            raise


def _fetch(request, url: str, accept: tuple[str, ...], timeout: float, max_bytes: int, deadline: _Deadline) -> Page:
    opener = urllib.request.build_opener(_Redirects, _HTTP(deadline), _HTTPS(deadline))
    with opener.open(request, timeout=timeout) as response:
        content_type = (response.headers.get_content_type() or "").lower()
        if accept and content_type not in accept and not (accept == FEED_TYPES and "xml" in content_type):
            raise InputError(f"is not a web page (the server sent {content_type or 'no content type'})",
                             path=url)
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise InputError(f"is too large ({int(length) // 1024} KiB; the limit is {max_bytes // 1024} KiB)",
                             path=url)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = response.read1(64 * 1024) if hasattr(response, "read1") else response.read(64 * 1024)
            if deadline.expired:
                raise TimeoutError("the deadline passed")
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise InputError(f"is too large (over {max_bytes // 1024} KiB)", path=url)
            chunks.append(chunk)
        return Page(url=response.geturl(), content_type=content_type, body=b"".join(chunks),
                    charset=response.headers.get_content_charset())


def _explain(exc: Exception, url: str, timeout: float) -> None:
    """Raise the one-line InputError for a failed fetch (returns only for errors that are bugs)."""
    if isinstance(exc, urllib.error.HTTPError):
        if exc.code in (301, 302, 303, 307, 308):
            raise InputError(f"redirects more than {MAX_REDIRECTS} times", path=url) from None
        raise InputError(f"the server answered {exc.code} {exc.reason}", path=url) from None
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            raise InputError("the site's name cannot be found (offline, or a typo in the address?)",
                             path=url) from None
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise InputError(f"did not answer within {timeout:g} s", path=url) from None
        raise InputError(f"cannot be reached ({reason})", path=url) from None
    if isinstance(exc, (TimeoutError, socket.timeout)):
        raise InputError(f"did not answer within {timeout:g} s", path=url) from None
    if isinstance(exc, http.client.HTTPException):
        raise InputError(f"sent a broken answer ({type(exc).__name__})", path=url) from None
    if isinstance(exc, (ConnectionError, OSError)):
        raise InputError(f"cannot be reached ({exc})", path=url) from None


def read_post(url: str, timeout: float = TIMEOUT_S):
    """A post's page -> TakeawaySet, through the same HTML reader and recogniser as a saved file."""
    from ..takeaways.decode import decode_bytes
    from ..takeaways.read import read_set_from_text
    page = fetch(url, timeout=timeout)
    if page.charset:
        try:
            text = page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            text, _ = decode_bytes(page.body, page.url)
    else:
        text, _ = decode_bytes(page.body, page.url)
    ts = read_set_from_text(text, page.url, "html")
    if not ts.source.url:
        ts.source.url = page.url
        ts.id = ""
        ts.__post_init__()  # the set's identity follows its address, so fetching it again is a re-import
    return ts
