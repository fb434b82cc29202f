"""Enumerations inside a sentence: "Four MSL principles: a, b, c, and d." -> a list note.

A list is only taken when it is unambiguous: at least three short items, after a colon (or after "are"/"include"),
running to the end of the sentence, and agreeing with a count word when the sentence states one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import NUMBER_WORDS, words

COLON_LIST_RE = re.compile(r"^(?P<head>[^:]{3,160}):\s+(?P<body>[^:]+?)[.!]?$")
VERB_LIST_RE = re.compile(r"^(?P<head>.{3,160}?)\s+(?P<verb>are|include|includes|were)\s+(?P<body>[^:;]+?)[.!]?$")


@dataclass
class Enumeration:
    name: str  # what the list is of: "Four MSL principles"
    verb: str  # ":" or the linking verb
    items: list[str]
    item_spans: list[tuple[int, int]]  # character spans of the items within the sentence
    count_word: int | None  # the count the name states, if any


def find_enumeration(sentence: str) -> Enumeration | None:
    for regex, max_words in ((COLON_LIST_RE, 9), (VERB_LIST_RE, 5)):
        if regex is COLON_LIST_RE and ":" not in sentence or \
                regex is VERB_LIST_RE and "are" not in sentence and "include" not in sentence and "were" not in sentence:
            continue  # (the pattern needs a colon, or one of its verbs: its lazy head is tried at every length)
        m = regex.match(sentence)
        if not m:
            continue
        body_start = m.start("body")
        items = _split_items(m["body"])
        if not items or len(items) < 3:
            continue
        if any(len(words(text)) > max_words or len(words(text)) == 0 for text, _ in items):
            continue
        if any(_clause(text) for text, _ in items) or any(re.match(r"(?:and|or)\s", text) for text, _ in items[:-1]):
            continue  # "motivation fluctuates, but your kitchen, your routine don't": clauses, not a list; an "and"
            # before the last item ("… engineers, and Joanna Hoffman, also from the Mac team, led …") ends no list
        if _mixed_heads(items):
            continue  # "John R. Pierce, a Bell Labs engineer, coined …", "English diplomats, acting for King
            # William, discouraged merchants …": a name, its apposition and its verb, not three items (sets S, U)
        if _describing_words(items):
            continue  # "people who are meddling, ungrateful, arrogant…": adjectives, each a synonym away (set G)
        name = m["head"].strip()
        count = _count_in(name)
        if count is not None and count != len(items):
            continue
        spans = [(body_start + a, body_start + b) for _, (a, b) in items]
        return Enumeration(name=name, verb=m.groupdict().get("verb") or ":", items=[t for t, _ in items],
                           item_spans=spans, count_word=count)
    return None


def _split_items(body: str) -> list[tuple[str, tuple[int, int]]] | None:
    """Split "a, b, and c" / "a, b and c" into items with their offsets; None when it is not a clean list."""
    if body.count("(") != body.count(")"):
        return None
    pieces: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(body)))
    if len(pieces) < 2:
        return None
    out: list[tuple[str, tuple[int, int]]] = []
    for k, (a, b) in enumerate(pieces):
        text = body[a:b]
        lead = len(text) - len(text.lstrip())
        a += lead
        text = text.strip()
        if k == len(pieces) - 1:
            m = re.match(r"(?:and|or)\s+", text)
            if m:
                a += m.end()
                text = text[m.end():]
            elif " and " in text and k >= 1:  # no Oxford comma: "a, b and c"
                cut = text.rfind(" and ")
                out.append((text[:cut], (a, a + cut)))
                a += cut + 5
                text = text[cut + 5:]
        text = text.rstrip(".")
        if not text or CONJUNCTION_END_RE.search(text):
            return None  # "edição, livros, exposições e, depois, no Instituto Terra": a sentence cut at its commas
        out.append((text, (a, a + len(text))))
    return out


# (lower case only: "Vitamin E" is an item)
CONJUNCTION_END_RE = re.compile(r"\s(?:and|or|but|e|ou|y|o|und|oder|et|ed|mas|pero|mais|aber)$")


def _clause(item: str) -> bool:
    """An item with its own verb, or one that opens like a clause, is a piece of a sentence, not a list item."""
    from .tagging import tag
    if re.match(r"(?:but|with|without|plus|so|yet|while|which|who|what|whom|whose|where|how|that|because|although|"
                r"though|if|when|then|and then|excluding|including|except|apart from|besides|not|once|especially|"
                r"particularly|even|only|after|before|until|unless|since|whether|also)\b", item, re.I):
        # ("Zone: Manhattan south of 60th Street, excluding the FDR Drive and West Side Highway": one area and its
        # exceptions, not three parts; set I)
        return True
    tokens = tag(item)
    if len(tokens) > 1 and tokens[0].tag in ("VBD", "VBN", "VBZ", "VBP", "MD") and \
            tokens[1].tag in ("DT", "PRP", "PRP$", "IN", "TO", "RP", "CD"):
        return True  # "developed the typewriter with…", "patented it in 1868": a predicate, not an item
    if any(t.tag == "PRP" and t.text.lower() in ("we", "they", "he", "she", "i", "you") for t in tokens):
        return True  # "we act to stay consistent with it": a subject of its own
    if tokens and tokens[0].tag != "VB" and any(t.tag == "VB" and i and tokens[i - 1].tag in ("NNS", "NN")
                                                for i, t in enumerate(tokens)):
        return True  # "titles, uniforms and expensive cars trigger deference": the sentence's verb in the last item
        # (not "let technical voices be loudest": an imperative's own object and verb)
    if any(t.tag == "VBG" and i and tokens[i - 1].tag in ("NN", "NNS") and i + 1 < len(tokens) and
           tokens[i + 1].tag in ("NNP", "NNPS", "DT", "PRP$", "IN", "CD") for i, t in enumerate(tokens)):
        return True  # "a triangle route linking Dallas, Houston and San Antonio": one thing and where it runs (set S)
    return any(t.tag in ("VBZ", "VBD", "VBP", "MD") or t.text in ("don't", "doesn't", "didn't", "isn't", "aren't")
               for t in tokens)


def _mixed_heads(items: list[tuple[str, tuple[int, int]]]) -> bool:
    """A noun phrase first and a later item opening on a participle or a past verb, or on an article after a
    name: pieces of one sentence (a list of "experiencing zero gravity, playing in the NFL" heads every item alike)."""
    from .tagging import tag
    heads = [tag(text)[:2] for text, _ in items]
    if not heads[0] or heads[0][0].tag not in ("NN", "NNS", "NNP", "NNPS", "DT", "JJ", "PRP$"):
        return False
    if any(len(h) > 1 and (h[0].tag in ("VBN", "VBD") and len(words(text)) >= 3 or
                           h[0].tag == "VBG" and h[1].tag in ("IN", "DT", "TO", "PRP"))
           for h, (text, _) in zip(heads[1:], items[1:])):
        return True  # (not "baths, and paying private customers", "water jackets and forced air": adjectives)
    return heads[0][0].tag in ("NNP", "NNPS") and bool(heads[1]) and heads[1][0].text in ("a", "an", "the")


def _describing_words(items: list[tuple[str, tuple[int, int]]]) -> bool:
    """Most items a single adjective or participle: wording to recite, not facts to recall."""
    from .tagging import tag
    single = [tag(text) for text, _ in items if len(text.split()) == 1]
    return len(single) * 2 > len(items) and \
        sum(1 for t in single if t and t[0].tag in ("JJ", "JJR", "JJS", "VBG", "VBN", "RB")) * 2 > len(items)


def _count_in(name: str) -> int | None:
    for w in words(name)[:3]:
        if w.lower() in NUMBER_WORDS and NUMBER_WORDS[w.lower()] < 100:
            return NUMBER_WORDS[w.lower()]
        if w.isdigit() and int(w) < 100:
            return int(w)
    return None
