"""Blocks -> TakeawaySet: the one place that knows how takeaway posts are laid out.

Posts are written by hand and copied through browsers, so headings vary ("TL;DW (Too Long; Didn't Watch)", "Key
ideas:", "Five Key Takeaways", "Detailed Summary: ..."), plain-text copies lose heading markup, and posts get cut off.
The recogniser walks the blocks once with a small state machine (preamble -> TLDW -> takeaways -> summary ->
thoughts), accepting any order of the four parts, and reports what it had to guess as warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..errors import InputError
from .blocks import Block, Document
from .model import Section, Source, Takeaway, TakeawaySet

_APOS = "['’]"
TLDW_RE = re.compile(
    r"^(?:tl;?\s?d[wr]|tldw|tldr)(?:\s*/\s*(?:tl;?\s?d[wr]))?\b"
    rf"(?:\s*\(\s*too\s+long;?\s*didn{_APOS}?t\s+(?:watch|read|listen)\s*\))?"
    r"(?P<sep>\s*[:.–—-])?\s*(?P<rest>.*)$", re.I)
TAKEAWAYS_RE = re.compile(
    r"^(?:the\s+)?(?:(?:\w+|\d+)\s+)?(?:key|core|main|top|big|major)\s+"
    r"(?:takeaways?|ideas|lessons|points|insights|learnings|themes)(?:\s+(?:for|from|of|in)\s+[\w' ’-]{1,40})?\s*:?$"
    r"|^takeaways\s*:?$", re.I)
SUMMARY_RE = re.compile(r"^(?:detailed|full|in-depth|extended|complete)?\s*summary(?:\s*[:–—-]\s*(?P<sub>.+?))?\s*:?$",
                        re.I)
THOUGHTS_RE = re.compile(r"^(?:(?:final|closing|my|some|our|personal|concluding)\s+)?thoughts\s*:?$", re.I)

SITE_RE = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}/?$", re.I)
TAG_LINE_RE = re.compile(r"^(?:tags?|categor(?:y|ies)|filed\s+under|topics?)\s*:\s*(?P<tags>.+)$", re.I)
BY_LINE_RE = re.compile(r"^(?:by|written\s+by|posted\s+by)\s+(?P<name>[^\d,]{2,60}?)\.?$", re.I)
DATE_LINE_RE = re.compile(r"^(?:(?:published|posted|updated)(?:\s+on)?\s*:?\s*)?(?P<date>.{6,30})$", re.I)
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%B %d %Y")
NUMBER_PREFIX_RE = re.compile(r"^\(?\d{1,3}[.):]\s+")
TERMINAL_RE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
LINK_LINE_RE = re.compile(
    r"^(?:watch|listen|read|see|view|check\s+out|find)\b.{0,80}\b(?:here|below|above|on\s+youtube|"
    r"full\s+(?:episode|conversation|interview|video|podcast|post|article))\s*[.!:]?$|^https?://\S+$", re.I)
FOOTER_RE = re.compile(r"^(?:share\s+this|like\s+this|related(?:\s+posts?)?|leave\s+a\s+(?:reply|comment)|comments?|"
                       r"post\s+navigation|you\s+may\s+also\s+like|subscribe|previous\s+post|next\s+post)\b.{0,30}$",
                       re.I)
SPEECH_VERBS = {"said", "says", "say", "notes", "noted", "argues", "argued", "explains", "explained", "adds", "added",
                "writes", "wrote", "asks", "asked", "puts", "put", "quipped", "joked", "replied", "told", "tells"}


@dataclass
class _Special:
    part: str  # "tldw" | "takeaways" | "summary" | "thoughts"
    rest: str = ""


def recognise(doc: Document, path: str) -> TakeawaySet:
    """Turn a reader's blocks into a TakeawaySet, or raise InputError naming what is missing."""
    blocks = [b for b in doc.blocks if b.text.strip()]
    if not blocks:
        raise InputError("contains no text", path=path)
    first = next((i for i, b in enumerate(blocks) if _special(b)), len(blocks))
    source = Source(site=doc.site, url=doc.url, author=doc.author, published=doc.published, tags=list(doc.tags))
    title, intro, leftover_items = _preamble(blocks[:first], doc, source)
    warnings = list(doc.warnings)
    builder = _Builder()
    if first == len(blocks) and leftover_items:
        warnings.append("no 'Key Takeaways' heading found; the list was read as the takeaways")
        builder.region = "takeaways"
        for item in leftover_items:
            builder.feed(item, None)
    for i in range(first, len(blocks)):
        builder.feed(blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None)
    builder.finish()
    if not title:
        raise InputError("no title found (expected a heading or a first line naming the post)", path=path)
    if not builder.takeaways and not builder.sections:
        raise InputError("no takeaways or summary sections found (expected a 'Key Takeaways' list or a "
                         "'Detailed Summary' with sections)", path=path)
    if not builder.tldw:
        warnings.append("no TLDW found")
    if not builder.takeaways:
        warnings.append("no key takeaways found")
    if not builder.sections:
        warnings.append("no summary sections found")
    if not builder.thoughts:
        warnings.append("no Thoughts found")
    truncated = builder.looks_truncated()
    if truncated:
        warnings.append("the post looks truncated: it ends mid-sentence")
    source.tags = list(dict.fromkeys(source.tags))
    return TakeawaySet(title=title, source=source, intro=intro, tldw=builder.tldw, tldw_is_list=builder.tldw_is_list,
                       takeaways=builder.takeaways, sections=builder.sections, thoughts=builder.thoughts,
                       truncated=truncated, warnings=warnings)


def _special(block: Block) -> _Special | None:
    text = block.text.strip()
    if block.kind == "item" or len(text) > 400:
        return None
    m = TLDW_RE.match(text)
    if m:
        rest = m["rest"].strip()
        if not rest:
            return _Special("tldw")
        if m["sep"]:
            return _Special("tldw", rest)
        return None
    if len(text.split()) > 10:
        return None
    if TAKEAWAYS_RE.match(text):
        return _Special("takeaways")
    m = SUMMARY_RE.match(text)
    if m:
        return _Special("summary", (m["sub"] or "").strip())
    if THOUGHTS_RE.match(text):
        return _Special("thoughts")
    return None


def looks_like_heading(block: Block) -> bool:
    """A heading in Markdown/HTML, or a short unpunctuated line in plain text (a bare title-case sub-heading)."""
    if block.kind == "heading":
        return True
    text = NUMBER_PREFIX_RE.sub("", block.text.strip())
    words = text.split()
    if not words or len(words) > 14 or TERMINAL_RE.search(text) or text.endswith(","):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "“\"'‘"):
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in significant if w[0].isupper() or w[0].isdigit() or not w[0].isalpha())
    return len(words) <= 3 or capitalised >= 0.6 * max(1, len(significant))


_SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with", "as",
                "from", "vs", "vs.", "versus", "into", "is", "was", "not", "its", "via", "per", "than", "up", "out"}


def _preamble(blocks: list[Block], doc: Document, source: Source) -> tuple[str, list[str], list[Block]]:
    """Site header lines, tags, date and author; then the title; the rest is the intro."""
    candidates: list[Block] = []
    after_tags = -1
    for block in blocks:
        text = block.text.strip()
        if block.kind != "heading" or block.level != 1:
            if SITE_RE.match(text) and len(candidates) == 0:
                source.site = source.site or text.rstrip("/")
                continue
            m = TAG_LINE_RE.match(text)
            if m and len(text) < 200:
                source.tags += [t.strip() for t in re.split(r"\s*[,|·]\s*", m["tags"]) if t.strip()]
                after_tags = len(candidates)
                continue
            m = DATE_LINE_RE.match(text)
            if m and _parse_date(m["date"]):
                source.published = source.published or _parse_date(m["date"])
                continue
            m = BY_LINE_RE.match(text)
            if m and len(text.split()) <= 6:
                source.author = source.author or m["name"].strip()
                continue
        candidates.append(block)
    if not candidates:
        return doc.title or "", [], []
    index = _title_index(candidates, after_tags, bool(source.site))
    if index is None:
        title = doc.title or ""
        index = -1
    else:
        title = NUMBER_PREFIX_RE.sub("", candidates[index].text.strip()) if candidates[index].kind == "item" \
            else candidates[index].text.strip()
    rest = candidates[index + 1:]
    intro = [b.text for b in rest if b.kind != "item"]
    items = [b for b in rest if b.kind == "item"]
    return title, intro, items


def _title_index(candidates: list[Block], after_tags: int, has_site: bool) -> int | None:
    for i, b in enumerate(candidates):
        if b.kind == "heading" and b.level == 1:
            return i
    for i, b in enumerate(candidates):
        if b.kind == "heading":
            return i
    if candidates[0].kind == "item" or any(b.kind == "item" for b in candidates[:3]):
        return next(i for i, b in enumerate(candidates) if b.kind == "item")
    if after_tags >= 0 and after_tags < len(candidates):
        return after_tags
    if has_site and len(candidates) >= 3 and looks_like_heading(candidates[0]) and looks_like_heading(candidates[1]):
        return 1  # the first line is the site's tagline
    return 0


def _parse_date(text: str) -> str | None:
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."))
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def split_label(text: str) -> tuple[str | None, str]:
    """'Energy as Infrastructure: AI data centers are ...' -> ('Energy as Infrastructure', 'AI data centers are ...')."""
    m = re.match(r"^(?P<label>[^:.!?“”\"]{2,90}?):\s+(?P<rest>\S.*)$", text, re.S)
    if not m:
        return None, text
    label, rest = m["label"].strip(), m["rest"].strip()
    words = label.split()
    if len(words) > 10 or len(rest.split()) < 3 or words[-1].lower() in SPEECH_VERBS or rest[0] in "“\"‘'":
        return None, text
    return label, rest


class _Builder:
    """Accumulates the parts while walking blocks in order."""

    def __init__(self) -> None:
        self.region = "other"
        self.region_level = 0
        self.tldw: list[str] = []
        self.tldw_is_list = False
        self.takeaways: list[Takeaway] = []
        self._open_headed: tuple[str, list[str]] | None = None  # a numbered sub-heading awaiting its paragraphs
        self._items_in_region = 0
        self.sections: list[Section] = []
        self._summary_sub = ""
        self.thoughts: list[str] = []
        self._footer = False
        self._ends_with_empty_section = False
        self.last_block: Block | None = None

    def feed(self, block: Block, nxt: Block | None) -> None:
        special = _special(block)
        if special:
            self._close_headed()
            self.region = special.part
            self.region_level = block.level
            self._items_in_region = 0
            self._footer = False
            if special.part == "tldw" and special.rest:
                self.tldw.append(special.rest)
                self.last_block = Block("paragraph", special.rest)
            elif special.part == "summary":
                self._summary_sub = special.rest
                self.last_block = block
            return
        if self._footer:
            return
        self.last_block = block
        getattr(self, f"_feed_{self.region}")(block, nxt)

    def _feed_other(self, block: Block, nxt: Block | None) -> None:
        # Content before any recognised heading that was not part of the preamble: treat headed parts as sections.
        self._feed_summary(block, nxt)

    def _feed_tldw(self, block: Block, nxt: Block | None) -> None:
        if block.kind == "heading":
            self.region = "summary"
            self._feed_summary(block, nxt)
        elif block.kind == "item":
            self.tldw_is_list = True
            self.tldw.append(block.text)
        else:
            self.tldw.append(block.text)

    def _feed_takeaways(self, block: Block, nxt: Block | None) -> None:
        numbered = bool(NUMBER_PREFIX_RE.match(block.text)) or block.marker[:1].isdigit()
        next_is_para = nxt is not None and nxt.kind == "paragraph" and not _special(nxt)
        if block.kind == "item":
            if block.depth > 0 and self.takeaways and self._open_headed is None:
                self.takeaways[-1].items.append(block.text)
                return
            if numbered and next_is_para and looks_like_heading(Block("paragraph", block.text)):
                self._close_headed()
                self._open_headed = (block.text, [])
                return
            self._close_headed()
            self._add_takeaway(block.text)
            self._items_in_region += 1
            return
        if block.kind == "heading" or looks_like_heading(block):
            deeper = block.kind == "heading" and self.region_level and block.level > self.region_level
            if next_is_para and (numbered or deeper or self._items_in_region == 0):
                self._close_headed()
                self._open_headed = (NUMBER_PREFIX_RE.sub("", block.text.strip()), [])
                return
            if not next_is_para and block.kind != "heading" and self._open_headed is None and \
                    self._items_in_region == 0 and len(block.text.split()) >= 4:
                self._add_takeaway(block.text)  # a short, unpunctuated takeaway on its own line
                return
            self._close_headed()
            self.region = "summary"
            self._feed_summary(block, nxt)
            return
        if self._open_headed is not None:
            self._open_headed[1].append(block.text)
        elif self.takeaways and self._items_in_region and not TERMINAL_RE.search(self.takeaways[-1].full_text):
            last = self.takeaways[-1]
            last.text = f"{last.text} {block.text}"  # a wrapped continuation of the previous item
        elif self._items_in_region:
            self.thoughts.append(block.text)  # prose after a bulleted list is commentary, not another takeaway
        else:
            self._add_takeaway(block.text)

    def _add_takeaway(self, text: str) -> None:
        label, rest = split_label(text)
        self.takeaways.append(Takeaway(text=rest, label=label))

    def _close_headed(self) -> None:
        if self._open_headed is None:
            return
        heading, paragraphs = self._open_headed
        self._open_headed = None
        if paragraphs:
            self.takeaways.append(Takeaway(text=" ".join(paragraphs), label=heading.rstrip(":")))
        else:
            self._add_takeaway(heading)

    def _feed_summary(self, block: Block, nxt: Block | None) -> None:
        if block.kind == "heading" or (looks_like_heading(block) and nxt is not None and nxt.kind != "heading"):
            self.sections.append(Section(heading=NUMBER_PREFIX_RE.sub("", block.text.strip()).rstrip(":")))
            return
        if not self.sections:
            self.sections.append(Section(heading=self._summary_sub or "Summary"))
        self.sections[-1].paragraphs.append(block.text)

    def _feed_thoughts(self, block: Block, nxt: Block | None) -> None:
        text = block.text.strip()
        if FOOTER_RE.match(text):
            self._footer = True
            return
        if LINK_LINE_RE.match(text) and len(text.split()) <= 14:
            return
        if block.kind == "heading":
            return
        self.thoughts.append(text)

    def finish(self) -> None:
        self._close_headed()
        self._ends_with_empty_section = bool(self.sections) and not self.sections[-1].paragraphs
        self.sections = [s for s in self.sections if s.paragraphs]

    def looks_truncated(self) -> bool:
        last = self.last_block
        if last is None:
            return False
        if self._ends_with_empty_section and self.region == "summary":
            return True
        if last.kind == "heading":
            return False
        text = last.text.strip()
        if LINK_LINE_RE.match(text) or FOOTER_RE.match(text):
            return False
        return not TERMINAL_RE.search(text)
