"""Numbers as candidate blanks: a number with its unit, ranges, ratios, ranks and dates as one answer each, in
English and the other languages the reader knows."""

from __future__ import annotations

import re

from .span_base import CALENDAR, Span, _index_at, _opens_sentence, _search_before, is_capitalised
from .tagging import ADJ_TAGS, NOUN_ADJ_TAGS, Token
from .text import ENGLISH_MONTHS, NUMBER_WORDS, may_hold

MONTH_THEN_DAY_RE = re.compile(r"\b(?:" + "|".join(sorted(CALENDAR, key=len, reverse=True)) +
                               r")\.?\s+\d{1,2}\b(?!\d)")
DAY_THEN_MONTH_RE = re.compile(r"\s+(?:" + "|".join(sorted(CALENDAR, key=len, reverse=True)) + r")\b")
_MONTHS = "|".join(sorted((c for c in CALENDAR if c not in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                                               "saturday", "sunday")), key=len, reverse=True))
# The day and month before a year: "on 3 September 2013", "on September 3, 2013" (one date, one answer).
DATE_BEFORE_RE = re.compile(rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+)?\b(?:{_MONTHS})\.?\s+$|\b(?:{_MONTHS})\.?\s+"
                            rf"\d{{1,2}}(?:st|nd|rd|th)?,?\s+$", re.I)
# A year worth asking is when something happened: "the drop that began in 2016", "developed by David Liu in 2016";
# not "since 2020", "from 1979", "Søberg's 2021 work".
EVENT_YEAR_RE = re.compile(r"\b(?:[a-z]+ed|began|begun|won|made|built|became|came|went|fell|rose|grew|took|broke|"
                           r"wrote|written|found|sold|led|set)\b(?:\s+[\w’'\-]+){0,4}?\s+in\s+$")
ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)\b")
WORD_HYPHEN_RE = re.compile(r"[a-z]+-[a-z]+")
SHORT_DIGITS_RE = re.compile(r"\d{1,3}")
CENTURY_RE = re.compile(r"\s+centur")
OF_MORE_RE = re.compile(r"\s+of\s+(millions|billions|thousands|trillions)\b", re.I)
YEAR_SPAN_RE = re.compile(r"(1[5-9]|20)\d\d|\d{1,4}(?:\s*[-–]\s*\d{1,4})?\s+(?:BC|BCE|AD|CE)")
LIST_AFTER_RE = re.compile(r"\s*[\w\- ]{0,30}\s*[(:]")
SMALL_HYPHEN_RE = re.compile(r"\d{1,2}-[a-z]+")
YEAR_TEXT_RE = re.compile(r"(1[5-9]|20)\d\d")
ONE_TO_RE = re.compile(r"\s*(?:to|or|-|–)\s*(?:two|three|four|five|six|seven|eight|nine|ten|\d)", re.I)
YEAR_LEAD_RE = re.compile(r"(?:^|[,;:]\s*|\b(?:and|or)\s+)(?:By|In|Since|Until|Before|After|From|by|in|since|until)\s+"
                          r"(?:(?:early|mid|late|mid-)?\s*(?:" + ENGLISH_MONTHS +
                          r"|spring|summer|autumn|fall|winter)\s+)?$|"
                          r"\b(?:dal|al|nel|del|im|seit|bis|desde|hasta|depuis|jusqu'en)\s+$")
# ("and by 1987 governments had signed", "dal 1978 al 1999", "In March 1974 farmers from a village …" (set Z): a
# year, not a count of governments or farmers)
SAY_RE = re.compile(r"\b(?:say|e\.g\.|for example|for instance|imagine|suppose)[,:]?\s*(?:a|an|about)?\s*$", re.I)
SAY_WORDS = ("say", "e.g.", "example", "instance", "imagine", "suppose")  # one of which SAY_RE needs
UNIT_WORDS = {"mmol", "mg", "g", "kg", "kcal", "mph", "rpm", "bc", "bce", "ad", "ce", "lux", "mmhg", "ppm", "mph", "kph", "°c", "°f", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month",
              "months", "year", "years", "decade", "decades", "century", "centuries", "percent", "degree", "degrees",
              "times", "x", "km", "kilometres", "kilometers", "mile", "miles", "meters", "metres", "kg", "g", "mg",
              "grams", "ton", "tons", "tonnes", "dollars", "euros", "pounds", "people", "users", "employees",
              "researchers", "gb", "tb", "mb", "gw", "mw", "kw", "gwh", "twh", "watts", "billion", "million",
              "thousand", "hundred", "trillion", "points", "steps", "cells", "calories", "kcal", "servings", "reps", "sets",
              "beats", "bpm", "ml", "liters", "litres", "cups", "feet", "inches", "cm", "mm", "pm", "am", "bps"}
# The same units in the corpus's other languages (de, es, fr, it, pt, nl): "60 Prozent", "40 por ciento".
COUNTED_WORDS = frozenset("people users employees researchers points steps cells calories servings reps sets beats".split())
UNIT_WORDS |= {"prozent", "pozent", "porcentaje", "pourcent", "percento", "procent", "grad", "grados", "degrés",
               "gradi", "graus", "jahre", "jahren", "años", "ans", "années", "anni", "anos", "jaar", "monate",
               "monaten", "meses", "mois", "mesi", "maanden", "tage", "tagen", "días", "jours", "giorni", "dias",
               "dagen", "stunden", "horas", "heures", "ore", "uur", "minuten", "minutos", "minutes", "minuti",
               "millionen", "milliarden", "millones", "milliards", "milioni", "miliardi", "milhões", "bilhões",
               "miljoen", "miljard", "tonnen", "toneladas", "tonnes", "tonnellate", "kilometer", "kilómetros",
               "kilomètres", "chilometri", "quilômetros", "metern", "metros", "mètres", "metri", "euro", "dollar",
               "dólares", "dollari", "dólares", "personen", "personas", "personnes", "persone", "pessoas", "menschen",
               "haushalte", "häuser", "kubikmeter", "liter", "litros", "litres", "litri", "kilogramm", "kilos",
               "megawatt", "megawatts", "gigawatt", "gigawatts", "kilowatt", "kilowatts", "terawattstunden",
               "kilowattstunden", "kwh", "mwh", "hektar", "hectares", "hectáreas", "quadratkilometer", "km²", "m²",
               "m³", "megavatios", "mégawatts"}


def _word_trie(words_: set[str] | dict[str, int]) -> str:
    """An alternation of words as a trie ("s(?:even(?:t(?:een|y))?|ix(?:t(?:een|y))?)"): the pattern tries each
    letter once at a word's start instead of every word in turn. Along one path the longer word is tried first, as
    in an alternation sorted longest first, so the same word matches."""
    trie: dict = {}
    for w in words_:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        alt = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{alt})?" if "" in node else alt

    return emit(trie)


NUMBER_RE = re.compile(
    r"(?=[$€£\d" + "".join(sorted({w[0] for w in NUMBER_WORDS})) + r"])(?:"
    r"(?<![\w$€£./])(?<!\d,)(?<!\d[ \u00a0\u202f])(?:\$|€|£)?(?:\d+,\d{1,2}(?!\d)|\d{1,3}(?:,\d{3})+"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:(?<=\d)(?:[KMB]n?|bn|tn|k)\b)?(?:-[a-z]+)?(?:\s?%)?(?![\d.,]\d|\d|[\w.]\d|/\d)"
    r"|\b(?:" + _word_trie(NUMBER_WORDS) + r")(?:-[a-z]+)?\b)", re.I)
# The same for ASCII text (most sentences), with ASCII character classes and the same matches, 1.4 times as fast.
# (Unicode white space holds four ASCII control characters, U+001C to U+001F, that ASCII `\s` does not: added back.
# Both alternatives start where no word character stands before, a look-behind and a word boundary: tested first,
# as most positions of a sentence are inside a word.)
NUMBER_ASCII_RE = re.compile(r"(?<!\w)" + NUMBER_RE.pattern.replace(r"\s?%", r"[\s\x1c-\x1f]?%"), re.I | re.ASCII)
TO_RE = re.compile(r"\s*to\s*")
AND_RE = re.compile(r"\b(?:and|y|e|und|et)\b")
CURRENCY_RE = re.compile(r"[%$€£]")
UNIT_RE = re.compile(r"\s*([A-Za-z]+)(?:-[A-Za-z]+)?\b(?:/[A-Za-z]+\b|\s+(?:Celsius|Fahrenheit|Kelvin|C|F)\b)?")
# ("170 gigawatt-hours": the unit whole)
VALUE_RE = re.compile(r"[\d,]+(?:\.\d+)?")
RANGE_RE = re.compile(r"\s*(?:to|-|–|and|or|y|e|und|bis|et|à|a|oder|ou|o)\s*$")


def _numbers(sentence: str, tokens: tuple[Token, ...]) -> list[Span]:
    """Numbers with their unit ("nine months", "20%", "$3 billion"), ranges as one answer ("seven to nine hours")."""
    out: list[Span] = []
    matches = list((NUMBER_ASCII_RE if sentence.isascii() else NUMBER_RE).finditer(sentence))
    say = bool(matches) and may_hold(sentence, SAY_WORDS)  # (whether SAY_RE can match anywhere in it)
    k = 0
    while k < len(matches):
        m = matches[k]
        start, end = m.start(), m.end()
        low = m.group().lower()
        if low == "one" and not ONE_TO_RE.match(sentence, end) or WORD_HYPHEN_RE.fullmatch(low) or (low.isalpha() and sentence[m.start():m.start() + 1].isupper()
                            and _opens_sentence(sentence, m.start()) and not _unit_after(sentence, end)):
            k += 1  # "one of them", "Two of the most..." : a pronoun or a count of nothing in particular
            continue
        if len(m.group()) <= 2 and m.group().isdigit() and CLASS_BEFORE_RE.search(sentence, max(0, start - 14), start):
            k += 1  # "stage 1 hypertension", "type 2 diabetes", "Phase 3 trials": a class's name, not a figure
            continue
        if len(m.group()) <= 2 and MONTH_THEN_DAY_RE.search(sentence[max(0, start - 12):end + 12].lower()) or \
                sentence[end:end + 1].isspace() and DAY_THEN_MONTH_RE.match(sentence[end:].lower()):
            k += 1  # "3 September 2013", "May 4": the day of a date
            continue
        if SHORT_DIGITS_RE.fullmatch(m.group()) and ORDINAL_RE.match(sentence, end) and \
                sentence[max(0, start - 1):start] != "-":
            end = ORDINAL_RE.match(sentence, end).end()  # "fell to 24th": a rank
            century = CENTURY_RE.match(sentence, end)  # "the 21st century": a when, a last resort
            out.append(Span(start, end, sentence[start:end], "number", "number",
                            frozenset({"ordinal", "date"} if century else {"ordinal"})))
            k += 1
            continue
        if sentence[start - 1:start] == ":" and sentence[start - 2:start - 1].isdigit() or \
                sentence[end:end + 1] == ":" and sentence[end + 1:end + 2].isdigit():
            k += 1  # "a 2:1 ratio": one half of a ratio is no fact
            continue
        if sentence[max(0, start - 1):start] in ("-", "|") or sentence[end:end + 1] in ("⟩", "〉", ">", "|") or \
                sentence[end:end + 1].isascii() and sentence[end:end + 1].isalpha():
            k += 1  # part of a name or code: "GPT-4", "B2", a quantum state "|1⟩"
            continue
        ratio = k + 1 < len(matches) and TO_RE.fullmatch(sentence[end:matches[k + 1].start()]) and \
            matches[k + 1].group() == "1" and _number_value(m.group()) > 1
        if ratio:  # "outnumber yeasts by roughly 100 to 1": one answer
            k += 1
            end = matches[k].end()
            out.append(Span(start, end, sentence[start:end], "number", "number", frozenset()))
            k += 1
            continue
        # a range: "seven to nine hours", "5-6 hours", "between 20 and 30 percent" (not "$400K and five months",
        # not a change "from $520M to $380M": those are two facts)
        while k + 1 < len(matches) and RANGE_RE.fullmatch(sentence[end:matches[k + 1].start()]) and \
                _same_style(m.group(), matches[k + 1].group()) and \
                _number_value(m.group()) < _number_value(matches[k + 1].group()) and \
                (not AND_RE.search(sentence[end:matches[k + 1].start()]) or
                 sentence[:start].rstrip().lower().endswith(("between", "entre", "zwischen"))) and \
                not sentence[:start].rstrip().lower().endswith("from"):  # "from 62 to 70": a change, two facts
            k += 1
            end = matches[k].end()
        of_more = OF_MORE_RE.match(sentence, end)
        if of_more:
            end += of_more.end()
        else:
            unit = _unit_after(sentence, end)
            if unit and YEAR_TEXT_RE.fullmatch(m.group()) and YEAR_LEAD_RE.search(sentence[:start]) and \
                    sentence[end:end + unit].split()[0].lower() in COUNTED_WORDS:
                unit = 0  # "In 1978 researchers showed…": a year, not a count (set J); "By 1500 metres" stays
            if unit:
                end += unit
            elif not (low.isalpha() and NUMBER_WORDS.get(low, 100) < 13) and not (
                    YEAR_TEXT_RE.fullmatch(m.group()) and YEAR_LEAD_RE.search(sentence[:start])):  # "By 1500 presses
                # were operating": a year, not a count of presses
                end = _counted_noun_end(tokens, end)  # "40 contractors", "60 in-house specialists"
        text = sentence[start:end]
        flags = set()
        # (the two look-backs end where the number starts and span two words, and six: searched from there)
        date = _search_before(DATE_BEFORE_RE, sentence, max(0, start - 30), start, 3) \
            if YEAR_TEXT_RE.fullmatch(text) else None
        if date:  # "entered into force on 1 August 2024"
            out.append(Span(date.start(), end, sentence[date.start():end], "number", "number", frozenset({"date"})))
            k += 1
            continue
        if YEAR_SPAN_RE.fullmatch(text):
            flags.add("year")
            before = sentence[max(0, start - 60):start]
            if _search_before(EVENT_YEAR_RE, before, 0, len(before), 7):
                flags.add("event")
        if end == m.end() and not CURRENCY_RE.search(text) and (
                not _counts_a_noun(tokens, end) or low in NUMBER_WORDS and NUMBER_WORDS[low] < 13):
            flags.add("bare")  # "four principles", "two rungs": a count of what the sentence lists, rarely the point
        if ("(" in sentence or ":" in sentence) and LIST_AFTER_RE.match(sentence, end):
            flags.add("bare")  # "four principles (a, b, c, d)": the count is visible in the list that follows
        if say and SAY_RE.search(sentence, max(0, start - 30), start):
            flags.add("example")  # "a fund of, say, $200 million": a figure made up to illustrate
        if SMALL_HYPHEN_RE.fullmatch(text) and _number_value(text) <= 10:
            flags.add("modifier")  # "each 1-point rise", "a 5-minute warning": a unit of the sentence's thing
        if of_more and low.isalpha():
            k += 1
            continue  # "hundreds of millions": a magnitude, not a figure
        out.append(Span(start, end, text, "number", "number", frozenset(flags)))
        k += 1
    for m in READING_RE.finditer(sentence) if "/" in sentence else ():  # "130/80 mmHg": one reading, two numbers
        end = m.end() + _unit_after(sentence, m.end())
        out.append(Span(m.start(), end, sentence[m.start():end], "number", "number", frozenset()))
    return out


CLASS_BEFORE_RE = re.compile(r"\b(?:type|stage|phase|grade|class|tier|generation)\s+$", re.I)
READING_RE = re.compile(r"(?<![\w/.,])\d{2,3}/\d{2,3}(?![\w/]|[.,]\d)")
SCALE_WORDS = {"hundred", "thousand", "million", "billion", "trillion"}


def _same_style(a: str, b: str) -> bool:
    digits = lambda x: x.lstrip("$€£")[:1].isdigit()  # noqa: E731 ("$250–280 billion": one range)
    return digits(a) == digits(b) and (a[:1] in "$€£" or b[:1] not in "$€£")


def _number_value(text: str) -> float:
    low = text.lower().strip("$€£")
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    m = VALUE_RE.match(low)
    return float(m.group().replace(",", "")) if m else 0.0


PERCENT_PHRASE_RE = re.compile(r"\s*(?:por ciento|pour cent|per cento|por cento)\b", re.I)


def _unit_after(sentence: str, end: int) -> int:
    phrase = PERCENT_PHRASE_RE.match(sentence, end)
    if phrase:
        return phrase.end() - end
    unit = UNIT_RE.match(sentence, end)
    if unit and unit.group(1).lower() in UNIT_WORDS:
        more = unit.group(1).lower() in SCALE_WORDS and _unit_after(sentence, unit.end())
        return unit.end() - end + (more or 0)  # "37.8 billion tonnes", "80 million kilometres"
    return 0


# Function words of the other languages that end in "s", which the English tagger takes for plural nouns: "1888
# als Professor" is no count of "als" (set P).
FOREIGN_S_WORDS = frozenset("als des les dos das los las mas más pas sans dans vers tras bis uns mais tous très après "
                            "depuis plus dass dies".split())


def _counted_noun_end(tokens: tuple[Token, ...], end: int) -> int:
    i = _index_at(tokens, end)
    if i and tokens[i - 1].end > end:
        return end  # "In February 1637, buyers failed…": the comma (in the number's token) ends the number
    j = i
    while j < len(tokens) and j - i < 2 and tokens[j].tag in ADJ_TAGS and "-" in tokens[j].text:
        j += 1
    if j < len(tokens) and tokens[j].tag == "NNS" and not is_capitalised(tokens[j].text) and \
            tokens[j].text.lower() not in FOREIGN_S_WORDS and \
            (j + 1 >= len(tokens) or tokens[j + 1].tag not in ("NN", "NNS", "DT", "PRP$")):
        return tokens[j].end  # "40 contractors"; not "67 cuts the benefit", not "50/50 portfolio"
    return end


def _counts_a_noun(tokens: tuple[Token, ...], end: int) -> bool:
    i = _index_at(tokens, end)
    return i < len(tokens) and tokens[i].tag in NOUN_ADJ_TAGS
