"""Interviews laid out as questions and answers: each question with its answer becomes one takeaway.

A Q&A post ("Q: …" / "A: …" lines, questions as headings, a bold question line over its answer) carries its facts
in the answers, and the question is what gives an answer its meaning ("You convert them into images first" answers
"How do you remember numbers?"). Read as summary sections, each answer became a paragraph under a heading and the
question was lost to the cards; read as takeaways labelled by their question, the card generator asks the question
with the answer's key sentence and keeps the question beside every cloze of the answer (docs/decisions.md).

This step runs on the blocks before the body is walked. It finds runs of question-answer pairs outside an explicit
summary, thoughts or links part, replaces each pair with one item (marker "qa", the question in `lead`, the answer
as text, list items in the answer as its sub-items) and marks where the run starts as the takeaways. A post that
also has a takeaway list of its own (under a takeaway heading, or a list before the interview) keeps that list as
its takeaways; the interview is then its detailed summary, a section headed by each question.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .blocks import Block
from .builder import split_sentences
from .headings import ANSWER_MARK_RE, QUESTION_MARK_RE

MIN_MARKED = 2  # "Q:" / "A:" pairs: the markers say it
MIN_UNMARKED = 3  # question headings or lines over answers: three in a row, or it is a post with question headings
MAX_QUESTION_WORDS = 35
# Who answers, before the answer: "VA: No. Their patent…", "Victor Alvarado: In Philadelphia…" (initials, or a full
# name; not "Rule: …"). The label is the transcript's, not part of the fact.
SPEAKER_LABEL_RE = re.compile(r"^(?:[A-Z]{1,3}|[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,2})\s?:\s+(?P<rest>\S.*)$", re.S)
ALLOWED_REGIONS = (None, "tldw", "takeaways")  # an explicit Detailed Summary keeps its question headings as sections


def read_interviews(blocks: list[Block], parts: list[Any], start: int, trace: list[str],
                    make_part: Any) -> bool:
    """Turn every run of question-answer pairs into "qa" items (or question sections), in place: blocks and parts
    stay parallel. `make_part` builds the recogniser's part marker from its name. True when a run was found."""
    found = False
    i = start
    region = None
    own_list = any(p and p.name == "takeaways" for p in parts)  # runs never hold a part: computed once
    first_list = _first_list(blocks, start)
    while i < len(blocks):
        if parts[i]:
            region = parts[i].name
            i += 1
            continue
        run = _run(blocks, parts, i) if region in ALLOWED_REGIONS else None
        if run is None:
            i += 1
            continue
        end, pairs = run
        # With a takeaway list of the author's own elsewhere, that list is the takeaways and the interview is the
        # detailed summary, a section per question; otherwise each question and answer is a takeaway.
        as_sections = own_list or first_list < i
        name = "summary" if as_sections else "takeaways"
        items: list[Block] = []
        for question, answer, details in pairs:
            if as_sections:
                items.append(Block("heading", question, level=6))
                items.extend(Block("paragraph", a) for a in answer)
                items.extend(Block("paragraph", d) for d in details)
            else:
                items.append(Block("item", " ".join(answer), marker="qa", lead=question))
                items.extend(Block("item", d, depth=1, marker="-") for d in details)
        trace.append(f"read {len(pairs)} questions and their answers as "
                     f"{'summary sections' if as_sections else 'takeaways'}, from {question_text(blocks[i])!r:.60}")
        blocks[i:end] = items
        parts[i:end] = [None] * len(items)
        before = i - 1
        if before >= start and blocks[before].kind == "heading" and not parts[before]:
            parts[before] = make_part(name)  # "## The interview" over the questions: their heading
        else:
            blocks.insert(i, Block("paragraph", ""))  # a marker: the part starts here
            parts.insert(i, make_part(name))
            i += 1
        region = name
        found = True
        i += len(items)
    return found


def first_interview(blocks: list[Block], parts: list[Any]) -> int:
    """Where the first run of question-answer pairs starts (len(blocks) if none): the title comes before it, so
    a question line is never taken for the post's title."""
    region = None
    for i, block in enumerate(blocks):
        if parts[i]:
            region = parts[i].name
        elif region in ALLOWED_REGIONS and question_text(block) is not None and _run(blocks, parts, i) is not None:
            return i
    return len(blocks)


def _first_list(blocks: list[Block], start: int) -> int:
    """Where the first list of three or more points after the title starts (len(blocks) if none): before an
    interview, it is the post's own key points."""
    run = 0
    for k in range(start, len(blocks)):
        block = blocks[k]
        run = run + 1 if block.kind == "item" and block.depth == 0 else (run if block.kind == "item" else 0)
        if run >= 3:
            return k
    return len(blocks)


def question_text(block: Block) -> str | None:
    """The question a block asks, if it is a question line: "Q: …", a heading or bold line ending in "?", or a short
    paragraph that is one question."""
    return _question(block.kind, block.level, block.lead, block.text)


@lru_cache(maxsize=8192)
def _question(kind: str, level: int, lead: str, raw: str) -> str | None:
    """`question_text` on a block's fields, cached: every run is looked for twice and each block asked often."""
    block = Block(kind, raw, level=level, lead=lead)  # type: ignore[arg-type]
    text = raw.strip()
    if block.kind == "item" or not text or ANSWER_MARK_RE.match(text) or block.kind == "heading" and block.level == 1:
        return None
    m = QUESTION_MARK_RE.match(text)
    if m:
        return m["rest"].strip()
    if not re.search(r"\?[\"”’»)]*$", text) or len(text.split()) > MAX_QUESTION_WORDS:
        return None
    if block.kind == "heading" or (block.lead and block.lead == text):
        return re.sub(r"^\d{1,2}[.)]\s+", "", text)
    if len(split_sentences(text)) == 1 and len(text.split()) <= 25:
        return text
    return None


def _marked(block: Block) -> bool:
    return bool(QUESTION_MARK_RE.match(block.text.strip()))


def _run(blocks: list[Block], parts: list[Any], i: int) -> tuple[int, list[tuple[str, list[str], list[str]]]] | None:
    """The run of question-answer pairs starting at blocks[i]: (end index, [(question, answer paragraphs, answer
    items)]), or None when too few pairs start here. An answer opens with a paragraph right under its question."""
    pairs: list[tuple[str, list[str], list[str]]] = []
    marked = _marked(blocks[i])
    j = i
    last = i
    while j + 1 < len(blocks) and not parts[j] and not parts[j + 1]:
        question = question_text(blocks[j])
        first = blocks[j + 1]
        if question is None or _marked(blocks[j]) != marked or first.kind != "paragraph" or \
                question_text(first) is not None:
            break
        k = j + 1
        answer: list[str] = []
        details: list[str] = []
        while k < len(blocks) and not parts[k]:
            block = blocks[k]
            if block.kind == "heading" or question_text(block) is not None:
                break
            if block.kind == "item":
                details.append(block.text)
            else:
                m = ANSWER_MARK_RE.match(block.text.strip())
                if answer and m:
                    break  # a second "A:" with no question between: not an interview's shape
                said = SPEAKER_LABEL_RE.match(block.text.strip()) if not m else None
                answer.append(m["rest"].strip() if m else said["rest"].strip() if said else block.text.strip())
            k += 1
        pairs.append((question, answer, details))
        last, j = j, k
    if len(pairs) < (MIN_MARKED if marked else MIN_UNMARKED):
        return None
    # The last answer ends with its first paragraph (and that paragraph's list): what follows the last pair is
    # the page's closing (an editor's note, a sign-off), not more of the answer.
    end = last + 2
    while end < j and blocks[end].kind == "item":
        end += 1
    question, answer, _ = pairs[-1]
    pairs[-1] = (question, answer[:1], [b.text for b in blocks[last + 2:end]])
    return end, pairs
