"""Blocks -> TakeawaySet: the one place that decides what each block of a post is.

Posts come from many sites, so instead of one rule per site the recogniser scores blocks: how much a block looks
like a heading (markup, length, punctuation, capitals), which part its words name (one table per language, in
headings.py), how much a run of items looks like the takeaway list (a heading or an intro line naming it, item
count, facts in the items, position), and how much a line looks like the post's title (markup, length, position,
site chrome around it). Three shapes are first rewritten into ones the walker knows: paragraphs led by a label into a
labelled list (labelled.py), numbered claims each over its explanation paragraph into one too (numbered.py), an
interview's questions and answers into takeaways labelled by the question (interview.py). It then walks the body once, part by part (builder.py).

Everything it decides is written to a trace (`TakeawaySet.trace`), so `studyapp inspect` can say which block it took
for what when a post is not fully read. Warnings the user should act on are kept apart from routine notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from .blocks import Block, Document
from .builder import (Builder, heads, is_list_intro, looks_like_heading, numbered_heading, split_label,
                      split_sentences, title_like)
from .clean import NUMBERING_RE, bare, normalise, part_of
from .details import details_line, is_details, read_details
from .headings import AMBIGUOUS_SUMMARY_RE, END_OF_POST_RE, LIST_INTRO_RE
from .interview import first_interview, read_interviews
from .labelled import read_label_paragraphs
from .numbered import read_numbered_points
from .model import Source, TakeawaySet
from .title import breadcrumb, choose_title, title_text

__all__ = ["recognise", "split_label", "looks_like_heading"]

TLDW_INLINE_RE = re.compile(r"^(?P<label>[^:]{2,60}?)\s*(?::|\s[-–—])\s*(?P<rest>\S.{20,})$")


@dataclass
class Part:
    name: str  # tldw | takeaways | summary | thoughts | links
    rest: str = ""  # text on the heading's own line ("TL;DR: the text")


def recognise(doc: Document, path: str) -> TakeawaySet:
    """Turn a reader's blocks into a TakeawaySet, or raise InputError naming what is missing."""
    trace: list[str] = []
    blocks = normalise([b for b in doc.blocks if b.text.strip()], trace)
    if not blocks:
        raise InputError("contains no text", path=path)
    parts = [_part(blocks, i) for i in range(len(blocks))]
    if parts[0] and not parts[0].rest and len(bare(blocks[0].text).split()) >= 4 and \
            not (blocks[0].kind == "heading" and blocks[0].level >= 2):
        parts[0] = None  # a post starts with its title, even one like "Lessons from week 6"
    source = Source(site=doc.site, url=doc.url, author=doc.author, published=doc.published, tags=list(doc.tags))
    warnings = list(doc.warnings)
    title, title_at, start = _find_title(blocks, parts, doc, trace, first_interview(blocks, parts))
    for block in blocks[:title_at or 0]:
        _metadata(block, source, trace)  # site, tags, date lines above the title
    read_interviews(blocks, parts, start, trace, Part)  # "Q: …" / "A: …", question headings: one takeaway a pair
    read_numbered_points(blocks, parts, start, trace)  # "1. Claim." over its paragraph: a labelled list
    read_label_paragraphs(blocks, parts, start, trace)  # "**Label:** text" paragraphs: a labelled list
    if not any(p and p.name == "takeaways" for p in parts):
        _mark_takeaways(blocks, parts, start, warnings, trace)
    first_part = next((i for i, p in enumerate(parts) if p), len(blocks))
    first_part = _implicit_summary(blocks, parts, start, first_part, trace)
    intro, builder = _walk(blocks, parts, start, first_part, title, source, trace)
    if not title:
        raise InputError("no title found (expected a heading or a first line naming the post)", path=path,
                         trace=trace)
    if not builder.takeaways and not builder.sections:
        raise InputError("no takeaways or summary sections found (expected a 'Key Takeaways' list or a "
                         "'Detailed Summary' with sections)", path=path, trace=trace)
    notes = [f"no {name} found" for found, name in ((builder.tldw, "TLDW"), (builder.takeaways, "key takeaways"),
                                                    (builder.sections, "summary sections"),
                                                    (builder.thoughts, "Thoughts")) if not found]
    truncated = builder.looks_truncated()
    if truncated:
        if builder.region == "takeaways" and builder.last_takeaway_from_item and len(builder.takeaways) > 1:
            broken = builder.takeaways.pop()
            warnings.insert(0, f"the post looks truncated: it ends mid-sentence; the unfinished last takeaway "
                               f"('{broken.full_text[:40].rstrip()}…') was left out")
        else:
            warnings.insert(0, "the post looks truncated: it ends mid-sentence")
    source.tags = list(dict.fromkeys(source.tags))
    ts = TakeawaySet(title=title, source=source, intro=intro, tldw=builder.tldw, tldw_is_list=builder.tldw_is_list,
                     takeaways=builder.takeaways, sections=builder.sections, thoughts=builder.thoughts,
                     truncated=truncated, warnings=warnings)
    ts.notes = notes
    ts.trace = trace
    return ts


def _find_title(blocks: list[Block], parts: list[Part | None], doc: Document,
                trace: list[str], interview: int) -> tuple[str, int | None, int]:
    """(title, index of its block, index where the body starts). A post without a title line (a social post, a
    chat answer) is named by its first sentence. The title comes before the first part and before an interview's
    first question (`interview`)."""
    first_part = min(next((i for i, p in enumerate(parts) if p), len(blocks)), interview)
    title_at = choose_title(blocks, first_part, doc, trace)
    title = title_text(blocks[title_at]) if title_at is not None else (doc.title or "")
    start = title_at + 1 if title_at is not None else 0
    if title_at is not None and blocks[title_at].kind == "paragraph" and len(title.split()) > 14:
        sentences = split_sentences(title)
        if len(sentences) > 1:
            title = sentences[0]
            blocks[title_at] = Block("paragraph", " ".join(sentences[1:]))
            start = title_at  # the rest of the paragraph is read as the body
            trace.append(f"the title is the first sentence of the paragraph; the rest is {_describe(blocks[title_at])}")
    if not title and parts[0] and parts[0].rest:  # "Summary: The video explains ..." opens the post
        title = split_sentences(parts[0].rest)[0]
        trace.append(f"no title: took the first sentence of the {parts[0].name}")
    if not title:  # everything above the first part was taken for chrome: the post's first line is its title
        title = next((" ".join(b.text.split()) for b in doc.blocks if b.text.strip()), "")
        trace.append(f"no line scored as a title; took the first line {title[:50]!r}")
    for i, block in enumerate(blocks):
        if parts[i] and block.kind != "heading" and title_text(block) == title:
            parts[i] = None  # the title repeated ("Lessons From My Garden") is not a part heading
    return title, title_at, start


def _mark_takeaways(blocks: list[Block], parts: list[Part | None], start: int, warnings: list[str],
                    trace: list[str]) -> None:
    """No heading names the takeaways: mark the list (or numbered headings) that best look like them."""
    list_trace: list[str] = []
    chosen = _choose_list(blocks, parts, start, list_trace)
    heading_trace: list[str] = []
    numbered = _numbered_headings(blocks, parts, start, heading_trace)
    if numbered is not None and (chosen is None or numbered < chosen and
                                 _run_length(blocks, numbered) >= max(3, _items_from(blocks, chosen))):
        chosen = numbered  # "### 1. …" to "### 10. …", one with a short list inside: the headings are the points
        trace.extend(heading_trace)
    else:
        trace.extend(list_trace)
    if chosen is None:
        return
    if parts[chosen] and parts[chosen].name == "tldw":
        parts[chosen] = None  # the TLDW's own list is the takeaways when the post has no other
    head = chosen - 1 if chosen - 1 > start and is_list_intro(blocks[chosen - 1], blocks[chosen]) else chosen
    if head - 1 > start and blocks[head - 1].kind == "heading" and not parts[head - 1]:
        parts[head - 1] = Part("takeaways")  # "## What a Student Needs" over the list: its heading
        trace.append(f"read {_describe(blocks[head - 1])} as the takeaways' heading")
        return
    if head == chosen or not LIST_INTRO_RE.search(blocks[head].text):  # an intro naming the list is enough
        after = _describe(blocks[chosen - 1]) if chosen > start else "the title"
        warnings.append(f"no takeaway heading found; the list after {after} was read as the takeaways")
    parts.insert(chosen, Part("takeaways"))
    blocks.insert(chosen, Block("paragraph", ""))  # a marker: the takeaways start here


def _walk(blocks: list[Block], parts: list[Part | None], start: int, first_part: int, title: str, source: Source,
          trace: list[str]) -> tuple[list[str], Builder]:
    """The body once, in order: details and intro before the first part, then each part through the builder."""
    intro: list[str] = []
    builder = Builder(trace)
    for i in range(start, len(blocks)):
        block, part = blocks[i], parts[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if i > first_part and END_OF_POST_RE.match(bare(block.text) or "-"):
            trace.append(f"the post ends at {_describe(block)}: what follows is comments")
            break
        if part:
            trace.append(f"{_describe(block) if block.text else 'the next block'} starts the {part.name}")
            builder.start(part.name, block, part.rest)
        elif i >= first_part and block.kind != "heading" and details_line(block.text.strip()) and \
                _metadata(block, source, trace):
            pass  # "11 min read · Feb 19, 2024" under a subtitle that opened the summary (a Medium page, set P)
        elif i >= first_part and nxt is not None and details_line(nxt.text.strip()) and \
                len(block.text.split()) <= 4 and not part and block.text.strip()[:1].isupper() and \
                not re.search(r"[.:!?]$", block.text.strip()):
            source.author = source.author or block.text.strip()  # "Ruth Adeyemi" over "Oct 4, 2024 • 8 min read"
            trace.append(f"read {_describe(block)} as the author, above a details line")
        elif i >= first_part:
            builder.feed(block, nxt)
        elif _metadata(block, source, trace):
            pass
        elif block.marker == "point":
            intro.append(block.text)  # a numbered claim before the takeaways: its explanation is the intro's
            trace.append(f"read the explanation of the numbered claim {block.lead[:50]!r} as intro")
        elif block.kind == "item":
            trace.append(f"left out a list item before any part: {_describe(block)}")
        elif nxt is not None and parts[i + 1] is not None and parts[i + 1].name == "takeaways" and not nxt.text \
                and (is_list_intro(block, blocks[i + 2] if i + 2 < len(blocks) else None)
                     or looks_like_heading(block) or block.marker == "heading"):
            trace.append(f"read {_describe(block)} as the heading of the list below")
        elif block.kind == "heading" or title_text(block) == title:
            trace.append(f"left out {_describe(block)}: a heading with nothing of its own, or the title again")
        else:
            intro.append(block.text)
    builder.finish()
    return intro, builder


def _menu_entry(block: Block) -> bool:
    text = block.text.strip()
    return block.kind == "paragraph" and 1 <= len(text.split()) <= 3 and not re.search(r"[.,:;!?]", text) and \
        part_of(text) is None


def _among_menu_entries(blocks: list[Block], i: int) -> bool:
    """A part's name with short bare lines on both sides and a third beyond one of them: a menu (blind set R,
    where "Show Notes" between "Episodes" and "Reading List" cut off the post's title)."""
    def entry(k: int) -> bool:
        return 0 <= k < len(blocks) and _menu_entry(blocks[k])
    return entry(i - 1) and entry(i + 1) and (entry(i - 2) or entry(i + 2))


def _part(blocks: list[Block], i: int) -> Part | None:
    """Which part a block opens, if it is a heading of one (or a label with the text on its own line)."""
    block = blocks[i]
    text = block.text.strip()
    if block.kind == "item" or not text or len(text) > 600:
        return None
    name = part_of(text)
    if name is None and AMBIGUOUS_SUMMARY_RE.match(bare(text) or "-"):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        subheaded = nxt is not None and (nxt.kind == "heading" or (looks_like_heading(nxt) and after is not None
                                                                    and after.kind == "paragraph"))
        return Part("summary" if subheaded else "tldw")
    if name is not None:
        if len(bare(text).split()) > 12 and block.kind != "heading":
            return None
        if block.kind == "paragraph" and (_among_menu_entries(blocks, i) or
                                          i and len(text.split()) <= 3 and breadcrumb(blocks[i - 1].text.strip())):
            return None  # "Episodes / Show Notes / Reading List / About": a site's menu copied line by line; "Show
            # Notes" alone under "Home Episodes Show Notes Newsletter …": the page's label (blind set S)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if name == "tldw" and nxt is not None and nxt.kind == "paragraph" and block.kind != "heading" and \
                (title_like(nxt) or not _prose(nxt.text)):
            return None  # "Episode summary" over the episode's title: a page label, not the TLDW
        if name == "takeaways" and len(bare(text).split()) > 3 and block.kind != "item":
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            after = blocks[i + 2] if i + 2 < len(blocks) else None
            if nxt is not None and nxt.kind == "paragraph" and not nxt.text.rstrip().endswith(":") and \
                    (after is None or after.kind != "item") and len(nxt.text.split()) > 25:
                return None  # "Lessons From the 2021 Squeeze" over one paragraph: a summary sub-heading
        if name == "summary":
            m = re.match(r"^[^:–—]+[:–—-]\s*(?P<sub>.+)$", text)
            return Part("summary", (m["sub"] or "").strip() if m else "")
        return Part(name)
    m = TLDW_INLINE_RE.match(text)  # "TL;DR: the text", "Zusammenfassung: ...", "Fazit: ..." on one line
    if m:
        label_part = part_of(m["label"]) or ("tldw" if AMBIGUOUS_SUMMARY_RE.match(bare(m["label"]) or "-") else None)
        rest = m["rest"].strip()
        if label_part in ("tldw", "thoughts") and _prose(rest):  # not "Executive Summary: The State of X"
            return Part(label_part, rest)
    return None


def _prose(text: str) -> bool:
    """Sentences rather than a title: a closing full stop (or the like), or too long for a title."""
    return bool(re.search(r"[.!?…][\"”’)»]*$", text.strip())) or len(text.split()) > 15


def _describe(block: Block) -> str:
    text = " ".join(block.text.split())
    return f"{block.kind} {text[:50]!r}{'…' if len(text) > 50 else ''}"


def _metadata(block: Block, source: Source, trace: list[str]) -> bool:
    """Site, tags, date and author lines of the preamble go into `source`; True when the block was one."""
    if read_details(block, source):
        trace.append(f"read {_describe(block)} as the post's details")
        return True
    return False


def _implicit_summary(blocks: list[Block], parts: list[Part | None], start: int, first_part: int,
                      trace: list[str]) -> int:
    """Headed paragraphs before any part are summary sections: a markup heading anywhere, or, in a post with no
    part at all, a heading-like line over a paragraph once the intro has had a paragraph."""
    seen_paragraph = first_part >= len(blocks)  # with no part at all, headed paragraphs from the start
    for i in range(start, min(first_part, len(blocks) - 1)):
        block, nxt = blocks[i], blocks[i + 1]
        markup = block.kind == "heading" and block.level >= 2 and nxt.kind == "paragraph" and \
            not block.text.rstrip().endswith(".")  # an h3 that is a sentence is the post's subtitle
        if markup or (seen_paragraph and nxt.kind == "paragraph" and heads(block, nxt) and not is_details(block)
                      and not is_details(nxt)):
            parts.insert(i, Part("summary"))
            blocks.insert(i, Block("paragraph", ""))
            trace.append(f"no summary heading: the headed paragraphs from {_describe(block)} are summary sections")
            return i
        seen_paragraph = seen_paragraph or (block.kind == "paragraph" and len(block.text.split()) > 12)
    return first_part


def _choose_list(blocks: list[Block], parts: list[Part | None], start: int, trace: list[str]) -> int | None:
    """With no takeaway heading: the start of the run of items that best looks like the takeaways, if any."""
    best: tuple[float, int] | None = None
    region = None
    i = start
    while i < len(blocks):
        if parts[i]:
            region = parts[i].name
        block = blocks[i]
        if block.kind != "item" or block.depth > 0 or region in ("links", "thoughts", "summary"):
            i += 1
            continue
        j, count, facts, numbered_bodies, anchor = i, 0, 0, 0, None
        while j < len(blocks) and not parts[j] and (blocks[j].kind == "item" or
                                                    _inside_numbered_run(blocks, j, anchor)):
            if blocks[j].kind != "paragraph":
                anchor = blocks[j]
            if blocks[j].kind == "item" and blocks[j].depth == 0:
                count += 1
                facts += bool(re.search(r"\d", blocks[j].text)) + (len(blocks[j].text.split()) >= 8)
            elif blocks[j].kind == "paragraph":
                numbered_bodies += 1
            j += 1
        intro = blocks[i - 1] if i > start else None
        score = min(count, 8) + facts / max(count, 1) * 2
        if intro is not None and intro.kind != "item":
            if intro.text.rstrip().endswith((":", "…", "...")):
                score += 2
            if LIST_INTRO_RE.search(intro.text):
                score += 2
        if region == "tldw":
            score -= 1
        if re.search(r"https?://|@\w|\.\w{2,3}/|\b(?:linkedin|website|twitter)\s*:", " ".join(
                b.text for b in blocks[i:j]), re.I):
            score -= 6
        if count >= 2 and (best is None or score > best[0]):
            best = (score, i)
        i = max(j, i + 1)
    if best is None or best[0] < 3:
        trace.append("found no list that looks like takeaways")
        return None
    trace.append(f"chose the list at {_describe(blocks[best[1]])} as the takeaways (score {best[0]:.1f})")
    return best[1]


def _numbered_headings(blocks: list[Block], parts: list[Part | None], start: int, trace: list[str]) -> int | None:
    """With no list at all: a run of numbered headings ("## Insight 1: …", "## Insight 2: …"), each over its own
    text, is the takeaways. Returns where the run starts."""
    def number(block: Block) -> int | None:
        m = re.match(r"^\D{0,12}?#?(\d{1,3})\b", block.text)
        return int(m.group(1)) if m and block.kind == "heading" and NUMBERING_RE.match(block.text) else None
    for i in range(start, len(blocks)):
        if parts[i] or number(blocks[i]) != 1:
            continue
        level, expected, count = blocks[i].level, 1, 0
        for b in blocks[i:]:
            if b.kind == "heading" and b.level <= level:
                if number(b) != expected:
                    break
                expected, count = expected + 1, count + 1
        if count >= 2:
            trace.append(f"chose the {count} numbered headings from {_describe(blocks[i])} as the takeaways")
            return i
    return None


def _run_length(blocks: list[Block], i: int) -> int:
    """How many numbered headings of one level follow each other from blocks[i] ("1.", "2.", …)."""
    level, count = blocks[i].level, 0
    for b in blocks[i:]:
        if b.kind == "heading" and b.level <= level:
            m = re.match(r"^\D{0,12}?#?(\d{1,3})\b", b.text)
            if not (m and NUMBERING_RE.match(b.text) and int(m.group(1)) == count + 1):
                break
            count += 1
    return count


def _items_from(blocks: list[Block], i: int) -> int:
    """How many top-level items the list starting at blocks[i] has."""
    count = 0
    for b in blocks[i:]:
        if b.kind != "item":
            break
        count += b.depth == 0
    return count


def _inside_numbered_run(blocks: list[Block], j: int, last_non_paragraph: Block | None) -> bool:
    """A paragraph between numbered items ("1. Heading", its paragraphs, "2. Heading"): part of the same run.
    `last_non_paragraph` is the nearest block before `j` that is not a paragraph (the caller keeps it)."""
    return blocks[j].kind == "paragraph" and last_non_paragraph is not None and \
        last_non_paragraph.kind == "item" and numbered_heading(last_non_paragraph)
