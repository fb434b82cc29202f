"""The quality bar, enforced: every generated card passes these checks or is not emitted."""

from __future__ import annotations

import re

from functools import lru_cache

from .giveaways import acronym_after_blank, expansion_beside_blank
from .name_cuts import cuts_name  # noqa: F401 (also imported from here)
from .model import Card
from .text import (CALENDAR_YEAR_RE, MONTH_NAME_RE, MONTH_WORDS, PRONOUN_STARTS, STOPWORDS, ascii_twin, may_hold,
                   norm_word, words, zipf)

from ..kinds import BLANK, topic_line
MAX_PROMPT_WORDS = 70
MAX_CLOZE_ANSWER_WORDS = 7
MAX_ANSWER_WORDS = 25


def _content(text: str) -> set[str]:
    return {norm_word(w) for w in words(text)} - STOPWORDS


def card_problems(card: Card) -> list[str]:
    """Why a card is not good enough to emit; [] when it is. Depends only on what the learner sees, so the verdict is
    cached by that (a card is checked when it is made and again when the post's cards are final)."""
    return list(_problems(card.kind, card.key, card.prompt, card.answer, card.back, card.category,
                          card.source.section)) + \
        list(_shown_above(card.kind, card.key, card.answer, card.category, card.source.set_title, card.source.section))


@lru_cache(maxsize=20_000)
def _shown_above(kind: str, key: str, answer: str, category: str | None, title: str, section: str) -> tuple[str, ...]:
    """An answer the line above the prompt (`topic_line`) already shows is given away like one in the prompt
    ("[...]'s chairman" under "Maersk's ten days"). Unlike the prompt, that line may share a word with the answer:
    "Apollo 13" under "The Apollo Program" still asks for what the title does not say."""
    above = topic_line(title, section)
    if kind not in ("cloze", "list") or key == "all":
        shown = _norm(answer) and f" {_norm(answer)} " in f" {_norm(above)} "
        return ("answer visible above the prompt",) if shown else ()
    leaked = leaked_words(answer, above, number=category == "number")
    needed = {norm_word(w) for w in words(answer) if norm_word(w) not in STOPWORDS and
              (zipf(norm_word(w)) < 5.6 or any(c.isdigit() for c in w))}
    if leaked and category == "person" and norm_word(words(answer)[-1]) in leaked:
        return ("answer visible above the prompt",)  # "[...], a former Wimbledon champion" under "The Riggs match"
    if leaked and category == "number":
        unit = " ".join(w for w in words(answer) if not any(c.isdigit() for c in w) and
                        w.lower() not in _NUMBERISH and norm_word(w) not in STOPWORDS)
        if not unit or leaked_words(unit, above.replace("-", " ")):
            return ("answer visible above the prompt",)  # "drafted in roughly [...]" under "the Four-Week Crash"
    return ("answer visible above the prompt",) if leaked and (answer.lower() in leaked or needed <= leaked) else ()


_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&\-]{1,7}s?")
_BLANK_BEFORE_PAREN_RE = re.compile(re.escape(BLANK) + r"\s*\(\s*[^\W\d]")
_NON_WORD_RE = re.compile(r"[^\w]+")
_NON_WORD_ASCII_RE = ascii_twin(_NON_WORD_RE)  # (the same on ASCII text, faster)
_ACRONYM_THEN_BLANK_RE = re.compile(r"\b[A-Z]{2,8}\s*\(\s*" + re.escape(BLANK))
_SPLIT_WORD_RE = re.compile(r"[\w\-/]\[\.\.\.\]|\[\.\.\.\][\w\-/]|\d[–—]\[\.\.\.\]|\[\.\.\.\][–—]\d")  # also
# "[...]/2004", "[...]/m³", and one end of a span of years ("1981–[...]", "[...]–31")
MONTH_NAMES = "(?:" + "|".join(sorted(MONTH_WORDS, key=len, reverse=True)) + ")"  # (used with re.I)
_FULL_DATE_RE = re.compile(r"\d{1,2}\.?\s+(?:de\s+)?" + MONTH_NAMES + r"\s+(?:de\s+)?\d{3,4}|" + MONTH_NAMES +
                           r"\s+\d{1,2},?\s+\d{3,4}", re.I)
_DAY_OF_MONTH_RE = re.compile(re.escape(BLANK) + r"\.?\s+(?:de\s+)?" + MONTH_NAMES + r"\b|\b" + MONTH_NAMES +
                              r"\s+" + re.escape(BLANK), re.I)


_GLOSS_AFTER_RE = re.compile(re.escape(BLANK) + r"[”\"]?\s*\(([^()\d$€£]+)\)")
_CONVERSION_RE = re.compile(r"\d[^()]*\((?:roughly|about|around|approximately|approx\.|~|c\.|ca\.|or|i\.e\.)?\s*" +
                            re.escape(BLANK) + r"\)")


def _splits_word(prompt: str) -> bool:
    """`_SPLIT_WORD_RE.search(prompt)`, tried only around each blank: every match holds one, at most two characters
    either side of it (the pattern was otherwise tried at every character of every prompt)."""
    at = prompt.find(BLANK)
    while at >= 0:
        if _SPLIT_WORD_RE.search(prompt, max(0, at - 2), at + len(BLANK) + 2):
            return True
        at = prompt.find(BLANK, at + 1)
    return False


_DAY_RE = re.compile(r"\d{1,2}(?:st|nd|rd|th|er)?")


def glossed(answer: str, prompt: str) -> bool:
    """"A protein called [...] ("damage suppressor")", "The [...] (Eastern Scheldt storm surge barrier)": a one-word
    answer with its translation or expansion beside it; "7.5 million pounds (roughly [...])": a conversion of a
    number in view. Both give the answer away (set E)."""
    if "(" not in prompt:
        return False  # (both patterns need a parenthesis)
    if _CONVERSION_RE.search(prompt):
        return True
    m = _GLOSS_AFTER_RE.search(prompt)
    return bool(m) and " " not in answer.strip() and len(words(m.group(1))) >= 2


def day_of_month(answer: str, prompt: str) -> bool:
    """"consacrata il [...] marzo 1436", "du [...] avril 1874": the day alone is the date's incidental part. A
    whole calendar date ("born on [...]" -> 20 March 1928) is one too: graders kept 2 of 10 (sets A-O)."""
    return bool(_DAY_RE.fullmatch(answer.strip())) and bool(_DAY_OF_MONTH_RE.search(prompt)) or \
        bool(_FULL_DATE_RE.fullmatch(answer.strip()))


@lru_cache(maxsize=20_000)
def _problems(kind: str, key: str, prompt: str, answer_text: str, back: str, category: str | None,
              section: str) -> tuple[str, ...]:
    problems: list[str] = []
    if not prompt.strip():
        problems.append("empty prompt")
    if not answer_text.strip():
        problems.append("empty answer")
    if problems:
        return tuple(problems)
    # (a word takes a letter or digit and a separator: a prompt of up to twice the limit in characters is within it
    # without counting)
    n_prompt = len(words(prompt)) if len(prompt) > 2 * MAX_PROMPT_WORDS else 0
    if n_prompt > MAX_PROMPT_WORDS:
        problems.append(f"prompt has {n_prompt} words (over {MAX_PROMPT_WORDS})")
    answer_content = _content(answer_text)
    if kind in ("cloze", "list") and key != "all":
        if BLANK not in prompt:
            problems.append("cloze prompt has no blank")
        if not answer_content:
            problems.append("the blank is only stopwords")
        leaked = leaked_words(answer_text, prompt.replace(BLANK, " "), number=category == "number")
        if expansion_beside_blank(answer_text, prompt) or acronym_after_blank(answer_text, prompt) or \
                _ACRONYM_RE.fullmatch(answer_text) and _BLANK_BEFORE_PAREN_RE.search(prompt):
            leaked.add(answer_text.lower())  # "la [...] (Compagnie du chemin de fer…)": an acronym's expansion
        if leaked:
            problems.append(f"answer visible in prompt ({', '.join(sorted(leaked))})")
        if _splits_word(prompt):
            problems.append("the blank splits a word")
        if glossed(answer_text, prompt):
            problems.append("a parenthesis beside the blank glosses or converts it")
        if day_of_month(answer_text, prompt):
            problems.append("the blank is the day of a date, or a whole one")
        if cuts_name(answer_text, prompt):
            problems.append("the blank is one piece of a longer name")
        if not answer_text[:1].isalnum() and answer_text[:1] not in "$€£¥−-+~≈<>\"“'‘(«¿¡#":
            problems.append("the answer starts with punctuation")
        if kind == "cloze" and len(words(answer_text)) > MAX_CLOZE_ANSWER_WORDS:
            problems.append("the blank is a phrase too long to recall")
        whole = len(words(back)) or 1
        limit = 0.4 if kind == "cloze" else 0.6
        if len(words(answer_text)) > max(1, limit * whole):
            problems.append("the blank is most of the sentence")
    else:
        if _norm(answer_text) in _norm(prompt):
            problems.append("answer visible in prompt")
        if key != "all" and len(words(answer_text)) > MAX_ANSWER_WORDS:
            problems.append(f"answer of {len(words(answer_text))} words is an essay")
        if kind == "section" and _norm(prompt) == _norm(section + "?"):
            problems.append("prompt is the bare heading")
    return tuple(problems)


def _norm(text: str) -> str:
    folded = text.casefold()
    return " ".join((_NON_WORD_ASCII_RE if folded.isascii() else _NON_WORD_RE).sub(" ", folded).split())


def duplicate_prompts(cards: list[Card]) -> set[int]:
    """Ids of cards whose prompt repeats an earlier card's prompt."""
    seen: set[str] = set()
    dupes: set[int] = set()
    for card in cards:
        key = _norm(card.prompt)
        if key in seen:
            dupes.add(card.id)
        seen.add(key)
    return dupes




REFERENCE_PAIRS = re.compile(r"^(?:the\s+)?(?:first|second|third|fourth|latter|former|later|other|same|next|last|"
                             r"rest|remaining)\b|^(?:that|this)\s+means\b|^(?:by contrast|instead|even so|"
                             r"in turn|as a result|inside it|on top of that|beyond that|finally|also|meanwhile|"
                             r"otherwise|still|then)\b", re.I)
DEMONSTRATIVE_RE = re.compile(r"\b(?:this|these|those|that|such)\s+(?!is\b|was\b|are\b|were\b|has\b|had\b|will\b|"
                              r"would\b|can\b|could\b|may\b|might\b|must\b|does\b|did\b|the\b|a\b|an\b|"
                              r"it\b|they\b|he\b|she\b|we\b|you\b|i\b)[a-z][\w\-]*|\b(?:has|have|had) both\b|"
                              r"\bboth of them\b|\bthe same\b", re.I)


# "that" points back only after a preposition or at a clause's start ("speed up that drop", "since that day");
# after a verb or a noun it mostly opens a clause ("estimates that workers…", "found in 2015 that ice baths…").
POINTING_THAT = frozenset("""of in on at for from with by to into about after before under over through during like
up down out off since until upon within without beyond""".split())


# "this"/"these"/"those" not followed by a noun stand for something said before ("the study on this", "calls this
# the…"), and so do they before a quoted term ("these "migration chains""); "this year" is only a time.
POINTING_PRONOUN_RE = re.compile(r"\b(?:this|these|those)\b(?!\s+(?:year|week|month|decade|century|season|summer|"
                                 r"winter|spring|autumn|fall|morning|evening|time|way)\b)(?=\s*(?:[\"“‘'][^\W\d]|"
                                 r"[.,;:!?)]|$|\s(?:is|was|are|were|has|had|the|a|an|as|in|on|to|for|by|into|with|"
                                 r"from|and|or|but|because|means|shows|suggests)\b))", re.I)


REFERS_BACK_WORDS = ("this", "these", "those", "that", "such", "both", "same", "later", "earlier")
QUANTIFIER_SUBJECTS = frozenset("several many most others few".split())
# "attempted worldwide that year", "the only way to do that": a time or an act named in the sentence before (set S)
THAT_TIME_RE = re.compile(r"\b(?:that|the)\s+(?:same\s+)?(?:year|day|month|week|season|summer|winter|spring|autumn|"
                          r"night|morning|evening|decade|afternoon)(?![\w\-])|\b(?:do|does|did|doing|done)\s+that\b",
                          re.I)
# ("Later that same day, Ortiz won Game 5", "arrived the same evening": set W and X, the day of a sentence not shown;
# "the year" needs "same" or "that": "the year before" is `RELATIVE_TIME_RE`'s)
RELATIVE_TIME_RE = re.compile(r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
                              r"a few|few|some)\s+(?:[a-z]+\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|"
                              r"years?|decades?)\s+(?:later|earlier)\b(?!\s+than)", re.I)
# ("Mabo had died five months earlier": earlier than the ruling of the sentence before; set V)
DATE_RE = re.compile(CALENDAR_YEAR_RE.pattern + "|" + MONTH_NAME_RE.pattern)


def refers_back(text: str) -> bool:
    """"speed up that drop", "Meta has both": a phrase pointing at something said before this sentence."""
    if not may_hold(text, REFERS_BACK_WORDS):
        return False  # (neither pattern can match: each of their alternatives needs one of these words)
    for m in THAT_TIME_RE.finditer(text) if may_hold(text, ("that", "same")) else ():
        low = m.group().lower()
        if low.startswith("the ") and "same" not in low:
            continue  # "the day before": no pointer ("the same day" is one)
        if CALENDAR_YEAR_RE.search(text, 0, m.start()) or low.startswith("the") and CALENDAR_YEAR_RE.search(text):
            continue  # "In 2021 Montana … killed that season", "In the same year, 1854, …": the sentence names its
            # time itself
        return True
    if may_hold(text, ("later", "earlier")) and len(words(text)) <= 15 and RELATIVE_TIME_RE.search(text) and \
            not DATE_RE.search(text):
        return True  # (a longer sentence mostly names the event it counts from: "… found a peptide …, and the drug
        # reached pharmacies 13 years later")
    m = POINTING_PRONOUN_RE.search(text)
    if m and (m.start() > 0 or not re.match(r"\w+\s+(?:is|was|are|were|means)\b", text[m.start():])):
        return True  # ("This is why…" opening a sentence is `opens_with_reference`'s)
    for m in DEMONSTRATIVE_RE.finditer(text):
        low = m.group().lower()
        if low.startswith("that "):
            before = text[:m.start()].split()
            if before and before[-1].lower() not in POINTING_THAT and not before[-1].endswith((",", ";", ":")):
                continue
        if low.startswith("such as"):
            continue  # "such as Arizona": an example follows, nothing is pointed back at
        if low == "the same" and text[:m.start()].strip(" “\"‘(") and not text[:m.start()].rstrip().endswith(":"):
            continue  # "carried the same bacteria as their starters", "has cycled the same cells for 11 years":
            # only "The same study measured…" at the start points back
        return True
    return False


DEFINITE_OPENER_RE = re.compile(r"^[\"“‘(]?(?:The|Les?|La|L['’]|Der|Die|Das|El|Los|Las|Il|Lo|Gli|Os|As)\s*"
                                r"(?:[a-zà-ÿ][\w\-]*\s+){0,2}?(?:idea|study|studies|paper|research|researchers|team|"
                                r"method|approach|project|plan|result|results|finding|findings|effect|goal|aim|"
                                r"objective|work|works|trial|experiment|rule|model|company|firm|group|change|move|crew|term|"
                                r"investigation|account|agency|mission|pest|disease|virus|drug|device|machine|ship|"
                                r"vessel|city|town|report|bill|technique|practice|strategy|decision|"
                                r"event|attack|crisis|war|discovery|breakthrough|name|phrase|concept|programme|"
                                r"program|campaign|organi[sz]ation|site|species|case|patient|loan|contract|"
                                r"law|policy|deal|process|system|problem|issue|answer|reason|same|following|latter|"
                                r"former|travaux|objectif|projet|étude|idée|Studie|Idee|Projekt|estudio|idea|"
                                r"proyecto|studio|progetto|estudo|projeto)\b")


def anaphoric_opener(text: str) -> bool:
    """"The idea was popularized by…", "The most cited study…", "Les travaux n'ont duré…": a definite subject that
    names something only the sentence before introduced."""
    return bool(DEFINITE_OPENER_RE.match(text))


def opens_with_reference(text: str) -> bool:
    """"He says…", "This means…", "The later study…", "Several describe…": the sentence leans on one the learner
    cannot see."""
    parts = text.split()
    first = parts[0].lower().strip("“\"‘(") if parts else ""
    if first in PRONOUN_STARTS:
        return not (first in ("he", "she") and len(parts) > 1 and parts[1][:1].isupper())  # "He Jiankui": a name
    if first in QUANTIFIER_SUBJECTS and len(parts) > 1:
        from .tagging import tag
        second = tag(" ".join(parts[1:3]))
        if second and second[0].tag in ("VB", "VBP", "VBD", "MD") and not parts[1].endswith("s"):
            return True  # "Several describe a column of light", "Others went further": several of whom? (set S)
    m = REFERENCE_PAIRS.match(text.lstrip("“\"‘("))
    if not m:
        return False
    ordinal = re.match(r"(?:the\s+)?(first|second|third|fourth|next|last)\b", m.group(), re.I)  # not "the same"
    if ordinal:  # "The first cultural fix was...": an ordinal before its noun refers to nothing earlier
        from .tagging import NOUN_ADJ_TAGS, tag
        rest = tag(text.lstrip("“\"‘(")[m.end():].lstrip(" ,"))
        return not (rest and rest[0].tag in NOUN_ADJ_TAGS | {"CD"} and not rest[0].text[:1].isupper())
        # ("The last three missions carried…": an ordinal before its count and noun refers to nothing earlier)
    return True


@lru_cache(maxsize=50_000)
def answer_key(text: str) -> str:
    """What makes two answers the same fact: their content words, plural or not, in order."""
    toks = [norm_word(w) for w in words(text)]
    return " ".join(t[:-1] if len(t) > 3 and t.endswith("s") and not t.endswith("ss") else t
                    for t in toks if t not in STOPWORDS) or text.casefold()


@lru_cache(maxsize=50_000)
def _forms(word: str) -> frozenset[str]:
    """A word and the forms a learner would recognise it by: "variant(s)", "efficien(t|cy)", hyphen parts."""
    w = norm_word(word)
    out = {w}
    for part in w.split("-"):
        if len(part) > 2:
            out.add(part)
    for suffix in ("es", "s", "ing", "ed", "ly", "al", "ic", "y"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            out.add(w[:-len(suffix)])
    return frozenset(out)


_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "sixty": 60, "hundred": 100}


_NUMBER_WORD_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NUMBER_HYPHEN_RE = re.compile(r"\d[\d,]*(?:\.\d+)?-[a-z]")


@lru_cache(maxsize=50_000)
def _digits(text: str) -> frozenset[str]:
    """The numbers a text shows, as digits, so "eleven" and "11" are the same."""
    out = set()
    for w in words(text):
        low = w.lower()
        if low in _WORD_NUMBERS:
            out.add(str(_WORD_NUMBERS[low]))
        elif not low[:1].isdigit():
            continue
        elif _NUMBER_WORD_RE.fullmatch(low):
            out.add(low.replace(",", ""))
        elif _NUMBER_HYPHEN_RE.match(low):  # "the 10-minute rule" shows the 10 of "10 minutes"
            out.add(low.split("-")[0].replace(",", ""))
    return frozenset(out)


def _stems(text: str) -> set[str]:
    return set().union(*map(_forms, words(text)))


def leaked_words(answer: str, visible: str, number: bool = False) -> set[str]:
    """Words of the answer (or obvious forms of them, or its acronym) that the visible prompt already shows."""
    answer_words = [w for w in words(answer) if norm_word(w) not in STOPWORDS]
    if number:  # "nine months" is not given away by "the coming months": only the number itself counts, and
        # with digits only the digits ("4.95 million" beside "1.27 million")
        digits = [w for w in answer_words if any(c.isdigit() for c in w)]
        answer_words = digits or [w for w in answer_words if w.lower() in _NUMBERISH]
    shown = _stems(visible) | _digits(visible)
    prefixes = None  # (made when first needed: most answers never get that far)
    leaked = set()
    for w in answer_words:
        forms = _forms(w)
        if zipf(norm_word(w)) >= 5.6 and not number:
            continue  # "new", "time": too common to give anything away
        if forms & shown and any(len(f) > 2 for f in forms & shown):
            leaked.add(norm_word(w))
        elif len(norm_word(w)) >= 5 and not norm_word(w)[:1].isdigit() and norm_word(w)[:5] in (
                prefixes if prefixes is not None else
                (prefixes := {s[:5] for s in shown if len(s) >= 5 and not s[:1].isdigit()})):
            leaked.add(norm_word(w))  # "robots" beside "robotics", "Persia" beside "the Persians"
        elif _digits(w) & shown:
            leaked.add(norm_word(w))  # "Eleven minutes a week" shows the 11 of "11 minutes"
    full = [w for w in words(answer) if w[:1].isupper() and w.lower() not in STOPWORDS]
    if len(full) >= 2:
        acronym = "".join(w[0] for w in full).upper()
        if re.search(rf"\b{acronym}\b", visible):
            leaked.add(acronym.lower())
    if answer.isupper() and 2 <= len(answer) <= 6:
        caps = [w for w in words(visible) if w[:1].isupper()]
        for i in range(len(caps) - len(answer) + 1):
            if "".join(w[0] for w in caps[i:i + len(answer)]).upper() == answer:
                leaked.add(answer.lower())
    return leaked


_NUMBERISH = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
              "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion", "trillion", "half",
              "dozen"}  # not "percent": "10 percent" is not given away by "15–20 percent" beside it
