"""Tidy a reader's blocks before recognition: drop site chrome, take decoration off, unfold run-together lists.

Browsers and AI summarisers decorate posts: emoji in front of headings and items, "(12:34)" timestamps, "→" or "✅"
bullets, a whole list pasted onto one line with "•" between items. This step turns all of that into plain blocks
(headings, paragraphs, items) so the recogniser scores content, not decoration. What it drops or changes is written
to the trace, which `studyapp inspect` shows.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .blocks import Block
from .details import details_line
from .headings import CHROME_RE, part_patterns

# Leading decoration: emoji and pictographs (with variation selectors and joiners), arrows, check marks, bullets.
_DECOR = (r"(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2190-\u21FF\u2300-\u23FF\u2B00-\u2BFF\u25A0-\u25FF\uFE0F"
          r"\u200D\u20E3]"
          r"|•|·)")
LEAD_DECOR_RE = re.compile(rf"^(?:{_DECOR}\s*)+")
TRAIL_DECOR_RE = re.compile(rf"(?:\s*{_DECOR})+$")
TIME_RE = re.compile(r"^[(\[]?(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2})[)\]]?\s*[-–—:]?\s+")
NUMBERING_RE = re.compile(
    r"^(?:(?:lesson|step|tip|rule|part|blink|chapter|takeaway|insight|idea|point|paso|lección|capítulo|schritt|lektion|"
    r"kapitel|étape|leçon|chapitre|lezione|passo|capitolo|lição)\s+#?)?"
    r"\(?\d{1,3}(?:\.-\s*|\.\s+|/\s+|[):]\s*|\s+[–—-]\s*)(?=\S)", re.I)
LABELLED_LIST_RE = re.compile(r"^(?P<label>[^:]{2,40}):\s+(?P<rest>\S.+)$")
PARAGRAPH_NUMBER_RE = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?=\S)")
WORD_NUMBERING_RE = re.compile(r"^(?:lesson|step|tip|rule|blink|chapter|takeaway|insight|idea|point|paso|lección|"
                               r"capítulo|schritt|lektion|kapitel|étape|leçon|chapitre|lezione|passo|capitolo|lição)\s+"
                               r"#?(?P<n>\d{1,3})\s*[:.–—-]\s+(?=\S)", re.I)
HANDLE_TAIL_RE = re.compile(r"\s*(?:shout-?out to|thanks to|h/t|via)\s+@\w+[^.!?]*[.!?]?\s*$", re.I)
AGE_RE = re.compile(r"^(?:\d+\s*(?:[smhdwy]|hrs?|hours?|days?|weeks?|months?|years?|tage?|wochen?|sem\.?|j|jours?|"
                    r"mois|ans?|semanas?|días?|meses)\.?\s*(?:ago)?(?:\s*•.*)?|\d+\s*\w{1,3}\.?\s*•\s*\w+)$", re.I)
LOCATION_TAIL_RE = re.compile(r"\s*\((?:location|loc\.|page|p\.|pos\.|position|seite|página|pagina)\s*[\d,–-]+\)$",
                              re.I)  # a Kindle highlight's "(Location 412)"
HANDLE_LINE_RE = re.compile(r"^@[\w.]{1,30}(?:@[\w.-]{1,60})?$")  # "@isolberg@scholar.social" under a name
CHECKBOX_RE = re.compile(r"^\[[ xX✓]\]\s+")  # a task list's "[x] " / "[ ] "
HANDLE_IN_BRACKETS_RE = re.compile(r"\s*\(@\w{1,30}\)")  # "Rachel Kim (@rachelkim_dev) says": the name is enough
RUN_TOGETHER_HEAD_RE = re.compile(r"^(?P<head>.{0,80}?)\s{2,}(?P<rest>\S.{80,})$")
RULE_RE = re.compile(r"^[-_*=~—–·•\s]{3,}$")
INLINE_BULLETS_RE = re.compile(r"(?:^|\s)[•▪◦●]\s+")


@lru_cache(maxsize=8192)
def bare(text: str) -> str:
    """The words of a heading without decoration, numbering, a count in brackets or a trailing colon."""
    text = text.strip()
    if text and not text[0].isalpha():
        text = LEAD_DECOR_RE.sub("", text)
    if text and not text[-1].isascii():
        text = TRAIL_DECOR_RE.sub("", text)
    if text[:1].isdigit() or text[:1] in "([":
        text = TIME_RE.sub("", text)  # "12:40 Two geometers and a gamble": a video chapter's time, not a number
    text = NUMBERING_RE.sub("", text)
    return " ".join(text.rstrip(" :.–—-").split())


def undecorate(text: str) -> str:
    """Text without leading decoration or a leading timestamp (emoji stay inside the text)."""
    text = LEAD_DECOR_RE.sub("", text.strip())
    text = TIME_RE.sub("", text)
    return LEAD_DECOR_RE.sub("", text).strip()


@lru_cache(maxsize=8192)
def part_of(text: str) -> str | None:
    """Which part of a post a heading names ("tldw", "takeaways", "summary", "thoughts", "links"), by the table."""
    if len(text) > 160:
        return None
    words = bare(text)
    if not words or len(words) > 120:
        return None
    for part, pattern in part_patterns():
        if pattern.match(words):
            return part
    return None


def is_chrome(text: str) -> bool:
    if len(text) > 240:
        return False
    words = bare(text)
    flat = " ".join(text.split())  # also unnumbered: "04:12 – 07:55" must not lose its "04:"
    return bool(words) and len(words) <= 200 and bool(CHROME_RE.match(words) or CHROME_RE.match(flat))


# Bullets a browser copy keeps as characters: "• Every light has a signature" is a short takeaway, not a heading
# decorated with an emoji (blind set F: four of seven takeaways were lost as headings)
PLAIN_BULLETS = frozenset("•◦▪▫●○■□‣⁃")


def starts_with_decoration(text: str) -> bool:
    return bool(LEAD_DECOR_RE.match(text)) or bool(TIME_RE.match(text))


def normalise(blocks: list[Block], trace: list[str]) -> list[Block]:
    """The blocks with chrome dropped and decoration taken off; see the module docstring."""
    out: list[Block] = []
    by_line = False
    counts = Counter(" ".join(b.text.split()) for b in blocks if b.kind != "heading" and len(b.text.split()) <= 4)
    repeated = {text for text, n in counts.items() if n >= 3 and not part_of(text)}
    for block in blocks:
        text = " ".join(block.text.replace("\u00a0", " ").split()) if block.kind != "paragraph" else \
            block.text.replace("\u00a0", " ").strip()
        if not text or RULE_RE.match(text):
            continue  # nothing, or a text-copied horizontal rule ("---", "* * *")
        if " ".join(text.split()) in repeated and block.kind != "heading":
            trace.append(f"dropped a short line repeated through the page: {_quote(text)}")
            continue
        if by_line and block.kind != "heading" and len(text.split()) <= 5:
            text = f"By {text}"  # "By" on a line of its own, the name on the next: one byline
        by_line = text.lower() in ("by", "von", "por", "par", "di", "door", "av")
        if by_line:
            continue
        whole = f"{block.marker} {text}" if block.kind == "item" and block.marker else text
        if (is_chrome(text) or is_chrome(whole)) and not (block.kind == "heading" and block.level == 1):
            trace.append(f"dropped site chrome: {_quote(text)}")
            if AGE_RE.match(" ".join(text.split())) or HANDLE_LINE_RE.match(text.strip()):
                for earlier in out[-2:]:  # "Claire Dubois" / "Directrice RSE chez …" / "1 sem. • Modifié" or "@handle"
                    if earlier.kind == "paragraph" and len(earlier.text.split()) <= 12:
                        earlier.marker = "byline"
            continue
        if block.kind == "paragraph":
            out.extend(_paragraph(block, text, trace))
            continue
        clean = undecorate(text) if block.kind == "item" else TRAIL_DECOR_RE.sub("", LEAD_DECOR_RE.sub("", text))
        if block.kind == "item":
            clean = CHECKBOX_RE.sub("", HANDLE_IN_BRACKETS_RE.sub("", HANDLE_TAIL_RE.sub("", clean)))
            clean = LOCATION_TAIL_RE.sub("", clean)
        kind = block.kind
        marker = block.marker
        if kind == "item" and starts_with_decoration(block.marker + " ") and not _number(block.marker) and \
                (part_of(clean) or len(clean.split()) <= 6 and block.marker not in PLAIN_BULLETS):
            kind = "paragraph"  # "🔑 Key Takeaways", "00:00 Introduction": a decorated heading, not an item
            marker = "time" if TIME_RE.match(block.marker + " ") else ""
        out.append(Block(kind, " ".join(clean.split()) or text, level=block.level, depth=block.depth,
                         marker=marker))
    _headings_over_restarted_numbering(out)
    for a, b in zip(out, out[1:]):
        if a.kind == "item" and a.marker and not _number(a.marker) and starts_with_decoration(a.marker + " ") \
                and b.kind == "paragraph" and len(a.text.split()) <= 12 and not re.search(r"[.!?;:,]$", a.text) \
                and len(b.text) > 2 * len(a.text):
            a.kind = "paragraph"  # "🎧 Tacoma Narrows was not simple resonance" over its paragraph: a heading
    return out


def _headings_over_restarted_numbering(blocks: list[Block]) -> None:
    """'1. Part one' right before '1. First point': the first line heads a new numbered list, it is no item."""
    for a, b in zip(blocks, blocks[1:]):
        if a.kind == b.kind == "item" and a.depth == b.depth and _number(a.marker) is not None \
                and _number(b.marker) == 1 and _number(a.marker) == 1:
            a.kind, a.marker = "paragraph", "heading"


def _number(marker: str) -> int | None:
    m = re.match(r"^(\d{1,3})(?:\.-|[.)/])$", marker)
    return int(m.group(1)) if m else None


def _paragraph(block: Block, text: str, trace: list[str]) -> list[Block]:
    flat = " ".join(text.split())
    # "Key Takeaways: • one • two • three" or "• one<br>• two" in one paragraph: a heading and a list.
    parts = INLINE_BULLETS_RE.split(flat)
    if len(parts) >= 3 and not details_line(flat):  # "Interview by X • May 21, 2024 • 9 min read" is one line
        head, items = parts[0].strip(), [p.strip() for p in parts[1:] if p.strip()]
        trace.append(f"split one line into {len(items)} list items: {_quote(flat)}")
        out = [Block("paragraph", head)] if head else []
        return out + [Block("item", undecorate(i), marker="•") for i in items]
    # "My takeaways: one; two; three": a takeaway label and its items, separated by semicolons, on one line.
    m = LABELLED_LIST_RE.match(flat)
    if m and part_of(m["label"]) == "takeaways" and m["rest"].count("; ") >= 2:
        items = [i.strip().rstrip(".") + "." for i in m["rest"].split("; ") if i.strip()]
        trace.append(f"split {m['label']!r}'s line into {len(items)} items at the semicolons")
        return [Block("paragraph", m["label"])] + [Block("item", i, marker=";") for i in items]
    # "Invest Like the Best Key Takeaways  First claim Second claim ...": a label, two spaces, run-together items.
    m = RUN_TOGETHER_HEAD_RE.match(text.strip())
    if m and _ends_with_part(m["head"]):
        items = split_run_together(m["rest"])
        trace.append(f"split a run-together list of {len(items)} items after {_quote(m['head'])}")
        return [Block("paragraph", _part_tail(m["head"]))] + [Block("item", i, marker="") for i in items]
    m = PARAGRAPH_NUMBER_RE.match(flat)
    if m:  # "**1.** Une étude ..." in Markdown: bold numbers make paragraphs, but they are a numbered list
        return [Block("item", flat[m.end():], marker=f"{m['n']}.")]
    m = WORD_NUMBERING_RE.match(flat)
    if m and len(flat.split()) <= 20 and not re.search(r"[.!;,]$", flat):
        return [Block("item", flat[m.end():], marker=f"{m['n']}.")]  # "Lesson 2: Choose a depth philosophy"
    if starts_with_decoration(flat):
        clean = undecorate(flat)
        if not clean:
            return []
        if part_of(clean) or len(clean.split()) <= 6:  # a decorated heading, or a chapter title after a timestamp
            return [Block("paragraph", TRAIL_DECOR_RE.sub("", clean), marker="time" if TIME_RE.match(flat) else "")]
        trace.append(f"read a line led by {_quote(flat[:len(flat) - len(clean)].strip())} as a list item")
        return [Block("item", HANDLE_TAIL_RE.sub("", clean), marker="emoji")]
    return [Block("paragraph", flat, lead=" ".join(block.lead.split()))]


def _ends_with_part(head: str) -> bool:
    words = head.split()
    return any(part_of(" ".join(words[i:])) == "takeaways" for i in range(max(0, len(words) - 4), len(words)))


def _part_tail(head: str) -> str:
    words = head.split()
    for i in range(max(0, len(words) - 4), len(words)):
        if part_of(" ".join(words[i:])) == "takeaways":
            return " ".join(words[i:])
    return head


_BOUNDARY_RE = re.compile(r"(?<=[a-z0-9%)])\s+(?=[A-Z][a-z])")
_CHROME_TAIL_RE = re.compile(r"\s*\bRead the full notes @.*$", re.I)


def split_run_together(text: str) -> list[str]:
    """Items pasted with no separator: a new item starts where a lower-case word meets a capitalised one.

    Only used after a takeaway label, where this shape is known (podcast apps flatten the notes' list). Proper
    names keep together because a boundary needs at least six words on its left since the last one.
    """
    text = _CHROME_TAIL_RE.sub("", text).strip()
    items: list[str] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        left = text[start:m.start()]
        if len(left.split()) >= 6 and not _names_continue(text, m.end()):
            items.append(left.strip())
            start = m.end()
    items.append(text[start:].strip())
    return [i for i in items if i]


def _names_continue(text: str, at: int) -> bool:
    """The word before a candidate boundary is capitalised ('Lantern Peak'): a name goes on, no new item."""
    before = text[:at].split()[-1:] or [""]
    return bool(before[0][:1].isupper())


def _quote(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text[:width]}…'" if len(text) > width else f"'{text}'"
