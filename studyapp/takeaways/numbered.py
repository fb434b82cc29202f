"""Key points written as numbered claims, each over its explanation: "1. A short claim." then a paragraph.

Lecture write-ups and blog posts often number their points as one short line each ("3. Coal was the real
constraint.") with the evidence as a paragraph on the next line(s). Readers give an item, a paragraph, an item, a
paragraph…; since a claim ends with a full stop it is not a numbered heading, so no list looked like the takeaways
and the post was read with none. This step turns such a run into items that carry the claim as their label and the
paragraph(s) as their text: the shape a "**Label:** text" bullet gets, so the card generator treats them alike.

A run needs three or more points numbered 1, 2, 3… in order, each followed by at least one paragraph that explains
it (longer than the claim). Numbered lists without paragraphs between their items, numbered headings ("### 1. …")
and numbered lists inside a summary, thoughts or links part are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from .blocks import Block
from .builder import is_list_intro, looks_like_heading, numbered_heading
from .details import is_details
from .headings import LIST_INTRO_RE
from .labelled import ALLOWED_REGIONS

MIN_POINTS = 3
MAX_PARAGRAPHS = 4  # an explanation of one point is "one paragraph or a few"
MAX_CLAIM_WORDS = 25
MIN_EXPLANATION_WORDS = 8
NUMBER_RE = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?P<claim>\S.*)$", re.S)  # "<p>1. claim</p>" in HTML
MARKER_RE = re.compile(r"^(?P<n>\d{1,3})[.)]$")


def numbered_claim(block: Block) -> tuple[int, str] | None:
    """(number, claim) of a numbered list item, or of a paragraph written "1. claim" (HTML keeps the number as
    text); else None."""
    if block.kind == "item" and block.depth == 0 and (m := MARKER_RE.match(block.marker)):
        number, claim = int(m["n"]), block.text.strip()
    elif block.kind == "paragraph" and not block.marker and (m := NUMBER_RE.match(block.text.strip())):
        number, claim = int(m["n"]), m["claim"].strip()
    else:
        return None
    if not claim or len(claim.split()) > MAX_CLAIM_WORDS:
        return None
    return number, claim


def _explains(block: Block, own: tuple[int, str] | None, claim: str) -> bool:
    """A paragraph (itself no numbered claim, `own` is None) that explains the claim above it: prose, longer than
    the claim, not a heading of its own."""
    if block.kind != "paragraph" or block.marker or own is not None:
        return False
    n = len(block.text.split())
    return n >= MIN_EXPLANATION_WORDS and n > len(claim.split()) and not looks_like_heading(block)


def read_numbered_points(blocks: list[Block], parts: list[Any], start: int, trace: list[str]) -> None:
    """Turn every run of numbered claims with explanations, outside an explicit summary, thoughts or links part,
    into labelled list items (marker "point", the claim as `lead`), in place."""
    region = None
    headed = any(p and p.name == "takeaways" for p in parts)  # with a takeaway heading, only its own run counts
    claims = [numbered_claim(b) for b in blocks]  # once each; the runs found are replaced at the end
    runs: list[tuple[int, int, list[Block]]] = []
    sub_headed = False  # a sub-heading of the post's own since the last part: what follows is its section
    i = start
    while i < len(blocks):
        if parts[i]:
            region, sub_headed = parts[i].name, False
            i += 1
            continue
        sub_headed = sub_headed or (blocks[i].kind == "heading" and blocks[i].level >= 2)
        first = claims[i]
        if region not in ALLOWED_REGIONS or (headed and region is None) or first is None or first[0] != 1 or \
                sub_headed or (i > start and _heads_section(blocks[i - 1], blocks[i])):
            i += 1  # steps of an instruction under "## How to make it" stay in that section
            continue
        points: list[tuple[str, list[str]]] = []
        j, lazy = i, False
        while j < len(blocks) and not parts[j] and (found := claims[j]) and \
                _continues(found[0], len(points), lazy):
            lazy = lazy or (len(points) == 1 and found[0] == 1)  # "1." every time: one <ol> per point
            # The last point takes no more paragraphs than any point before it: what follows is the post's own.
            limit = MAX_PARAGRAPHS if _next_point_follows(claims, parts, j, len(points) + 1, lazy) else \
                max([len(p) for _, p in points] or [1])
            k = j + 1
            paragraphs: list[str] = []
            while k < len(blocks) and not parts[k] and len(paragraphs) < limit and \
                    _explains(blocks[k], claims[k], found[1]):
                paragraphs.append(blocks[k].text.strip())
                k += 1
            if not paragraphs:
                break
            points.append((found[1], paragraphs))
            j = k
        if len(points) < MIN_POINTS or all(numbered_heading(Block("item", claim, marker="1."))
                                           for claim, _ in points):
            i = max(j, i + 1)  # too few, or short unpunctuated headings over paragraphs, which the builder reads
            continue
        items = [Block("item", " ".join(paragraphs), marker="point", lead=_label(claim))
                 for claim, paragraphs in points]
        trace.append(f"read {len(points)} numbered claims, each over its explanation, as labelled list items, "
                     f"from {points[0][0]!r:.50}")
        runs.append((i, j, items))
        i = j
    for i, j, items in reversed(runs):
        blocks[i:j] = items
        parts[i:j] = [None] * len(items)


def _heads_section(block: Block, first: Block) -> bool:
    """A short heading-like line right above the first point ("How to make it") heads a section of steps; a line
    introducing the list ("Here are the nine lessons:") does not."""
    text = block.text.strip()
    short_line = len(text.split()) <= 8 and not re.search(r"[.!;:,…]$", text)  # sentence case, as in pasted text
    return block.kind != "item" and not block.marker and (looks_like_heading(block) or short_line) and \
        not is_list_intro(block, first) and not LIST_INTRO_RE.search(text) and not is_details(block)


def _continues(number: int, count: int, lazy: bool) -> bool:
    """Is `number` the next point of a run of `count` points? 1, 2, 3… or, in a lazily numbered run, 1, 1, 1…"""
    return number == count + 1 or (number == 1 and (lazy or count == 1))


def _next_point_follows(claims: list[tuple[int, str] | None], parts: list[Any], j: int, count: int,
                        lazy: bool) -> bool:
    """The point after the one at `j` (the run's `count`th) comes within a few paragraphs."""
    for k in range(j + 1, min(len(claims), j + 2 + MAX_PARAGRAPHS)):
        if parts[k]:
            return False
        found = claims[k]
        if found is not None:
            return _continues(found[0], count, lazy or (count == 1 and found[0] == 1))
    return False


def _label(claim: str) -> str:
    """The claim as a label: the closing full stop or colon dropped ("Coal was the real constraint")."""
    return re.sub(r"\s*[.:]$", "", claim.strip())
