"""Which of the checked cards to keep: a logistic model fitted to the blind grades of earlier sessions.

Every rule in `check.py` and `spans.py` was written from graders' verdicts one failure at a time, and each round traded
one failure for another. The grades themselves (over 1,600 cloze cards of the current generator on ten sets of
unseen posts, judged good or bad by the rubric) say more in aggregate than any single rule: a term blanked in a summary section
was good one time in four, a number in a takeaway nine times in ten, a characterisation ("X is a [...]") almost
never. This model weighs such surface facts of a card together and gives each card a chance of being good.

A card is dropped when that chance is low, but a takeaway (or section) keeps its best card unless even that one is
very unlikely to be good: coverage of the takeaways is half of what a user gets, so the bar for a takeaway's last
card is lower than for its second. Fitted by `bench/train_card_score.py`, which also reports how the model does on
each set of posts left out of its fitting (docs/card-quality.md); the weights are `card_score_weights.py`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from operator import mul

from ..takeaways.model import TakeawaySet
from . import card_score_weights as weights
from .check import BLANK
from .model import KEY_TAKEAWAYS, TLDW, Card, Note
from .span_base import _last_words_at
from .text import STOPWORDS, has_digit, search_lower, zipf_in

WORD_RE = re.compile(r"[^\W_][\w'’\-]*")
WORD_ASCII_RE = re.compile(r"[A-Za-z0-9][\w'\-]*", re.ASCII)  # (the same words of ASCII text, twice as fast)
POINTERS = frozenset("it this these that those they he she his her their its them him".split())
PREDICATE_RE = re.compile(r"\b(?:is|was|are|were|be|been|as|becomes?|became|remains?)\s+(?:a|an|the)\s+"
                          + re.escape(BLANK), re.I)  # "Pilon sees the story as a [...]": a characterisation
LABEL_RE = re.compile(r"^[^:]{2,60}:\s")
SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
# a capitalised word that does not open a sentence, or an acronym
INNER_CAP_RE = re.compile(r"(?=[A-ZÀ-Ý])(?:(?<=[^\s.!?:“\"]\s)[A-ZÀ-Ý][\w\-]+|\b[A-Z]{2,}\b)")  # (a capital first:
# the look-behind and the word boundary are then tried only where one stands)
RELATIVE_TIME_RE = re.compile(r"\b(?:that|the same|the next|the following|the previous) (?:year|month|week|day|"
                              r"decade|season|time)s?\b|\b(?:over|for|in|within) the (?:next|first|following)\b|"
                              r"\b(?:then|afterwards|later|by then)\b", re.I)
RELATIVE_TIME_LOWER_RE = re.compile(RELATIVE_TIME_RE.pattern)  # (lower-case ASCII words: for `text.search_lower`)
PLACE_WORDS = frozenset({"in", "at", "near", "from", "around", "outside", "inside", "across", "to"})
CATEGORIES = ("person", "org", "number", "quote", "term", "name")
KINDS = ("cloze", "label", "list")
FLAGS = ("aside", "place", "example", "cited", "modifier", "pair", "year", "date", "event", "bare", "definitional")
SPAN_KINDS = ("name", "number", "quote", "acronym", "term")
# The one-hot features' names, made once rather than for every card, in the order `features` gives them.
_KIND_KEYS = {k: f"kind_{k}" for k in KINDS}
_CAT_KEYS = {c: f"cat_{c}" for c in CATEGORIES}
_SEC_KEYS = {c: f"sec_x_{c}" for c in CATEGORIES}
_ONE_HOT_HEAD = (*_KIND_KEYS.values(), *_CAT_KEYS.values(), "cat_none", *_SEC_KEYS.values())
_FLAG_KEYS = {name: f"h_flag_{name}" for name in FLAGS}
_SPAN_KIND_KEYS = {name: f"h_kind_{name}" for name in SPAN_KINDS}
_ONE_HOT_HINTS = (*_FLAG_KEYS.values(), *_SPAN_KIND_KEYS.values())


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    from wordfreq import available_languages
    return frozenset(available_languages())


class PostFacts:
    """What the features need to know about the post as a whole, worked out once per post."""

    def __init__(self, ts: TakeawaySet, n_cards: int) -> None:
        self.language = (ts.language or "en").split("-")[0].lower()
        # The words of the takeaways, the sections and the TLDW, each read once: the post's words are theirs in turn
        # (the whole post was read twice).
        takeaways = _lower_words(t.full_text for t in ts.takeaways)
        sections = _lower_words(p for s in ts.sections for p in s.paragraphs)
        tldw = _lower_words(ts.tldw)
        self.counts = Counter(takeaways + sections + tldw)
        self.title = frozenset(w.lower() for w in WORD_RE.findall(ts.title))
        self.headings = frozenset(w.lower() for s in ts.sections for w in WORD_RE.findall(s.heading))
        self.key = frozenset(takeaways + tldw)  # (what the post puts up front: its takeaways and TLDW)
        self.n_cards = n_cards
        self.zipf_language = self.language if self.language in _languages() else "en"  # (wordfreq's, or English)


def features(card: Card, n_note: int, post: PostFacts) -> dict[str, float]:
    """The card's surface facts, by name (the names are the weights' keys)."""
    answer, prompt = card.answer, card.prompt
    answer_words = _words(answer)
    lowered = [w.lower() for w in answer_words]
    content = [w for w in lowered if w not in STOPWORDS] or lowered
    prompt_words = [w.lower() for w in _words(prompt.replace(BLANK, " "))]
    section = card.source.section
    from_takeaway = section == KEY_TAKEAWAYS
    zipfs = [zipf_in(w, post.zipf_language) for w in lowered] or [0.0]  # (the language looked up once per post)
    digit = has_digit(answer)
    at = prompt.find(BLANK)
    category = card.category
    f = dict.fromkeys(_ONE_HOT_HEAD, 0.0)  # kind_*, cat_*, cat_none, sec_x_*: the one that holds set to 1.0 below
    if card.kind in _KIND_KEYS:
        f[_KIND_KEYS[card.kind]] = 1.0
    if category in _CAT_KEYS:
        f[_CAT_KEYS[category]] = 1.0
        if not from_takeaway:
            f[_SEC_KEYS[category]] = 1.0
    f["cat_none"] = float(category is None)
    f.update({
        "src_take": float(from_takeaway),
        "src_tldw": float(section == TLDW),
        "src_sec": float(not from_takeaway and section != TLDW),
        "a_words": float(min(len(answer_words), 8)),
        "a_chars": min(len(answer), 60) / 10,
        "a_digit": float(digit),
        "a_cap": sum(w[:1].isupper() for w in answer_words) / max(1, len(answer_words)),
        "a_zmin": min(zipfs),
        "a_zmax": max(zipfs),
        "a_zmean": sum(zipfs) / len(zipfs),
        "a_count": math.log1p(min(post.counts.get(w, 0) for w in content)) if content else 0.0,
        "a_in_title": sum(w in post.title for w in lowered) / max(1, len(lowered)),
        "a_in_head": sum(w in post.headings for w in lowered) / max(1, len(lowered)),
        "a_in_key": sum(w in post.key for w in content) / max(1, len(content)),
        "a_lower_only": float(all(w.islower() for w in answer_words) and not digit),
        "quote_in_a": float('"' in answer or "“" in answer),
        "p_words": len(prompt_words) / 10,
        "p_blanks": float(prompt.count(BLANK)),
        "blank_pos": at / max(1, len(prompt)) if at >= 0 else -1.0,
        "blank_first": float(0 <= at < 3),
        "p_first_pron": float(bool(prompt_words) and prompt_words[0] in POINTERS),
        "p_first_the": float(bool(prompt_words) and prompt_words[0] == "the"),
        "p_pron": float(sum(w in POINTERS for w in prompt_words)),
        "p_question": float(prompt.rstrip().endswith("?")),
        "p_label": float(bool(LABEL_RE.match(prompt))),
        "predicate": float(_predicate(prompt)),
        "ctx_len": min(_word_count(card.context), 80) / 20,
        "lang_en": float(post.language == "en"),
        "ord": float(min(card.ord, 4)),
        "n_note": float(min(n_note, 4)),
        "n_post": min(post.n_cards, 40) / 10,
        "src_words": min(_word_count(card.source.text), 120) / 20,
        "src_sents": float(min(_sentence_count(card.source.text), 8)),
    })
    # What anchors the prompt to its post (blind grading: "Traffic in the zone dropped by around [...]", "Two
    # clusters of galaxies collided about [...] ago" name nothing the learner could place): names and other figures
    # in view, words that point at a time or a thing said before, and where the blank stands ("in [...]": a place).
    shown = prompt.replace(BLANK, " ")
    names = len(INNER_CAP_RE.findall(shown))
    figures = has_digit(shown)
    before = prompt[:at].split()[-1:] if at > 0 else []
    f.update({
        "p_names": float(min(names, 3)),
        "p_figure": float(figures),
        "num_unanchored": float(card.category == "number" and not names and not figures),
        "p_reltime": float(search_lower(RELATIVE_TIME_LOWER_RE, RELATIVE_TIME_RE, shown) is not None),
        "blank_after_place": float(bool(before) and before[0].lower() in PLACE_WORDS),
        "blank_in_parens": float(at >= 0 and prompt.rfind("(", 0, at) > prompt.rfind(")", 0, at)),
    })
    hints = card.hints
    flags = hints.get("flags", ())
    f.update(dict.fromkeys(_ONE_HOT_HINTS, 0.0))  # h_flag_*, h_kind_*
    for name in flags:
        if name in _FLAG_KEYS:
            f[_FLAG_KEYS[name]] = 1.0
    if hints.get("kind") in _SPAN_KIND_KEYS:
        f[_SPAN_KIND_KEYS[hints["kind"]]] = 1.0
    window = hints.get("window")
    f.update({
        "h_score": float(hints.get("score", 0.0)),
        "h_fallback": float(bool(hints.get("fallback"))),
        "h_second": float(bool(hints.get("second"))),
        "h_rank": float(min(hints.get("rank", 0), 10)),
        "h_sentence": float(min(hints.get("sentence", 0), 5)),
        "h_first_sentence": float(hints.get("sentence", 0) == 0),
        "h_last_sentence": float(hints.get("sentence", 0) == hints.get("sentences", 1) - 1),
        "h_window_whole": float(window == "whole"),
        "h_window_longer": float(window == "longer"),
        "h_window_shorter": float(window == "shorter"),
    })
    return f


def _predicate(prompt: str) -> bool:
    """`PREDICATE_RE.search(prompt)`, tried only just before each blank: a match ends with one, and its verb and
    article are the last two words before it (the pattern was otherwise tried at every character of every prompt)."""
    at = prompt.find(BLANK)
    while at >= 0:
        if PREDICATE_RE.search(prompt, _last_words_at(prompt[:at], 2), at + len(BLANK)):
            return True
        at = prompt.find(BLANK, at + 1)
    return False


def _words(text: str) -> list[str]:
    """`WORD_RE.findall(text)`, with ASCII character classes for ASCII text (a table look-up per character instead of
    its Unicode category: the same words)."""
    return (WORD_ASCII_RE if text.isascii() else WORD_RE).findall(text)


def _lower_words(texts: Iterable[str]) -> list[str]:
    """`WORD_RE.findall(" ".join(texts).lower())`, text by text: a word never spans the joining space, and the
    lower case of each text is its part of the joined one's (Greek final sigma, the one letter whose lower case
    depends on its neighbours, sees a space or an end alike). Most texts are ASCII and go to the faster pattern."""
    out: list[str] = []
    for text in texts:
        out += _words(text.lower())
    return out


@lru_cache(maxsize=20_000)
def _word_count(text: str) -> int:
    return len(_words(text))  # (a takeaway's text and context recur for each of its cards)


@lru_cache(maxsize=20_000)
def _sentence_count(text: str) -> int:
    return len(SENTENCE_END_RE.findall(text))


@lru_cache(maxsize=1)
def _linear() -> tuple[float, tuple[str, ...], tuple[float, ...]]:
    """The standardised weights folded into one weight per raw feature and one constant."""
    names = tuple(n for n, c in weights.COEF.items() if c)
    per_feature = tuple(weights.COEF[n] / weights.SCALE[n] for n in names)
    return weights.INTERCEPT - sum(w * weights.MEAN[n] for n, w in zip(names, per_feature)), names, per_feature


def chance_good(f: dict[str, float]) -> float:
    """The model's chance that a card with these features is graded good."""
    constant, names, per_feature = _linear()
    z = constant + sum(map(mul, per_feature, map(f.__getitem__, names)))  # (in C: a tenth of the model's time)
    return 1.0 / (1.0 + math.exp(-z))


def scored_cards(notes: list[Note], ts: TakeawaySet) -> list[tuple[Card, float, dict[str, float]]]:
    """Every card with its chance of being good and its features (for `unlikely_cards`, and the tests)."""
    post = PostFacts(ts, sum(len(n.cards) for n in notes))
    out = []
    for note in notes:
        for card in note.cards:
            f = features(card, len(note.cards), post)
            out.append((card, chance_good(f), f))
    return out


def unlikely_cards(notes: list[Note], ts: TakeawaySet) -> set[int]:
    """Ids of the cloze cards to drop (`below_the_bar`). List and label cards (one in twenty-five graded) are kept as
    they are: too few to fit, and a list note asks its items together."""
    by_ref: dict[str, tuple[bool, list[tuple[float, int]]]] = {}
    for note in notes:
        by_ref.setdefault(note.ref, (bool(note.cards) and note.cards[0].source.section == KEY_TAKEAWAYS, []))
    note_ref = {c.id: n.ref for n in notes for c in n.cards}
    for card, p, _ in scored_cards(notes, ts):
        by_ref[note_ref[card.id]][1].append((p if card.kind == "cloze" else 1.0, card.id))
    return below_the_bar(by_ref.values(), weights.KEEP, weights.KEEP_LAST, weights.KEEP_SECTION)


def below_the_bar(groups: Iterable[tuple[bool, list[tuple[float, int]]]], keep: float, keep_last: float,
                  keep_section: float) -> set[int]:
    """Per takeaway (or section), whether it is a takeaway and its cards as (chance, id): a takeaway's cards under
    `keep`, except its best card, which needs only `keep_last`: coverage of the takeaways is what the lower bar is
    for. A summary section's or the TLDW's cards all need `keep_section` (blind grading: section cards are good less
    often, and a section is no takeaway to cover). The training script applies the same rule to chances from models
    fitted without a set."""
    drop: set[int] = set()
    for takeaway, cards in groups:
        bar, last = (keep, keep_last) if takeaway else (keep_section, keep_section)
        for rank, (p, card_id) in enumerate(sorted(cards, key=lambda x: (-x[0], x[1]))):
            if p < last or (rank > 0 and p < bar):
                drop.add(card_id)
    return drop
