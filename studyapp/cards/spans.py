"""Finding and ranking the spans of a sentence worth blanking.

A good blank is the point of the sentence and cannot be guessed from the rest of it: a name, a number with its unit,
a quoted phrase, a rare term. A bad blank is a common word, a word the whole set is about ("Wang" in a post about
Wang), or something the sentence repeats or spells out elsewhere. Candidates are found by pattern, then scored by
kind, by rarity in English (wordfreq), and against the set's own topic words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .first_names import is_first_name
from .text import NUMBER_WORDS, STOPWORDS, norm_word, words, zipf

CONNECTORS = {"of", "and", "&", "for", "the", "de", "von", "van", "la", "du", "in", "on"}
LEADING_JUNK = {"the", "a", "an", "on", "in", "at", "for", "from", "with", "by", "as", "to", "of", "and", "but", "or",
                "if", "when", "while", "after", "before", "since", "unlike", "like", "asked", "even", "both", "first",
                "finally", "then", "so", "yet", "still", "also", "however", "because", "though", "although",
                "meanwhile", "inside", "where", "whether", "what", "who", "how", "why", "it", "its", "this", "that",
                "these", "those", "his", "her", "their", "our", "my", "your", "he", "she", "they", "we", "i", "you",
                "two", "one", "key", "most", "many", "some", "every", "each", "all", "no", "not", "only"}
ORG_WORDS = {"lab", "labs", "inc", "corp", "corporation", "company", "co", "initiative", "project", "framework",
             "intelligence", "ai", "times", "microsystems", "code", "analysis", "institute", "university", "group",
             "foundation", "fund", "capital", "ventures", "partners", "bank", "party", "council", "agency", "research",
             "compute", "systems", "technologies", "labs", "network", "media", "news", "post", "journal", "meta",
             "google", "apple", "microsoft", "openai", "anthropic", "facebook", "instagram", "whatsapp", "chatgpt",
             "gemini", "claude", "llama", "scale", "fair", "par", "valley", "city", "olympiad", "program", "glasses"}
UNIT_WORDS = {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month",
              "months", "year", "years", "decade", "decades", "century", "percent", "per", "degree", "degrees", "times",
              "x", "km", "kilometres", "kilometers", "miles", "meters", "metres", "kg", "tons", "tonnes", "dollars",
              "euros", "people", "users", "employees", "researchers", "gb", "tb", "mb", "gw", "mw", "kw", "watts",
              "billion", "million", "thousand", "trillion", "points", "steps", "rungs", "agents", "cells"}
QUOTE_RE = re.compile(r"[“\"]([^”\"“]{2,120}?)[,.;:!?]?[”\"]")
NUMBER_RE = re.compile(
    r"(?<![\w$])(?:\$|€|£)?\d[\d,]*(?:\.\d+)?(?:-[a-z]+)?(?:\s?%)?"
    r"|\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?:-[a-z]+)?\b", re.I)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # quote | name | acronym | number | term
    category: str  # person | org | number | quote | term  (for multiple-choice distractors)
    score: float = 0.0


def categorise_name(text: str, known_people: frozenset[str] = frozenset()) -> str:
    toks = [t for t in words(text) if t.lower() not in CONNECTORS]
    if not toks:
        return "term"
    if any(norm_word(t) in ORG_WORDS for t in toks) or any(t.isupper() and len(t) > 1 for t in toks):
        return "org"
    if norm_word(text) in known_people:
        return "person"
    if 2 <= len(toks) <= 3 and is_first_name(toks[0]) and all(t[0].isupper() for t in toks):
        return "person"
    return "org" if len(toks) > 1 else "name"


def is_capitalised(token: str) -> bool:
    return token[:1].isupper() or (token[:1].isdigit() and any(c.isalpha() for c in token) and token[-1].isupper())


def find_candidates(sentence: str, known_people: frozenset[str] = frozenset()) -> list[Span]:
    """Candidate blanks in a sentence; names are sorted into people and organisations with `known_people`."""
    out = []
    for span in _raw_candidates(sentence):
        if span.kind == "name" and known_people:
            span = Span(span.start, span.end, span.text, span.kind, categorise_name(span.text, known_people))
        out.append(span)
    return out


@lru_cache(maxsize=20_000)
def _raw_candidates(sentence: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W_](?:[\w’'&\-]*[^\W_])?", sentence)]

    # Quoted phrases: often the memorable coinage of the post.
    for m in QUOTE_RE.finditer(sentence):
        inner = m.group(1).strip().rstrip(",.;:!?")
        if 1 <= len(words(inner)) <= 8:
            start = sentence.index(inner, m.start())
            spans.append(Span(start, start + len(inner), inner, "quote", "quote"))

    # Capitalised runs (names of people, organisations, products), with a trailing "(ACRONYM)".
    i = 0
    while i < len(tokens):
        if not is_capitalised(tokens[i][2]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens):
            nxt = tokens[j + 1][2]
            gap = sentence[tokens[j][1]:tokens[j + 1][0]]
            if gap.strip() not in ("", "-"):
                break
            if is_capitalised(nxt):
                j += 1
            elif nxt.lower() in CONNECTORS and j + 2 < len(tokens) and is_capitalised(tokens[j + 2][2]) \
                    and sentence[tokens[j + 1][1]:tokens[j + 2][0]].strip() == "" \
                    and not (nxt.lower() in ("and", "&") and (tokens[j + 2][2].isupper() or tokens[j][2].isupper()
                                                              or j > i)):
                j += 2
            else:
                break
        run = tokens[i:j + 1]
        while run and run[0][2].lower() in LEADING_JUNK:
            run = run[1:]
        while run and run[-1][2].lower() in CONNECTORS:
            run = run[:-1]
        if len(run) > 1 and run[0][0] == tokens[0][0] and zipf(run[0][2].lower()) >= 4.0 and \
                not run[0][2].isupper() and not is_first_name(run[0][2]):
            run = run[1:]
        if len(run) == 1 and re.search(r"-[a-z]", run[0][2]):
            run = []  # "AI-native", "Chinese-born": adjectives, not names
        if run:
            start, end = run[0][0], run[-1][1]
            text = sentence[start:end]
            if text.endswith(("’s", "'s")):
                end -= 2
                text = text[:-2]
            paren = re.match(r"\s*\(([A-Z][A-Za-z0-9&]{1,8})\)", sentence[end:])
            at_start = start == tokens[0][0] if tokens else False
            single = len(run) == 1
            common_word = single and zipf(text.lower()) >= 3.5 and not text.isupper()
            if not (at_start and common_word):
                if paren and _initials_match(text, paren.group(1)):
                    end += paren.end()
                    text = sentence[start:end]
                kind = "acronym" if single and text.isupper() else "name"
                category = "org" if kind == "acronym" else categorise_name(text)
                spans.append(Span(start, end, text, kind, category))
        i = j + 1

    # Numbers with their unit: "nine months", "16-agent", "hundreds of millions", "20%".
    for m in NUMBER_RE.finditer(sentence):
        text = m.group()
        low = text.lower()
        if low == "one":  # usually a pronoun ("no one", "one of them"), not a quantity
            continue
        end = m.end()
        rest = sentence[end:]
        of_more = re.match(r"\s+of\s+(millions|billions|thousands|trillions)\b", rest, re.I)
        if of_more:
            end += of_more.end()
        else:
            unit = re.match(r"\s+([A-Za-z]+)\b", rest)
            if unit and unit.group(1).lower() in UNIT_WORDS:
                end += unit.end()
        spans.append(Span(m.start(), end, sentence[m.start():end], "number", "number"))

    # Rare content words (not verbs), extended rightwards into a noun: "token efficiency", "multimodal strength".
    taken = [(s.start, s.end) for s in spans]
    for k, (start, end, tok) in enumerate(tokens):
        w = norm_word(tok)
        if w in STOPWORDS or len(w) < 4 or tok[:1].isdigit() or is_capitalised(tok) or w.endswith("ly") or \
                any(a <= start < b for a, b in taken) or zipf(w) >= 4.2 or _verb_like(tokens, k, sentence):
            continue
        e = end
        if k + 1 < len(tokens):
            nxt = tokens[k + 1]
            if sentence[end:nxt[0]].strip() == "" and _noun_like(nxt[2]) and not _verb_like(tokens, k + 1, sentence):
                e = nxt[1]
        spans.append(Span(start, e, sentence[start:e], "term", "term"))
        taken.append((start, e))
    return tuple(_dedupe(spans))


def _initials_match(name: str, acronym: str) -> bool:
    """"Assured Robot Intelligence" ~ "ARRI", "Product and Applied Research" ~ "PAR": same first letter, similar size."""
    initials = "".join(w[0] for w in words(name) if w.lower() not in CONNECTORS).upper()
    acr = acronym.upper()
    return bool(initials) and initials[0] == acr[0] and abs(len(initials) - len(acr)) <= 1 and \
        all(c in acr for c in initials)


MODALS = {"to", "will", "would", "can", "could", "should", "may", "might", "must", "does", "did", "do", "not", "never",
          "cannot", "also", "who", "which", "that", "he", "she", "it", "they", "we", "i", "you"}
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "every", "each", "him", "them", "this", "these"}


def _verb_like(tokens: list[tuple[int, int, str]], k: int, sentence: str) -> bool:
    """Without a tagger: the shapes in which a word is almost always a verb, which makes a poor blank."""
    w = tokens[k][2].lower()
    prev = tokens[k - 1][2] if k > 0 else ""
    nxt = tokens[k + 1][2].lower() if k + 1 < len(tokens) else ""
    if w.endswith(("ed", "ing")) and prev.lower() not in DETERMINERS:
        return True
    if prev.lower() in MODALS:
        return True
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and prev and (is_capitalised(prev) or prev.lower() in
                                                                          ("he", "she", "it", "who", "which")):
        return True
    if nxt in DETERMINERS and not w.endswith(("ion", "ity", "ness", "ment", "ship", "ism")):
        return True
    return False


def _noun_like(token: str) -> bool:
    w = norm_word(token)
    return w not in STOPWORDS and not is_capitalised(token) and not w.endswith(("ed", "ing", "ly")) and \
        zipf(w) < 5.2 and len(w) > 2


def _dedupe(spans: list[Span]) -> list[Span]:
    """One span per place; a name inside a longer name ("ARRI" in "Assured Robot Intelligence (ARRI)") goes."""
    out: dict[tuple[int, int], Span] = {}
    for s in spans:
        out.setdefault((s.start, s.end), s)
    names = [s for s in out.values() if s.kind in ("name", "acronym")]
    keep = [s for s in out.values() if not (s.kind in ("name", "acronym") and any(
        o is not s and o.start <= s.start and s.end <= o.end for o in names))]
    return sorted(keep, key=lambda s: (s.start, -s.end))


def fallback_candidates(sentence: str) -> list[Span]:
    """Last resort when nothing stands out: runs of one to three content words, rarest first."""
    out: list[Span] = []
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W_](?:[\w’'&\-]*[^\W_])?", sentence)]
    k = 0
    while k < len(tokens):
        if norm_word(tokens[k][2]) in STOPWORDS or k == 0:
            k += 1
            continue
        j = k
        while j + 1 < len(tokens) and j - k < 2 and norm_word(tokens[j + 1][2]) not in STOPWORDS and \
                sentence[tokens[j][1]:tokens[j + 1][0]].strip() == "":
            j += 1
        out.append(Span(tokens[k][0], tokens[j][1], sentence[tokens[k][0]:tokens[j][1]], "term", "term"))
        k = j + 1
    return out


ADJECTIVE_ENDINGS = ("ical", "ial", "ous", "ive", "ful", "less", "able", "ible", "ary", "ent", "ant", "ic")
def _modifies_common_noun(span: Span, sentence: str) -> bool:
    following = re.match(r"\s+([A-Za-z][\w’'\-]*)", sentence[span.end:])
    if not following:
        return False
    word = following.group(1)
    w = norm_word(word)
    return word[:1].islower() and w not in STOPWORDS and not w.endswith(("ed", "ing", "ly")) and zipf(w) >= 4.5


KIND_WEIGHT = {"name": 3.0, "number": 2.6, "quote": 2.4, "acronym": 1.8, "term": 1.6}


def score_span(span: Span, sentence: str, topic_words: set[str], repeated: set[str]) -> float:
    """Higher is a better blank; 0 means never blank this."""
    toks = [norm_word(t) for t in words(span.text)]
    content = [t for t in toks if t not in STOPWORDS]
    if not content:
        return 0.0
    n_sentence = len(words(sentence))
    if len(toks) > max(1, 0.4 * n_sentence) or len(toks) > 9:
        return 0.0
    topical = sum(1 for t in content if t in topic_words or t.rstrip("s") in topic_words)
    if topical == len(content):
        return 0.0
    rarity = sum(max(0.0, 6.0 - zipf(t)) for t in content) / len(content)
    score = KIND_WEIGHT[span.kind] + min(rarity, 4.0) * 0.6
    score *= 1.0 - 0.6 * topical / len(content)
    if any(t in repeated for t in content):
        score += 1.0
    if span.kind == "term" and len(content) == 1 and zipf(content[0]) > 3.8 and content[0] not in repeated:
        score -= 0.8
    if span.kind == "term" and len(content) == 1 and content[0].endswith(ADJECTIVE_ENDINGS) and \
            content[0] not in repeated and _modifies_common_noun(span, sentence):
        score -= 1.2  # "the [...] example": an adjective on a plain noun is rarely the point of the sentence
    if len(toks) > 4:
        score -= 0.3 * (len(toks) - 4)
    return max(score, 0.0)
