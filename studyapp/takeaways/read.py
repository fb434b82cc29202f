"""One entry point for every input: a path, standard input, or pasted text -> TakeawaySet.

Format detection looks at the extension first and then at the content, because pasted text and files saved with
odd names are common. Every failure is an InputError naming the file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Literal

from ..errors import InputError
from .decode import MAX_INPUT_BYTES, decode_bytes, repair_mojibake
from .html_reader import read_html
from .language import detect_language, set_text
from .markdown_reader import read_markdown
from .model import TakeawaySet
from .recognise import recognise
from .text_reader import read_text
from .yaml_io import load_yaml_set

# A post has tens of takeaways; a few hundred is a book. Past this, card generation (about a millisecond a takeaway)
# and the import would work for minutes on what is surely not a post: refuse in one line instead.
MAX_TAKEAWAYS = 5_000

Format = Literal["yaml", "markdown", "html", "text"]
FORMATS: tuple[Format, ...] = ("yaml", "markdown", "html", "text")
EXTENSIONS: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".markdown": "markdown",
                                 ".mdown": "markdown", ".html": "html", ".htm": "html", ".xhtml": "html",
                                 ".txt": "text", ".text": "text"}
HTML_SNIFF_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<article\b)|<(?:p|div|h1|h2|li)\b[^>]*>",
                           re.I)
YAML_SNIFF_RE = re.compile(r"^(?:#.*\n|\s*\n)*(?:---\s*\n)?version:\s*\S", re.M)
MARKDOWN_SNIFF_RE = re.compile(r"^(?:#{1,6}\s+\S|\*\*[^*\n]+\*\*|\s*[-*+]\s+\S|\s*\d+\.\s+\S)", re.M)


def detect_format(text: str, name: str = "") -> Format:
    ext = Path(name).suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    head = text[:4000]
    if YAML_SNIFF_RE.match(head):
        return "yaml"
    if HTML_SNIFF_RE.search(head):
        return "html"
    if re.search(r"^#{1,6}\s+\S", head, re.M) or re.search(r"\*\*[^*\n]+\*\*", head):
        return "markdown"
    return "text"


def read_set_from_text(text: str, name: str = "<pasted text>", fmt: Format | None = None) -> TakeawaySet:
    """Parse already-decoded text (a paste from the clipboard, say)."""
    if len(text) > MAX_INPUT_BYTES:
        raise InputError(f"is too long ({len(text) // 1024} KiB of text; the limit is {MAX_INPUT_BYTES // 1024} KiB)",
                         path=name)
    fmt = fmt or detect_format(text, name)
    if not text.strip():
        raise InputError("is empty", path=name)
    if fmt == "yaml":
        ts = load_yaml_set(text, name)
    else:
        text = repair_mojibake(text)  # pasted text never went through decode_bytes
        reader = {"markdown": read_markdown, "html": read_html, "text": read_text}[fmt]
        try:
            doc = reader(text)
        except RecursionError:
            raise InputError(f"is nested too deeply to read as {fmt}", path=name) from None
        except InputError as exc:  # a reader's own complaint: name the input
            raise InputError(exc.message, path=name) from None
        ts = recognise(doc, name)
    _within_limits(ts, name)
    if ts.language is None:
        ts.language = detect_language(set_text(ts))
    return ts


def _within_limits(ts: TakeawaySet, name: str) -> None:
    count = len(ts.takeaways) + len(ts.sections)
    if count > MAX_TAKEAWAYS:
        raise InputError(f"has {count:,} takeaways and summary sections; StudyApp takes at most {MAX_TAKEAWAYS:,} "
                         "from one post (split it into several)", path=name)


def read_set_from_bytes(data: bytes, name: str, fmt: Format | None = None) -> TakeawaySet:
    text, encoding = decode_bytes(data, name)
    ts = read_set_from_text(text, name, fmt)
    if encoding not in ("UTF-8", "UTF-8 with BOM"):
        ts.warnings.append(f"read as {encoding}")  # after what the recogniser found: warnings go most important first
    return ts


def read_set(path: str | Path, fmt: Format | None = None) -> TakeawaySet:
    """Read a takeaway set from a file, or from standard input when `path` is "-"."""
    if str(path) == "-":
        return read_set_from_bytes(sys.stdin.buffer.read(), "<stdin>", fmt)
    p = Path(path)
    name = str(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=name) from None
    return read_set_from_bytes(data, name, fmt)
