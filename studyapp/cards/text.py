"""Sentence and word handling for card generation: splitting, stopwords, word rarity."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import filterfalse

from ..takeaways.builder import ordinal_before

# Function words: never worth a blank, and ignored when judging whether an answer leaks into its prompt.
STOPWORDS = frozenset("""
a about above after again against all almost also although always am among an and another any anyone anything are
aren't around as at away back be became because become been before being below between both but by can cannot could
did do does doing done down during each either else enough even ever every few for from further get gets getting
got had has have having he her here hers herself him himself his how however i if in into is isn't it its itself
just least less let like made make makes many may me might more most much must my myself neither never no nor not
now of off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps quite
rather really same say says said she should since so some something still such than that the their theirs them
themselves then there these they this those though through thus to together too toward towards under until up upon
us very via was wasn't we well were what whatever when where whether which while who whom whose why will with
within without would yet you your yours yourself yourselves
""".split())

PRONOUN_STARTS = frozenset("he she it they this that these those his her its their him them such both".split() +
                           # the same openers in the other languages the reader knows ("Elle est inaugurée…",
                           # "Cet ingénieur…"); not their articles ("Il", "El", "Die"), which open any sentence
                           """elle elles ils ce cet cette ces celui celle er sie es dieser diese dieses diesen
                           él ella ellos ellas esto esta este estos estas eso esa ese lui lei loro questo questa
                           questi queste ele ela eles elas isso isto essa esse""".split())
# Month names in the languages the reader knows (lower case): for dates, in whatever language the post is written.
MONTH_WORDS = frozenset("""january february march april may june july august september october november december
januar jänner februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août septembre
octobre novembre décembre gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre dicembre enero
febrero abril mayo junio julio septiembre setiembre octubre noviembre diciembre janeiro fevereiro março maio junho
julho setembro outubro novembro dezembro""".split())
CALENDAR_YEAR_RE = re.compile(r"\b(?:1[0-9]|20)\d\d\b")  # a year from 1000 to 2099
ENGLISH_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_NAME_RE = re.compile(rf"\b(?:{ENGLISH_MONTHS})\b")  # (capitalised: "may" is a verb)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
                "dozen": 12, "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9,
                "trillions": 10**12}

WORD_RE = re.compile(r"[^\W_](?:[\w’'&.\-]*[^\W_])?")
# The same for ASCII text (most text), with ASCII character classes: the pattern engine then tests a character
# against a table instead of looking up its Unicode category, about twice as fast with the same words.
WORD_ASCII_RE = re.compile(r"[A-Za-z0-9](?:[\w'&.\-]*[A-Za-z0-9])?", re.ASCII)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "v.", "mr.", "mrs.", "ms.", "dr.", "st.", "u.s.", "u.k.", "inc.", "jr.",
                  "sr.", "no.", "approx.", "fig.", "op.", "ep.", "vol.", "bzw.", "ca.", "nr.", "vgl.", "sog.", "usw.",
                  "av.", "mme.", "sra.", "dra.", "núm.", "pág.", "ecc.", "sig.")
_SENTENCE_OPENERS = {"the", "in", "her", "his", "she", "he", "it", "they", "this", "that", "a", "an", "but", "and",
                      "so", "on", "at", "for", "when", "after", "by", "its", "their", "we", "i", "there", "some",
                      "most", "many", "as", "if"}
_DOUBLED_RE = re.compile(r"([a-z])\1\.")
_DOUBLED_NEXT_RE = re.compile(r"\s*([A-Z])\1\.")
_INITIALS_RE = re.compile(r"(?:[a-z]\.)+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations and initials ("U.S.", "e.g.", "J. R.") intact."""
    return list(_split_sentences(text))


@lru_cache(maxsize=20_000)
def _split_sentences(text: str) -> tuple[str, ...]:
    """Cached: generation splits each takeaway several times (the post's context, its notes, its label)."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        head = text[start:m.start()]
        last = head.split()[-1].lower().lstrip("([\"“‘") if head.split() else ""  # "(z. B." is one
        doubled = _DOUBLED_RE.fullmatch(last) and _DOUBLED_NEXT_RE.match(text[m.end() - 1:])
        if ordinal_before(last, text[m.end():]):
            continue  # "am 19. August 1989": a German ordinal, not a sentence end
        if last in _ABBREVIATIONS or _INITIALS_RE.fullmatch(last) and len(last) <= 4 or doubled:
            # ("EE. UU.", "Estados Unidos": a doubled letter is a plural abbreviation, not a sentence)
            following = text[m.end():].split(" ", 1)[0].lower()
            if not (last in ("a.m.", "p.m.", "etc.") and following in _SENTENCE_OPENERS):
                continue  # "at 3 p.m. In her lab..." ends a sentence; "U.S. Senate" does not
        piece = text[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return tuple(out)


@lru_cache(maxsize=50_000)
def words(text: str) -> tuple[str, ...]:
    """The words of a text. Cached: generation asks for the same sentences' words many times over (every span
    scored in a sentence counts the sentence's words)."""
    return tuple((WORD_ASCII_RE if text.isascii() else WORD_RE).findall(text))


@lru_cache(maxsize=100_000)
def norm_word(word: str) -> str:
    """Casefold and drop a possessive, so "Meta’s" counts as "meta"."""
    w = word.casefold().replace("’", "'")
    return w[:-2] if w.endswith("'s") else w.rstrip("'")


IGNORECASE_ASCII_TWINS = "\u0130\u0131\u017f\u212a"


def may_hold(text: str, needed: tuple[str, ...]) -> bool:
    """Whether `text` can hold one of the `needed` words (ASCII, lower case) as an IGNORECASE pattern finds them: a
    cheap test before a pattern each of whose alternatives needs one of them and that is tried at every position.
    Under IGNORECASE four non-ASCII letters match ASCII ones ("İ" and "ı" an "i", "ſ" an "s", the Kelvin sign a
    "k") where `lower()` does not fold them alike: a text holding one goes to the pattern."""
    low = _folded(text)
    if low is None:
        return True
    for w in needed:  # (a loop, not any() over a generator: this runs for every sentence and prompt)
        if w in low:
            return True
    return False


def search_lower(folded: re.Pattern[str], pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`pattern.search(text)` for an IGNORECASE `pattern` of lower-case ASCII letters, made as `folded` (the same
    pattern without IGNORECASE) on `text.lower()`: two or three times faster, with matches in the same places (their
    text in lower case). Lower-casing keeps every length and every word character and folds what IGNORECASE folds,
    except the four letters in `IGNORECASE_ASCII_TWINS`: a text holding one goes to `pattern`."""
    low = _folded(text)
    if low is None:
        return pattern.search(text)
    return (ascii_twin(folded) if low.isascii() else folded).search(low)


def whole_words_pattern(words_: tuple[str, ...]) -> str:
    """`\\b(?:w1|w2|…)\\b` for lower-case words of letters, written so that each branch starts with its word's first
    letter and the word boundary before it is a look-behind after that letter: a pattern that starts with a set of
    letters is searched by skipping, in C, to the next position holding one, instead of trying the boundary and
    every word at each position of the text. The same matches: a letter is a word character, so the boundary
    before it is no word character before it, and of words that differ at most one can end at a boundary."""
    by_first: dict[str, list[str]] = {}
    for w in words_:
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    return "(?:" + "|".join(f"{re.escape(first)}(?<!\\w.)(?:{'|'.join(rests)})"
                            for first, rests in by_first.items()) + ")\\b"


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` compiled with ASCII character classes, for ASCII text: the same matches (`\\w`, `\\d` and `\\b` agree on
    ASCII characters), found with a table look-up per character instead of its Unicode category, a third to half
    faster. Not for a pattern with `\\s` or `\\S` (Unicode white space holds four ASCII control characters that ASCII
    `\\s` does not) nor one with a character class beyond ASCII in it: refused rather than guessed."""
    return _ascii_twin(pattern.pattern, pattern.flags)  # (cached by its text: hashing a compiled pattern hashes its
    # whole program, a microsecond each time)


@lru_cache(maxsize=256)
def _ascii_twin(source: str, flags: int) -> re.Pattern[str]:
    if "\\s" in source or "\\S" in source or not source.isascii():
        raise ValueError(f"no ASCII twin for {source!r}")
    return re.compile(source, (flags & ~re.UNICODE) | re.ASCII)


@lru_cache(maxsize=20_000)
def _folded(text: str) -> str | None:
    """The text in lower case, or None when it holds a letter IGNORECASE folds onto an ASCII one. Cached: a
    sentence or prompt goes through three or four such tests."""
    if not text.isascii() and any(c in text for c in IGNORECASE_ASCII_TWINS):
        return None
    return text.lower()


_ASCII_DIGIT_RE = re.compile(r"[0-9]")


def has_digit(text: str) -> bool:
    """`any(ch.isdigit() for ch in text)`, one pattern search for ASCII text (where only 0-9 are digits) instead of
    a Python step per character: a card's prompt is tested for figures, and that loop was a sixth of the model's
    features. Other text keeps the character test (`isdigit` also holds for "²" and other scripts' digits)."""
    if text.isascii():
        return _ASCII_DIGIT_RE.search(text) is not None
    return any(map(str.isdigit, text))


def plural_stem(word: str) -> str:
    """A word without its plural "s" ("readings" and "reading"), as the generator compares words; short words kept."""
    return word.rstrip("s") if len(word) > 3 else word


@lru_cache(maxsize=50_000)
def content_words(text: str) -> tuple[str, ...]:
    """The text's words, normalised, stopwords left out. Cached (a tuple, so no caller can change it): a sentence's
    content words are asked for by the post's context, the one-fact tests and the checks of its cards. Filtered in
    C (`filterfalse` over `map`), not with a Python step per word."""
    return tuple(filterfalse(STOPWORDS.__contains__, map(norm_word, words(text))))


@lru_cache(maxsize=50_000)
def content_stems(text: str) -> tuple[str, ...]:
    """`content_words(text)` each without its plural "s" (`plural_stem`). Cached: a sentence's stems are counted for
    the post's topic and compared again for every number asked in it."""
    return tuple(map(plural_stem, content_words(text)))


@lru_cache(maxsize=100_000)
def zipf_in(word: str, language: str) -> float:
    """How common a word is in a language, by wordfreq; 0 where wordfreq cannot say: Japanese, Korean and Chinese
    need a tokenizer (MeCab, jieba) that is not installed, and a Korean post must still import."""
    from wordfreq import zipf_frequency
    try:
        return zipf_frequency(word, language)
    except (ImportError, LookupError, ValueError):
        return 0.0


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    """How common a word is in English (0 = unknown, 7 = "the"); compounds take their rarest part."""
    w = norm_word(word)
    value = zipf_in(w, "en")
    if value == 0 and "-" in w:
        parts = [p for p in w.split("-") if p]
        if parts:
            value = min(zipf_in(p, "en") for p in parts)
    return value


def word_count(text: str) -> int:
    return len(words(text))


def sentence_case_start(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def whole_word_spans(text: str, target: str) -> list[tuple[int, int]]:
    """Where `target` occurs in `text` as a whole word or phrase (no regex: answers are data, not patterns)."""
    out: list[tuple[int, int]] = []
    if not target:
        return out
    start = text.find(target)
    while start != -1:
        end = start + len(target)
        before_ok = start == 0 or not (_is_word_char(text[start - 1]) and _is_word_char(target[0]))
        if before_ok and start >= 2 and target[0].isdigit() and text[start - 1] in ",." and text[start - 2].isdigit():
            before_ok = False  # the "2 Prozent" of "0,2 Prozent", the "5" of "1.5": part of another number
        after_ok = end == len(text) or not (_is_word_char(text[end]) and _is_word_char(target[-1]))
        if after_ok and target[-1].isdigit() and text[end:end + 1] in (",", ".") and text[end + 1:end + 2].isdigit():
            after_ok = False  # the "1" of "1,5"
        if before_ok and after_ok:
            out.append((start, end))
        start = text.find(target, end if before_ok and after_ok else start + 1)
    return out


def _boundary(text: str, at: int) -> bool:
    """Whether `\\b` holds at `at` in `text`, for ASCII text (where `\\w` is a letter, a digit or "_")."""
    return (at > 0 and _is_word_char(text[at - 1])) != (at < len(text) and _is_word_char(text[at]))


def inside_longer_word(text: str, target: str) -> bool:
    """`re.search(rf"\\w{re.escape(target)}|{re.escape(target)}\\w", text, re.I)`: `target`, in any case, run into a
    word character before or after it. ASCII text is searched without a pattern made for each target (compiling one
    cost more than the search); other text goes to the pattern."""
    if not (target and text.isascii() and target.isascii()):
        return re.search(rf"\w{re.escape(target)}|{re.escape(target)}\w", text, re.I) is not None
    low, t, n = text.lower(), target.lower(), len(target)
    at = low.find(t)
    while at >= 0:
        if at > 0 and _is_word_char(text[at - 1]) or at + n < len(text) and _is_word_char(text[at + n]):
            return True
        at = low.find(t, at + 1)
    return False


def named_in(word: str, text: str) -> bool:
    """`re.search(rf"[\\w,;] {re.escape(W)}\\b|\\b{re.escape(word.upper())}\\b", text)` with W the word with a capital:
    the word written as a name (after a word, not opening a sentence) or in capitals. ASCII text is searched without
    a pattern made for each word; other text goes to the pattern."""
    capital, upper = word[:1].upper() + word[1:], word.upper()
    if not (word and text.isascii() and word.isascii()):
        return re.search(rf"[\w,;] {re.escape(capital)}\b|\b{re.escape(upper)}\b", text) is not None
    spaced, n = " " + capital, len(capital) + 1
    at = text.find(spaced)
    while at >= 0:
        if at > 0 and (_is_word_char(text[at - 1]) or text[at - 1] in ",;") and _boundary(text, at + n):
            return True
        at = text.find(spaced, at + 1)
    n = len(upper)
    at = text.find(upper)
    while at >= 0:
        if _boundary(text, at) and _boundary(text, at + n):
            return True
        at = text.find(upper, at + 1)
    return False


def replace_whole(text: str, target: str, make) -> str:
    """Replace each whole-word occurrence of `target` with make(occurrence)."""
    spans = whole_word_spans(text, target)
    if not spans:
        return text
    parts, last = [], 0
    for a, b in spans:
        parts.append(text[last:a])
        parts.append(make(text[a:b]))
        last = b
    parts.append(text[last:])
    return "".join(parts)
