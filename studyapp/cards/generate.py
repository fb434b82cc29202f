"""TakeawaySet -> notes and cards.

Per takeaway: a list note for each enumeration, a label card for "Label: explanation", and up to three clozes on the
best spans (one card per blank, the prompt being the blank's own sentence or clause, the rest shown after the answer).
Per summary section: a question made from the heading, answered by the section's key sentences. Every card then
passes the checker in `check.py`; anything it rejects is dropped, and a takeaway left with no card gets a fallback.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass

from ..takeaways.model import Section, Takeaway, TakeawaySet
from . import cloze
from .check import BLANK, card_problems, duplicate_prompts
from .lists import Enumeration, find_enumeration
from .model import Card, CardSource, Note, stable_id
from .questions import generic_question, heading_question, label_prompt, list_question
from .quiz import DistractorPool, choose_distractors, shuffled_choices
from .spans import Span, fallback_candidates, find_candidates, score_span
from .text import (NUMBER_WORDS, PRONOUN_STARTS, STOPWORDS, content_words, norm_word, replace_whole, sentence_case_start,
                   split_sentences, words, zipf)

MAX_CLOZES = 3
MAX_TRIES = 40  # candidates tried per takeaway: the best are first, and a giant takeaway has hundreds
MIN_SCORE = 2.4
LONG_SENTENCE = 32
KEY_TAKEAWAYS = "Key Takeaways"
NON_LABEL_STARTS = {"on", "in", "for", "about", "with", "at", "as", "from", "to", "by", "asked", "per"}


@dataclass
class _Context:
    ts: TakeawaySet
    topic: set[str]
    people: frozenset[str]
    all_text: str  # evidence for which title-case words are names

    def source(self, section: str, text: str) -> CardSource:
        return CardSource(set_title=self.ts.title, section=section, text=text, url=self.ts.source.url)


def generate(ts: TakeawaySet) -> list[Note]:
    ctx = _context(ts)
    notes: list[Note] = []
    pool: list[tuple[str, str]] = []
    for t in ts.takeaways:
        notes.extend(_takeaway_notes(t, ctx, pool))
    for s in ts.sections:
        note = _section_note(s, ctx)
        if note:
            notes.append(note)
    _finalise(notes, pool)
    return notes


def all_cards(notes: list[Note]) -> list[Card]:
    return [c for n in notes for c in n.cards]


# --- the set as a whole --------------------------------------------------------------------------------------------

def _context(ts: TakeawaySet) -> _Context:
    docs = [t.full_text for t in ts.takeaways] + [" ".join(s.paragraphs) for s in ts.sections]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update({w.rstrip("s") if len(w) > 3 else w for w in content_words(doc)})
    threshold = max(3, math.ceil(0.15 * len(docs)))
    topic = {w for w, n in df.items() if n >= threshold}
    people: set[str] = set()
    for doc in docs + ts.intro + ts.tldw + ts.thoughts:
        for sentence in split_sentences(doc):
            for span in find_candidates(sentence):
                if span.category == "person":
                    people.add(norm_word(span.text))
                    people.add(norm_word(span.text.split()[-1]))
    return _Context(ts, topic, frozenset(people), " ".join(docs + ts.intro + ts.tldw + ts.thoughts))


# --- takeaways -----------------------------------------------------------------------------------------------------

def _takeaway_notes(t: Takeaway, ctx: _Context, pool: list[tuple[str, str]]) -> list[Note]:
    sentences = split_sentences(t.full_text)
    notes: list[Note] = []
    list_sentences: set[int] = set()
    for si, sentence in enumerate(sentences):
        enum = find_enumeration(sentence)
        if enum:
            list_sentences.add(si)
            notes.append(_list_note(t, ctx, sentences, si, enum))
    if t.label and 0 not in list_sentences and len(words(t.label)) >= 2 and \
            t.label.split()[0].lower() not in NON_LABEL_STARTS:
        notes.append(_label_note(t, ctx))
    cloze = _cloze_note(t, ctx, sentences, list_sentences, pool)
    if cloze is None and not notes:  # every takeaway gets a card: accept weaker blanks rather than none
        cloze = _cloze_note(t, ctx, sentences, list_sentences, pool, min_score=0.8) or \
            _cloze_note(t, ctx, sentences, list_sentences, pool, min_score=0.0, last_resort=True)
    if cloze:
        notes.append(cloze)
    return notes


def _blank_all(text: str, answer: str, mark: str = BLANK) -> str:
    return replace_whole(text, answer, lambda _: mark)


@lru_cache(maxsize=2048)
def _clauses(sentence: str) -> tuple[tuple[int, int], ...] | None:
    """Clause boundaries of a long sentence (top-level commas and semicolons); None for a short one."""
    if len(words(sentence)) <= LONG_SENTENCE:
        return None
    cuts = [0]
    depth = 0
    for i, ch in enumerate(sentence):
        depth += ch == "("
        depth -= ch == ")"
        if ch in ",;" and depth == 0:
            cuts.append(i + 1)
    cuts.append(len(sentence))
    return tuple((cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1))


def _clause_window(sentence: str, span: Span) -> str:
    """For a long sentence: its opening clause plus the clause holding the blank, joined by an ellipsis."""
    clauses = _clauses(sentence)
    if clauses is None:
        return sentence
    home = next(k for k, (a, b) in enumerate(clauses) if a <= span.start < b)
    head = sentence[clauses[0][0]:clauses[0][1]].strip().rstrip(",;")
    body = sentence[clauses[home][0]:clauses[home][1]].strip().rstrip(",;")
    if home == 0:
        return body + " …"
    if len(words(head)) > 14:
        head = " ".join(head.split()[:8])
    tail = " …" if home < len(clauses) - 1 else ""
    if body.startswith("and "):
        body = body[4:]
    return f"{head} … {body}{tail}"


WINDOW_WORDS = 18


def _word_window(text: str, span_text: str) -> str:
    """Trim an overlong prompt to the words around the blank (a clause with no commas can run for pages)."""
    if len(words(text)) <= 60 or span_text not in text:
        return text
    at = text.index(span_text)
    before = text[:at].split()
    after = text[at + len(span_text):].split()
    head = " ".join(before[-WINDOW_WORDS:])
    tail = " ".join(after[:WINDOW_WORDS])
    return f"{'… ' if len(before) > WINDOW_WORDS else ''}{head} {span_text} {tail}{' …' if len(after) > WINDOW_WORDS else ''}" \
        .replace("  ", " ").strip()


def _with_antecedent(sentences: list[str], si: int, prompt: str, answer: str) -> str:
    """A sentence opening with "He"/"It"/"This" gets the sentence before it, unless that one holds the answer."""
    first = prompt.split()[0].lower().strip("“\"‘") if prompt.split() else ""
    if si == 0 or first not in PRONOUN_STARTS:
        return prompt
    previous = sentences[si - 1]
    if set(content_words(answer)) & set(content_words(previous)):
        return prompt
    return f"{previous} {prompt}"


def _cloze_note(t: Takeaway, ctx: _Context, sentences: list[str], skip: set[int],
                pool: list[tuple[str, str]], min_score: float = MIN_SCORE, last_resort: bool = False) -> Note | None:
    repeated = {w for w, n in Counter(content_words(t.full_text)).items() if n >= 2}
    scored: list[tuple[float, int, Span]] = []
    for si, sentence in enumerate(sentences):
        if si in skip:
            continue
        candidates = fallback_candidates(sentence) if last_resort else find_candidates(sentence, ctx.people)
        for span in candidates:
            score = score_span(span, sentence, ctx.topic, repeated)
            if last_resort and score > 0:
                score = 1.0 + sum(max(0.0, 6.0 - zipf(w)) for w in content_words(span.text))
            if score > 0:
                scored.append((score, si, span))
                if span.category in ("person", "org", "name"):
                    pool.append((span.text, span.category))
    scored.sort(key=lambda x: (-x[0], x[1], x[2].start))
    note_id = stable_id(ctx.ts.id, t.id, "cloze")
    source = ctx.source(KEY_TAKEAWAYS, t.full_text)
    cards: list[Card] = []
    picked: list[tuple[int, Span]] = []
    best = scored[0][0] if scored else 0.0
    for tried, (score, si, span) in enumerate(scored):
        if len(picked) >= MAX_CLOZES or score < max(min_score, 0.5 * best) or tried >= MAX_TRIES:
            break
        if sum(1 for p_si, _ in picked if p_si == si) >= 2:
            continue
        if any(p_si == si and not (span.end <= p.start or span.start >= p.end) for p_si, p in picked):
            continue
        if any(set(content_words(span.text)) & set(content_words(p.text)) for _, p in picked):
            continue
        card = _cloze_card(t, ctx, sentences, si, span, note_id, len(picked) + 1, source)
        if card_problems(card):
            continue
        picked.append((si, span))
        cards.append(card)
        if span.category in ("term", "quote", "number") and not last_resort:
            pool.append((span.text, span.category))
    if not cards:
        return None
    text = cloze.protect(t.full_text)
    for n, (_, span) in enumerate(picked, start=1):
        text = _mark_cloze(text, cloze.protect(span.text), n)
    return Note(id=note_id, set_id=ctx.ts.id, ref=t.id, kind="cloze", text=text, extra=t.full_text, source=source,
                cards=cards)


def _mark_cloze(text: str, answer: str, n: int) -> str:
    """Anki cloze markup on every occurrence of the answer, and of its distinctive words, outside existing clozes."""
    targets = [answer] + [w for w in words(answer) if norm_word(w) not in STOPWORDS and len(w) > 2 and w != answer]
    parts = cloze.split_outside(text)
    for target in targets:
        marked = False
        for i in range(0, len(parts), 2):  # only the text outside existing deletions
            new = replace_whole(parts[i], target, lambda occurrence: f"{{{{c{n}::{occurrence}}}}}")
            marked = marked or new != parts[i]
            parts[i] = new
        if marked:
            break
    return "".join(parts)


def _cloze_card(t: Takeaway, ctx: _Context, sentences: list[str], si: int, span: Span, note_id: int, ord_: int,
                source: CardSource) -> Card:
    sentence = sentences[si]
    window = _word_window(_clause_window(sentence, span), span.text)
    window = _with_antecedent(sentences, si, window, span.text)
    prompt = _blank_all(window, span.text)
    if span.category == "person" and len(span.text.split()) > 1:
        prompt = _blank_all(prompt, span.text.split()[-1])  # "John Carmack ... what Carmack is working on"
    back = window
    context = " ".join(s for k, s in enumerate(sentences) if k != si and s not in window)
    key = " ".join(content_words(span.text)) or span.text.casefold()
    return Card(id=stable_id(ctx.ts.id, t.id, "cloze", key), note_id=note_id, kind="cloze", ord=ord_, key=key,
                prompt=prompt, answer=span.text, back=back, context=context, source=source, category=span.category)


def _label_note(t: Takeaway, ctx: _Context) -> Note:
    note_id = stable_id(ctx.ts.id, t.id, "label")
    source = ctx.source(KEY_TAKEAWAYS, t.full_text)
    front = label_prompt(t.label or "")
    back = sentence_case_start(t.text)
    card = Card(id=stable_id(ctx.ts.id, t.id, "label", "front"), note_id=note_id, kind="label", ord=1, key="front",
                prompt=front, answer=back, back=back, context="", source=source)
    return Note(id=note_id, set_id=ctx.ts.id, ref=t.id, kind="label", text=front, extra=back, source=source,
                cards=[card])


def _list_note(t: Takeaway, ctx: _Context, sentences: list[str], si: int, enum: Enumeration) -> Note:
    sentence = sentences[si]
    note_id = stable_id(ctx.ts.id, t.id, "list", " ".join(content_words(enum.name)))
    source = ctx.source(KEY_TAKEAWAYS, t.full_text)
    cards: list[Card] = []
    context = " ".join(s for k, s in enumerate(sentences) if k != si)
    for n, ((a, b), item) in enumerate(zip(enum.item_spans, enum.items), start=1):
        prompt = sentence[:a] + BLANK + sentence[b:]
        key = " ".join(content_words(item)) or item.casefold()
        cards.append(Card(id=stable_id(ctx.ts.id, t.id, "list", key), note_id=note_id, kind="list", ord=n, key=key,
                          prompt=prompt, answer=item, back=sentence, context=context, source=source, category=None))
    question = list_question(enum.name, len(enum.items), enum.verb)
    if set(w.lower() for w in words(enum.name)) & {"them", "it", "they", "these", "those", "this"} and si > 0:
        question = f"{sentences[si - 1]} {question}"
    answer = "; ".join(enum.items)
    cards.append(Card(id=stable_id(ctx.ts.id, t.id, "list", "all", enum.name.casefold()), note_id=note_id,
                      kind="list", ord=len(enum.items) + 1, key="all", prompt=question, answer=answer,
                      back=sentence, context=context, source=source))
    # Anki: one deletion per item, plus a deletion around all of them for the whole-list card.
    first, last = enum.item_spans[0][0], enum.item_spans[-1][1]
    p = cloze.protect  # same length as the raw text, so the item offsets still hold
    inner = p(sentence[first:last])
    for n in range(len(enum.items), 0, -1):
        a, b = enum.item_spans[n - 1]
        a, b = a - first, b - first
        inner = f"{inner[:a]}{{{{c{n}::{inner[a:b]}}}}}{inner[b:]}"
    text = f"{p(sentence[:first])}{{{{c{len(enum.items) + 1}::{inner}}}}}{p(sentence[last:])}"
    return Note(id=note_id, set_id=ctx.ts.id, ref=t.id, kind="list", text=text, extra=t.full_text, source=source,
                cards=cards)


# --- sections ------------------------------------------------------------------------------------------------------

CUE_RE = re.compile(r"\b(first|second|because|so|argues|the point|believes|the answer|the plan|the key|main|core|"
                    r"is that|means|attributes|frames|calls|says)\b", re.I)


def key_sentences(section: Section, ctx: _Context, max_words: int = 60) -> list[str]:
    sentences = [s for p in section.paragraphs for s in split_sentences(p)]
    if len(sentences) <= 2 and len(words(" ".join(sentences))) <= max_words:
        return sentences
    scored: list[tuple[float, int]] = []
    for i, s in enumerate(sentences):
        spans = [sp for sp in find_candidates(s, ctx.people) if score_span(sp, s, ctx.topic, set()) > 0
                 and not (sp.kind == "number" and sp.text.lower() in NUMBER_WORDS)]  # a bare "Two of..." says nothing
        n = len(words(s)) or 1
        score = len(spans) * 1.0 + (1.5 if CUE_RE.search(s) else 0) + (1.2 if i == 0 and spans else 0) - \
            max(0, n - 35) * 0.05
        if not spans:
            score -= 1.5  # no name, number or rare term: filler ("Two of the most distinctive moments come at the end.")
        if s.split()[0].lower() in PRONOUN_STARTS and i > 0:
            score -= 0.8
        scored.append((score, i))
    chosen: list[int] = []
    total = 0
    for score, i in sorted(scored, key=lambda x: (-x[0], x[1])):
        n = len(words(sentences[i]))
        if chosen and (total + n > max_words or score < 0):  # no filler just because it fits
            continue
        chosen.append(i)
        total += n
        if len(chosen) == 3:
            break
    return [sentences[i] for i in sorted(chosen)]


def _section_note(section: Section, ctx: _Context) -> Note | None:
    body = " ".join(section.paragraphs)
    question = heading_question(section.heading, ctx.all_text)
    answer = " ".join(key_sentences(section, ctx))
    note_id = stable_id(ctx.ts.id, section.id, "section")
    source = ctx.source(section.heading, body)
    card = Card(id=stable_id(ctx.ts.id, section.id, "section", "front"), note_id=note_id, kind="section", ord=1,
                key="front", prompt=question, answer=answer, back=answer, context="", source=source)
    if card_problems(card):
        card.prompt = question = generic_question(section.heading, ctx.all_text)
        if card_problems(card):
            return None
    return Note(id=note_id, set_id=ctx.ts.id, ref=section.id, kind="section", text=question, extra=answer,
                source=source, cards=[card])


# --- final pass ----------------------------------------------------------------------------------------------------

def _finalise(notes: list[Note], pool: list[tuple[str, str]]) -> None:
    """Drop what the checker rejects or duplicates, then attach multiple-choice options to clozes."""
    dupes = duplicate_prompts(all_cards(notes))
    for note in notes:
        note.cards = [c for c in note.cards if c.id not in dupes and not card_problems(c)]
        if note.kind in ("cloze", "list"):  # a deletion whose card was dropped must not make an Anki card
            ords = {c.ord for c in note.cards}
            note.text = cloze.rebuild(note.text, lambda n: n in ords)
    notes[:] = [n for n in notes if n.cards]
    options = DistractorPool(pool)
    for card in all_cards(notes):
        if card.kind == "cloze":
            distractors = choose_distractors(card.answer, card.category, options, card.prompt, card.id)
            card.choices = shuffled_choices(card.answer, distractors, card.id)
