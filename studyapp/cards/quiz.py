"""Quiz forms of a cloze: multiple choice with same-kind distractors, and lenient typed answers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from .first_names import gender
from .span_base import _last_words_at
from .text import NUMBER_WORDS, ascii_twin, norm_word, search_lower, words

_NUM_BY_VALUE = {v: k for k, v in NUMBER_WORDS.items()
                 if (v <= 20 or v in (30, 40, 50, 60, 70, 80, 90)) and k not in ("dozen", "hundreds", "thousands")}


def _h(*parts: object) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=6).hexdigest()


def number_variants(answer: str) -> list[str]:
    return list(_number_variants(answer))


@lru_cache(maxsize=20_000)
def _number_variants(answer: str) -> tuple[str, ...]:
    """Plausible wrong numbers in the same style and unit, each a different value: "nine months" -> "six months";
    a percentage stays within 0-100, a range keeps its order and width, a year moves by a few years."""
    text = answer.strip()
    tight = re.match(r"^([$€£]?)(\d[\d,.]*)([-–])(\d[\d,.]*)(.*)$", text)
    if tight:  # "522-521", "5-6 hours"
        return tuple(v.replace(f" - {tight.group(1)}", tight.group(3), 1) for v in _number_variants(  # its own dash:
            f"{tight.group(1)}{tight.group(2)} - {tight.group(1)}{tight.group(4)}{tight.group(5)}"))  # a hyphen
        # among en dashes marks the odd one out
    year = re.match(r"^(\d{3,4})(\s*(?:BC|BCE|AD|CE))?(\s\D*)?$", text)
    if year and (year.group(2) or 1500 <= int(year.group(1)) <= 2100):  # a year: nearby years, not doubles
        n = int(year.group(1))
        steps = (-3, 5, -8, 2, -6, 4, -2, 7) if n % 50 else (-100, 50, -50, 100, 150, -150)  # "around 1500":
        # 1497 would be "around 1500" too
        return tuple(f"{n + d}{year.group(2) or ''}{year.group(3) or ''}" for d in steps if n + d > 0)
    ordinal = re.match(r"^(\d{1,3})(?:st|nd|rd|th)(\s+centur(?:y|ies))?$", text)
    if ordinal:  # "24th": nearby ranks, spelt right; "21st century": the next few
        n = int(ordinal.group(1))
        steps = (-1, 1, -2, 2) if ordinal.group(2) else (-9, 5, -4, 11, -2, 3, 8, -6)
        return tuple(_ordinal(n + d) + (ordinal.group(2) or "") for d in steps if n + d > 0)
    percent = "%" in text or "percent" in text.lower()
    rng = re.match(r"^(.+?)\s+(to|-|–|and|or|y|e|o|und|oder|bis|et|ou|à|a)\s+(.+)$", text)  # ("five or six": both
    # ends move, not "seven or six")
    if rng and re.match(r"^[$€£]?[\d.,]+$|^[A-Za-z]+$", rng.group(1)):  # "5 to 6 hours": both ends move together
        lo, hi = _value(rng.group(1)), _value(rng.group(3))
        if not 0 < lo < hi:
            return ()
        if all(1500 <= v <= 2100 and float(v).is_integer() for v in (lo, hi)):  # "1968 and 1970": years, moved
            tail = rng.group(3)[len(words(rng.group(3))[0]):]
            return tuple(f"{int(lo) + d} {rng.group(2)} {int(hi) + d}{tail}" for d in (-3, 5, -8))
        out = []
        upper = re.match(r"[$€£]?\d[\d,]*(?:\.\d+)?|[A-Za-z]+", rng.group(3))
        if not upper:
            return ()
        for factor in (0.5, 2, 1.5, 0.75):  # (the upper end as written: "16,000", not its "16")
            a, b = _scaled(rng.group(1), lo * factor), _scaled(upper.group(), hi * factor)
            if a is None or b is None or _value(a) >= _value(b) or percent and _value(b) > 100:
                continue
            out.append(f"{a} {rng.group(2)} {b}{rng.group(3)[upper.end():]}")
        return tuple(_distinct(out, answer))
    m = re.match(r"^(\$|€|£)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[A-Za-z]+)(.*)$", text)
    if not m:
        return ()
    prefix, num, rest = m.group(1) or "", m.group(2), m.group(3)
    value = _value(num)
    if value <= 0:
        return ()
    out = []
    # Uneven steps on both sides: with ½, 1½ and 2× the answer is the one the others are multiples of (graders saw
    # through it); `choose_distractors` decides how many go below and above the answer, card by card.
    shifts = [value * f for f in (0.6, 1.4, 0.75, 2.5, 0.4, 1.7, 0.85, 3, 1.2, 0.5)]
    if "." in num and value >= 10:  # a measurement to the decimal ("a last lap of 58.9", "59.5 seconds"): its
        shifts = [value * f for f in (0.93, 1.06, 0.97, 1.11, 0.9, 1.03, 0.95, 1.15)]  # neighbours, not a third of it
    if re.match(r"\s*(?:°|degrees?\b)", rest):  # a temperature moves by degrees: 60 °C is no starter's warmth
        shifts = [value + d for d in (-6, 4, -3, 8, -10, 2, 12)]
    if percent:
        shifts += [value - 10, value + 10, value - 20, value + 20, value - 5, value + 15]
    for v in shifts:
        if percent and v > 100 or v <= 0 or v == 1 and rest.rstrip().endswith("s"):
            continue
        scaled = _scaled(num, v)
        if scaled is not None and not (_value(scaled) == 1 and re.match(r"\s+\w+s\b", rest)) and \
                not (not scaled[:1].isdigit() and rest.lstrip().startswith("of ")):
            out.append(f"{prefix}{scaled}{rest}")  # not "one months", not "forty of millions"
    return tuple(_distinct(out, answer))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _two_figures(v: float) -> float:
    """A distractor rounded as people write numbers (2.7, 46, 4,600), not 0.6 of the answer to the last digit,
    which shows where it came from."""
    if v >= 100:
        magnitude = 10 ** (len(str(int(v))) - 2)
        return round(v / magnitude) * magnitude
    return v


def _scaled(like: str, v: float) -> str | None:
    """`v` written the way `like` is written (a number word, thousands separators, decimals), or None."""
    if like.lower() in NUMBER_WORDS:
        v = round(v)
        if v not in _NUM_BY_VALUE:
            return None
        word = _NUM_BY_VALUE[v]
        return word.capitalize() if like[:1].isupper() else word
    try:
        float(like.replace(",", "").lstrip("$€£"))
    except ValueError:
        return None
    decimals = len(like.split(".")[1]) if "." in like else 0
    v = round(v if decimals else _two_figures(v), decimals)  # "1575.42 MHz": not 950.00 beside it (graders)
    if v <= 0:
        return None
    currency = like[:1] if like[:1] in "$€£" else ""  # "$0.50–1.00": "$0.25", never a bare "0.25"
    if decimals:
        return f"{currency}{v:.{decimals}f}"
    return currency + (f"{int(v):,}" if "," in like else str(int(v)))


def _distinct(options: list[str], answer: str) -> list[str]:
    """One option per value: "six hours" and "6 hours" are the same distractor, and neither is the answer."""
    seen = {_values(answer)}
    out = []
    for o in options:
        key = _values(o)
        if key not in seen:
            seen.add(key)
            out.append(o)
    return out


def _values(text: str) -> tuple[float, ...]:
    return tuple(_value(w) for w in words(text) if _value(w) or w == "0")


_VALUE_RE = re.compile(r"\s*[$€£]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")


@lru_cache(maxsize=20_000)
def _value(text: str) -> float:
    first = words(text)[0].lower() if words(text) else ""
    if first in NUMBER_WORDS:
        return float(NUMBER_WORDS[first])
    m = _VALUE_RE.match(text)
    return float(m.group(1).replace(",", "") + (m.group(2) or "")) if m else 0.0


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


AGE_RE = re.compile(r"\b(?:age|aged|years? old|lived|died|death|birthday|retired|still working)\b", re.I)
AGE_LOWER_RE = re.compile(AGE_RE.pattern)  # (lower-case ASCII words: for `text.search_lower`)


def _largest(text: str) -> float:
    """The largest number a range or a value shows ("24 to 110" -> 110)."""
    return max((float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)), default=0.0)


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
    if category == "number":  # the same number shifted, in its unit: never the post's other numbers, which
        variants = number_variants(answer)  # rarely fit the slot ("fees of 77%", "1.8 mmol" for a range)
        before = prompt.split("[...]")[0].lower().rstrip()
        after = prompt.split("[...]", 1)[-1].lower()
        # (the patterns searched in `before` end where it does and span three words at most, the range; two, the rest)
        if RANGE_BEFORE_RE.search(before, _last_words_at(before, 4)) or RANGE_AFTER_RE.match(after):
            return []  # "[...] or six", "between 0.3 and [...]": most shifted numbers break the range (graders)
        tail = _last_words_at(before, 2)
        if re.fullmatch(r"\d{3,4}", answer.strip()) and 500 <= int(answer) < 1500 and (
                YEAR_CUE_RE.search(before, tail) or any(0 < abs(int(y) - int(answer)) <= 300 for y in
                                                        re.findall(r"(?<![\d,.])(\d{3,4})(?![\d%]|[,.]\d)", prompt))):
            variants = [str(int(answer) + d) for d in (-3, 5, -8, 2, -6, 4, -2, 7)]  # "in [1347]", "reissued in
            # 1216, [...] and 1225": a year (set AA: 3000 and 490 were offered)
        if re.fullmatch(r"\d{3,4}", answer.strip()):  # a year: on the same side of every other year in view
            value = int(answer)  # ("filed in [...], granted in 1952": not 1954)
            for other in (int(y) for y in re.findall(r"(?<![\d,.])(\d{4})(?!\d|[,.]\d)", prompt)):
                if other != value and 1000 <= other <= 2100:
                    variants = [v for v in variants if (_value(v) < other) == (value < other)]
        if MORE_THAN_RE.search(before, tail):
            variants = [v for v in variants if _value(v) > _value(answer) and not (
                "%" in v or "percent" in v) or _value(answer) < _value(v) < 100]  # a smaller one would be true
            # too, and "more than 100 percent" is none
        elif LESS_THAN_RE.search(before, tail):
            variants = [v for v in variants if _value(v) < _value(answer)]
        if search_lower(AGE_LOWER_RE, AGE_RE, prompt) and \
                re.fullmatch(r"\d{1,3}(?:\s*(?:to|–|-)\s*\d{1,3})?(?:\s+years?(?:\s+old)?)?", answer.strip()):
            top = 110 if re.fullmatch(r"\d+(?:\s+\D+)?", answer.strip()) else 99
            variants = [v for v in variants if _largest(v) <= top]  # "Jiro, still working at [...]": not 210
            # years; "people aged [...]" (12 to 54): not 24 to 110
        if PERCENT_AFTER_RE.match(after):
            variants = [v for v in variants if _largest(v) <= 100]  # "[...] per cent were short-sighted"
        of_n = OF_N_RE.match(prompt.split("[...]", 1)[-1])
        if of_n:  # "36th of 47 prefectures", "12 of 30 days": never more than the whole
            variants = [v for v in variants if _value(v) <= float(of_n.group(1).replace(",", ""))]
        if MONTH_RE.search(answer):
            return []  # a date: the same day a month off is no test, and other dates rarely fit the slot
        if LATITUDE_AFTER_RE.match(after):
            variants = [v for v in variants if _value(v) <= 90]  # "[...]°14′N": no 120 or 220 degrees (set V)
        if len(re.sub(r"\D", "", answer).strip("0")) > 6:
            return []  # "$48,890,995.50": an exact sum's neighbours are round sums with its cents (set V)
        candidates = iter(_ranked(variants, answer, seed))
    want = _gender_wanted(answer, prompt) if category == "person" else None
    prompt_words = {w.lower() for w in words(prompt)} if category == "person" else set()
    for n, text in enumerate(candidates):
        if n > 400:  # enough looking: a pool this crowded has given its best already
            break
        if category == "person" and (CUT_INITIAL_RE.search(text) or want and gender(text.split()[0]) != want or
                                     text.split()[-1].lower() in prompt_words):
            continue  # "William S" (a name cut at its initial); a man offered for "she" or beside a woman's name
            # (set R), or a surname alone, whose gender nobody can tell (set S: "Washkansky" for "her mother");
            # someone the prompt names ("Douglas Jardine" beside "Jardine's … Voce", set S)
        key = _key(text)
        if not key or key in seen or key in prompt_key or answer_key in key or key in answer_key or \
                key.rsplit(" ", 1)[-1] in CUT_AT_ABBREVIATION:
            continue  # ("Remington No" of "Remington No. 2": a name the splitter cut short)
        if category != "number" and any(set(key.split()) & set(k.split()) for k in seen):
            continue  # "Byrne" beside "Lena Byrne", "Rockets" beside "Houston Rockets": one option twice
        seen.add(key)
        options.append(text)
        if len(options) == k:
            break
    return options if len(options) == k else []


def _gender_wanted(answer: str, prompt: str) -> str | None:
    """"f" or "m" when the prompt's pronouns say whose name the blank is ("she is portrayed as…"), and the answer's
    first name does not say otherwise; without a pronoun the options may mix, since nothing gives the answer away."""
    she, he = SHE_RE.search(prompt), HE_RE.search(prompt)
    wanted = "f" if she and not he else "m" if he and not she else None
    first = gender(answer.split()[0]) if wanted and len(answer.split()) > 1 else None
    return wanted if first in (None, wanted) else None


def _unit(text: str) -> str:
    """What a number counts: its currency and last word ("$ billion", "tonnes"), so dollars are not offered for
    tonnes."""
    ws = [w.lower() for w in words(text)]
    currency = text.strip()[:1] if text.strip()[:1] in "$€£" else ""
    return currency + (ws[-1] if len(ws) > 1 else "")


CUT_INITIAL_RE = re.compile(r"\s[A-Z]\.?$")
LATITUDE_AFTER_RE = re.compile(r"\s*°\s*(?:\d+\s*[′']\s*)?(?:[NS]\b|north\b|south\b)", re.I)
SHE_RE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
HE_RE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
CUT_AT_ABBREVIATION = frozenset({"no", "nr", "st", "dr", "mr", "mrs", "ms", "vs", "v", "jr", "sr"})
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_RE = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b", re.I)
MORE_THAN_RE = re.compile(r"\b(?:more than|over|at least|above|exceeds?|upwards of)$")
LESS_THAN_RE = re.compile(r"\b(?:less than|under|below|at most|fewer than|up to)$")
PERCENT_AFTER_RE = re.compile(r"\s*(?:%|per ?cent|pour ?cent|por ?ciento|por ?cento|per ?cento|prozent)(?!\w)",
                              re.I)
OF_N_RE = re.compile(r"\s*of\s+(?:the\s+)?(\d[\d,]*)\b")
_RANGE_WORD = r"(?:to|or|and|-|–|bis|oder|und|à|ou|et|a|o|y|e)"
_NUMBERISH = r"(?:\d[\d,.]*|" + "|".join(k for k in NUMBER_WORDS if NUMBER_WORDS[k] <= 100) + ")"
RANGE_BEFORE_RE = re.compile(r"(?:\b|^)" + _NUMBERISH + r"\s*(?:%|percent)?\s*" + _RANGE_WORD + r"$")
RANGE_AFTER_RE = re.compile(r"\s*" + _RANGE_WORD + r"\s+(?:an?\s+(?:minute|hour|day|week|month|year|decade|century)|" + _NUMBERISH + r")\b")
YEAR_CUE_RE = re.compile(r"\b(?:in|by|since|from|until|around|circa|c\.|of|en|im|em|nel|dal|vers|um|hacia|desde|"
                         r"année|ano|anno|jahr)$")


def _ranked(variants: list[str], answer: str, seed: object) -> list[str]:
    """The variants in the order to offer them, so that the answer is the smallest of the four options on some
    cards, the largest on others, anywhere between on the rest (always in the middle, it would stand out)."""
    value = _value(answer)
    below = [v for v in variants if _value(v) < value]
    above = [v for v in variants if _value(v) > value]
    low = int(_h("rank", seed), 16) % 4  # how many options go below the answer
    low = max(min(low, len(below)), 3 - len(above))
    return below[:low] + above[:3 - low] + below[low:] + above[3 - low:]


def shuffled_choices(answer: str, distractors: list[str], seed: object) -> list[str]:
    if not distractors:
        return []
    return sorted([answer, *distractors], key=lambda t: _h("order", seed, t))


_NON_KEY_RE = re.compile(r"[^\w%$]+")
_NON_KEY_ASCII_RE = ascii_twin(_NON_KEY_RE)  # (the same on ASCII text, faster)


@lru_cache(maxsize=50_000)
def _key(text: str) -> str:
    if not text.isascii():  # plain ASCII has no accents to strip (and is most text)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    folded = text.casefold()
    return " ".join((_NON_KEY_ASCII_RE if folded.isascii() else _NON_KEY_RE).sub(" ", folded).split())


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
