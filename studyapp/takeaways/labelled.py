"""Key points written as paragraphs that each open with a label: "**Label:** explanation…", "**Label.** …".

Lecture notes and blog posts often set their key points as paragraphs rather than bullets, each led by a bold label.
Read as paragraphs, the first one was split into sentence-takeaways and the rest became commentary (3 of 11 points
of a German post). This step turns such a run into list items "Label: explanation", so that the rest of the
recogniser treats them exactly as a labelled bullet list: under a takeaway heading, under a heading of its own, or
chosen as the takeaways when no heading names them.

A label is the bold run a paragraph opens with (Markdown and HTML keep bold), or, in text where bold is lost, a
short "Label:" in front of a sentence. A run needs three such paragraphs in a row (two under a takeaway heading), with
different labels: "Host: …" / "Guest: …" turns repeating are a dialogue, not key points.
"""

from __future__ import annotations

import re
from typing import Any

from .blocks import Block
from .builder import split_label
from .details import is_details
from .headings import ANSWER_MARK_RE, QUESTION_MARK_RE

MAX_LABEL_WORDS = 12  # a bold lead-in longer than this is a sentence: the paragraph stays whole
MAX_SPLIT_LABEL_WORDS = 8  # "**Label.** text" becomes "Label: text" up to this length
MAX_PLAIN_LABEL_WORDS = 6  # without bold, only a short "Label:" counts
MIN_REST_WORDS = 6
TERMINAL_RE = re.compile(r"[.!?…][\"”’»)]*$")
ALLOWED_REGIONS = (None, "takeaways")


def _explains(rest: str) -> bool:
    """An explanation is a sentence or more, not a value ("Host: Gareth Pryce", "Podcast: Past Tense, Episode 19")."""
    n = len(rest.split())
    return n >= MIN_REST_WORDS and (n >= 10 or bool(TERMINAL_RE.search(rest)))


def label_of(block: Block) -> tuple[str, str] | None:
    """(label, explanation) of a labelled paragraph, else None."""
    if block.kind != "paragraph" or block.marker:
        return None
    text = block.text.strip()
    if QUESTION_MARK_RE.match(text) or ANSWER_MARK_RE.match(text):
        return None
    lead = block.lead.strip()
    if lead:
        if lead == text or not text.startswith(lead):
            return None  # a bold line of its own is a heading
        after = text[len(lead):]
        if not re.search(r"[:.–—-]$", lead) and not re.match(r"\s*[:.–—-]", after):
            return None  # "**Important** findings were…": a stressed word, not a label
        label = lead.rstrip(" :.–—-").strip()
        rest = re.sub(r"^\s*[:.–—-]\s*", "", after).strip()
        if not label or label.endswith("?") or len(label.split()) > MAX_LABEL_WORDS or not _explains(rest):
            return None
        return label, rest
    label, rest = split_label(text)
    if label is None or len(label.split()) > MAX_PLAIN_LABEL_WORDS or not _explains(rest) or \
            not label[:1].isupper() or is_details(block):
        return None
    return label, rest


def read_label_paragraphs(blocks: list[Block], parts: list[Any], start: int, trace: list[str]) -> None:
    """Turn every run of labelled paragraphs outside an explicit summary, thoughts or links part into list items,
    in place. An unlabelled paragraph between two labelled ones continues the point above it."""
    region = None
    i = start
    while i < len(blocks):
        if parts[i]:
            region = parts[i].name
            i += 1
            continue
        if region not in ALLOWED_REGIONS or label_of(blocks[i]) is None:
            i += 1
            continue
        points: list[tuple[str, str]] = []
        j = i
        while j < len(blocks) and not parts[j]:
            found = label_of(blocks[j])
            if found is not None:
                points.append(found)
            elif points and blocks[j].kind == "paragraph" and not blocks[j].lead and j + 1 < len(blocks) and \
                    not parts[j + 1] and label_of(blocks[j + 1]) is not None:
                label, rest = points[-1]
                points[-1] = (label, f"{rest} {blocks[j].text.strip()}")
            else:
                break
            j += 1
        labels = {label.casefold() for label, _ in points}
        if len(points) < (2 if region == "takeaways" else 3) or len(labels) < 0.8 * len(points):
            i = j
            continue
        items = [Block("item", _item_text(label, rest), marker="label") for label, rest in points]
        trace.append(f"read {len(points)} paragraphs led by a label as list items, from {points[0][0]!r:.50}")
        blocks[i:j] = items
        parts[i:j] = [None] * len(items)
        i += len(items)


def _item_text(label: str, rest: str) -> str:
    """"Label: rest" for a label that names the point; a bold sentence in front stays a sentence."""
    if len(label.split()) <= MAX_SPLIT_LABEL_WORDS and not re.search(r"[.!?;]", label):
        return f"{label}: {rest}"
    return f"{label}{'' if label.endswith(('.', '!', '?')) else '.'} {rest}"
