"""What a takeaway set is.

Plain frozen-ish dataclasses so that sets compare by value (the YAML round trip is tested with `==`). Each takeaway
and section carries an `id`: it is derived from the text when the item is first seen and then written into the YAML,
so that later edits to the text (a typo fix) keep the identity, and reordering changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

FORMAT_VERSION = 1


class _DropCombining(dict):
    """A str.translate table that deletes combining marks, filled one character at a time (C-speed after that)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_DROP_COMBINING = _DropCombining()


def normalise_for_id(text: str) -> str:
    """Fold case, accents, punctuation and spacing so cosmetic differences do not change an id."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        text = text.translate(_DROP_COMBINING)
    text = re.sub(r"[^\w]+", " ", text.casefold())
    return " ".join(text.split())


def content_id(prefix: str, text: str) -> str:
    digest = hashlib.blake2b(normalise_for_id(text).encode("utf-8"), digest_size=5).hexdigest()
    return f"{prefix}-{digest}"


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each with its internal whitespace folded."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def slugify(text: str, max_len: int = 60) -> str:
    slug = normalise_for_id(text).replace(" ", "-").replace("_", "-")
    slug = re.sub(r"-+", "-", slug).strip("-")
    if len(slug) > max_len:
        cut = slug[:max_len + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:max_len]
    return slug or "untitled"


@dataclass
class Source:
    site: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known, else as written
    tags: list[str] = field(default_factory=list)


@dataclass
class Takeaway:
    """One key takeaway. `text` is the explanation; with a `label`, the takeaway reads "label: text"."""

    text: str
    label: str | None = None
    items: list[str] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id("t", self.full_text)

    @property
    def full_text(self) -> str:
        return f"{self.label}: {self.text}" if self.label else self.text


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id("s", self.heading)


@dataclass
class TakeawaySet:
    title: str
    source: Source = field(default_factory=Source)
    intro: list[str] = field(default_factory=list)
    tldw: list[str] = field(default_factory=list)  # one paragraph, or several bullets
    tldw_is_list: bool = False
    takeaways: list[Takeaway] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    thoughts: list[str] = field(default_factory=list)
    truncated: bool = False
    language: str | None = None  # ISO 639-1 code of the post's language, detected when read (None: unknown)
    id: str = ""
    # Not part of the set's value: what the reader noticed. `warnings` are for the user to act on, most important
    # first (a truncated post, a guessed takeaway list, an unusual encoding); `notes` are routine ("no Thoughts
    # found"); `trace` says which block was taken for what (shown by `studyapp inspect --explain`).
    warnings: list[str] = field(default_factory=list, compare=False)
    notes: list[str] = field(default_factory=list, compare=False)
    trace: list[str] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = slugify(self.source.url or self.title)

    @property
    def tldw_text(self) -> str:
        return " ".join(self.tldw)
