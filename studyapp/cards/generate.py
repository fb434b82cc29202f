"""TakeawaySet -> notes and cards.

Per takeaway: a list note for each enumeration (one card per item) and one to three clozes on the best blanks of its
sentences. No card asks a "Label: explanation" takeaway's label as a question, nor a whole list: blind graders kept
7 of 29 and 9 of 34 of those (sets A-S), against about three in four clozes; only a label that is a coined term is
asked, from its definition (`terms.py`). Per summary section and for the TLDW:
clozes on the key sentences, one fact per card, never the paragraph as an answer. A blank is a name, a number with its unit, a quoted
coinage or a term the sentence defines (see `spans.py`); one fact is asked once across the whole post, the post's
own subject is never the answer, and a takeaway with nothing worth asking gets no card rather than a bad one.
Every card then passes the checker in `check.py`; anything it rejects is dropped.
"""

from __future__ import annotations

import gc
import re

from ..takeaways.model import Takeaway, TakeawaySet
from . import cloze
from .antecedents import MAX_ANTECEDENT_WORDS
from .check import (
    BLANK,
    answer_key,
    card_problems,
    duplicate_prompts,
    opens_with_reference,
)
from .card_score import unlikely_cards
from .cloze_notes import FALLBACK_MIN, _cloze_note
from .facts import _fact_keys
from .lists import Enumeration, find_enumeration
from .model import KEY_TAKEAWAYS, TLDW, Card, Note, stable_id
from .post_context import _Context, _context
from .questions import imperative, label_question
from .quiz import DistractorPool, choose_distractors, shuffled_choices
from .terms import term_note
from .text import content_words, plural_stem, split_sentences, words

MAX_CLOZES = 3  # per takeaway (two for a takeaway of one or two sentences)
MAX_SECTION = 3  # per summary section
MAX_TLDW = 2
MAX_TLDW_SENTENCE = 35  # a TLDW's long sentences summarise many facts at once: each is asked where it is stated
MAX_LEAD_IN = 6  # words: a label ("Baking soda speeds things up") rather than a claim
MC_CATEGORIES = {"person", "number"}  # a term's (or a bare name's) options rarely fit the slot: a place
# offered for a person, a people for a king, a chip for a lab ("AGI", "GPU" for "Anthropic")
TRIVIA_LABELS = {"personal notes", "personal note", "fun fact", "fun facts", "trivia", "random", "misc", "aside",
                 "side note", "bonus", "personal"}
OPINION_LABEL_RE = re.compile(r"(?:(?:my|our|the (?:host|speaker|author|reviewer)s?['’]?s?|hosts['’]?)\s+(?:opinion|"
                              r"view|take|verdict)|opinion|verdict|meinung|opini[oó]n|opinião|nossa opinião|mon avis|"
                              r"notre avis|(?:il mio )?parere|(?:la mia )?opinione)\b", re.I)
TLDW_REF = "tldw"


def generate(ts: TakeawaySet, select: bool = True) -> list[Note]:
    """Notes in the post's order. `select=False` keeps every card that passes the checks, unscored: what the card
    model is fitted on (`bench/train_card_score.py`). Which note asks a fact shared by several places is decided in
    the order of the items' ids, not their positions, so moving a takeaway never moves a card (and its history) to
    another note.

    Generation makes many small objects that form no cycles, and the per-sentence caches keep thousands alive:
    with the cycle collector on it walks them again and again (a fifth of a large post's time), as in the exporter."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(ts, select)
    finally:
        if was_enabled:
            gc.enable()


def _generate(ts: TakeawaySet, select: bool = True) -> list[Note]:
    ctx = _context(ts)
    pool: list[tuple[str, str]] = []
    position = {t.id: k for k, t in enumerate(ts.takeaways)}
    position.update({s.id: len(position) + k for k, s in enumerate(ts.sections)})
    position.update({TLDW_REF: len(position)})  # the TLDW's cards last: its facts are mostly asked above
    notes: list[Note] = []
    for t in sorted(ts.takeaways, key=lambda t: t.id):
        if ts.truncated and t is ts.takeaways[-1] and not ts.sections and _cut_off(t.full_text):
            continue  # the excerpt ends inside this takeaway
        notes.extend(_takeaway_notes(t, ctx, pool))
    if ts.tldw:
        short = [s for p in ts.tldw for s in split_sentences(p) if len(words(s)) <= MAX_TLDW_SENTENCE]
        note = _passage_note(TLDW_REF, TLDW, short, ctx, pool, max_cards=MAX_TLDW)
        if note:
            notes.append(note)
    for s in sorted(ts.sections, key=lambda s: s.id):
        sentences = [x for p in s.paragraphs for x in split_sentences(p)]
        if ts.truncated and s is ts.sections[-1] and sentences and _cut_off(sentences[-1]):
            sentences.pop()
        note = _passage_note(s.id, s.heading, sentences, ctx, pool, max_cards=_section_budget(sentences))
        if note:
            notes.append(note)
    notes.sort(key=lambda n: position.get(n.ref, len(position)))  # stable: a takeaway's notes keep their order
    _finalise(notes, pool, ctx.language, ts if select else None)
    return notes


def all_cards(notes: list[Note]) -> list[Card]:
    return [c for n in notes for c in n.cards]


# --- the set as a whole --------------------------------------------------------------------------------------------

def _takeaway_notes(t: Takeaway, ctx: _Context, pool: list[tuple[str, str]]) -> list[Note]:
    lead = (t.label or t.full_text.split(":", 1)[0] if ":" in t.full_text[:40] else t.label or "").strip()
    if lead.casefold() in TRIVIA_LABELS or OPINION_LABEL_RE.match(lead):
        return []  # "Personal notes: moved to Palo Alto": asides the post itself marks as not the point; "My
        # view: …", "Meinung der Hosts: …": the writer's opinion, not the source's facts (graders: 4 of 4 bad)
    # Sub-points (nested bullets) are the takeaway's details: their sentences are asked like its own, after it, so
    # a detail that leans on the takeaway ("Those who stayed awake…") gets it as its antecedent.
    details = [x for item in t.items for x in split_sentences(" ".join(item.split()))]
    own = split_sentences(t.full_text)
    sentences = own + details
    # A sub-point leans on its takeaway ("Built in the reign of Ptolemy II…" under "The Pharos of Alexandria set
    # the template"; "Drivers: scale, …" under "Pack prices fell 90%"): its card opens with the takeaway's first
    # sentence. A takeaway that is only a heading over its sub-points is their cue, never a card or a blank.
    parent = own[0].strip().rstrip(":") if details and own and len(words(own[0])) <= 20 else ""
    lead_in = (parent, len(own)) if parent else None  # (the takeaway's sentence, where its sub-points start)
    heading_only = bool(details) and len(own) == 1 and not re.search(r"[.!?…]$", own[0].strip())
    full_text = " ".join([t.full_text, *details]) if details else t.full_text
    notes: list[Note] = []
    list_sentences: set[int] = set()
    for si, sentence in enumerate(sentences):
        enum = find_enumeration(sentence)
        if enum and sum(any(c.isdigit() for c in item) for item in enum.items) * 2 < len(enum.items):
            note = _list_note(t, ctx, sentences, si, enum)
            if note:
                list_sentences.add(si)
                notes.append(note)
    label_end = len(t.label) + 1 if t.label and (label_question(t.label) or len(words(t.label)) <= MAX_LEAD_IN) \
        else 0  # a bold lead-in is the cue, never the answer; a long clause before a colon is a claim of its own
    budget = MAX_CLOZES if len(sentences) >= 3 else 2
    if notes:
        budget -= 1
    skip = list_sentences | ({0} if heading_only else set())
    protected = len(own[0]) + 1 if heading_only else label_end
    memo: dict = {}  # the passage's candidates, scored once for both calls
    cloze = _cloze_note(t.id, KEY_TAKEAWAYS, full_text, sentences, ctx, pool, skip=skip,
                        max_cards=budget, protected=protected, lead_in=lead_in, memo=memo)
    if not cloze and not notes:  # nothing above the bar: the takeaway's one best lesser blank (a when, a term the
        # sentence uses without defining, a count), still through every check, rather than no card at all
        cloze = _cloze_note(t.id, KEY_TAKEAWAYS, full_text, sentences, ctx, pool, skip=skip,
                            max_cards=1, protected=protected, min_score=FALLBACK_MIN, lead_in=lead_in, memo=memo)
    if cloze:
        notes.append(cloze)
    term = term_note(t, ctx) if not list_sentences else None  # "Iatrogenics: Harm caused by the healer." asks
    # for the label when it is a coined term: a fact besides the clozes, which never blank the label
    return notes + [term] if term else notes


def _cut_off(text: str) -> bool:
    return not re.search(r"[.!?…)\"”’]$", text.strip())


def _section_budget(sentences: list[str]) -> int:
    return max(1, min(MAX_SECTION, (len(sentences) + 1) // 2))


def _passage_note(ref: str, heading: str, sentences: list[str], ctx: _Context, pool: list[tuple[str, str]],
                  max_cards: int) -> Note | None:
    """Clozes on a summary section's (or the TLDW's) key sentences: one fact per card, never the paragraph. A line
    with no full stop in a section is a sub-heading ("La ligne 1, ouverte pour l'Exposition"), not a claim."""
    sentences = [x for x in sentences if re.search(r"[.!?][\"”’)]*$", x.strip())]
    return _cloze_note(ref, heading, " ".join(sentences), sentences, ctx, pool, skip=set(), max_cards=max_cards,
                       protected=0, whole_text=False)


def _list_note(t: Takeaway, ctx: _Context, sentences: list[str], si: int, enum: Enumeration) -> Note | None:
    sentence = sentences[si]
    if imperative(enum.name):
        return None  # "Watch the basics: hunger, sleep, transitions": the basics of what? advice, not a set
    if ctx.language != "en" and any(len(words(item)) > 3 for item in enum.items):
        return None  # without a tagger for the language, long "items" are clauses cut at commas
    lead = ""
    if set(w.lower() for w in words(enum.name)) & {"them", "it", "they", "these", "those", "this"} or \
            opens_with_reference(sentence):
        if si == 0 or len(words(sentences[si - 1])) > MAX_ANTECEDENT_WORDS:
            return None  # "The primitives behind them are ...": without its referent the list is not determined
        lead = sentences[si - 1] + " "
    note_id = stable_id(ctx.ts.id, t.id, "list", " ".join(content_words(enum.name)))
    source = ctx.source(KEY_TAKEAWAYS, t.full_text)
    cards: list[Card] = []
    context = " ".join(s for k, s in enumerate(sentences) if k != si)
    subject = [item for item in enum.items if _is_topic(item, ctx)]
    for n, ((a, b), item) in enumerate(zip(enum.item_spans, enum.items), start=1):
        if item in subject:
            continue  # the post's own subject as a list item is given away by the post itself
        if _fact_keys(item) & ctx.asked:
            continue  # asked already elsewhere in the post (a cloze of the same words): one fact, one card
        prompt = lead + sentence[:a] + BLANK + sentence[b:]
        key = " ".join(content_words(item)) or item.casefold()
        cards.append(Card(id=stable_id(ctx.ts.id, t.id, "list", key), note_id=note_id, kind="list", ord=n, key=key,
                          prompt=prompt, answer=item, back=sentence, context=context, source=source, category=None))
    if not cards:
        return None
    for item in enum.items:
        ctx.asked.add(answer_key(item))
    ctx.used_sentences.add(" ".join(sentence.split()).casefold())
    # Anki: one deletion per item. (No card asks the whole list: blind graders kept 9 of 34 such questions.)
    text = cloze.protect(sentence)  # same length as the raw text, so the item offsets still hold
    for n in range(len(enum.items), 0, -1):
        a, b = enum.item_spans[n - 1]
        text = f"{text[:a]}{{{{c{n}::{text[a:b]}}}}}{text[b:]}"
    return Note(id=note_id, set_id=ctx.ts.id, ref=t.id, kind="list", text=text, extra=t.full_text, source=source,
                cards=cards)


def _is_topic(text: str, ctx: _Context) -> bool:
    content = content_words(text)
    return bool(content) and all(plural_stem(w) in ctx.topic or w in ctx.topic
                                 for w in content)


# --- final pass ----------------------------------------------------------------------------------------------------

def _finalise(notes: list[Note], pool: list[tuple[str, str]], language: str = "en",
              scored: TakeawaySet | None = None) -> None:
    """Drop what the checker rejects or duplicates, then (given the set) what the card model finds unlikely to be
    good (`card_score.py`), then attach multiple-choice options to clozes (numbers only in English: other languages
    write them differently, "0,5" and "1.000")."""
    dupes = duplicate_prompts(all_cards(notes))
    for note in notes:
        note.cards = [c for c in note.cards if c.id not in dupes and not card_problems(c)]
    if scored is not None:
        unlikely = unlikely_cards([n for n in notes if n.cards], scored)
        for note in notes:
            note.cards = [c for c in note.cards if c.id not in unlikely]
    for note in notes:
        if note.kind in ("cloze", "list"):  # a deletion whose card was dropped must not make an Anki card
            ords = {c.ord for c in note.cards}
            note.text = cloze.rebuild(note.text, lambda n: n in ords)
    notes[:] = [n for n in notes if n.cards]
    options = DistractorPool(pool)
    for card in all_cards(notes):
        if card.kind == "cloze" and card.category in MC_CATEGORIES and (language == "en" or card.category != "number"):
            distractors = choose_distractors(card.answer, card.category, options, card.prompt, card.id)
            card.choices = shuffled_choices(card.answer, distractors, card.id)
