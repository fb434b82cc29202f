"""Prompts that give the answer away by arithmetic, by a conversion or a complement, or by an acronym spelt beside
the blank, and sentences that are site junk or cut off: checks on what a cloze shows, made before the card exists.
"""

from __future__ import annotations

import re

from ..kinds import BLANK
from .text import CALENDAR_YEAR_RE, MONTH_NAME_RE, NUMBER_WORDS, STOPWORDS, may_hold, words

EQUIVALENT_RE = re.compile(r"[\d\]][^,;]{0,25},?\s+(?:(?:also|d\.\s?h\.|i\.\s?e\.|that is|soit|es decir|ou seja|"
                           r"cioè)\s+(?:rund|etwa|ungefähr|about|roughly|around|some|environ|unos|cerca de|circa)?|"
                           r"or\s+(?:about|roughly|around|some))\s*(?:\[\.\.\.\]|\d)", re.I)
RESTATE_WORDS = ("also", "d.", "i.", "that is", "soit", "es decir", "ou seja", "cio", "about", "roughly", "around",
                 "some")  # one of which each of EQUIVALENT_RE's alternatives needs


def may_restate(text: str) -> bool:
    """A cheap test before EQUIVALENT_RE (tried at every digit and bracket): False when it cannot match."""
    return may_hold(text, RESTATE_WORDS)


CONVERSION_RE = re.compile(r"\d[\d,.]*\s*[^\W\d]*\.?\s*\(\s*(?:about\s+|or\s+|~)?\[\.\.\.\]|\[\.\.\.\]\s*"
                           r"(?:°\s?[CF]|[^\W\d]{1,12})?\s*\(\s*"
                           r"(?:about\s+|or\s+|roughly\s+|~)?[\d.,]+\s*[^\s\d)]")
# Numbers that could enter a sum; not labels ("Fact 5", "region 5", "Zone 2", "version 3"). (The digit tested first:
# the look-behinds are tried only where one stands.)
NUMBER_IN_PROMPT = re.compile(r"(?=\d)(?<![\w.])(?<![A-Z][\w\-] )(?<![A-Z][\w\-]{2} )(?<![A-Z][\w\-]{3} )"
                              r"(?<!region )(?<!station )(?<!zone )(?<!tier )(?<!stage )(?<!version )(?<!chapter )"
                              r"(?<!episode )(?<!page )(?<!no\. )\d[\d,.]*(?!\d)")
YEAR_RE = re.compile(r"(?:1[5-9]|20)\d\d")
ARITHMETIC_CUES = re.compile(r"\b(?:leaves?|left|remain(?:s|ing)?|totals?|totalling|sum|adds? up|works? out|"
                             r"compound(?:s|ed|ing)?|grows? to|grew to|becomes?|not|instead of|rather than|minus|"
                             r"plus|times|per|each|doubl(?:es|ed|ing)|half|halves|every)\b", re.I)


ARITHMETIC_WORDS = ("leave", "left", "remain", "total", "sum", "add", "work", "compound", "grow", "grew", "become",
                    "not", "instead", "rather", "minus", "plus", "times", "per", "each", "doubl", "half", "halves",
                    "every")  # one of which ARITHMETIC_CUES needs


MULTIPLE_RE = re.compile(r"\b(?:twofold|threefold|fourfold|fivefold|sixfold|tenfold|doubled|tripled|quadrupled|"
                         r"halved|(?:two|three|four|five|six|ten) times (?:as|more|over|larger|bigger|higher))\b", re.I)


NUMBER_WORD_RE = re.compile(r"\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.I)
TIME_UNIT_RE = re.compile(r"\b(?:years?|months?|weeks?|days?|hours?|minutes?)\b", re.I)  # ("ten years and ten
# months" are no 20 of anything)
PAIR_WORDS = (" and ", " und ", " et ", " y ", " e ", " ed ")
PAIR_RE = re.compile(r"\b(\d[\d,.]*)\s+[^\W\d]+\s+(?:and|und|et|y|e|ed)\s+(\d[\d,.]*)\s+[^\W\d]+")


def _pair_adds_up(text: str, value: int, times: bool = True) -> bool:
    """Whether two counts joined by "and" ("36 passengers and 61 crew") add up to `value`; with `times` False, not
    two spans of time ("ten years and ten months")."""
    return any(_plain_value(m.group(1)) is not None and _plain_value(m.group(2)) is not None and
               _plain_value(m.group(1)) + _plain_value(m.group(2)) == value and
               (times or not TIME_UNIT_RE.search(m.group())) for m in PAIR_RE.finditer(text))


def _plain_value(text: str) -> int | None:
    """The whole number a count starts with ("97 Menschen", "1,200"), or None (a decimal, a range, no number)."""
    m = re.match(r"\s*(\d{1,3}(?:[,.]\d{3})+|\d+)(?![\d.,]*\d)(?!\s*(?:-|–|to|bis|a)\s*\d)", text)
    return int(re.sub(r"[,.]", "", m.group(1))) if m else None


def _computable(answer: str, window: str, above: str = "") -> bool:
    """The answer can be worked out from what is in view: two or more other numbers joined by arithmetic
    ("day 27, not day 30" -> 3 days; "$500k at 7% for 25 years grows to" -> $2.71M). `above` is the line the card
    shows over its prompt (the post's title): a year there is in view too ("The Great Smog of 1952" … "after [...]
    of reluctance, the Clean Air Act 1956")."""
    first = re.match(r"\d{1,4}\b", answer)
    if first and f"{int(first.group()) - 1}" in window and \
            re.search(rf"\b{int(first.group()) - 2},\s*{int(first.group()) - 1},?\s+(?:and|und|et|y|e|or)\s+"
                      + re.escape(answer), window):  # (the pattern is made only when the number before is in view)
        return True  # "on 8, 9 and [...]" -> 10 July: the next in a run (set O)
    rest = window.replace(answer, " ")
    others = [m for m in NUMBER_IN_PROMPT.finditer(rest) if not YEAR_RE.fullmatch(m.group().rstrip(".,"))]  # "by 2030" is
    # when, not an operand: "41 dollars per kWh; targets 19 dollars by 2030" cannot be worked out
    span_years = re.fullmatch(r"(\w+)\s+years?", answer.strip())
    if span_years:  # "in 2022 and another 4% in 2023 … in just [...]" -> two years
        n = NUMBER_WORDS.get(span_years.group(1).lower()) if not span_years.group(1).isdigit() else int(span_years.group(1))
        years = [int(y) for y in CALENDAR_YEAR_RE.findall(f"{rest} {above}")]
        if n and any(0 < b - a in (n, n - 1, n + 1) or n >= 50 and n % 50 == 0 and abs(b - a - n) <= 5
                     for a in years for b in years):
            return True  # ("400 years since Columbus's voyage of 1492" at a fair chosen in 1890: a round count)
    if re.fullmatch(r"(?:about\s+|roughly\s+|around\s+)?\w+\s+(?:days?|weeks?|months?)", answer.strip()) and \
            len(MONTH_NAME_RE.findall(rest)) >= 2:
        return True  # "opened on July 1 … collapsed on November 7 … after roughly [...] in service" -> four months;
        # "between 22 August and 14 September, about [...]" -> 24 days (set X)
    if MULTIPLE_RE.search(rest) and re.match(r"[$€£]?\s?\d", answer) and any(
            rest[max(0, m.start() - 1):m.start()] == answer[:1] if answer[:1] in "$€£" else
            len(words(answer)) > 1 and rest[m.end():].lstrip().lower().startswith(words(answer)[-1].lower())
            for m in others):
        return True  # "multiplied fivefold: … $2.8 billion grew to roughly [...]" -> $14 billion (set W)
    if re.search(r"\b(?:hours?|minutes?)\b", answer) and len(CLOCK_RE.findall(rest)) >= 2:
        return True  # "half-life … half of a 3 p.m. coffee is still circulating at 9 p.m." -> 6 hours
    if "%" in answer or "percent" in answer:
        share = _percent_value(answer)
        if share is not None and any(_percent_value(m.group()) is not None and
                                     abs(_percent_value(m.group()) + share - 100) < 0.01
                                     for m in re.finditer(r"\d[\d.,]*\s?(?:%|percent)", rest)):
            return True  # "30% signal and [...] marketing" -> 70%
        parts = [_percent_value(m.group()) for m in re.finditer(r"\d[\d.,]*\s?(?:%|percent)", rest)]
        if share is not None and len(parts) >= 2 and None not in parts and abs(sum(parts) + share - 100) < 0.51:
            return True  # "7% words, 38% tone, [...] body language" -> 55%: the shares of a whole
        if share is not None and parts and None not in parts and any(
                abs(share + sum(parts) - value) < 1.01 for word, value in FRACTIONS.items() if word in rest.lower()):
            return True  # "[...] in 2022 and another 4% in 2023, so roughly a tenth" -> 6%
        if share is not None and _ratio_of(share, others):
            return True  # "invests $2 million … the post-money is $10 million and the fund owns [...]" -> 20%
    value = _plain_value(answer)
    if value is not None and len(others) >= 2 and _pair_adds_up(rest, value):
        return True  # "Of the [...] on board, 36 passengers and 61 crew, 35 died" -> 97: its two parts in view
    spelt = NUMBER_WORD_RE.sub(lambda w: str(NUMBER_WORDS[w.group().lower()]), rest) \
        if value is not None and may_hold(rest, PAIR_WORDS) else rest
    if spelt != rest and _pair_adds_up(spelt, value, times=False):  # (digits only: the test above)
        return True  # "[...] healthy adults, ten men and ten women" -> 20 (set AC): the parts spelt out
    if len(others) < 2 or not may_hold(rest, ARITHMETIC_WORDS) or not ARITHMETIC_CUES.search(rest):
        return False
    if len(others) >= 3:
        return True
    unit = (words(answer)[-1].lower().rstrip("s") if len(words(answer)) > 1 else "")
    same = [m for m in others if unit and re.match(rf"\s*{re.escape(unit)}", window.replace(answer, " ")[m.end():],
                                                     re.I) or unit and re.search(
        rf"{re.escape(unit)}s?\s*$", window.replace(answer, " ")[:m.start()], re.I)]
    return len(others) >= 2 and bool(same)


# Site junk, in three parts so that most sentences (no hint word, no bracket, no "@") cost one lower-casing: the one
# alternation over every position took 30-40 µs a sentence, the largest single cost of generation. "Share" is the
# button only at the start or before "this"/"on": "the share of brides receiving a diamond" is a claim (set R).
JUNK_START_RE = re.compile(r"^\s*[QA]:\s|^\W*\d{1,2}:\d{2}(?::\d{2})?\b|^\W*\d+[.)]\s|^\W*(?:outro|intro)\b", re.I)
JUNK_MARK_RE = re.compile(r"[(\[]\d{1,2}:\d{2}(?::\d{2})?[)\]]|(?<!\w)@\w")
JUNK_WORDS_RE = re.compile(r"^\W*share\b|\bshare (?:this|it|on|via|with (?:a )?friends?)\b|"
                           r"\b(?:read more|click|subscribe|sign up|listen to the full|full episode|follow us|"
                           r"not affiliated|not sponsored|sponsored by|affiliate links?|show notes|ad reads?|"
                           r"we skip(?:ped)? (?:the|our|all|both|two|three) (?:\S+ )?(?:intro|ads?|ad reads?|sponsors?|"
                           r"segments?)|^timestamps?\b|timestamps? (?:are |is )?(?:below|above|at the end|in the show))\b|"
                           r"\b(?:next|previous|last|upcoming) episode\b|(?:^|·\s*)(?:next|previous|up next)\s*:", re.I)
JUNK_HINTS = ("share", "read more", "click", "subscribe", "sign up", "listen to the full", "full episode", "follow us",
              "affiliat", "sponsored", "episode", "next", "previous", "timestamp", "show notes", "ad read", "we skip")  # ("We skip the intro and the two ad reads. Timestamps are at the end.": set I)


def site_junk(sentence: str) -> bool:
    """"Share this episode", "(12:30) Intro", "@handle", "Next episode: …": the page's furniture, not a claim."""
    if JUNK_START_RE.match(sentence) or ("(" in sentence or "[" in sentence or "@" in sentence) and \
            JUNK_MARK_RE.search(sentence):
        return True
    low = sentence.lower()
    for h in JUNK_HINTS:  # (a loop, not any() over a generator: this runs for every sentence)
        if h in low:
            return bool(JUNK_WORDS_RE.search(sentence))
    return False


BIO_RE = re.compile(r"[A-Z][\w\-’']+(?:\s+[A-Z][\w\-’']+){1,2}\s+(?:is|was)\s+an?\s+(?:[\w\-]+\s+){0,3}(?:journalist|"
                    r"writer|author|host|editor|podcaster|blogger|trainer|coach|presenter|contributor|reporter)\b|"
                    r".*\b(?:writes about|in (?:her|his|their) spare time)\b")
BIO_WORDS = ("writes about", "spare time", "journalist", "writer", "author", "host", "editor", "podcaster", "blogger",
             "trainer", "coach", "presenter", "contributor", "reporter")


def may_be_bio(sentence: str) -> bool:
    """Whether BIO_RE can match (it is case-sensitive, and each alternative needs one of these words): its ".*"
    alternative is otherwise tried back from the end of every sentence."""
    for w in BIO_WORDS:
        if w in sentence:
            return True
    return False


FRACTIONS = {"a tenth": 10, "a fifth": 20, "a quarter": 25, "a third": 33.3, "half": 50, "two-thirds": 66.7,
             "two thirds": 66.7, "three-quarters": 75, "three quarters": 75}
CLOCK_RE = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|Uhr\b|h\b)", re.I)


def _ratio_of(share: float, numbers: list[re.Match[str]]) -> bool:
    """A share that is one number in view over another (2 of 10 -> 20%)."""
    values = []
    for m in numbers:
        try:
            values.append(float(m.group().rstrip(".,").replace(",", "")))
        except ValueError:
            continue
    return any(b and a < b and abs(100 * a / b - share) < 0.51 for a in values for b in values)


def _percent_value(text: str) -> float | None:
    m = re.match(r"\s*(\d+(?:[.,]\d+)?)\s?(?:%|percent)", text)
    return float(m.group(1).replace(",", ".")) if m else None


# A sentence about the episode, book or lecture itself ("The last section covers…", "The series moves from … to …",
# "The most interesting segment features…"): its structure, not a fact (set F: eight such cards, none good)
META_RE = re.compile(r"^(?:The|This|Its|Her|His)\s+(?:(?:most\s+\w+|first|second|third|last|final|middle|opening|"
                     r"closing|best|weakest|strongest|later|early)\s+)?(?:part|parts|section|sections|segment|chapter|"
                     r"chapters|episode|episodes|series|half|hour|lecture|talk|book|film|documentary|podcast|"
                     r"interview|conversation|course)\b(?:\s+of\s+the\s+\w+)?\s+(?:covers|moves|deals|features|"
                     r"spends|ends|opens|starts|begins|turns|focuses|walks|goes|looks|closes|runs)\b")


def _junk_sentence(sentence: str) -> bool:
    """Site junk or a broken sentence: no card is better than one the learner cannot read."""
    if META_RE.match(sentence):
        return True
    if site_junk(sentence) or ("…" in sentence or "..." in sentence) and re.search(r"(?:…|\.\.\.)\W*$", sentence.strip()):
        return True  # "… alertaram …": a sentence the page cut off
    if sentence.rstrip().endswith(":"):
        return True  # "Cost breakdown of a €6.50 loaf (rounded):": a heading over a list, not a claim
    if may_be_bio(sentence) and BIO_RE.match(sentence):
        return True  # "Peter Alvarez is a health journalist and certified trainer.": the byline, not the content
    if sentence.count("(") != sentence.count(")"):
        return True  # "Our earlier episode on the Swing Era (Ep.": cut inside a parenthesis
    return len(words(sentence)) < 5


# Acronyms spelt out beside the blank (or the blank spelt out beside its acronym).
_SHORT_ACRONYM_RE = re.compile(r"[A-Z][A-Za-z]{1,7}s?")
_LETTER_WORD_RE = re.compile(r"[^\W\d_][\w’']*")
_BLANK_THEN_ACRONYM_RE = re.compile(re.escape(BLANK) + r"\s*\(([A-Z][A-Za-z]{1,8})\)")


def expansion_beside_blank(answer: str, prompt: str) -> bool:
    """"[...] (rapid eye movement) sleep" -> REM, "[...], or methicillin-resistant Staphylococcus aureus" -> MRSA:
    the words just beside the blank spell the acronym that is the answer."""
    answer = answer.replace("-", "")  # "CBT-I"
    if not (_SHORT_ACRONYM_RE.fullmatch(answer) and sum(c.isupper() for c in answer) >= 2):
        return False
    acronym = (answer[:-1] if answer[-1] == "s" and answer[-2].isupper() else answer).lower()
    capitals = "".join(c for c in answer if c.isupper()).lower()  # "InSAR": Interferometric Synthetic Aperture Radar
    return _spelt_beside(acronym, prompt) or len(capitals) >= 3 and capitals != acronym and \
        _spelt_beside(capitals, prompt)


def _spelt_beside(acronym: str, prompt: str) -> bool:
    for m in re.finditer(re.escape(BLANK), prompt):
        for after, near in ((True, prompt[m.end():m.end() + 80]), (False, prompt[max(0, m.start() - 80):m.start()])):
            parts = _LETTER_WORD_RE.findall(near)
            for seq in (parts, [w for w in parts if w.lower() not in STOPWORDS]):
                for i in range(len(seq) - len(acronym) + 1):
                    beside = i <= 1 if after else i + len(acronym) >= len(seq) - 1  # right next to the blank
                    if beside and "".join(w[0] for w in seq[i:i + len(acronym)]).lower() == acronym:
                        return True
    return False


def acronym_after_blank(answer: str, prompt: str) -> bool:
    """"Global Research on [...] (GRAM)" -> Antimicrobial Resistance, "the [...] (HVPI)": the acronym beside the
    blank holds the answer's initials."""
    initials = "".join(w[0] for w in words(answer) if w.lower() not in STOPWORDS).upper()
    if len(initials) < 2:
        return False
    for m in _BLANK_THEN_ACRONYM_RE.finditer(prompt):
        if initials in m.group(1).upper():
            return True
    return bool(re.search(r"\b(?=[a-z]*[A-Z][a-z]*[A-Z])[A-Za-z]{2,8}\s*\(\s*" + re.escape(BLANK), prompt)) and \
        len(words(answer)) >= 2  # "GRAM ([...])", "InSAR ([...])": the acronym stands before its expansion
