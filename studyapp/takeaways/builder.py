"""Walk a post's body once and fill in its parts: TLDW, takeaways, summary sections, thoughts.

The recogniser has already decided where each part starts (a heading from the table, or the list it scored best);
this walker only knows the shapes inside a part: bullets with sub-items, numbered sub-headings each followed by a
paragraph, one paragraph of several claims, headed sections. It records what it took for what in the trace.
"""

from __future__ import annotations

import re

from .blocks import Block
from .clean import NUMBERING_RE, bare
from .model import Section, Takeaway

TERMINAL_RE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
LINK_LINE_RE = re.compile(
    r"^(?:watch|listen|read|see|view|check\s+out|find|ouça|escucha|écoutez|hör)\b.{0,80}\b(?:here|below|above|"
    r"on\s+\w+|full\s+(?:episode|conversation|interview|video|podcast|post|article|report)|completo|complète)"
    r"(?:\s+(?:at|on)\s+\S+)?\s*[.!:]?$|^https?://\S+$", re.I)
FOOTER_RE = re.compile(r"^(?:share\s+this|like\s+this|related(?:\s+posts?)?|leave\s+a\s+(?:reply|comment)|comments?|"
                       r"post\s+navigation|you\s+may\s+also\s+like|subscribe|previous\s+post|next\s+post|"
                       r"see you next .{1,20}|thanks for reading.{0,80})\b.{0,30}$", re.I)
SPEECH_VERBS = {"said", "says", "say", "notes", "noted", "argues", "argued", "explains", "explained", "adds", "added",
                "writes", "wrote", "asks", "asked", "puts", "put", "quipped", "joked", "replied", "told", "tells"}
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9“\"¿¡À-Ý])")  # a capital after a full stop
ABBREVIATIONS = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|vs|v|e\.g|i\.e|U\.S|No|approx|ca|Ep|Vol|Fig|Op|Nr|z\.B|bzw|etc|"
                           r"(?-i:(?:[A-Z]\.){1,3}[A-Z]))\.$", re.I)  # (and initialisms: "the Notorious R.B.G." Tumblr)


def split_label(text: str) -> tuple[str | None, str]:
    """'Energy as Infrastructure: AI data centers are ...' -> ('Energy as Infrastructure', 'AI data centers ...')."""
    m = re.match(r"^(?P<label>[^:.!?“”\"]{2,90}?):\s+(?P<rest>\S.*)$", text, re.S)
    if not m:
        return None, text
    label, rest = m["label"].strip(), m["rest"].strip()
    words = label.split()
    if len(words) > 10 or len(rest.split()) < 3 or words[-1].lower() in SPEECH_VERBS or rest[0] in "“\"‘'":
        return None, text
    return label, rest


# German writes ordinals with a full stop: "am 19. August 1989", "im 13. und 14. Jahrhundert" end no sentence
ORDINAL_NOUNS = frozenset("""januar jänner februar märz april mai juni juli august september oktober november
dezember jahrhundert jahrhunderts jahrhunderten jahrtausend jahrtausends""".split())


def ordinal_before(last_word: str, rest: str) -> bool:
    """Is `last_word` ("19.", "15./16.") a German ordinal of the noun `rest` starts with ("August 1989 flohen…")?"""
    return bool(re.fullmatch(r"(?:\d{1,2}\.\s?[/–\-]\s?)?\d{1,2}\.", last_word)) and \
        rest.split(" ", 1)[0].lower().rstrip(".,;:") in ORDINAL_NOUNS


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in SENTENCE_END_RE.finditer(text):
        left = text[max(start, m.start() - 12):m.start()].strip()  # the last word is enough, and keeps this linear
        if ABBREVIATIONS.search(left.rstrip("\"”’)")) or left and ordinal_before(left.split()[-1], text[m.end():]):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def heads(block: Block, nxt: Block | None) -> bool:
    """Does `block` head what follows? Markup says so, or a heading-like line, or a short unpunctuated line in
    sentence case ("Questions for the seminar") over a paragraph at least twice its length."""
    if block.kind == "item":
        return False
    if looks_like_heading(block):
        return True
    text = block.text.strip()
    return (nxt is not None and nxt.kind == "paragraph" and 0 < len(text.split()) <= 10
            and not re.search(r"[.!;,:…]$", text) and len(nxt.text) >= 2 * len(text) and text[:1].isupper()
            and not text.startswith(("“", '"', "«")))


def is_list_intro(block: Block, nxt: Block | None) -> bool:
    """'Four things, in this order:' right before a list: it introduces the list, it is not a takeaway."""
    return nxt is not None and nxt.kind == "item" and block.kind == "paragraph" and \
        block.text.rstrip().endswith((":", "…", "...")) and len(block.text.split()) <= 30


def numbered_heading(block: Block) -> bool:
    """A numbered line short enough and unpunctuated enough to head what follows ("3. Manger avant d'avoir faim")."""
    numbered = block.marker[:1].isdigit() or bool(NUMBERING_RE.match(block.text))
    text = NUMBERING_RE.sub("", block.text.strip())
    return numbered and 0 < len(text.split()) <= 16 and not re.search(r"[.!;,]$", text)


def title_like(block: Block) -> bool:
    """A line that could be a post's title: up to 22 words, no closing full stop, mostly capitalised words."""
    text = block.text.strip()
    words = text.split()
    if not 0 < len(words) <= 22 or re.search(r"[.!;,:]$", text):
        return False
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
    return sum(1 for w in significant if not w[0].isalpha() or w[0].isupper()) >= 0.6 * max(1, len(significant))


def looks_like_heading(block: Block) -> bool:
    """A heading in Markdown/HTML, or a short unpunctuated line in plain text (a bare title-case sub-heading)."""
    if block.kind == "heading":
        return True
    text = NUMBERING_RE.sub("", block.text.strip())
    if text.endswith("?") and len(text.split()) <= 12:
        text = text[:-1]  # "Can we use it today?" heads a section as well as a statement does
    words = text.split()
    if not words or len(words) > 14 or TERMINAL_RE.search(text) or text.endswith(","):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "“\"'‘«¿¡"):
        return False
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
    capitalised = sum(1 for w in significant if w[0].isupper() or w[0].isdigit() or not w[0].isalpha())
    return len(words) <= 3 or capitalised >= 0.6 * max(1, len(significant))


SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with", "as",
               "from", "vs", "vs.", "versus", "into", "is", "was", "not", "its", "via", "per", "than", "up", "out",
               "de", "la", "le", "les", "des", "du", "el", "los", "las", "y", "et", "und", "der", "die", "das", "en",
               "di", "il", "e", "da", "do", "dos", "das", "em", "para", "por", "con", "mit", "von", "zu", "auf", "im"}


class Builder:
    """Accumulates the parts while walking blocks in order."""

    def __init__(self, trace: list[str]) -> None:
        self.trace = trace
        self.region = "other"
        self.region_level = 0
        self.tldw: list[str] = []
        self.tldw_is_list = False
        self.takeaways: list[Takeaway] = []
        self._open_headed: tuple[str, list[str]] | None = None  # a numbered sub-heading awaiting its paragraphs
        self._items_in_region = 0
        self._headed_in_region = 0
        self._paras_in_region = 0  # takeaways written as plain paragraphs (one per claim)
        self._points_in_region = 0  # numbered claims over their explanations (numbered.py)
        self._headed_numbered = False  # whether this part's sub-headings ("1. ...", "🎧 ...") are numbered
        self.sections: list[Section] = []
        self._summary_sub = ""
        self.thoughts: list[str] = []
        self._footer = False
        self._trailing_empty = 0
        self.last_block: Block | None = None
        self.last_takeaway_from_item = False
        self._summary_explicit = False
        self._open_items: list[str] | None = None  # sub-items of a numbered heading line ("1. Le sel…" + "- …")

    def start(self, part: str, block: Block | None, rest: str = "") -> None:
        self._close_headed()
        self.region = part
        self.region_level = block.level if block is not None else 0
        self._items_in_region = 0
        self._headed_in_region = 0
        self._paras_in_region = 0
        self._points_in_region = 0
        self._footer = False
        if part in ("tldw", "thoughts") and rest:  # "TL;DR: the text" / "Fazit: the text" on the label's line
            (self.tldw if part == "tldw" else self.thoughts).append(rest)
            self.last_block = Block("paragraph", rest)
        elif part == "summary":
            self._summary_sub = rest
            self._summary_explicit = bool(block is not None and block.text)
            if block is not None and block.text:
                self.last_block = block

    def feed(self, block: Block, nxt: Block | None) -> None:
        if self._footer:
            return
        if self.region != "links":
            self.last_block = block
            self.last_takeaway_from_item = False  # only true while the last block read is that takeaway's item
        getattr(self, f"_feed_{self.region}")(block, nxt)

    def _feed_links(self, block: Block, nxt: Block | None) -> None:
        if block.kind == "heading" and not (self.region_level and block.level > self.region_level) \
                and self.region_level:
            self.region = "summary"
            self._feed_summary(block, nxt)

    def _feed_other(self, block: Block, nxt: Block | None) -> None:
        self._feed_summary(block, nxt)

    def _feed_tldw(self, block: Block, nxt: Block | None) -> None:
        if block.kind == "heading" or (self.tldw and looks_like_heading(block) and nxt is not None
                                       and nxt.kind == "paragraph" and block.kind != "item"):
            self.region = "summary"
            self._feed_summary(block, nxt)
        elif block.kind == "item":
            self.tldw_is_list = True
            self.tldw.append(block.text)
        elif self.tldw and (self.tldw_is_list or len(self.tldw) >= 1 and block.text == self.tldw[-1]):
            self.thoughts.append(block.text)  # prose after a TLDW list is commentary
        else:
            self.tldw.append(block.text)

    def _feed_takeaways(self, block: Block, nxt: Block | None) -> None:
        numbered = bool(NUMBERING_RE.match(block.text)) or block.marker[:1].isdigit()
        next_is_para = nxt is not None and nxt.kind == "paragraph"
        if block.marker == "point" and self._items_in_region > self._points_in_region:
            self.trace.append(f"the takeaways end at the numbered claim {block.lead[:50]!r}")
            self.region = "summary"  # bullets, then "1. Claim." + paragraph: as for numbered headings, above
            self._feed_summary(block, nxt)
            return
        if block.kind == "item" and block.marker in ("qa", "point"):  # an interview's question and answer
            # (interview.py), a numbered claim over its explanation (numbered.py): the label is given
            self._close_items()
            self._close_headed()
            self.takeaways.append(Takeaway(text=block.text, label=block.lead))
            self._items_in_region += 1
            self._points_in_region += block.marker == "point"
            self.last_takeaway_from_item = True
            return
        if block.kind == "item":
            if self._open_items is not None and not numbered and block.marker and not block.marker[:1].isdigit():
                self._open_items.append(block.text)
                return
            self._close_items()
            if block.depth > 0 and self.takeaways and self._open_headed is None:
                self.takeaways[-1].items.append(block.text)
                return
            if next_is_para and numbered_heading(block) and self._items_in_region > self._headed_in_region:
                self.trace.append(f"the takeaways end at the numbered heading {block.text[:50]!r}")
                self.region = "summary"  # bullets, then "1. Heading" + paragraph: the summary's sections start
                self._feed_summary(block, nxt)
                return
            if nxt is not None and nxt.kind == "item" and nxt.depth == block.depth and numbered_heading(block) \
                    and nxt.marker and not nxt.marker[:1].isdigit() and self._open_headed is None:
                self._close_headed()
                self._open_items = []  # "1. Heading" then "- detail" items: one takeaway with its details
                self._add_takeaway(bare(block.text))
                self._items_in_region += 1
                return
            if self._open_headed is not None and block.depth > 0:
                self._open_headed[1].append(block.text)  # a detail under a numbered sub-heading
                return
            if next_is_para and numbered_heading(block) and self._items_in_region == self._headed_in_region:
                self._close_headed()
                self._open_headed = (bare(block.text), [])
                self._headed_numbered = True
                self._headed_in_region += 1
                self._items_in_region += 1
                return
            if nxt is not None and nxt.kind == "item" and nxt.depth > 0 and numbered_heading(block):
                self._close_headed()
                self._add_takeaway(bare(block.text))  # a numbered heading over its own detail items
                self._items_in_region += 1
                return
            self._close_headed()
            self._add_takeaway(block.text)
            self.last_takeaway_from_item = True
            self._items_in_region += 1
            return
        self._close_items()
        lead_in = nxt is not None and nxt.kind == "item" and block.kind == "paragraph" and \
            self._paras_in_region == 0 and len(block.text.split()) <= 30
        if self._items_in_region == 0 and (is_list_intro(block, nxt) or lead_in):
            self.trace.append(f"read {block.text[:50]!r} as the list's introduction")
            return
        if block.kind == "heading" or heads(block, nxt):
            deeper = block.kind == "heading" and self.region_level and block.level > self.region_level
            headed_run = self._items_in_region == self._headed_in_region
            same_kind = self._headed_in_region and numbered == self._headed_numbered
            if next_is_para and headed_run and (numbered or deeper or same_kind
                                                or self._items_in_region + self._paras_in_region == 0):
                self._headed_numbered = numbered if not self._headed_in_region else self._headed_numbered
                self._close_headed()
                self._open_headed = (bare(block.text), [])
                self._headed_in_region += 1
                self._items_in_region += 1
                return
            if nxt is not None and nxt.kind == "item" and nxt.depth > 0 and numbered and headed_run:
                self._close_headed()
                self._add_takeaway(bare(block.text))
                self._items_in_region += 1
                self._headed_in_region += 1
                return
            if nxt is not None and nxt.kind == "item" and numbered and headed_run and self._headed_in_region and \
                    nxt.marker and not nxt.marker[:1].isdigit():
                self._close_headed()  # "### 7. Labels and mirrors" over bullets, in a run of numbered headings:
                self._open_items = []  # one more point, its bullets its details
                self._add_takeaway(bare(block.text))
                self._items_in_region += 1
                self._headed_in_region += 1
                return
            if not next_is_para and block.kind != "heading" and self._open_headed is None and \
                    self._items_in_region == 0 and len(block.text.split()) >= 4:
                self._add_takeaway(block.text)  # a short, unpunctuated takeaway on its own line
                return
            self._close_headed()
            self.trace.append(f"the takeaways end at {block.text[:50]!r}; what follows is read as summary sections")
            self.region = "summary"
            self._feed_summary(block, nxt)
            return
        if self._open_headed is not None:
            self._open_headed[1].append(block.text)
        elif self.takeaways and self._items_in_region and not TERMINAL_RE.search(self.takeaways[-1].full_text) \
                and block.text[:1].islower():
            last = self.takeaways[-1]
            last.text = f"{last.text} {block.text}"  # a wrapped continuation of the previous item
        elif self._items_in_region:
            if not (LINK_LINE_RE.match(block.text) and len(block.text.split()) <= 14):
                self.thoughts.append(block.text)  # prose after a bulleted list is commentary, not another takeaway
        else:
            sentences = split_sentences(block.text)
            if len(sentences) >= 3 and (nxt is None or nxt.kind != "item"):
                self.trace.append(f"split one paragraph of {len(sentences)} claims into takeaways")
                for sentence in sentences:
                    self._add_takeaway(sentence)
                self._items_in_region += len(sentences)
                return
            self._add_takeaway(block.text)
            self._paras_in_region += 1

    def _close_items(self) -> None:
        if self._open_items is not None:
            self.takeaways[-1].items.extend(self._open_items)
            self._open_items = None

    def _add_takeaway(self, text: str) -> None:
        label, rest = split_label(text)
        self.takeaways.append(Takeaway(text=rest, label=label))
        self.last_takeaway_from_item = False

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
        if block.marker == "point":  # a numbered claim over its explanation (numbered.py): a section
            self.sections.append(Section(heading=block.lead, paragraphs=[block.text]))
            return
        numbered_head = block.kind == "item" and numbered_heading(block) and nxt is not None and \
            nxt.kind == "paragraph"
        orphan = nxt is None and block.kind == "paragraph" and looks_like_heading(block)
        chapter = block.marker == "time"  # "07:40 The recipe"
        if block.kind == "heading" or numbered_head or orphan or chapter or (heads(block, nxt) and nxt is not None
                                                                  and nxt.kind != "heading"):
            self.sections.append(Section(heading=bare(block.text) or block.text.strip()))
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
        self.thoughts.append(f"{block.lead}. {text}" if block.marker == "point" else text)

    def finish(self) -> None:
        self._close_items()
        self._close_headed()
        # One empty heading at the very end is a post cut after its heading; several are a list of chapter titles.
        trailing_empty = 0
        for section in reversed(self.sections):
            if section.paragraphs:
                break
            trailing_empty += 1
        self._trailing_empty = trailing_empty
        dropped = [s.heading for s in self.sections if not s.paragraphs]
        if dropped:
            self.trace.append(f"dropped headings with no text under them: {dropped}")
        self.sections = [s for s in self.sections if s.paragraphs]

    def looks_truncated(self) -> bool:
        last = self.last_block
        if last is None:
            return False
        if self._trailing_empty:
            return self._trailing_empty == 1 and self.region == "summary" and self._summary_explicit
        if last.kind == "heading":
            return False
        text = last.text.strip()
        if last.kind == "item" and self.takeaways:
            punctuated = sum(bool(TERMINAL_RE.search(t.full_text)) for t in self.takeaways[:-1])
            if punctuated < (len(self.takeaways) - 1) / 2:
                return False  # a list whose items never end with a full stop: no sign of a cut
        if LINK_LINE_RE.match(text) or FOOTER_RE.match(text):
            return False
        return not TERMINAL_RE.search(text)
