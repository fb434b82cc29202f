"""Plain text as copied from a web page in a browser.

A browser copy puts every paragraph, heading and list item on its own line, often indented, with list markers kept
as characters ("•", "–", "1."). Headings are not marked at all; the recogniser decides which short lines are
headings, so this reader only separates items from paragraphs and measures nesting from indentation.
"""

from __future__ import annotations

import re

from .blocks import Block, Document

# "•" "◦" "▪" "–" "—" "-" "*" "+" "→" "✓" followed by a space, or "1." / "1)" / "1.-" followed by a space; or a
# line led by an emoji or a timestamp ("✅ Launch went well", "(03:12) The old server"), which the recogniser may
# read as a heading.
ITEM_RE = re.compile(r"^(?P<marker>[•◦▪●○■–—\-*+→➜➔▶►✓✔]|\d{1,3}(?:\.-|[.)/]))\s+(?P<text>\S.*)$")
KEYCAP_RE = re.compile(r"^(\d{1,2})\uFE0F?\u20E3\s*")
DECORATED_RE = re.compile(r"^(?P<marker>[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF\u25A0-\u25FF]"
                          r"\S*|"
                          r"[(\[]?(?:\d{1,2}:)?\d{1,2}:\d{2}[)\]]?)\s+(?P<text>\S.*)$")


def read_text(text: str) -> Document:
    blocks: list[Block] = []
    item_indents: list[int] = []  # indentation of each open list level
    blank = True  # a blank line (or the start) before this line
    for raw in text.splitlines():
        line = raw.replace("\u00a0", " ").rstrip()
        if not line.strip():
            blank = True
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        body = KEYCAP_RE.sub(r"\1. ", expanded.strip())  # "1️⃣ News" numbers an item like "1. News"
        match = ITEM_RE.match(body) or DECORATED_RE.match(body)
        if not match and not blank and blocks and _wraps(blocks[-1].text, body):
            blocks[-1].text = f"{blocks[-1].text} {body}"  # a hard-wrapped line (a PDF copy): same block
        elif match:
            while item_indents and indent < item_indents[-1]:
                item_indents.pop()
            if not item_indents or indent > item_indents[-1]:
                item_indents.append(indent)
            blocks.append(Block("item", match["text"].strip(), depth=len(item_indents) - 1, marker=match["marker"]))
        else:
            item_indents.clear()  # a paragraph ends any list
            blocks.append(Block("paragraph", body))
        blank = False
    return Document(blocks)


def _wraps(previous: str, line: str) -> bool:
    """`line` continues `previous`: that stops without closing punctuation and this starts in lower case or with a
    number ("... on" / "summer nights, with ...")."""
    words = previous.split()
    capitalised = sum(1 for w in words if w[:1].isupper()) / max(1, len(words))
    # A number continues the line only after a word that asks for one ("... since" / "2017."), not after a title.
    number_follows = line[:1].isdigit() and bool(re.search(r"\b(?:since|in|of|to|by|from|than|about|around|until|"
                                                           r"de|en|von|seit|bis|à|a|da|desde|hasta)$", previous))
    # German capitalises nouns: after a short lower-case word ending a long line ("... 1,8 Partikel pro" /
    # "Kubikmeter ..."), a capital does not start a new block either.
    word_follows = len(previous) >= 50 and bool(re.search(r"\s[a-zäöüßàâçéèêëîïôûùñ]{1,4}$", previous)) and \
        line[:1].isalpha()
    return not re.search(r"[.!?:;…\"”’)]$", previous) and (line[:1].islower() or number_follows or word_follows) \
        and len(words) >= 6 and capitalised < 0.5 and not line.lower().startswith("by ")  # not a title + byline
