"""Finding and ranking the spans of a sentence worth blanking.

A good blank is the point of the sentence and cannot be guessed from the rest of it: a name, a number with its unit,
a quoted coinage, a term the sentence defines. A bad blank is a verb, an adverb, a common noun ("hires",
"variants"), a word the whole set is about ("Wang" in a post about Wang), one item of an inline series (its siblings
give it away), or an aside ("asked by Vance for comment", "who lives in WhatsApp", "a conference in India").
Candidates come from the part-of-speech tags (`tagging.py`), never from rarity alone; rarity only ranks them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .span_base import Span, _search_before, is_capitalised
from .span_names import _half_binomial, _names, _part_of_a_name, categorise_name
from .span_numbers import UNIT_WORDS, _numbers
from .span_terms import _terms
from .tagging import ADJ_TAGS, NOUN_TAGS, Token, tag
from .text import STOPWORDS, may_hold, norm_word, words, zipf

__all__ = ["Span", "categorise_name", "find_candidates", "is_capitalised", "score_span"]

SUCH_AS_RE = re.compile(r"\b(?:such as|e\.g\.)\s+[^,;.:()]*(?:,\s*[^,;.:()]*)*?(?=[;.:()]|,\s*(?:which|and\s+"
                        r"(?:the|a|it|they)\b|but\b)|$)", re.I)
RELATIVES = {"who", "whom", "whose", "which", "where"}
NUMBER_BEFORE_RE = re.compile(r"\d[\d,.]*%?(?:\s+(?:million|billion|thousand))?\s+$")
PRIZE_FIELD_RE = re.compile(r"\s+(?:in|for)\s+(?:Physiology|Medicine|Chemistry|Physics|Literature|Economic|Peace)")
QUOTE_RE = re.compile(r"[“\"]([^”\"“]{2,120}?)[,.;:!?]?[”\"]")
SAMPLE_STRING_RE = re.compile(r"[A-Za-z]\d|\d[A-Za-z@]|[@$#]\w")
QUOTE_EXAMPLE_LEAD_RE = re.compile(r"(?:\blike|such as|e\.g\.|rather than|instead of|than)\s*$", re.I)
def find_candidates(sentence: str, known_people: frozenset[str] = frozenset()) -> list[Span]:
    """Candidate blanks in a sentence; names are sorted into people and organisations with `known_people`."""
    if not known_people:
        return list(_raw_candidates(sentence))
    return list(_categorised(sentence, known_people))


@lru_cache(maxsize=20_000)
def _categorised(sentence: str, known_people: frozenset[str]) -> tuple[Span, ...]:
    out = []
    for span in _raw_candidates(sentence):
        category = categorise_name(span.text, known_people) if span.kind == "name" else span.category
        out.append(span if category == span.category else  # (an unchanged span as it is, an equal one)
                   Span(span.start, span.end, span.text, span.kind, category, span.flags))
    return tuple(out)


@lru_cache(maxsize=20_000)
def _raw_candidates(sentence: str) -> tuple[Span, ...]:
    tokens = tag(sentence)
    if not tokens:
        return ()
    spans = _quotes(sentence) + _names(sentence, tokens) + _numbers(sentence, tokens)
    spans += _terms(sentence, tokens, [(s.start, s.end) for s in spans])
    series = _series_ranges(sentence)
    asides = _aside_ranges(sentence, tokens)
    examples = _example_clauses(sentence) + _quoted_passages(sentence)
    out = []
    for s in _dedupe(spans):
        if s.kind == "name" and _half_binomial(sentence, s):
            continue  # "Saccharomyces cerevisiae": blanking the genus, the epithet gives it away
        if s.kind in ("name", "acronym") and _part_of_a_name(sentence, s):
            continue  # "Jim O'[...]", "St Mary" of "St Mary's Hospital", "Port Newark–[...]"
        if s.kind == "name" and s.text.lower() in ("celsius", "fahrenheit", "kelvin"):
            continue  # "several degrees [...]": a unit
        if s.kind in ("acronym", "name") and " " not in s.text and _number_before(sentence, s.start):
            continue  # "4 million TEU", "1 MHz", "13% ABV": a unit, the number is the fact
        if s.kind == "name" and s.text.split()[0].lower() in UNIT_WORDS:
            continue  # "rund 236 [Metern Rotordurchmesser]": a unit and what it measures, not a name
        if s.kind == "name" and s.text.endswith("Prize") and PRIZE_FIELD_RE.match(sentence, s.end):
            continue  # "the 1923 [...] in Physiology or Medicine": the field names the prize
        if s.kind == "name" and "Prize" in sentence and \
                re.search(r"Prize\s+(?:in|for)\s+(?:[A-Z]\w+\s+or\s+)?$", sentence[:s.start]):
            continue  # "the Nobel Prize in Physiology or [...]": the prize's name, not a fact
        if not (examples or series or asides):
            out.append(s)  # (no range to fall in: no flag to add)
            continue
        flags = set(s.flags)
        if any(a <= s.start and s.end <= b for a, b in examples):
            flags.add("example")
        if any(a <= s.start and s.end <= b for a, b in series):
            flags.add("series")
        if any(a <= s.start and s.end <= b for a, b in asides):
            flags.add("aside")
        out.append(s if len(flags) == len(s.flags) else  # (no flag added: the span as it is, an equal one)
                   Span(s.start, s.end, s.text, s.kind, s.category, frozenset(flags)))
    return tuple(out)


SCALE_ENDS = ("million", "billion", "thousand")


def _number_before(sentence: str, at: int) -> bool:
    """`NUMBER_BEFORE_RE` ending at `at` (it spans 3 words), tried only where it can match: after white space whose
    last word ends as a number ("4 million", "13%", "1,") or a scale word does. Most names have neither before them."""
    head = sentence[max(0, at - 30):at]
    last = head.rstrip()
    if len(last) == len(head) or not (last[-1:] in ",.%" or last[-1:].isdigit() or last.endswith(SCALE_ENDS)):
        return False  # (the pattern ends in white space, after a digit, ",", ".", "%" or a scale word)
    return _search_before(NUMBER_BEFORE_RE, sentence, max(0, at - 30), at, 4) is not None


_NOUN_CD_TAGS = NOUN_TAGS | {"CD"}
_ADJ_RB_DT_TAGS = ADJ_TAGS | {"RB", "DT"}


def _inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= span.start and span.end <= b for a, b in ranges)


def _quotes(sentence: str) -> list[Span]:
    """Quoted noun phrases: often the post's memorable coinage ("economy of agents"). A quoted clause is not one."""
    out = []
    for m in QUOTE_RE.finditer(sentence):
        inner = m.group(1).strip().rstrip(",.;:!?")
        n = len(words(inner))
        if not 1 <= n <= 6:
            continue
        toks = tag(inner)
        content = [t for t in toks if t.text[:1].isalnum()]
        if not content:
            continue  # said "$299": a quoted price is a number (found as one), not a term
        slogan = content[0].tag == "VB" and 2 <= n <= 5 and not any(t.tag == "CC" for t in toks)
        coined = n <= 5 and not any(t.tag in ("VBD", "VBZ", "VBP", "MD", "CC", "PRP") for t in toks) and \
            content[-1].text.lower() not in STOPWORDS  # "one level ahead": a named rule, whatever its last word
        if not slogan and not coined and (any(t.is_verb and t.tag not in ("VBG", "VBN") for t in content) or
                           content[-1].tag not in _NOUN_CD_TAGS or any(t.tag == "CC" for t in toks)):
            continue  # "did not have the courage", "alive and kicking": a quoted remark, not a term
        start = sentence.index(inner, m.start())
        if SAMPLE_STRING_RE.search(inner) and " " not in inner:
            continue  # "Summer2024", "P@ssw0rd1": a sample string, not a term
        flags = {"definitional"}
        if QUOTE_EXAMPLE_LEAD_RE.search(sentence[:m.start()]):
            flags = {"example"}  # "a short string like "P@ssw0rd1"", "rather than "work on the report""
        out.append(Span(start, start + len(inner), inner, "quote", "quote", frozenset(flags)))
    return out


def _quoted_passages(sentence: str) -> list[tuple[int, int]]:
    """Quotations longer than a term ("If it is 7 a.m. …, then I will write for 10 minutes."): what they hold is
    the speaker's illustration."""
    if "“" not in sentence and '"' not in sentence:
        return []
    return [(m.start(), m.end()) for m in QUOTED_PASSAGE_RE.finditer(sentence)]


QUOTED_PASSAGE_RE = re.compile(r"[“\"]([^”\"“]{40,})[”\"]")


EXAMPLE_CLAUSE_RE = re.compile(r",\s+(?:an?|one)\s+(?:[\w\-]+\s+){0,2}(?:example|illustration|case in point)\b|"
                               r"(?:^|[;:]\s*)(?:for example|for instance|e\.g\.),?\s", re.I)


SUCH_AS_WORDS = ("such as", "e.g.")
IF_CLAUSE_WORDS = ("if", "suppose", "imagine", "scenario", "hypothetical")
EXAMPLE_CLAUSE_WORDS = ("example", "illustration", "case in point", "instance", "e.g.")
IF_CLAUSE_RE = re.compile(r"(?:^|[,;:]\s*)(?:[Ee]ven\s+)?(?:[Ii]f|[Ss]uppose|[Ii]magine)\s+[^,;:]*|"
                          r"\b(?:scenario|hypothetical)\s+in\s+which\s+[^,;:]*")


def _example_clauses(sentence: str) -> list[tuple[int, int]]:
    """The clause a sentence itself calls an example ("Carl Jung retreated to his tower, a bimodal example; most
    people…", "For instance, …"): what it names illustrates the claim and is not the claim."""
    out = []
    # (each pattern only where a word it needs stands: they are tried at every position)
    for m in SUCH_AS_RE.finditer(sentence) if may_hold(sentence, SUCH_AS_WORDS) else ():  # "compare populations
        out.append((m.start(), m.end()))  # such as Japan and Nigeria": the examples
    for m in IF_CLAUSE_RE.finditer(sentence) if may_hold(sentence, IF_CLAUSE_WORDS) else ():  # "if a service
        out.append((m.start(), m.end()))  # handles 100 million queries a day, …": a made-up case
    for m in EXAMPLE_CLAUSE_RE.finditer(sentence) if may_hold(sentence, EXAMPLE_CLAUSE_WORDS) else ():
        start = max(sentence.rfind(";", 0, m.start()), sentence.rfind(":", 0, m.start())) + 1
        end = sentence.find(";", m.end())
        out.append((start, end if end >= 0 else len(sentence)))
    return out


def _series_ranges(sentence: str) -> list[tuple[int, int]]:
    """Inline series of three or more ("Facebook, Instagram, and WhatsApp", "bio, chem, cyber"): one item is
    guessable from its siblings, so no item is blanked alone (a list note asks for the series instead)."""
    if "," not in sentence:
        return []  # (a series has a comma: the pattern need not be tried at every word)
    return [(m.start(), m.end()) for m in SERIES_RE.finditer(sentence)]


_ITEM = r"[\w’'\-]+(?:\s[\w’'\-]+)?"
SERIES_RE = re.compile(rf"\b{_ITEM}(?:,\s{_ITEM}){{1,}},?\s(?:and|or)\s{_ITEM}")


def _aside_ranges(sentence: str, tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """Asides: a participle or relative clause set off by commas ("Sam Altman, asked by Vance for comment, ..."),
    a relative clause ("who lives in WhatsApp"), parentheses. What they name is incidental to the claim."""
    out: list[tuple[int, int]] = []
    for m in SET_OFF_RE.finditer(sentence) if "," in sentence else ():  # set off on both sides: a closing clause
        # (", cutting update time from 11 days to 3.") is often the point of the sentence
        first = tag(m.group(1))[:1]
        if first and (first[0].tag in ("VBN", "VBG", "VBD") or first[0].text.lower() in RELATIVES) and \
                first[0].text.lower() not in ("including", "led", "run", "founded", "built", "called", "known"):
            out.append((m.start(), m.end()))
    for m in PARENTHESES_RE.finditer(sentence) if "(" in sentence else ():
        out.append((m.start(), m.end()))
    return out


SET_OFF_RE = re.compile(r",\s+([^,]{3,80}?)(?=,)")
PARENTHESES_RE = re.compile(r"\([^)]*\)")


def _dedupe(spans: list[Span]) -> list[Span]:
    """One span per place; a span inside a longer one of a better kind goes."""
    out: dict[tuple[int, int], Span] = {}
    for s in spans:
        out.setdefault((s.start, s.end), s)
    values = sorted(out.values(), key=lambda s: (s.start, -s.end))
    if all(a.end < b.start for a, b in zip(values, values[1:])):
        return values  # (apart from each other, as most sentences' spans are: none lies inside another)
    bounds = [(o.start, o.end, o.kind == "term") for o in values]  # (read once, not for every pair)
    return [s for s in values if not _inside_longer(s.start, s.end, s.kind == "number", bounds)]


def _inside_longer(start: int, end: int, number: bool, bounds: list[tuple[int, int, bool]]) -> bool:
    """Whether a span lies inside a longer one (`bounds`: each span's start, end and whether it is a term); a number
    inside a term stays."""
    for o_start, o_end, o_term in bounds:  # (a plain loop: this runs for every pair of a sentence's candidates)
        if o_start <= start and end <= o_end and (o_end - o_start) > (end - start) and not (number and o_term):
            return True
    return False


FALLBACK_SCORE = 1.8  # what a when (a year, a date) is worth: under the bar of a takeaway's main blanks, over the
# bar of its last resort (`cloze_notes.FALLBACK_MIN`)
KIND_WEIGHT = {"name": 3.0, "number": 2.8, "quote": 2.6, "acronym": 2.2, "term": 2.0}


def score_span(span: Span, sentence: str, topic_words: frozenset[str]) -> float:
    """Higher is a better blank; 0 means never blank this. (Not cached: each span is scored once per passage, and
    hashing a span for a cache cost more than the score.)"""
    text, kind, flags = span.text, span.kind, span.flags
    n_toks, content = _span_words(text)
    if not content or flags and ("series" in flags or "speaker" in flags) or " — " in text or " – " in text:
        return 0.0
    if n_toks > 6 or n_toks > max(2, 0.45 * len(words(sentence))):
        return 0.0
    topical = _topical_count(content, topic_words)
    last = content[-1]
    if kind != "number" and (topical == len(content) or span.category in ("person", "term") and (
            last in topic_words or last.rstrip("s") in topic_words)):  # "Alex Wang" in a post about Wang,
        # "systems approach superintelligence" in a post about superintelligence
        return 0.0  # the post's own subject, or a term built on it ("health super intelligence" in a post on it)
    rarity = _rarity(content)
    score = KIND_WEIGHT[kind] + min(rarity, 4.0) * 0.35
    if kind != "number":
        score *= 1.0 - 0.4 * topical / len(content)
    if kind == "term":
        if "definitional" not in flags:
            score -= 1.0  # a term the sentence does not define is the riskiest blank ("ethos of openness")
        if len(content) == 1 and zipf(content[0]) >= 3.5:
            score -= 1.5  # a plain word ("variants", "stack"): filler, whatever its position
        elif len(content) > 1 and n_toks > len(content) and all(zipf(w) >= 4.0 for w in content) and \
                text[:1].islower():
            score -= 2.0  # everyday words joined by "of" ("result of evolution", "mix of batteries"): the
            # sentence's wording, not a term ("contrast ratio", "bone density" are, and keep their score)
    if kind == "number":
        if "bare" in flags:
            score -= 1.8
        if "year" in flags and "event" not in flags:
            return 0.0
        if "year" in flags or "date" in flags:
            # "in 2023 Ledgerline ended...": when, rarely the point; asked only where a takeaway has nothing better
            # ("the sharp drop that began in 2016", "entered into force on 1 August 2024")
            score = FALLBACK_SCORE
    if kind == "name" and span.category != "person" and (
            len(content) == 1 and zipf(content[0]) >= 4.5 or len(content) > 1 and all(zipf(w) >= 4.3 for w in content)):
        score -= 1.0  # "Earth", "Nobel Prize": capitalised everyday words, guessable from their sentence
        if len(content) == 1 and zipf(content[0]) >= 4.85:
            score -= 0.8  # "Europe", "Congress", "China": the world's best-known names are guessed, not recalled
    elif kind == "name" and span.category != "person" and len(content) == 1 and zipf(content[0]) >= 4.0:
        score -= 0.8  # "Norway", "Chile", "Romans": well known, and the post's setting gives them away
        # (blind sets A-G: 22 of 60 such one-word answers good)
    if kind == "acronym" and zipf(text.lower()) >= 3.3:
        score -= 1.2  # "AI", "CEO", "IPO": acronyms everyone knows are filler, not facts
    if kind == "quote" and len(content) == 1 and "-" not in text and zipf(content[0]) >= 3.0:
        return 0.0  # "memory", "burnt", "weaker": a plain word in quotes is the post's wording, not a term
    if kind == "quote" and all(zipf(w) >= 4.0 for w in content) and \
            tag(text)[0].tag in _ADJ_RB_DT_TAGS:
        score -= 1.0  # "full renovation": the post's wording of something plain ("compliance graph" is a term)
    if flags:
        score -= sum(FLAG_PENALTY.get(flag, 0.0) for flag in flags)
    return max(score, 0.0)


@lru_cache(maxsize=50_000)
def _span_words(text: str) -> tuple[int, tuple[str, ...]]:
    """How many words a span has, and its content words (normalised): the same answer text recurs across a post's
    sentences (a name, a unit), so they are worked out once per text rather than once per span."""
    toks = [norm_word(t) for t in words(text)]
    return len(toks), tuple(t for t in toks if t not in STOPWORDS)


@lru_cache(maxsize=50_000)
def _rarity(content: tuple[str, ...]) -> float:
    return sum(max(0.0, 6.0 - zipf(t)) for t in content) / len(content)


@lru_cache(maxsize=50_000)
def _topical_count(content: tuple[str, ...], topic_words: frozenset[str]) -> int:
    return sum(1 for t in content if _topical(t, topic_words))


def _topical(word: str, topic_words: frozenset[str]) -> bool:
    """The word, a plural's singular, or a part of a hyphenated word is one the post is about."""
    if word and (word in topic_words or word.rstrip("s") in topic_words):
        return True
    return "-" in word and any(p in topic_words or p.rstrip("s") in topic_words for p in word.split("-") if p)


# How much less a blank is worth where the sentence marks it as incidental (see `_names` and `_aside_ranges`).
FLAG_PENALTY = {"aside": 1.6, "place": 2.2, "example": 2.0, "modifier": 1.0, "pair": 2.0, "cited": 1.6}
