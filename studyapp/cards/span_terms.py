"""Terms as candidate blanks: noun phrases the sentence defines or names, and coined compounds; never a verb,
an adverb or a plain common noun."""

from __future__ import annotations

import re
from functools import lru_cache

from .first_names import is_first_name
from .span_base import Span, _index_at, _opens_sentence, is_capitalised
from .tagging import ADJ_TAGS, NOUN_ADJ_TAGS, NOUN_TAGS, Token, lexicon_tag, tag
from .text import NUMBER_WORDS, STOPWORDS, zipf

# Words that introduce what the sentence defines or names: "is framed as an appetizer", "known as X".
DEFINERS = {"is", "are", "was", "were", "as", "called", "named", "dubbed", "termed", "coined", "labelled", "labeled",
            "nicknamed", "become", "becomes", "became", "remains", "means", "calls", "call", "dubs", "terms"}
def _after_modal(tokens: tuple[Token, ...], i: int) -> bool:
    """"would also shift tropical rain belts", "to cut costs": a verb the lexicon took for a noun."""
    prev = tokens[i - 1] if i else None
    return prev is not None and (prev.tag in ("MD", "TO") or prev.tag == "RB" and i > 1 and tokens[i - 2].tag == "MD")


def _terms(sentence: str, tokens: tuple[Token, ...], taken: list[tuple[int, int]]) -> list[Span]:
    """Noun phrases the sentence defines or names ("signal is token efficiency", "framed as an appetizer"), and
    coined compounds ("test-time compute"). A plain noun phrase elsewhere is rarely what the sentence teaches."""
    out: list[Span] = []
    tokens = _lower_opener(sentence, tokens)
    # "agrivoltaics — raising panels": the lexicon's guess for a dash is a noun
    if any(t.tag in NOUN_ADJ_TAGS and not t.text[:1].isalnum() and not any(c.isalnum() for c in t.text)
           for t in tokens):  # (a word's first character settles it without a loop over its characters)
        tokens = tuple(Token(t.start, t.end, t.text, ":") if t.tag in NOUN_ADJ_TAGS and
                       not any(c.isalnum() for c in t.text) else t for t in tokens)
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if not (t.tag in NOUN_ADJ_TAGS or t.tag == "VBG" and i + 1 < n and tokens[i + 1].tag in NOUN_TAGS) \
                or is_capitalised(t.text) or t.text.lower() in STOPWORDS or _after_modal(tokens, i):
            i += 1
            continue
        j = i
        while j + 1 < n and (tokens[j + 1].tag in NOUN_ADJ_TAGS or tokens[j + 1].tag == "HYPH") and \
                not is_capitalised(tokens[j + 1].text) and tokens[j + 1].text.lower() not in STOPWORDS and \
                sentence[tokens[j].end:tokens[j + 1].start].strip() == "":
            j += 1
        # "of"-phrases belong to the term: "economy of agents", "state of the art"
        if j + 2 < n and tokens[j + 1].text == "of" and tokens[j + 2].tag in NOUN_TAGS and \
                not is_capitalised(tokens[j + 2].text) and tokens[j].tag in NOUN_TAGS:
            j += 2
            while j + 1 < n and tokens[j + 1].tag in NOUN_TAGS and not is_capitalised(tokens[j + 1].text) and \
                    tokens[j + 1].text.lower() not in STOPWORDS and sentence[tokens[j].end:tokens[j + 1].start] == " ":
                j += 1  # "analysis of neuropathic pain trials", not "analysis of neuropathic" (set J)
        while j >= i and tokens[j].tag not in NOUN_TAGS:
            j -= 1  # a phrase ends on its noun
        if j > i and j + 1 < n and (tokens[j + 1].tag in ("PRP", "DT", "PRP$") or tokens[j + 1].text.lower() in
                                    ("it", "them", "that", "what", "how", "up", "down", "out", "off")):
            j -= 1  # "as the liver metabolises it": the lexicon took the verb for a plural noun
        if j < i:
            i += 1
            continue
        phrase = tokens[i:j + 1]
        start, end = phrase[0].start, phrase[-1].end
        next_i = j + 1
        if len(phrase) > 5 or _overlaps(start, end, taken):
            i = next_i
            continue
        prev = tokens[max(0, i - 2):i]  # (the two tokens before the phrase, which starts at token i)
        if prev and prev[-1].text.lower() in ("to", "will", "would", "can", "could", "should", "must", "might",
                                               "may", "not", "never"):
            i = next_i  # "not to oversell": a verb the lexicon took for a noun
            continue
        if prev and phrase[0].tag == "NNS" and (prev[-1].tag in ("NNP", "NNPS", "PRP", "WDT", "WP") or
                                                prev[-1].text.lower() in ("who", "which", "that")):
            i = next_i  # "who measures lactate": the lexicon took the verb for a plural noun
            continue
        definitional = bool(prev) and prev[-1].text.lower() in DEFINERS or \
            (len(prev) == 2 and prev[0].text.lower() in DEFINERS and prev[1].tag in ("DT", "PRP$", "JJ")) or \
            not prev and bool(SUBJECT_DEFINED_RE.match(sentence, end))  # "Prevalence is roughly incidence × …"
        # Leading adjectives are description, not the term: "strong token efficiency" -> "token efficiency";
        # what is left must be a compound of nouns, a hyphenated coinage, or one rare noun the sentence defines.
        core = list(phrase)
        while len(core) > 1 and not _noun_use(core[0]) and "-" not in core[0].text:
            core = core[1:]
        nouns = [p for p in core if _noun_use(p)]
        hyphen = "-" in sentence[start:end]  # (no token of the phrase has one without it)
        compound = len(nouns) >= 2 and (not hyphen or all(_nominal(p) for p in nouns if "-" in p.text)) or \
            hyphen and any("-" in p.text and _nominal(p) for p in core)
        if core[0].text.split("-")[0].lower() in NUMBER_WORDS:
            compound = False  # "one-time", "two-way": a count, not a coinage
        if core[0].text.lower() in QUANTITY_HEADS or prev and prev[-1].text.lower() == "per" or \
                DIGIT_AFTER_RE.match(sentence, end):
            i = next_i  # "large numbers of strangers", "per kilowatt-hour", "moonquake of magnitude 5": a measure
            continue  # or a unit, not a term
        if compound or definitional and (  # one rare noun the sentence defines ("were the sneakiest" is none)
                len(core) == 1 and zipf(core[0].text.lower()) < (4.0 if not prev else 3.05) and
                not core[0].text.lower().endswith(("est", "ly", "ous", "ful", "ive"))):
            start = core[0].start
            flags = {"definitional"} if definitional else set()
            out.append(Span(start, end, sentence[start:end], "term", "term", frozenset(flags)))
        i = next_i
    return out


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    for a, b in ranges:  # (a plain loop: this runs for every noun phrase of every sentence)
        if a < end and start < b:
            return True
    return False


DIGIT_AFTER_RE = re.compile(r"\s*\d")
SUBJECT_DEFINED_RE = re.compile(r"\s+(?:is|are|means|refers to|describes|measures)\s+(?!not\b|also\b|now\b|still\b|"
                                r"the\s+(?:main|key|best|biggest|first|most)\b)")


_BEFORE_AN_OPENER_RE = re.compile(r"[.!?:;“\"‘(]")  # (what `_opens_sentence` looks for before a token)


def _lower_opener(sentence: str, tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """A common word capitalised only because it opens the sentence ("Rye flour feeds…", after a label's colon
    too) is read as the lower-case word it is, so a term can start there; a name stays a name."""
    out = None  # (a copy only when a token changes: most sentences keep theirs)
    # Only the first token, or one right after ". ! ? : ;" or an opening quote or parenthesis (each a token of its
    # own), can open a sentence: the others are not looked at one by one.
    after = (_index_at(tokens, m.end()) for m in _BEFORE_AN_OPENER_RE.finditer(sentence))
    for k in dict.fromkeys((0, *after)):
        if k >= len(tokens) - 1:
            continue  # (the last token is never read as lower case)
        tok = tokens[k]
        if tok.text[:1].isupper() and tok.text[1:].islower() and tok.text.lower() not in STOPWORDS and \
                _opens_sentence(sentence, tok.start):
            lexical = lexicon_tag(tok.text.lower())
            if lexical in NOUN_ADJ_TAGS and lexicon_tag(tok.text) in (None, "NNP") and \
                    not is_first_name(tok.text):
                if out is None:
                    out = list(tokens)
                out[k] = Token(tok.start, tok.end, tok.text.lower(), lexical)
    return tokens if out is None else tuple(out)


QUANTITY_HEADS = {"number", "numbers", "lot", "lots", "kind", "kinds", "type", "types", "variety", "range", "amount",
                  "amounts", "majority", "part", "share", "piece", "group", "set", "series", "bunch", "couple",
                  "level", "levels", "degree", "rate", "dozens", "hundreds", "thousands", "millions"}


@lru_cache(maxsize=20_000)
def _part_tags(word: str) -> tuple[str, ...]:
    return tuple(t.tag for t in tag(word))


def _noun_use(tok: Token) -> bool:
    """Tagged a noun, or a noun by itself used as a modifier ("token efficiency"; the tagger says JJ for "token")."""
    if tok.tag in NOUN_TAGS:
        return True
    if tok.tag not in _ADJ_VERB_TAGS:
        return False
    w = tok.text.lower()
    alone = _part_tags(w)[:1]
    return alone in (("NN",), ("NNS",), ("VB",)) or tok.tag == "JJ" and not w.endswith(ADJECTIVE_ENDINGS) and \
        zipf(w) < 4.0


_ADJ_VERB_TAGS = ADJ_TAGS | {"VB", "VBP"}
ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ant", "ent", "ary", "ory", "ish", "ed",
                     "ing", "ly", "est", "er", "y")


def _nominal(tok: Token) -> bool:
    """A noun in its own right: "test-time" (test + time) is, "near-term" (near + term) and "long" are not."""
    parts = [p for p in tok.text.split("-") if p]
    return all(t in NOUN_TAGS or t == "CD" for p in parts for t in _part_tags(p.lower())[:1])
