"""What every kind of candidate blank shares: the span itself and a few questions about a sentence's tokens."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from operator import itemgetter

from .tagging import Token
from .text import zipf

CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
@dataclass(frozen=True, init=False)
class Span:
    start: int
    end: int
    text: str
    kind: str  # quote | name | acronym | number | term
    category: str  # person | org | name | number | quote | term  (for multiple-choice distractors)
    flags: frozenset[str] = field(default=frozenset())  # aside | series | place | definitional | year | bare

    def __init__(self, start: int, end: int, text: str, kind: str, category: str,
                 flags: frozenset[str] = frozenset()) -> None:
        # The fields stored straight into the instance's dict: a frozen dataclass's own __init__ sets each through
        # object.__setattr__ (twice the time; keyword arguments to `__dict__.update` cost a third more than this),
        # and a post makes tens of thousands of spans. Frozen, compared and hashed as before.
        d = self.__dict__
        d["start"] = start
        d["end"] = end
        d["text"] = text
        d["kind"] = kind
        d["category"] = category
        d["flags"] = flags


def is_capitalised(token: str) -> bool:
    return token[:1].isupper() or (token[:1].isdigit() and token[-1].isupper() and any(c.isalpha() for c in token))


def _index_at(tokens: tuple[Token, ...], pos: int) -> int:
    """The index of the first token starting at or after `pos` (tokens are in order)."""
    return bisect.bisect_left(tokens, pos, key=_START)


_START = itemgetter(0)  # a token's start (Token is a tuple), without a Python call per step of the bisection


def _before(tokens: tuple[Token, ...], pos: int, n: int = 1) -> list[Token]:
    i = _index_at(tokens, pos)
    return list(tokens[max(0, i - n):i])


def _last_words_at(text: str, n: int) -> int:
    """Where the last `n` words (split at white space) of `text` begin, or earlier: a pattern that must end where
    `text` ends and spans at most `n` words need not be tried at every position before that."""
    parts = text.rsplit(None, n)
    return len(parts[0]) if len(parts) > n else 0


def _search_before(pattern: re.Pattern[str], text: str, start: int, end: int, n: int) -> re.Match[str] | None:
    """`pattern.search(text, start, end)` for a pattern that must end at `end` and spans at most `n` words."""
    return pattern.search(text, start + _last_words_at(text[start:end], n), end)


def _opens_sentence(sentence: str, at: int) -> bool:
    head = sentence[:at].rstrip(" “\"‘(")
    return not head or head[-1] in ".!?:;"


def _common_word(tok: Token) -> bool:
    return not tok.text.isupper() and zipf(tok.text.lower()) >= 3.5
