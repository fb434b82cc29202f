"""Quiz forms of a cloze: multiple choice with same-kind distractors, and lenient typed answers."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from functools import lru_cache

from .text import NUMBER_WORDS, norm_word, words

_NUM_BY_VALUE = {v: k for k, v in NUMBER_WORDS.items() if v <= 20 or v in (30, 40, 50, 60, 70, 80, 90)}


def _h(*parts: object) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=6).hexdigest()


def number_variants(answer: str) -> list[str]:
    """Plausible wrong numbers in the same style and unit: "nine months" -> "six months", "ten months", ..."""
    m = re.match(r"^(\$|€|£)?(\d[\d,]*(?:\.\d+)?|[A-Za-z]+)(.*)$", answer.strip())
    if not m:
        return []
    prefix, num, rest = m.group(1) or "", m.group(2), m.group(3)
    if num.lower() in NUMBER_WORDS:
        value = NUMBER_WORDS[num.lower()]
        as_words = True
    else:
        try:
            value = float(num.replace(",", ""))
        except ValueError:
            return []
        as_words = False
    out: list[str] = []
    for factor in (0.5, 2, 1.5, 0.75, 3, 1.25):
        v = value * factor
        if as_words:
            v = round(v)
            if v == value or v not in _NUM_BY_VALUE:
                continue
            word = _NUM_BY_VALUE[v]
            word = word.capitalize() if num[:1].isupper() else word
            out.append(f"{prefix}{word}{rest}")
        else:
            v = round(v) if float(value).is_integer() else round(v, 1)
            if v == value or v <= 0:
                continue
            text = f"{int(v):,}" if float(v).is_integer() and "," in num else (str(int(v)) if float(v).is_integer() else str(v))
            out.append(f"{prefix}{text}{rest}")
    return list(dict.fromkeys(out))


class DistractorPool:
    """Candidate options by category and size, ordered once, so each card picks in O(k) rather than sorting all."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        buckets: dict[tuple[str, int], list[str]] = {}
        for text, category in dict.fromkeys(entries):
            buckets.setdefault((category, len(words(text))), []).append(text)
        self._buckets = {k: sorted(v, key=lambda t: _h("pool", t)) for k, v in buckets.items()}
        self._sizes: dict[str, list[int]] = {}
        for category, size in self._buckets:
            self._sizes.setdefault(category, []).append(size)

    def candidates(self, category: str, size: int, seed: object):
        """Same-category texts, nearest in word count first; within a size, from a seed-chosen starting point."""
        for s in sorted(self._sizes.get(category, []), key=lambda n: abs(n - size)):
            bucket = self._buckets[(category, s)]
            start = int(_h(seed, s), 16) % len(bucket)
            # Indexes, not slices: a slice copies the bucket, which made every card cost the pool's size (a
            # 100,000-takeaway post took minutes). The caller stops after a few hundred.
            for i in range(start, len(bucket)):
                yield bucket[i]
            for i in range(start):
                yield bucket[i]


def choose_distractors(answer: str, category: str | None, pool: DistractorPool, prompt: str, seed: object,
                       k: int = 3) -> list[str]:
    """Pick k options of the same category, none equal to, containing, or shown with the answer."""
    if not category:
        return []
    answer_key = _key(answer)
    prompt_key = _key(prompt)
    seen = {answer_key}
    options: list[str] = []
    size = len(words(answer))
    candidates = pool.candidates(category, size, seed)
    if category == "number":
        unit = _unit(answer)
        candidates = itertools.chain((t for t in pool.candidates(category, size, seed) if _unit(t) == unit),
                                     number_variants(answer))
    for n, text in enumerate(candidates):
        if n > 400:  # enough looking: a pool this crowded has given its best already
            break
        key = _key(text)
        if not key or key in seen or key in prompt_key or answer_key in key or key in answer_key:
            continue
        seen.add(key)
        options.append(text)
        if len(options) == k:
            break
    return options if len(options) == k else []


def _unit(text: str) -> str:
    ws = [w.lower() for w in words(text)]
    return ws[-1] if len(ws) > 1 else ""


def shuffled_choices(answer: str, distractors: list[str], seed: object) -> list[str]:
    if not distractors:
        return []
    return sorted([answer, *distractors], key=lambda t: _h("order", seed, t))


_NON_KEY_RE = re.compile(r"[^\w%$]+")


@lru_cache(maxsize=50_000)
def _key(text: str) -> str:
    if not text.isascii():  # plain ASCII has no accents to strip (and is most text)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_KEY_RE.sub(" ", text.casefold()).split())


def _typed_key(text: str) -> str:
    key = _key(text)
    key = re.sub(r"^(?:the|a|an)\s+", "", key)
    toks = [str(NUMBER_WORDS[t]) if t in NUMBER_WORDS and NUMBER_WORDS[t] <= 100 else t for t in key.split()]
    return " ".join(toks)


def typed_answer_ok(expected: str, given: str) -> bool:
    """Lenient on case, punctuation, articles, accents, number words and small typos; strict on the numbers."""
    from rapidfuzz.distance import OSA
    a, b = _typed_key(expected), _typed_key(given)
    if not b:
        return False
    if a == b:
        return True
    if re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    allowed = 0 if len(a) < 5 else 1 if len(a) < 10 else 2 if len(a) < 18 else 3
    return OSA.distance(a, b) <= allowed  # a swapped pair of letters counts as one typo


def normalised_answer(text: str) -> str:
    return " ".join(norm_word(w) for w in words(text))
