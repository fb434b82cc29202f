"""TakeawaySet -> notes and cards.

Per takeaway: a list note for each enumeration, a question for a "Label: explanation" takeaway whose claim is short,
and one to three clozes on the best blanks of its sentences. Per summary section and for the TLDW: clozes on the key
sentences, one fact per card, never the paragraph as an answer. A blank is a name, a number with its unit, a quoted
coinage or a term the sentence defines (see `spans.py`); one fact is asked once across the whole post, the post's
own subject is never the answer, and a takeaway with nothing worth asking gets no card rather than a bad one.
Every card then passes the checker in `check.py`; anything it rejects is dropped.
"""

from __future__ import annotations

import gc
import math
import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass

from ..takeaways.model import Takeaway, TakeawaySet
from . import cloze
from .check import (BLANK, anaphoric_opener, answer_key, card_problems, duplicate_prompts, opens_with_reference,
                    refers_back)
from .lists import Enumeration, find_enumeration
from .model import Card, CardSource, Note, stable_id
from .questions import imperative, label_question, list_question
from .quiz import DistractorPool, choose_distractors, shuffled_choices
from .spans import Span, find_candidates, score_span
from .tagging import NOUN_TAGS, tag
from .text import STOPWORDS, content_words, norm_word, replace_whole, split_sentences, words

MAX_CLOZES = 3  # per takeaway (two for a takeaway of one or two sentences)
MAX_SECTION = 3  # per summary section
MAX_TLDW = 2
MAX_TLDW_SENTENCE = 35  # a TLDW's long sentences summarise many facts at once: each is asked where it is stated
MAX_TRIES = 40  # candidates tried per passage: the best are first, and a giant takeaway has hundreds
MIN_SCORE = 2.3
SECOND_BLANK_SCORE = 2.9  # what a second blank in one sentence must be worth
FALLBACK_MIN = 1.5  # a takeaway's last resort (see `_takeaway_notes`)
CONVERSION_RE = re.compile(r"\d[\d,.]*\s*[^\W\d]*\.?\s*\(\s*(?:about\s+|or\s+|~)?\[\.\.\.\]|\[\.\.\.\]\s*"
                           r"(?:°\s?[CF]|[^\W\d]{1,12})?\s*\(\s*"
                           r"(?:about\s+|or\s+|roughly\s+|~)?[\d.,]+\s*[^\s\d)]")
SPEECH_RE = re.compile(r"\b([A-Z][\w\-’']+)(?:’s|'s)?\s+(?:says|said|argues|argued|recommends|recommended|explains|"
                       r"explained|notes|noted|thinks|believes|warns|warned|calls|called|tells|told|suggests|"
                       r"suggested|adds|added|points out|pointed out|insists|estimates|estimated|considers|asks|asked|opens|"
                       r"opened|talks|joins|closes|closed|answers|answered|confesses|admits|recalls|describes|"
                       r"walks|shares|jokes|"
                       r"advice|view|rule|tip|argument|point|claim|sagt|meint|erklärt|dice|afirma|explica|dit|"
                       r"explique|affirme|sostiene|spiega|diz|afirma)\b|\b(?:said|says|according to|laut|selon|"
                       r"según|secondo|segundo)\s+(?:Dr\.?\s+|Prof\.?\s+)?(?:[A-Z][\w\-]+\s+)?([A-Z][\w\-]+)")
ROLE_RE = re.compile(r"\b(?i:host|hosts|co-host|guest|presenter|interviewer|moderator|narrator|Moderatorin|Moderator|"
                     r"Gast|anfitriona?|invitad[oa]|animatrice|animateur|invitée?|conduttrice|conduttore|ospite|"
                     r"apresentadora?|convidad[oa])\s+(?:Dr\.?\s+|Prof\.?\s+)?(?:[A-Z][\w\-]+\s+)?([A-Z][\w\-]+)")
SUBJECT_PRONOUNS = {"fr": "il|ils|elle|elles", "de": "er|sie", "es": "él|ella|ellos|ellas", "pt": "ele|ela|eles|elas",
                    "it": "lui|lei|loro|esso|essa", "nl": "hij|zij|ze"}
PER_BEFORE_RE = re.compile(r"\b(?:per|pro|par|por|je)\s+$", re.I)
INCIDENTAL = frozenset({"place", "aside", "example", "cited", "modifier", "pair", "series"})
LONG_SENTENCE = 40
MAX_ANTECEDENT_WORDS = 28
MAX_PROMPT_WORDS = 45
MAX_LEAD_IN = 6  # words: a label ("Baking soda speeds things up") rather than a claim
MIN_PROMPT_CONTENT = 4
MC_CATEGORIES = {"person", "number"}  # a term's (or a bare name's) options rarely fit the slot: a place
# offered for a person, a people for a king, a chip for a lab ("AGI", "GPU" for "Anthropic")
KEY_TAKEAWAYS = "Key Takeaways"
TRIVIA_LABELS = {"personal notes", "personal note", "fun fact", "fun facts", "trivia", "random", "misc", "aside",
                 "side note", "bonus", "personal"}
TLDW = "TLDW"
TLDW_REF = "tldw"


@dataclass
class _Context:
    ts: TakeawaySet
    topic: frozenset[str]
    people: frozenset[str]
    all_text: str  # evidence for which title-case words are names
    language: str
    asked: set[str]  # answer keys already asked somewhere in the post: one fact, one card
    used_sentences: set[str]
    title_key: str = ""
    speaker: str = ""  # the surname of the person the post is about, for "She says…" sentences
    quoted_speaker: bool = False  # found by how often the post quotes them, not by the title: only "She says…"

    def source(self, section: str, text: str) -> CardSource:
        return CardSource(set_title=self.ts.title, section=section, text=text, url=self.ts.source.url)

    def foreign_word(self, text: str) -> bool:
        """In a post not in English, a capitalised common word of that language (a German noun) is not a name."""
        if self.language == "en":
            return False
        from wordfreq import zipf_frequency
        return all(zipf_frequency(w.lower(), self.language) >= 3.0 for w in words(text))


def generate(ts: TakeawaySet) -> list[Note]:
    """Notes in the post's order. Which note asks a fact shared by several places is decided in the order of the
    items' ids, not their positions, so moving a takeaway never moves a card (and its history) to another note.

    Generation makes many small objects that form no cycles, and the per-sentence caches keep thousands alive:
    with the cycle collector on it walks them again and again (a fifth of a large post's time), as in the exporter."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _generate(ts)
    finally:
        if was_enabled:
            gc.enable()


def _generate(ts: TakeawaySet) -> list[Note]:
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
    _finalise(notes, pool, ctx.language)
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
    # The post's own subject: names in the title that the post keeps returning to (the speaker, their company,
    # the product), whatever their count, and the author.
    evidence = " ".join(docs)
    for span in find_candidates(ts.title.replace(":", ",")):
        if span.kind in ("name", "acronym"):
            for w in content_words(span.text):
                if not re.search(rf"[\w,;] {re.escape(w[:1].upper() + w[1:])}\b|\b{re.escape(w.upper())}\b", evidence):
                    continue  # a title-case word ("Building", "Economy"), not a name
                if df.get(w.rstrip("s") if len(w) > 3 else w, 0) >= 2:
                    topic.add(w.rstrip("s") if len(w) > 3 else w)
    if ts.source.author:
        topic.update(content_words(ts.source.author))
    # The guest or host whose words the post reports ("Tanaka says…", "said Dr. Osei") is the post's speaker: the
    # blank would ask who is talking, which the whole post gives away.
    speech = Counter((m.group(1) or m.group(2)).lower()
                     for m in SPEECH_RE.finditer(" ".join(docs + ts.intro + ts.tldw + ts.thoughts)))
    for m in ROLE_RE.finditer(" ".join(ts.intro + ts.tldw + docs)):  # "host Lena Byrne", "with guest Dr. Osei"
        topic.add(m.group(1).lower())
    for m in re.finditer(r"\bDr\.?\s+(?:[A-Z][\w\-]+\s+)?([A-Z][\w\-]+)", " ".join([ts.title] + ts.intro + ts.tldw)):
        topic.add(m.group(1).lower())  # the doctor the post opens with is its guest
    opening = " ".join([ts.title] + ts.intro + ts.tldw).lower()  # the guest and host are introduced up front;
    # a researcher the post quotes twice is a fact to learn ("Steel's equation")
    topic.update(name for name, n in speech.items() if n >= 2 and (name in people or n >= 3) and
                 re.search(rf"\b{re.escape(name)}\b", opening))  # ("Clara recommends…" three times: the guest)
    for text in ts.tldw + ts.intro:  # the company the TLDW introduces and the post keeps naming is its subject
        for n, sentence in enumerate(split_sentences(text)):
            for span in find_candidates(sentence):
                keys = [w.rstrip("s") if len(w) > 3 else w for w in content_words(span.text)]
                if span.category == "person" or span.kind not in ("name", "acronym") or not keys:
                    continue
                # The subject of the opening sentence ("ERCOT added more storage in 2025 than …") is what the post
                # is about as soon as it comes back; elsewhere an organisation the post keeps naming.
                opener = n == 0 and not sentence[:span.start].strip(" “\"‘(")
                if all(df.get(k, 0) >= (1 if opener else 2) for k in keys) and (opener or span.category == "org"):
                    topic.update(keys)
    language = (getattr(ts, "language", None) or "en").split("-")[0].lower()
    named = [span.text for span in find_candidates(ts.title.replace(":", ","), frozenset(people))
             if span.category == "person"]
    # Only a post about one person: with a host and a guest in the title, "he says" could be either.
    speaker = named[0].split()[-1] if len(named) == 1 and " and " not in ts.title.split(" on ")[0] else ""
    if speaker and not re.search(rf"\b{re.escape(speaker)}\b", evidence):
        speaker = ""  # "Deep Work Summary": a title's first name that the post never names is nobody
    quoted_speaker = False
    if not speaker:  # the guest the post keeps quoting ("Kim says…", "She pointed to…"), when there is one
        quoted = [(n, name) for name, n in speech.items() if n >= 2 and name in topic and name in people]
        if quoted:
            top = max(quoted)
            if sum(1 for n, _ in quoted if n == top[0]) == 1:
                speaker = next((w for w in re.findall(r"[\w\-’']+", evidence) if w.lower() == top[1]), "")
                quoted_speaker = bool(speaker)
    return _Context(ts, frozenset(topic), frozenset(people), " ".join(docs + ts.intro + ts.tldw + ts.thoughts), language,
                    set(), set(), f" {answer_key(ts.title)} ", speaker, quoted_speaker)


# --- takeaways -----------------------------------------------------------------------------------------------------

def _takeaway_notes(t: Takeaway, ctx: _Context, pool: list[tuple[str, str]]) -> list[Note]:
    lead = (t.label or t.full_text.split(":", 1)[0] if ":" in t.full_text[:40] else t.label or "").strip()
    if lead.casefold() in TRIVIA_LABELS:
        return []  # "Personal notes: moved to Palo Alto": asides the post itself marks as not the point
    # Sub-points (nested bullets) are the takeaway's details: their sentences are asked like its own, after it, so
    # a detail that leans on the takeaway ("Those who stayed awake…") gets it as its antecedent.
    details = [x for item in t.items for x in split_sentences(" ".join(item.split()))]
    sentences = split_sentences(t.full_text) + details
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
    if t.label and 0 not in list_sentences and ctx.language == "en":  # the question is English
        note = _label_note(t, ctx)
        if note:
            notes.append(note)
    budget = MAX_CLOZES if len(sentences) >= 3 else 2
    if notes:
        budget -= 1
    cloze = _cloze_note(t.id, KEY_TAKEAWAYS, full_text, sentences, ctx, pool, skip=list_sentences,
                        max_cards=budget, protected=label_end)
    if not cloze and not notes:  # nothing above the bar: the takeaway's one best lesser blank (a when, a term the
        # sentence uses without defining, a count), still through every check, rather than no card at all
        cloze = _cloze_note(t.id, KEY_TAKEAWAYS, full_text, sentences, ctx, pool, skip=list_sentences,
                            max_cards=1, protected=label_end, min_score=FALLBACK_MIN)
    if cloze:
        notes.append(cloze)
    return notes


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
        if ch in ",;" and depth == 0 and not (ch == "," and sentence[i - 1:i].isdigit()
                                               and sentence[i + 1:i + 2].isdigit()):
            cuts.append(i + 1)
    cuts.append(len(sentence))
    return tuple((cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1))


def _clause_window(sentence: str, span: Span) -> str | None:
    """For a long sentence: its opening clause plus the clause holding the blank, joined by an ellipsis; None when
    that splice would be long or would lose the sentence's thread."""
    clauses = _clauses(sentence)
    if clauses is None:
        return sentence
    home = next(k for k, (a, b) in enumerate(clauses) if a <= span.start < b)
    head = sentence[clauses[0][0]:clauses[0][1]].strip().rstrip(",;")
    body = sentence[clauses[home][0]:clauses[home][1]].strip().rstrip(",;")
    if home == 0:
        return body + " …" if len(words(body)) >= 8 else None
    if len(words(head)) > 14:
        head = " ".join(head.split()[:8])
    tail = " …" if home < len(clauses) - 1 else ""
    if body.startswith("and "):
        body = body[4:]
    if not re.match(r"[A-Z]", body) or body.split()[0] in ("The", "A", "An", "It", "This", "They", "He", "She"):
        return None  # "head … funding Sparta against Athens" reads as broken text (blind grading); a splice stands
        # only when the clause is one item of the list the head introduces ("… PAR under Nat Friedman …")
    if len(words(body)) < 6 or len(words(head)) + len(words(body)) > 32 or \
            body.split()[0].lower() in ("which", "who", "where", "while", "so", "but", "as", "because", "including"):
        return None  # a clause that leans on the part cut away: no card rather than a spliced one
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


def _with_antecedent(sentences: list[str], si: int, prompt: str, answer: str, speaker: str = "",
                     people: frozenset[str] = frozenset(), speech_only: bool = False) -> str | None:
    """A sentence opening with "He"/"It"/"This" needs the sentence before it; None when that is not to be had
    (a long one, or one holding the answer). "She says…" in a post about one guest is about the guest: the
    guest's name stands in for the pronoun."""
    if not opens_with_reference(prompt) and not refers_back(prompt) and not _loose_pronoun(prompt) and \
            not (si > 0 and anaphoric_opener(prompt)):
        return prompt
    previous = sentences[si - 1] if si > 0 else ""
    others = {s.text.split()[-1] for s in find_candidates(previous, people) if s.category == "person"} \
        if previous else set()
    if PERSONAL_START.match(prompt) and others:  # "Newport defines deep work as … He estimates that …": the
        if len(others) > 1:  # one person the sentence before names stands in for "He" ("His idea" after a
            return None  # sentence about McLean is McLean's, whoever the guest is)
        named_prompt = _name_speaker(prompt, next(iter(others)))
        if named_prompt and not refers_back(named_prompt) and \
                not set(content_words(answer)) & set(content_words(" ".join(others))):
            return named_prompt
        return None
    if PERSONAL_START.match(prompt) and previous and (re.search(r"\b(?:He|She)\s+[A-Z][a-z]", previous) or any(
            s.kind == "name" and len(s.text.split()) >= 2 and speaker not in s.text
            for s in find_candidates(previous, people))):
        return None  # "He Jiankui edited embryos. He was sentenced…": someone else may be meant, not the guest
    named = _name_speaker(prompt, speaker)
    if named and not refers_back(named) and speaker.casefold() not in answer.casefold() and \
            (not speech_only or SPOKEN_RE.match(prompt)):
        return named
    if si == 0 or PERSONAL_START.match(prompt):
        return None  # nobody named before: "She" would still point at no one
    if len(words(previous)) > MAX_ANTECEDENT_WORDS or set(content_words(answer)) & set(content_words(previous)) \
            or opens_with_reference(previous) or refers_back(previous) or anaphoric_opener(previous) or \
            not re.search(r"[.!?][\"”’)]*$", previous.strip()):
        return None  # the sentence before must stand on its own (not a heading, not itself leaning back)
    return f"{previous} {prompt}"


LOOSE_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|this|he|him|his|she|her)\b", re.I)


def _loose_pronoun(prompt: str) -> bool:
    """"By 2017 it had…", "asked to use it, the founders…", "his general": a pronoun with no noun before it in its
    sentence (for he/his: no person named before it) points at a sentence the card does not show."""
    m = LOOSE_PRONOUN.search(prompt)
    if not m:
        return False
    personal = re.match(r"(?:he|him|his|she|her)$", m.group(), re.I)
    tokens = tag(prompt)
    before = [t for t in tokens if t.end <= m.start()]
    if personal:
        return not any(t.tag in ("NNP", "NNPS") for t in before)
    after = [t for t in tokens if t.start >= m.end()][:1]
    if m.group().lower() in ("it", "they") and before and before[0].tag in ("IN", "RB", "WRB") and \
            not any(t.tag in ("VB", "VBZ", "VBD", "VBP", "MD") for t in before) and after and \
            after[0].tag not in ("DT", "IN", "TO", ",", "CC"):
        return True  # "At race pace it sits at 85–90% of …": the subject is in the sentence before
    return not any(t.tag in NOUN_TAGS for t in before)


SPOKEN_RE = re.compile(r"^(?:(?:He|She)\s+(?:says|said|argues|argued|recommends|recommended|explains|explained|"
                       r"notes|noted|thinks|believes|warns|warned|calls|called|suggests|suggested|adds|added|"
                       r"stresses|stressed|points|pointed|cites|cited|estimates|estimated|considers|favours|"
                       r"prefers|recalls|admits|insists|sees|describes|described)|(?:His|Her)\s+(?:advice|view|"
                       r"rule|tip|template|favourite|favorite|point|argument|recommendation|bottom line|core claim|"
                       r"closing line|starting|main|own|research|team|lab|book))\b")
PERSONAL_START = re.compile(r"^(He|She|His|Her)\b(?!\s+[A-Z])")  # not "He Jiankui was sentenced…": a name


def _name_speaker(prompt: str, speaker: str) -> str | None:
    m = PERSONAL_START.match(prompt)
    if not speaker or not m:
        return None
    name = speaker + ("’s" if m.group(1) in ("His", "Her") else "")
    return name + prompt[m.end():]


def _cloze_note(ref: str, heading: str, full_text: str, sentences: list[str], ctx: _Context,
                pool: list[tuple[str, str]], skip: set[int], max_cards: int, protected: int = 0,
                whole_text: bool = True, min_score: float = MIN_SCORE) -> Note | None:
    """The best blanks of a passage, at most `max_cards`, each from its own place, none asked elsewhere."""
    if max_cards <= 0:
        return None
    scored: list[tuple[float, int, Span]] = []
    offset = 0
    for si, sentence in enumerate(sentences):
        at = full_text.find(sentence, offset)
        offset = at + len(sentence) if at >= 0 else offset
        if si in skip or _junk_sentence(sentence) or " ".join(sentence.split()).casefold() in ctx.used_sentences:
            continue
        pronouns = SUBJECT_PRONOUNS.get(ctx.language)
        if ctx.language != "en" and (pronouns and re.search(rf"\b(?i:{pronouns})\b(?!\s+[A-ZÀ-Ý])", sentence) or
                                     len(words(sentence)) <= 10 and not re.search(r"[.!?][\"”’)»]*$", sentence)):
            continue  # no tagger for the language: a subject pronoun ("Avant la pandémie, il transportait…")
            # points at a sentence the card cannot show, and a short line without a full stop is a heading
        candidates = find_candidates(sentence, ctx.people)
        for span in candidates:
            if span.kind == "name" and any(o.text.endswith(" " + span.text) for o in candidates):
                continue  # "Carmack" where the sentence also says "John Carmack": the full name is the answer
            if at >= 0 and at + span.start < protected:
                continue  # the label of "Label: explanation" is the cue, never the answer
            if ctx.language != "en" and (span.kind == "term" or span.kind == "name" and ctx.foreign_word(span.text)
                                         or span.kind == "name" and " " not in span.text and
                                         (ctx.language == "de" or not sentence[:span.start].strip(" “\"‘«"))):
                continue  # the tagger knows English; in German every noun has a capital, so one word is no name
            if PER_BEFORE_RE.search(sentence, 0, span.start):
                continue  # "1.8 particles per [...]": a unit, not the fact
            if f" {answer_key(span.text)} " in ctx.title_key:
                continue  # "Sleep banking" in a post titled with it, "30 days": the post's own topic
            score = score_span(span, sentence, ctx.topic)
            if min_score < MIN_SCORE and (span.flags & INCIDENTAL or span.kind in ("name", "acronym")):
                continue  # a last resort is never what the sentence marks as incidental, nor a name that scored
                # low for being common ("NASA's Artemis", "the port of New York"): the world gives those away
            if score >= min_score:
                scored.append((score, si, span))
                if span.category in ("person", "org", "name"):
                    pool.append((span.text, span.category))
    scored.sort(key=lambda x: (-x[0], x[1], x[2].start))
    note_id = stable_id(ctx.ts.id, ref, "cloze")
    source = ctx.source(heading, full_text)
    cards: list[Card] = []
    picked: list[tuple[int, Span]] = []
    for tried, (score, si, span) in enumerate(scored):
        if len(picked) >= max_cards or tried >= MAX_TRIES:
            break
        per_sentence = 2 if len(words(sentences[si])) > 10 else 1
        if sum(1 for p_si, _ in picked if p_si == si) >= per_sentence:
            continue
        if any(p_si == si for p_si, _ in picked) and (score < SECOND_BLANK_SCORE or span.flags):
            continue  # a sentence's second blank is mostly its detail (the co-author, the source, the day)
        if span.kind == "number" and any(p_si == si and p.kind == "number" for p_si, p in picked):
            continue  # the second number of a sentence is usually its detail (the study's length, the sample size)
        if _asked(span, ctx) or any(set(content_words(span.text)) & set(content_words(p.text)) for _, p in picked):
            continue
        card = _cloze_card(ref, ctx, sentences, si, span, note_id, len(picked) + 1, source)
        if card is None or card_problems(card):
            continue
        picked.append((si, span))
        cards.append(card)
        ctx.asked.update(_fact_keys(span.text))
        if span.category in ("term", "quote", "number"):
            pool.append((span.text, span.category))
    if not cards:
        return None
    for si in {si for si, _ in picked}:
        ctx.used_sentences.add(" ".join(sentences[si].split()).casefold())
    if whole_text:
        text = cloze.protect(full_text)
    else:  # a section: the note holds only the sentences asked about, so an Anki card is not a whole paragraph
        text = cloze.protect(" ".join(sentences[si] for si in sorted({si for si, _ in picked})))
    for n, (_, span) in enumerate(picked, start=1):
        text = _mark_cloze(text, cloze.protect(span.text), n)
    return Note(id=note_id, set_id=ctx.ts.id, ref=ref, kind="cloze", text=text, extra=full_text, source=source,
                cards=cards)


# Numbers that could enter a sum; not labels ("Fact 5", "region 5", "Zone 2", "version 3").
NUMBER_IN_PROMPT = re.compile(r"(?<![\w.])(?<![A-Z][\w\-] )(?<![A-Z][\w\-]{2} )(?<![A-Z][\w\-]{3} )"
                              r"(?<!region )(?<!station )(?<!zone )(?<!tier )(?<!stage )(?<!version )(?<!chapter )"
                              r"(?<!episode )(?<!page )(?<!no\. )\d[\d,.]*(?!\d)")
YEAR_RE = re.compile(r"(?:1[5-9]|20)\d\d")
ARITHMETIC_CUES = re.compile(r"\b(?:leaves?|left|remain(?:s|ing)?|totals?|totalling|sum|adds? up|works? out|"
                             r"compound(?:s|ed|ing)?|grows? to|grew to|becomes?|not|instead of|rather than|minus|"
                             r"plus|times|per|each|doubl(?:es|ed|ing)|half|halves|every)\b", re.I)


def _computable(answer: str, window: str) -> bool:
    """The answer can be worked out from what is in view: two or more other numbers joined by arithmetic
    ("day 27, not day 30" -> 3 days; "$500k at 7% for 25 years grows to" -> $2.71M)."""
    rest = window.replace(answer, " ")
    others = [m for m in NUMBER_IN_PROMPT.finditer(rest) if not YEAR_RE.fullmatch(m.group().rstrip(".,"))]  # "by 2030" is
    # when, not an operand: "41 dollars per kWh; targets 19 dollars by 2030" cannot be worked out
    if re.search(r"\b(?:hours?|minutes?)\b", answer) and len(CLOCK_RE.findall(rest)) >= 2:
        return True  # "half-life … half of a 3 p.m. coffee is still circulating at 9 p.m." -> 6 hours
    if "%" in answer or "percent" in answer:
        share = _percent_value(answer)
        if share is not None and any(_percent_value(m.group()) is not None and
                                     abs(_percent_value(m.group()) + share - 100) < 0.01
                                     for m in re.finditer(r"\d[\d.,]*\s?(?:%|percent)", rest)):
            return True  # "30% signal and [...] marketing" -> 70%
    if len(others) < 2 or not ARITHMETIC_CUES.search(rest):
        return False
    if len(others) >= 3:
        return True
    unit = (words(answer)[-1].lower().rstrip("s") if len(words(answer)) > 1 else "")
    same = [m for m in others if unit and re.match(rf"\s*{re.escape(unit)}", window.replace(answer, " ")[m.end():],
                                                     re.I) or unit and re.search(
        rf"{re.escape(unit)}s?\s*$", window.replace(answer, " ")[:m.start()], re.I)]
    return len(others) >= 2 and bool(same)


JUNK_RE = re.compile(r"^\s*[QA]:\s|^\W*\d{1,2}:\d{2}(?::\d{2})?\b|[(\[]\d{1,2}:\d{2}(?::\d{2})?[)\]]|(?<!\w)@\w|\b(?:share|read more|click|subscribe|sign up)\b|^\W*\d+[.)]\s",
                     re.I)


CLOCK_RE = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|Uhr\b|h\b)", re.I)


def _percent_value(text: str) -> float | None:
    m = re.match(r"\s*(\d+(?:[.,]\d+)?)\s?(?:%|percent)", text)
    return float(m.group(1).replace(",", ".")) if m else None


def _junk_sentence(sentence: str) -> bool:
    """Site junk or a broken sentence: no card is better than one the learner cannot read."""
    if JUNK_RE.search(sentence) or re.search(r"(?:…|\.\.\.)\W*$", sentence.strip()):
        return True  # "… alertaram …": a sentence the page cut off
    return len(words(sentence)) < 5


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


def _cloze_card(ref: str, ctx: _Context, sentences: list[str], si: int, span: Span, note_id: int, ord_: int,
                source: CardSource) -> Card | None:
    sentence = sentences[si]
    window = _clause_window(sentence, span)
    if window is None:
        return None
    window = _with_antecedent(sentences, si, _word_window(window, span.text), span.text, ctx.speaker, ctx.people,
                              ctx.quoted_speaker)
    if window is None:
        return None
    if span.category == "number" and _computable(span.text, window):
        return None  # "day 27, not day 30" -> 3 days: the answer can be worked out from what is in view
    if span.category == "number" and CONVERSION_RE.search(_blank_all(window, span.text)):
        return None  # "22 feet ([...] m)", "[...] (about 40 °F)": the same quantity in another unit
    if len(words(window)) > MAX_PROMPT_WORDS:
        return None  # with the sentence it leans on, too long to read at a glance
    prompt = _blank_all(window, span.text)
    if len([w for w in content_words(prompt.replace(BLANK, " "))]) < MIN_PROMPT_CONTENT - (window == sentence):
        return None  # "… about [...] …": too little left to tell what is asked (a whole sentence may be short:
        # "Breaches must be reported to the authority within [...].")
    if span.category == "person" and len(span.text.split()) > 1:
        prompt = _blank_all(prompt, span.text.split()[-1])  # "John Carmack ... what Carmack is working on"
    back = window
    context = " ".join(s for k, s in enumerate(sentences) if k != si and s not in window)
    key = answer_key(span.text)
    return Card(id=stable_id(ctx.ts.id, ref, "cloze", key), note_id=note_id, kind="cloze", ord=ord_, key=key,
                prompt=prompt, answer=span.text, back=back, context=context, source=source, category=span.category)


MAX_LABEL_ANSWER = 18


def _label_note(t: Takeaway, ctx: _Context) -> Note | None:
    """"Label: claim. More." -> "What is <label>?" answered by the claim, when the claim is one short sentence."""
    question = label_question(t.label or "")
    claims = split_sentences(t.text)
    if not question or not claims:
        return None
    answer = claims[0][:1].upper() + claims[0][1:]
    if len(words(answer)) > MAX_LABEL_ANSWER or opens_with_reference(answer) or _junk_sentence(answer) or \
            answer.count(",") >= 2 or len(words(t.label or "")) < 3:
        return None  # a list of claims, or a two-word label ("Timing matters") that asks nothing definite
    note_id = stable_id(ctx.ts.id, t.id, "label")
    source = ctx.source(KEY_TAKEAWAYS, t.full_text)
    context = " ".join(claims[1:])
    card = Card(id=stable_id(ctx.ts.id, t.id, "label", "front"), note_id=note_id, kind="label", ord=1, key="front",
                prompt=question, answer=answer, back=answer, context=context, source=source)
    if card_problems(card):
        return None
    ctx.used_sentences.add(" ".join(claims[0].split()).casefold())
    return Note(id=note_id, set_id=ctx.ts.id, ref=t.id, kind="label", text=question, extra=answer, source=source,
                cards=[card])


MAX_LIST_CARD_ITEMS = 4


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
    asked_whole = list_question(enum.name, len(enum.items), enum.verb) if ctx.language == "en" else None
    if len(enum.items) <= MAX_LIST_CARD_ITEMS and asked_whole:
        question = lead + asked_whole
        answer = "; ".join(enum.items)
        cards.append(Card(id=stable_id(ctx.ts.id, t.id, "list", "all", enum.name.casefold()), note_id=note_id,
                          kind="list", ord=len(enum.items) + 1, key="all", prompt=question, answer=answer,
                          back=sentence, context=context, source=source))
    if not cards:
        return None
    for item in enum.items:
        ctx.asked.add(answer_key(item))
    ctx.used_sentences.add(" ".join(sentence.split()).casefold())
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


def _fact_keys(text: str) -> set[str]:
    """The keys under which an answer counts as asked: itself, a person's surname, a name's acronym."""
    keys = {answer_key(text)}
    for value in re.findall(r"\d[\d,]*(?:\.\d+)?", text):  # "74 countries" and "74 jurisdictions": one fact
        if len(value.replace(",", "")) >= 2 or "." in value:
            keys.add("#" + value.replace(",", ""))
    toks = [w for w in words(text) if w.lower() not in STOPWORDS]
    if len(toks) >= 2 and all(w[:1].isupper() for w in toks):
        keys.add(answer_key(toks[-1]))
        keys.add("".join(w[0] for w in toks).lower())
    return keys


def _asked(span: Span, ctx: _Context) -> bool:
    return bool(_fact_keys(span.text) & ctx.asked)


def _is_topic(text: str, ctx: _Context) -> bool:
    content = content_words(text)
    return bool(content) and all((w.rstrip("s") if len(w) > 3 else w) in ctx.topic or w in ctx.topic
                                 for w in content)


# --- final pass ----------------------------------------------------------------------------------------------------

def _finalise(notes: list[Note], pool: list[tuple[str, str]], language: str = "en") -> None:
    """Drop what the checker rejects or duplicates, then attach multiple-choice options to clozes (numbers only in
    English: other languages write them differently, "0,5" and "1.000")."""
    dupes = duplicate_prompts(all_cards(notes))
    for note in notes:
        note.cards = [c for c in note.cards if c.id not in dupes and not card_problems(c)]
        if note.kind in ("cloze", "list"):  # a deletion whose card was dropped must not make an Anki card
            ords = {c.ord for c in note.cards}
            note.text = cloze.rebuild(note.text, lambda n: n in ords)
    notes[:] = [n for n in notes if n.cards]
    options = DistractorPool(pool)
    for card in all_cards(notes):
        if card.kind == "cloze" and card.category in MC_CATEGORIES and (language == "en" or card.category != "number"):
            distractors = choose_distractors(card.answer, card.category, options, card.prompt, card.id)
            card.choices = shuffled_choices(card.answer, distractors, card.id)
