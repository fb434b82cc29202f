"""Anki-style cloze markup ("... {{c1::Nat Friedman}} ...") as we write it: parsing and rewriting.

Deletions may nest (a list's whole-list deletion wraps the item deletions), so this is a small stack parser rather
than a regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

OPEN_RE = re.compile(r"\{\{c(\d+)::")
# Braces that belong to the text (a takeaway may literally contain "{{c1::x}}") are stored as private-use
# characters inside our markup, so they can never be read as deletions; tokens() gives them back as braces.
_PROTECT = str.maketrans({"{": "\ue07b", "}": "\ue07d"})
_UNPROTECT = str.maketrans({"\ue07b": "{", "\ue07d": "}"})


def protect(raw: str) -> str:
    if "{" not in raw and "}" not in raw:
        return raw  # (most text has no brace: two scans in C instead of a translation through a dict per character)
    return raw.translate(_PROTECT)


def unprotect(text: str) -> str:
    if "\ue07b" not in text and "\ue07d" not in text:
        return text
    return text.translate(_UNPROTECT)


_MARK_RE = re.compile(r"\{\{c(\d+)::|\}\}")


def tokens(marked: str) -> Iterator[tuple[str, str | int]]:
    """("text", str), ("open", n) and ("close", n) in order; a "}}" with no deletion open stays text."""
    stack: list[int] = []
    start = 0
    pending = ""
    for m in _MARK_RE.finditer(marked):
        if m.group(1) is None and not stack:
            continue  # a stray "}}": part of the text
        piece = pending + marked[start:m.start()]
        pending = ""
        if piece:
            yield "text", unprotect(piece)
        if m.group(1) is not None:
            stack.append(int(m.group(1)))
            yield "open", stack[-1]
        else:
            yield "close", stack.pop()
        start = m.end()
    if start < len(marked):
        yield "text", unprotect(marked[start:])


def split_outside(marked: str) -> list[str]:
    """Like re.split with a capturing group: the text outside deletions at even places, each whole (possibly
    nested) deletion at odd places. Pieces stay as stored (protected); an unclosed deletion stays text."""
    out: list[str] = []
    depth, start, opened = 0, 0, 0
    for m in _MARK_RE.finditer(marked):
        if m.group(1) is not None:
            if depth == 0:
                opened = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out += [marked[start:opened], marked[opened:m.end()]]
                start = m.end()
    out.append(marked[start:])
    return out


def rebuild(marked: str, keep: Callable[[int], bool], text: Callable[[str], str] = protect) -> str:
    """The markup with only the deletions `keep` accepts; every piece of text passed through `text` (by default
    protected again, so the result is still our markup)."""
    out: list[str] = []
    for kind, value in tokens(marked):
        if kind == "text":
            out.append(text(str(value)))
        elif keep(int(value)):
            out.append(f"{{{{c{value}::" if kind == "open" else "}}")
    return "".join(out)


def numbers(marked: str) -> set[int]:
    return {int(v) for kind, v in tokens(marked) if kind == "open"}
