"""One fact, one card across the post: the keys under which an answer counts as asked, and whether a blank asks
a fact asked before (the same answer in the same words) or the same fact the other way round."""

from __future__ import annotations

import re
from functools import lru_cache

from .check import answer_key
from .post_context import _Context
from .spans import Span
from .text import STOPWORDS, content_stems, words


def _asked_the_other_way(answer: str, others: list[str], ctx: _Context, sentence: str) -> bool:
    """Whether a link of `_links(answer, others)` is to a name already asked, paired in another sentence: the test
    without building every link (a pair only for a name in `ctx.asked`)."""
    mine = _fact_keys(answer)
    for other in others:
        theirs = _fact_keys(other)
        if theirs & mine:
            continue
        for o in theirs:
            if o in ctx.asked and any(ctx.pairs.get(frozenset((k, o)), sentence) != sentence for k in mine):
                return True
    return False


def _links(answer: str, others: list[str]) -> list[tuple[frozenset[str], str]]:
    """The answer's fact keys paired with each other name's in its sentence (with that name's key), for
    `_Context.pairs`."""
    mine = _fact_keys(answer)
    return [(frozenset((k, o)), o) for other in others if not _fact_keys(other) & mine
            for o in _fact_keys(other) for k in mine]


NAME_PARTICLES = frozenset("von van der den de da das del della di du le la y jr sr ii iii".split())


@lru_cache(maxsize=20_000)
def _fact_keys(text: str) -> frozenset[str]:
    """The keys under which an answer counts as asked: itself, a person's surname, a name's acronym."""
    keys = {answer_key(text)}
    kind = _unit_kind(text)
    for value in re.findall(r"\d[\d,]*(?:\.\d+)?", text):  # "74 countries" and "74 jurisdictions": one fact, but
        if len(value.replace(",", "")) >= 2 or "." in value:  # "40 to 60 percent" and "60 g/h" are two
            keys.add("#" + value.replace(",", "") + kind)
    toks = [w for w in words(text) if w.lower() not in STOPWORDS and w.lower().rstrip(".") not in NAME_PARTICLES]
    if len(toks) >= 2 and all(w[:1].isupper() for w in toks):  # ("Carl von Linde" is asked as "Linde" too)
        keys.add(answer_key(toks[-1]))
        keys.add("".join(w[0] for w in toks).lower())
    return frozenset(keys)


UNIT_KINDS = (("%", re.compile(r"%|\bper ?cent|\bprozent|\bpor ciento|\bpour ?cent|\bpercento", re.I)),
              ("t", re.compile(r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.I)),
              ("g", re.compile(r"\b(?:k?g|grams?|kilo(?:gram)?s?|tonnes?|tons?|pounds?|mg)\b|g/", re.I)),
              ("$", re.compile(r"[$€£]|\b(?:dollars?|euros?|pounds sterling)\b", re.I)),
              ("m", re.compile(r"\b(?:k?m|metres?|meters?|kilomet(?:re|er)s?|miles?|feet|inches)\b", re.I)))


def _unit_kind(text: str) -> str:
    """What a number measures, so that "60 percent" and "60 g/h" in one post are two facts."""
    return next((kind for kind, pattern in UNIT_KINDS if pattern.search(text)), "")


MAX_PER_PERSON = 2  # cards answered by one person in a post: a third is guessed from the deck, not recalled


def _asked(span: Span, ctx: _Context, sentence: str = "") -> bool:
    """Whether the answer was asked already. A number is one fact only where it says the same thing: "a cuff too
    small can add [10 mmHg] to the reading" and "each [10 mmHg] drop cuts the risk of stroke" share no word and
    are two facts (set K: the first had no card). A key a list asked, or a name, is asked wherever it stands."""
    keys = _fact_keys(span.text) & ctx.asked
    if not keys:
        return False
    if span.category not in ("number", "person") or not sentence:
        return True
    said = _other_words(sentence, span.text)
    if span.category == "person":  # "Wells had a tooth pulled under nitrous oxide" and "Wells saw Colton's show in
        # Hartford": one person, two facts; "the machines of Linde" and "Linde's machines sold widely" (set F), one
        return any(k not in ctx.asked_in or not said.isdisjoint(ctx.asked_in[k]) or ctx.answered[k] >= MAX_PER_PERSON
                   for k in keys)
    return any(k not in ctx.asked_in or not said.isdisjoint(ctx.asked_in[k]) for k in keys)


@lru_cache(maxsize=20_000)
def _other_words(sentence: str, answer: str) -> frozenset[str]:
    """The sentence's content words but the answer's, as stems ("readings" and "reading")."""
    own = set(content_stems(answer))
    return frozenset(w for w in content_stems(sentence) if w not in own and not w[:1].isdigit())
