"""Fetching a web page carefully: http and https only, a deadline, a size cap, few redirects, a clear user agent.

Every failure (offline, unknown host, 404, a PDF instead of a page, a server that trickles bytes forever) is an
InputError naming the address, in one line.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

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


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise InputError(f"redirects to a {urlsplit(newurl).scheme}: address, which is not followed",
                             path=req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_Redirects)


def fetch(url: str, accept: tuple[str, ...] = HTML_TYPES, timeout: float = TIMEOUT_S,
          max_bytes: int = MAX_BYTES) -> Page:
    url = check_address(url)
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": ", ".join(accept) + ", */*;q=0.1"})
    try:
        with _opener.open(request, timeout=timeout) as response:
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
                if time.monotonic() > deadline:
                    raise InputError(f"took longer than {timeout:.0f} s to arrive", path=url)
                chunk = response.read(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"is too large (over {max_bytes // 1024} KiB)", path=url)
                chunks.append(chunk)
            return Page(url=response.geturl(), content_type=content_type, body=b"".join(chunks),
                        charset=response.headers.get_content_charset())
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise InputError(f"redirects more than {MAX_REDIRECTS} times", path=url) from None
        raise InputError(f"the server answered {exc.code} {exc.reason}", path=url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            raise InputError("the site's name cannot be found (offline, or a typo in the address?)",
                             path=url) from None
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise InputError(f"did not answer within {timeout:.0f} s", path=url) from None
        raise InputError(f"cannot be reached ({reason})", path=url) from None
    except (TimeoutError, socket.timeout):
        raise InputError(f"did not answer within {timeout:.0f} s", path=url) from None
    except (ConnectionError, OSError) as exc:
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
