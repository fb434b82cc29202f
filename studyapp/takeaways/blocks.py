"""The flat structure every reader produces and the recogniser consumes.

Readers know headings, paragraphs and list items; they do not know what a takeaway is. Keeping this layer flat
means one recogniser serves every input format, so a fix to heading spellings helps text, Markdown and HTML at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item"]


@dataclass
class Block:
    kind: BlockKind
    text: str
    level: int = 0  # heading level (1 = title) when the format says so; 0 when unknown (plain text)
    depth: int = 0  # list nesting, 0 = top level
    marker: str = ""  # the list marker as written: "•", "-", "1.", "1)" ...
    lead: str = ""  # the bold run a paragraph opens with ("Label:" of "**Label:** text"), when the format shows bold


@dataclass
class Document:
    """What a reader found: the blocks, plus metadata the format carries outside the text (HTML meta, front matter)."""

    blocks: list[Block]
    title: str | None = None
    site: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
