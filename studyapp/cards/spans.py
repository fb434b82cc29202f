"""Finding and ranking the spans of a sentence worth blanking.

A good blank is the point of the sentence and cannot be guessed from the rest of it: a name, a number with its unit,
a quoted coinage, a term the sentence defines. A bad blank is a verb, an adverb, a common noun ("hires",
"variants"), a word the whole set is about ("Wang" in a post about Wang), one item of an inline series (its siblings
give it away), or an aside ("asked by Vance for comment", "who lives in WhatsApp", "a conference in India").
Candidates come from the part-of-speech tags (`tagging.py`), never from rarity alone; rarity only ranks them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .first_names import is_first_name
from .tagging import ADJ_TAGS, NOUN_TAGS, Token, lexicon_tag, tag
from .text import NUMBER_WORDS, STOPWORDS, norm_word, words, zipf

CONNECTORS = {"of", "and", "&", "for", "the", "de", "von", "van", "la", "du", "del", "der"}
LEADING_JUNK = {"the", "a", "an", "on", "in", "at", "for", "from", "with", "by", "as", "to", "of", "and", "but", "or",
                "if", "when", "while", "after", "before", "since", "unlike", "like", "asked", "even", "both", "first",
                "finally", "then", "so", "yet", "still", "also", "however", "because", "though", "although",
                "meanwhile", "inside", "where", "whether", "what", "who", "how", "why", "it", "its", "this", "that",
                "these", "those", "his", "her", "their", "our", "my", "your", "he", "she", "they", "we", "i", "you",
                "key", "most", "many", "some", "every", "each", "all", "no", "not", "only", "per", "via", "over"}
ORG_WORDS = {"lab", "labs", "inc", "corp", "corporation", "company", "co", "initiative", "project", "framework",
             "intelligence", "ai", "times", "microsystems", "analysis", "institute", "university", "group",
             "foundation", "fund", "capital", "ventures", "partners", "bank", "party", "council", "agency", "research",
             "systems", "technologies", "network", "media", "news", "post", "journal", "google", "apple",
             "microsoft", "openai", "anthropic", "facebook", "instagram", "whatsapp", "chatgpt", "gemini", "claude",
             "meta", "amazon", "nvidia", "tesla", "program", "school", "college", "association", "society",
             "ministry", "department", "office", "commission", "committee", "league", "club", "team", "studio",
             "studios", "records", "press", "review", "magazine", "hospital", "clinic", "center", "centre"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_SHORT_NUMBER_RE = re.compile(r"\d{1,4}")
_HYPHEN_LOWER_RE = re.compile(r"-[a-z]")
_PAREN_ACRONYM_RE = re.compile(r"\s*\(([A-Z][A-Za-z0-9&]{1,8})\)")
_POSSESSIVE_RE = re.compile(r"\s*(?:’s|'s)\b")
_TOPIC_OPENER_RE = re.compile(r"\s*(?:On|About|Regarding|As for)\s+")
_TOPIC_COMMA_RE = re.compile(r"\s*(?:’s|'s)?\s*[\w\s]{0,30},")
_NAME_AND_END_RE = re.compile(r"[A-Z][\w\-]*\s+and$")
_AND_NAME_RE = re.compile(r"\s+and\s+[A-Z]")
_CITED_RE = re.compile(r"\s*(?:’s|'s)?\s+(?:et al|study|studies|paper|trial|meta-analysis|lab|group)\b")
SUCH_AS_RE = re.compile(r"\b(?:such as|e\.g\.)\s+[^,;.:()]*(?:,\s*[^,;.:()]*)*?(?=[;.:()]|,\s*(?:which|and\s+"
                        r"(?:the|a|it|they)\b|but\b)|$)", re.I)
_SOURCE_LEAD_RE = re.compile(r"\b(?:published in|appeared in|reported in|writing in|(?:study|paper|article|report|"
                             r"review|analysis) in|according to|laut|selon|según|"
                             r"secondo|segundo|d'après|zufolge)\s+(?:the\s+|dem\s+|der\s+|la\s+|el\s+|le\s+|il\s+|"
                             r"o\s+|a\s+)?$", re.I)
_EXAMPLE_LEAD_RE = re.compile(r"(?:such as|e\.g\.|named|called a|for example|for instance)(?:\s+(?:the|a|an))?$",
                              re.I)
_HOST_ASKS_RE = re.compile(r"\s+(?:asks|asked|presses|pressed|pushes|pushed|wonders|wondered|probes|probed|"
                           r"challenges|challenged|interrupts|jokes|joked|puts it|put it)\b")
_TOWN_COMMA_RE = re.compile(r"[A-Z][\w\-]*,$")
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
UNIT_WORDS = {"mmol", "mg", "g", "kg", "kcal", "mph", "rpm", "bc", "bce", "ad", "ce", "lux", "mmhg", "ppm", "mph", "kph", "°c", "°f", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month",
              "months", "year", "years", "decade", "decades", "century", "centuries", "percent", "degree", "degrees",
              "times", "x", "km", "kilometres", "kilometers", "mile", "miles", "meters", "metres", "kg", "g", "mg",
              "grams", "ton", "tons", "tonnes", "dollars", "euros", "pounds", "people", "users", "employees",
              "researchers", "gb", "tb", "mb", "gw", "mw", "kw", "gwh", "twh", "watts", "billion", "million",
              "thousand", "trillion", "points", "steps", "cells", "calories", "kcal", "servings", "reps", "sets",
              "beats", "bpm", "ml", "liters", "litres", "cups", "feet", "inches", "cm", "mm", "pm", "am", "bps"}
# The same units in the corpus's other languages (de, es, fr, it, pt, nl): "60 Prozent", "40 por ciento".
UNIT_WORDS |= {"prozent", "pozent", "porcentaje", "pourcent", "percento", "procent", "grad", "grados", "degrés",
               "gradi", "graus", "jahre", "jahren", "años", "ans", "années", "anni", "anos", "jaar", "monate",
               "monaten", "meses", "mois", "mesi", "maanden", "tage", "tagen", "días", "jours", "giorni", "dias",
               "dagen", "stunden", "horas", "heures", "ore", "uur", "minuten", "minutos", "minutes", "minuti",
               "millionen", "milliarden", "millones", "milliards", "milioni", "miliardi", "milhões", "bilhões",
               "miljoen", "miljard", "tonnen", "toneladas", "tonnes", "tonnellate", "kilometer", "kilómetros",
               "kilomètres", "chilometri", "quilômetros", "metern", "metros", "mètres", "metri", "euro", "dollar",
               "dólares", "dollari", "dólares", "personen", "personas", "personnes", "persone", "pessoas", "menschen",
               "haushalte", "häuser", "kubikmeter", "liter", "litros", "litres", "litri", "kilogramm", "kilos"}
# Words that introduce what the sentence defines or names: "is framed as an appetizer", "known as X".
DEFINERS = {"is", "are", "was", "were", "as", "called", "named", "dubbed", "termed", "coined", "labelled", "labeled",
            "nicknamed", "become", "becomes", "became", "remains", "means", "calls", "call", "dubs", "terms"}
RELATIVES = {"who", "whom", "whose", "which", "where"}
QUOTE_RE = re.compile(r"[“\"]([^”\"“]{2,120}?)[,.;:!?]?[”\"]")
NUMBER_RE = re.compile(
    r"(?<![\w$€£./])(?<!\d,)(?<!\d[ \u00a0\u202f])(?:\$|€|£)?(?:\d+,\d{1,2}(?!\d)|\d{1,3}(?:,\d{3})+"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:(?<=\d)(?:[KMB]n?|bn|tn|k)\b)?(?:-[a-z]+)?(?:\s?%)?(?![\d.,]\d|\d|[\w.]\d|/\d)"
    r"|\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?:-[a-z]+)?\b", re.I)
RANGE_RE = re.compile(r"\s*(?:to|-|–|and|y|e|und|bis|et|à|a)\s*$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # quote | name | acronym | number | term
    category: str  # person | org | name | number | quote | term  (for multiple-choice distractors)
    flags: frozenset[str] = field(default=frozenset())  # aside | series | place | definitional | year | bare


@lru_cache(maxsize=20_000)
def categorise_name(text: str, known_people: frozenset[str] = frozenset()) -> str:
    toks = [t for t in words(text) if t.lower() not in CONNECTORS]
    if not toks:
        return "term"
    if any(norm_word(t) in ORG_WORDS for t in toks) or any(t.isupper() and len(t) > 1 for t in toks):
        return "org"
    if norm_word(text) in known_people:
        return "person"
    if 2 <= len(toks) <= 3 and is_first_name(toks[0]) and all(t[0].isupper() for t in toks) and \
            not _common_noun_surname(toks[-1]):
        return "person"
    return "name"  # several capitalised words: a place, a work, a person without a known first name


SURNAME_WORDS = {"smith", "baker", "cook", "miller", "carter", "taylor", "young", "king", "wood", "hill", "green",
                 "brown", "white", "black", "long", "hall", "wall", "rose", "bell", "price", "ward", "fox", "hunt",
                 "cross", "stone", "ford", "page", "mason", "porter", "walker", "turner", "fisher", "hunter", "parker",
                 "bishop", "knight", "marshall", "fields", "banks", "lane", "woods", "wells", "brooks", "rivers",
                 "may", "day", "west", "north", "love", "law", "case", "gates", "jobs", "best", "sharp", "little",
                 "strong", "golden", "chase", "grant", "field", "bush", "ray", "rich", "frank", "gross"}


def _common_noun_surname(word: str) -> bool:
    """"Liberty Loan", "Madison Square Garden", "Houston Rockets": a first name before an everyday noun is a
    thing's name, not a person's (but "Will Smith", "Bill Gates")."""
    w = word.lower()
    return w not in SURNAME_WORDS and zipf(w) >= 3.8 and lexicon_tag(w) in ("NN", "NNS")


def is_capitalised(token: str) -> bool:
    return token[:1].isupper() or (token[:1].isdigit() and any(c.isalpha() for c in token) and token[-1].isupper())


def find_candidates(sentence: str, known_people: frozenset[str] = frozenset()) -> list[Span]:
    """Candidate blanks in a sentence; names are sorted into people and organisations with `known_people`."""
    out = []
    for span in _raw_candidates(sentence):
        if span.kind == "name" and known_people:
            span = Span(span.start, span.end, span.text, span.kind, categorise_name(span.text, known_people),
                        span.flags)
        out.append(span)
    return out


@lru_cache(maxsize=20_000)
def _raw_candidates(sentence: str) -> tuple[Span, ...]:
    tokens = tag(sentence)
    if not tokens:
        return ()
    spans = _quotes(sentence) + _names(sentence, tokens) + _numbers(sentence, tokens)
    spans += _terms(sentence, tokens, [(s.start, s.end) for s in spans])
    series = _series_ranges(sentence)
    asides = _aside_ranges(sentence, tokens)
    examples = _example_clauses(sentence) + _quoted_passages(sentence)
    out = []
    for s in _dedupe(spans):
        if s.kind == "name" and _half_binomial(sentence, s):
            continue  # "Saccharomyces cerevisiae": blanking the genus, the epithet gives it away
        if s.kind in ("name", "acronym") and _part_of_a_name(sentence, s):
            continue  # "Jim O'[...]", "St Mary" of "St Mary's Hospital", "Port Newark–[...]"
        if s.kind == "name" and s.text.lower() in ("celsius", "fahrenheit", "kelvin"):
            continue  # "several degrees [...]": a unit
        if s.kind == "acronym" and re.search(r"\d[\d,.]*(?:\s+(?:million|billion|thousand))?\s+$", sentence[:s.start]):
            continue  # "4 million TEU": a unit, the number is the fact
        flags = set(s.flags)
        if any(a <= s.start and s.end <= b for a, b in examples):
            flags.add("example")
        if any(a <= s.start and s.end <= b for a, b in series):
            flags.add("series")
        if any(a <= s.start and s.end <= b for a, b in asides):
            flags.add("aside")
        out.append(Span(s.start, s.end, s.text, s.kind, s.category, frozenset(flags)))
    return tuple(out)


LATIN_EPITHET_RE = re.compile(r"\s+([a-z]{4,}(?:us|is|ae|ii|um|a|ensis|ens|i))\b")


def _half_binomial(sentence: str, span: Span) -> bool:
    m = LATIN_EPITHET_RE.match(sentence, span.end)
    return bool(m) and " " not in span.text and zipf(m.group(1)) < 3.0 and lexicon_tag(m.group(1)) in (None, "JJ", "NN")


def _part_of_a_name(sentence: str, span: Span) -> bool:
    after = sentence[span.end:span.end + 6]
    if span.kind == "name" and re.search(r"\b[A-Z][\w\-]+\s+(?:and|on|of|for|de|del|des|für|di)\s+$",
                                         sentence[:span.start]) and not re.match(r"\s*,", sentence[span.end:]) and \
            categorise_name(span.text) != "person":
        return True  # "Centers for Disease Control and [Prevention]", "Global Research on [Antimicrobial Resistance]"
    return bool(re.match(r"['’][A-Z]|['’]s\s+[A-Z]|[–-][A-Z]", after) or
                re.search(r"[A-Za-z]['’]$|[A-Z]\w*[–-]$|[A-Z]\w*['’]s\s+$|\w\s+(?:He|She)\s+$", sentence[:span.start]))
    # ("on He Jiankui's experiment": a name whose first part reads as a pronoun)


def _index_at(tokens: tuple[Token, ...], pos: int) -> int:
    """The index of the first token starting at or after `pos` (tokens are in order)."""
    return bisect.bisect_left(tokens, pos, key=lambda t: t.start)


def _before(tokens: tuple[Token, ...], pos: int, n: int = 1) -> list[Token]:
    i = _index_at(tokens, pos)
    return list(tokens[max(0, i - n):i])


def _quotes(sentence: str) -> list[Span]:
    """Quoted noun phrases: often the post's memorable coinage ("economy of agents"). A quoted clause is not one."""
    out = []
    for m in QUOTE_RE.finditer(sentence):
        inner = m.group(1).strip().rstrip(",.;:!?")
        n = len(words(inner))
        if not 1 <= n <= 6:
            continue
        toks = tag(inner)
        content = [t for t in toks if t.text[:1].isalnum()]
        slogan = content[0].tag == "VB" and 2 <= n <= 5 and not any(t.tag == "CC" for t in toks)
        coined = n <= 5 and not any(t.tag in ("VBD", "VBZ", "VBP", "MD", "CC", "PRP") for t in toks) and \
            content[-1].text.lower() not in STOPWORDS  # "one level ahead": a named rule, whatever its last word
        if not slogan and not coined and (any(t.is_verb and t.tag not in ("VBG", "VBN") for t in content) or
                           content[-1].tag not in NOUN_TAGS | {"CD"} or any(t.tag == "CC" for t in toks)):
            continue  # "did not have the courage", "alive and kicking": a quoted remark, not a term
        start = sentence.index(inner, m.start())
        if re.search(r"[A-Za-z]\d|\d[A-Za-z@]|[@$#]\w", inner) and " " not in inner:
            continue  # "Summer2024", "P@ssw0rd1": a sample string, not a term
        flags = {"definitional"}
        if re.search(r"(?:\blike|such as|e\.g\.|rather than|instead of|than)\s*$", sentence[:m.start()], re.I):
            flags = {"example"}  # "a short string like "P@ssw0rd1"", "rather than "work on the report""
        out.append(Span(start, start + len(inner), inner, "quote", "quote", frozenset(flags)))
    return out


def _quoted_passages(sentence: str) -> list[tuple[int, int]]:
    """Quotations longer than a term ("If it is 7 a.m. …, then I will write for 10 minutes."): what they hold is
    the speaker's illustration."""
    return [(m.start(), m.end()) for m in re.finditer(r"[“\"]([^”\"“]{40,})[”\"]", sentence)]


def _names(sentence: str, tokens: tuple[Token, ...]) -> list[Span]:
    """Capitalised runs (people, organisations, products, places), with a trailing "(ACRONYM)"."""
    out: list[Span] = []
    words_ = [t for t in tokens if t.text[:1].isalnum()]
    i = 0
    while i < len(words_):
        tok = words_[i]
        if not is_capitalised(tok.text):
            i += 1
            continue
        j = i
        while j + 1 < len(words_):
            nxt = words_[j + 1]
            gap = sentence[words_[j].end:nxt.start]
            if gap.strip() not in ("", "-"):
                break
            if is_capitalised(nxt.text) and not (nxt.text.lower() in CALENDAR and j > i):
                j += 1
            elif nxt.text.lower() in CONNECTORS and j + 2 < len(words_) and is_capitalised(words_[j + 2].text) \
                    and words_[j + 2].text.lower() not in CALENDAR \
                    and sentence[nxt.end:words_[j + 2].start].strip() == "" and nxt.text.lower() != "and" \
                    and not (nxt.text.lower() == "&" and (words_[j + 2].text.isupper()
                                                          or words_[j].text.isupper() or j > i)):
                j += 2
            else:
                break
        if j + 1 < len(words_) and _SHORT_NUMBER_RE.fullmatch(words_[j + 1].text) and \
                sentence[words_[j].end:words_[j + 1].start] == " " and words_[j].text.lower() not in CALENDAR and \
                not (j + 2 < len(words_) and words_[j + 2].text.lower() in UNIT_WORDS):
            j += 1  # "FERC Order 2023", "Llama 3": the number is part of the name
        run = words_[i:j + 1]
        i = j + 1
        if run and run[0].start and sentence[run[0].start - 1].isdigit():
            run = run[1:]  # "$3.5M Series A": the M belongs to the number
        while run and run[0].text.lower() in LEADING_JUNK:
            run = run[1:]
        while run and run[-1].text.lower() in CONNECTORS:
            run = run[:-1]
        # A capitalised common word opening the sentence ("Larger MSL models") is not part of the name.
        while len(run) > 1 and _opens_sentence(sentence, run[0].start) and _common_word(run[0]) and \
                not is_first_name(run[0].text) and run[0].tag not in ("NNP", "NNPS"):
            run = run[1:]
        if not run or all(t.text.isdigit() for t in run) or len(run) == 1 and len(run[0].text) < 2:
            continue
        if len(run) == 1 and _opens_sentence(sentence, run[0].start) and \
                run[0].text.lower().endswith(("ing", "ed", "ly", "tion", "ment", "ness", "ity", "ism")):
            continue  # "Playtesting with five strangers...": a capital because the sentence starts there
        if sentence[max(0, run[0].start - 2):run[0].start] in ("r/", "u/") or run[0].start and sentence[run[0].start - 1] in "@#":
            continue  # "r/Reddit", "@handle", "#tag": the prefix names it
        if len(run) == 1 and (_HYPHEN_LOWER_RE.search(run[0].text) or run[0].tag in ADJ_TAGS and not run[0].text.isupper()):
            continue  # "AI-native", "Chinese": adjectives, not names
        if all(t.text.lower() in CALENDAR for t in run):
            continue
        if len(run) == 1 and _opens_sentence(sentence, run[0].start) and (
                run[0].tag not in ("NNP", "NNPS") and (_common_word(run[0]) or run[0].tag not in NOUN_TAGS) or
                lexicon_tag(run[0].text.lower()) not in (None, "NNP", "NNPS")):
            continue  # "Take superintelligence seriously", "Random, intermittent rewards…", "Engineers retire":
            # a capital because the sentence starts there, on a word the lexicon knows in lower case
        start, end = run[0].start, run[-1].end
        text = sentence[start:end]
        paren = _PAREN_ACRONYM_RE.match(sentence[end:])
        if paren and _initials_match(text, paren.group(1)):
            end += paren.end()
            text = sentence[start:end]
        kind = "acronym" if len(run) == 1 and text.isupper() else "name"
        category = "org" if kind == "acronym" else categorise_name(text)
        flags = set()
        prev = _before(tokens, start)
        prev_word = prev[0].text.lower() if prev else ""
        if prev_word in ("in", "at", "near", "from", "across", "into", "through", "via") and \
                category != "person" and not _POSSESSIVE_RE.match(sentence, end):
            flags.add("place")  # "a conference in India", "as far as Gandhara": where, rarely the point
        if prev_word in ("by", "from") and category in ("person", "name") or _CITED_RE.match(sentence, end) or \
                _SOURCE_LEAD_RE.search(sentence[:start]):
            flags.add("cited")  # "a study by Šrámek", "the Colorado studies", "published in The Lancet", "laut
            # Statistischem Bundesamt": who ran or printed the study is a detail
        if _TOPIC_OPENER_RE.fullmatch(sentence, 0, start) and _TOPIC_COMMA_RE.match(sentence, end):
            continue  # "On Social Security, Dale says...": the topic the sentence opens with is its heading
        between = sentence[:start].rstrip()
        if prev_word == "like" or _EXAMPLE_LEAD_RE.search(between):
            flags.add("example")  # "users like Kylie Robinson": an illustration, not the claim
        if _HOST_ASKS_RE.match(sentence, end):
            flags.add("aside")  # "Vance pushes that...": the host asking is not the fact
        if category != "person" and len(run) <= 2 and _TOWN_COMMA_RE.search(between):
            flags.add("place")  # "in Devens, Massachusetts": the state after its town
        if _NAME_AND_END_RE.search(between) or _AND_NAME_RE.match(sentence, end):
            flags.add("pair")  # "Kansas to Illinois and Indiana": one of a pair is a detail its partner half gives
        after = _index_at(tokens, end)
        if len(run) == 1 and after < len(tokens) and tokens[after].tag in ("NN", "NNS") and \
                not is_capitalised(tokens[after].text) and not sentence[end:tokens[after].start].strip():
            if _opens_sentence(sentence, start):
                continue  # "Lactic acid bacteria…": the sentence's capital on an adjective
            flags.add("modifier")  # "Euboean talents", "Elamite texts": a proper adjective, guessable filler
        out.append(Span(start, end, text, kind, category, frozenset(flags)))
    return out


def _opens_sentence(sentence: str, at: int) -> bool:
    head = sentence[:at].rstrip(" “\"‘(")
    return not head or head[-1] in ".!?:;"


def _common_word(tok: Token) -> bool:
    return not tok.text.isupper() and zipf(tok.text.lower()) >= 3.5


def _numbers(sentence: str, tokens: tuple[Token, ...]) -> list[Span]:
    """Numbers with their unit ("nine months", "20%", "$3 billion"), ranges as one answer ("seven to nine hours")."""
    out: list[Span] = []
    matches = list(NUMBER_RE.finditer(sentence))
    k = 0
    while k < len(matches):
        m = matches[k]
        start, end = m.start(), m.end()
        low = m.group().lower()
        if low == "one" or re.fullmatch(r"[a-z]+-[a-z]+", low) or (low.isalpha() and sentence[m.start():m.start() + 1].isupper()
                            and _opens_sentence(sentence, m.start()) and not _unit_after(sentence, end)):
            k += 1  # "one of them", "Two of the most..." : a pronoun or a count of nothing in particular
            continue
        around = sentence[max(0, start - 12):end + 12].lower()
        if MONTH_THEN_DAY_RE.search(around) and len(m.group()) <= 2 or DAY_THEN_MONTH_RE.match(sentence[end:].lower()):
            k += 1  # "3 September 2013", "May 4": the day of a date
            continue
        if re.fullmatch(r"\d{1,3}", m.group()) and ORDINAL_RE.match(sentence, end) and \
                sentence[max(0, start - 1):start] != "-":
            end = ORDINAL_RE.match(sentence, end).end()  # "fell to 24th": a rank
            century = re.match(r"\s+centur", sentence[end:])  # "the 21st century": a when, a last resort
            out.append(Span(start, end, sentence[start:end], "number", "number",
                            frozenset({"ordinal", "date"} if century else {"ordinal"})))
            k += 1
            continue
        if re.search(r"\d:$", sentence[:start]) or re.match(r":\d", sentence[end:]):
            k += 1  # "a 2:1 ratio": one half of a ratio is no fact
            continue
        if sentence[max(0, start - 1):start] in ("-",) or re.match(r"[A-Za-z]", sentence[end:end + 1] or " "):
            k += 1  # part of a name or code: "GPT-4", "B2"
            continue
        ratio = k + 1 < len(matches) and re.fullmatch(r"\s*to\s*", sentence[end:matches[k + 1].start()]) and \
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
                (not re.search(r"\b(?:and|y|e|und|et)\b", sentence[end:matches[k + 1].start()]) or
                 sentence[:start].rstrip().lower().endswith(("between", "entre", "zwischen"))) and \
                not sentence[:start].rstrip().lower().endswith("from"):  # "from 62 to 70": a change, two facts
            k += 1
            end = matches[k].end()
        of_more = re.match(r"\s+of\s+(millions|billions|thousands|trillions)\b", sentence[end:], re.I)
        if of_more:
            end += of_more.end()
        else:
            unit = _unit_after(sentence, end)
            if unit:
                end += unit
            elif not (low.isalpha() and NUMBER_WORDS.get(low, 100) < 13):
                end = _counted_noun_end(tokens, end)  # "40 contractors", "60 in-house specialists"
        text = sentence[start:end]
        flags = set()
        date = DATE_BEFORE_RE.search(sentence[:start]) if re.fullmatch(r"(1[5-9]|20)\d\d", text) else None
        if date:  # "entered into force on 1 August 2024"
            out.append(Span(date.start(), end, sentence[date.start():end], "number", "number", frozenset({"date"})))
            k += 1
            continue
        if re.fullmatch(r"(1[5-9]|20)\d\d|\d{1,4}(?:\s*[-–]\s*\d{1,4})?\s+(?:BC|BCE|AD|CE)", text):
            flags.add("year")
            if EVENT_YEAR_RE.search(sentence[max(0, start - 60):start]):
                flags.add("event")
        if end == m.end() and not re.search(r"[%$€£]", text) and (
                not _counts_a_noun(tokens, end) or low in NUMBER_WORDS and NUMBER_WORDS[low] < 13):
            flags.add("bare")  # "four principles", "two rungs": a count of what the sentence lists, rarely the point
        if re.match(r"\s*[\w\- ]{0,30}\s*[(:]", sentence[end:]):
            flags.add("bare")  # "four principles (a, b, c, d)": the count is visible in the list that follows
        if re.fullmatch(r"\d{1,2}-[a-z]+", text) and _number_value(text) <= 10:
            flags.add("modifier")  # "each 1-point rise", "a 5-minute warning": a unit of the sentence's thing
        if of_more and low.isalpha():
            k += 1
            continue  # "hundreds of millions": a magnitude, not a figure
        out.append(Span(start, end, text, "number", "number", frozenset(flags)))
        k += 1
    return out


SCALE_WORDS = {"thousand", "million", "billion", "trillion"}


def _same_style(a: str, b: str) -> bool:
    return a[:1].isdigit() == b[:1].isdigit() or a[:1] in "$€£" and b[:1] in "$€£"


def _number_value(text: str) -> float:
    low = text.lower().strip("$€£")
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    m = re.match(r"[\d,]+(?:\.\d+)?", low)
    return float(m.group().replace(",", "")) if m else 0.0


PERCENT_PHRASE_RE = re.compile(r"\s*(?:por ciento|pour cent|per cento|por cento)\b", re.I)


def _unit_after(sentence: str, end: int) -> int:
    phrase = PERCENT_PHRASE_RE.match(sentence, end)
    if phrase:
        return phrase.end() - end
    unit = re.match(r"\s*([A-Za-z]+)\b(?:/[A-Za-z]+\b|\s+(?:Celsius|Fahrenheit|Kelvin|C|F)\b)?", sentence[end:])
    if unit and unit.group(1).lower() in UNIT_WORDS:
        more = unit.group(1).lower() in SCALE_WORDS and _unit_after(sentence, end + unit.end())
        return unit.end() + (more or 0)  # "37.8 billion tonnes", "80 million kilometres"
    return 0


def _counted_noun_end(tokens: tuple[Token, ...], end: int) -> int:
    i = _index_at(tokens, end)
    j = i
    while j < len(tokens) and j - i < 2 and tokens[j].tag in ADJ_TAGS and "-" in tokens[j].text:
        j += 1
    if j < len(tokens) and tokens[j].tag == "NNS" and not is_capitalised(tokens[j].text) and \
            (j + 1 >= len(tokens) or tokens[j + 1].tag not in ("NN", "NNS", "DT", "PRP$")):
        return tokens[j].end  # "40 contractors"; not "67 cuts the benefit", not "50/50 portfolio"
    return end


def _counts_a_noun(tokens: tuple[Token, ...], end: int) -> bool:
    i = _index_at(tokens, end)
    return i < len(tokens) and tokens[i].tag in NOUN_TAGS | ADJ_TAGS


def _terms(sentence: str, tokens: tuple[Token, ...], taken: list[tuple[int, int]]) -> list[Span]:
    """Noun phrases the sentence defines or names ("signal is token efficiency", "framed as an appetizer"), and
    coined compounds ("test-time compute"). A plain noun phrase elsewhere is rarely what the sentence teaches."""
    out: list[Span] = []
    tokens = _lower_opener(sentence, tokens)
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if not (t.tag in NOUN_TAGS | ADJ_TAGS or t.tag == "VBG" and i + 1 < n and tokens[i + 1].tag in NOUN_TAGS) \
                or is_capitalised(t.text) or t.text.lower() in STOPWORDS:
            i += 1
            continue
        j = i
        while j + 1 < n and (tokens[j + 1].tag in NOUN_TAGS | ADJ_TAGS or tokens[j + 1].tag == "HYPH") and \
                not is_capitalised(tokens[j + 1].text) and tokens[j + 1].text.lower() not in STOPWORDS and \
                sentence[tokens[j].end:tokens[j + 1].start].strip() == "":
            j += 1
        # "of"-phrases belong to the term: "economy of agents", "state of the art"
        if j + 2 < n and tokens[j + 1].text == "of" and tokens[j + 2].tag in NOUN_TAGS and \
                not is_capitalised(tokens[j + 2].text) and tokens[j].tag in NOUN_TAGS:
            j += 2
        while j >= i and tokens[j].tag not in NOUN_TAGS:
            j -= 1  # a phrase ends on its noun
        if j > i and j + 1 < n and (tokens[j + 1].tag in ("PRP", "DT", "PRP$") or tokens[j + 1].text.lower() in
                                    ("it", "them", "that", "what", "how", "up", "down", "out", "off")):
            j -= 1  # "as the liver metabolises it": the lexicon took the verb for a plural noun
        if j < i:
            i += 1
            continue
        phrase = tokens[i:j + 1]
        start, end = phrase[0].start, phrase[-1].end
        next_i = j + 1
        if any(a < end and start < b for a, b in taken) or len(phrase) > 5:
            i = next_i
            continue
        prev = _before(tokens, start, 2)
        if prev and prev[-1].text.lower() in ("to", "will", "would", "can", "could", "should", "must", "might",
                                               "may", "not", "never"):
            i = next_i  # "not to oversell": a verb the lexicon took for a noun
            continue
        if prev and phrase[0].tag == "NNS" and (prev[-1].tag in ("NNP", "NNPS", "PRP", "WDT", "WP") or
                                                prev[-1].text.lower() in ("who", "which", "that")):
            i = next_i  # "who measures lactate": the lexicon took the verb for a plural noun
            continue
        definitional = any(p.text.lower() in DEFINERS for p in prev[-1:]) or \
            (len(prev) == 2 and prev[0].text.lower() in DEFINERS and prev[1].tag in ("DT", "PRP$", "JJ")) or \
            not prev and bool(SUBJECT_DEFINED_RE.match(sentence, end))  # "Prevalence is roughly incidence × …"
        # Leading adjectives are description, not the term: "strong token efficiency" -> "token efficiency";
        # what is left must be a compound of nouns, a hyphenated coinage, or one rare noun the sentence defines.
        core = list(phrase)
        while len(core) > 1 and not _noun_use(core[0]) and "-" not in core[0].text:
            core = core[1:]
        nouns = [p for p in core if _noun_use(p)]
        compound = len(nouns) >= 2 and all(_nominal(p) for p in nouns if "-" in p.text) or any(
            "-" in p.text and _nominal(p) for p in core)
        if core[0].text.split("-")[0].lower() in NUMBER_WORDS:
            compound = False  # "one-time", "two-way": a count, not a coinage
        rare_single = len(core) == 1 and zipf(core[0].text.lower()) < (4.0 if not prev else 3.05) and \
            not core[0].text.lower().endswith(("est", "ly", "ous", "ful", "ive"))  # "were the sneakiest"
        if core[0].text.lower() in QUANTITY_HEADS or prev and prev[-1].text.lower() == "per" or \
                re.match(r"\s*\d", sentence[end:]):
            i = next_i  # "large numbers of strangers", "per kilowatt-hour", "moonquake of magnitude 5": a measure
            continue  # or a unit, not a term
        if compound or (definitional and rare_single):
            start = core[0].start
            flags = {"definitional"} if definitional else set()
            out.append(Span(start, end, sentence[start:end], "term", "term", frozenset(flags)))
        i = next_i
    return out


SUBJECT_DEFINED_RE = re.compile(r"\s+(?:is|are|means|refers to|describes|measures)\s+(?!not\b|also\b|now\b|still\b|"
                                r"the\s+(?:main|key|best|biggest|first|most)\b)")


def _lower_opener(sentence: str, tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """A common word capitalised only because it opens the sentence ("Rye flour feeds…", after a label's colon
    too) is read as the lower-case word it is, so a term can start there; a name stays a name."""
    out = list(tokens)
    for k, tok in enumerate(tokens[:-1]):
        if tok.text[:1].isupper() and tok.text[1:].islower() and _opens_sentence(sentence, tok.start) and \
                tok.text.lower() not in STOPWORDS:
            lexical = lexicon_tag(tok.text.lower())
            if lexical in NOUN_TAGS | ADJ_TAGS and lexicon_tag(tok.text) in (None, "NNP") and \
                    not is_first_name(tok.text):
                out[k] = Token(tok.start, tok.end, tok.text.lower(), lexical)
    return tuple(out)


QUANTITY_HEADS = {"number", "numbers", "lot", "lots", "kind", "kinds", "type", "types", "variety", "range", "amount",
                  "amounts", "majority", "part", "share", "piece", "group", "set", "series", "bunch", "couple",
                  "level", "levels", "degree", "rate", "dozens", "hundreds", "thousands", "millions"}


@lru_cache(maxsize=20_000)
def _part_tags(word: str) -> tuple[str, ...]:
    return tuple(t.tag for t in tag(word))


def _noun_use(tok: Token) -> bool:
    """Tagged a noun, or a noun by itself used as a modifier ("token efficiency"; the tagger says JJ for "token")."""
    if tok.tag in NOUN_TAGS:
        return True
    if tok.tag not in ADJ_TAGS | {"VB", "VBP"}:
        return False
    w = tok.text.lower()
    alone = _part_tags(w)[:1]
    return alone in (("NN",), ("NNS",), ("VB",)) or tok.tag == "JJ" and not w.endswith(ADJECTIVE_ENDINGS) and \
        zipf(w) < 4.0


ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ant", "ent", "ary", "ory", "ish", "ed",
                     "ing", "ly", "est", "er", "y")


def _nominal(tok: Token) -> bool:
    """A noun in its own right: "test-time" (test + time) is, "near-term" (near + term) and "long" are not."""
    parts = [p for p in tok.text.split("-") if p]
    return all(t in NOUN_TAGS or t == "CD" for p in parts for t in _part_tags(p.lower())[:1])


EXAMPLE_CLAUSE_RE = re.compile(r",\s+(?:an?|one)\s+(?:[\w\-]+\s+){0,2}(?:example|illustration|case in point)\b|"
                               r"(?:^|[;:]\s*)(?:for example|for instance|e\.g\.),?\s", re.I)


def _example_clauses(sentence: str) -> list[tuple[int, int]]:
    """The clause a sentence itself calls an example ("Carl Jung retreated to his tower, a bimodal example; most
    people…", "For instance, …"): what it names illustrates the claim and is not the claim."""
    out = []
    for m in SUCH_AS_RE.finditer(sentence):  # "compare populations such as Japan and Nigeria": the examples
        out.append((m.start(), m.end()))
    for m in EXAMPLE_CLAUSE_RE.finditer(sentence):
        start = max(sentence.rfind(";", 0, m.start()), sentence.rfind(":", 0, m.start())) + 1
        end = sentence.find(";", m.end())
        out.append((start, end if end >= 0 else len(sentence)))
    return out


def _series_ranges(sentence: str) -> list[tuple[int, int]]:
    """Inline series of three or more ("Facebook, Instagram, and WhatsApp", "bio, chem, cyber"): one item is
    guessable from its siblings, so no item is blanked alone (a list note asks for the series instead)."""
    out = []
    item = r"[\w’'\-]+(?:\s[\w’'\-]+)?"
    for m in re.finditer(rf"\b{item}(?:,\s{item}){{1,}},?\s(?:and|or)\s{item}", sentence):
        out.append((m.start(), m.end()))
    return out


def _aside_ranges(sentence: str, tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """Asides: a participle or relative clause set off by commas ("Sam Altman, asked by Vance for comment, ..."),
    a relative clause ("who lives in WhatsApp"), parentheses. What they name is incidental to the claim."""
    out = []
    for m in re.finditer(r",\s+([^,]{3,80}?)(?=,)", sentence):  # set off on both sides: a closing clause
        # (", cutting update time from 11 days to 3.") is often the point of the sentence
        first = tag(m.group(1))[:1]
        if first and (first[0].tag in ("VBN", "VBG", "VBD") or first[0].text.lower() in RELATIVES) and \
                first[0].text.lower() not in ("including", "led", "run", "founded", "built", "called", "known"):
            out.append((m.start(), m.end()))
    for m in re.finditer(r"\([^)]*\)", sentence):
        out.append((m.start(), m.end()))
    return out


def _initials_match(name: str, acronym: str) -> bool:
    """"Assured Robot Intelligence" ~ "ARRI", "Product and Applied Research" ~ "PAR": same first letter, similar size."""
    initials = "".join(w[0] for w in words(name) if w.lower() not in CONNECTORS).upper()
    acr = acronym.upper()
    return bool(initials) and initials[0] == acr[0] and abs(len(initials) - len(acr)) <= 1 and \
        all(c in acr for c in initials)


def _dedupe(spans: list[Span]) -> list[Span]:
    """One span per place; a span inside a longer one of a better kind goes."""
    out: dict[tuple[int, int], Span] = {}
    for s in spans:
        out.setdefault((s.start, s.end), s)
    values = list(out.values())
    keep = [s for s in values if not any(
        o is not s and o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start)
        and not (s.kind == "number" and o.kind == "term") for o in values)]
    return sorted(keep, key=lambda s: (s.start, -s.end))


FALLBACK_SCORE = 1.8  # what a when (a year, a date) is worth: under the bar of a takeaway's main blanks, over the
# bar of its last resort (`generate.FALLBACK_MIN`)
KIND_WEIGHT = {"name": 3.0, "number": 2.8, "quote": 2.6, "acronym": 2.2, "term": 2.0}


@lru_cache(maxsize=50_000)
def score_span(span: Span, sentence: str, topic_words: frozenset[str]) -> float:
    """Higher is a better blank; 0 means never blank this."""
    toks = [norm_word(t) for t in words(span.text)]
    content = [t for t in toks if t not in STOPWORDS]
    if not content or "series" in span.flags:
        return 0.0
    if len(toks) > max(2, 0.45 * len(words(sentence))) or len(toks) > 6:
        return 0.0
    topical = sum(1 for t in content if any(p in topic_words or p.rstrip("s") in topic_words
                                            for p in [t, *t.split("-")] if p))
    last = content[-1]
    if span.kind != "number" and (topical == len(content) or span.category in ("person", "term") and (
            last in topic_words or last.rstrip("s") in topic_words)):  # "Alex Wang" in a post about Wang,
        # "systems approach superintelligence" in a post about superintelligence
        return 0.0  # the post's own subject, or a term built on it ("health super intelligence" in a post on it)
    rarity = sum(max(0.0, 6.0 - zipf(t)) for t in content) / len(content)
    score = KIND_WEIGHT[span.kind] + min(rarity, 4.0) * 0.35
    if span.kind != "number":
        score *= 1.0 - 0.4 * topical / len(content)
    if span.kind == "term":
        if "definitional" not in span.flags:
            score -= 1.0  # a term the sentence does not define is the riskiest blank ("ethos of openness")
        if len(content) == 1 and zipf(content[0]) >= 3.5:
            score -= 1.5  # a plain word ("variants", "stack"): filler, whatever its position
    if span.kind == "number":
        if "bare" in span.flags:
            score -= 1.8
        if "year" in span.flags and "event" not in span.flags:
            return 0.0
        if "year" in span.flags or "date" in span.flags:
            # "in 2023 Ledgerline ended...": when, rarely the point; asked only where a takeaway has nothing better
            # ("the sharp drop that began in 2016", "entered into force on 1 August 2024")
            score = FALLBACK_SCORE
    if span.kind == "name" and span.category != "person" and (
            len(content) == 1 and zipf(content[0]) >= 4.5 or len(content) > 1 and all(zipf(w) >= 4.3 for w in content)):
        score -= 1.0  # "Earth", "Nobel Prize": capitalised everyday words, guessable from their sentence
    if span.kind == "acronym" and zipf(span.text.lower()) >= 3.3:
        score -= 1.2  # "AI", "CEO", "IPO": acronyms everyone knows are filler, not facts
    if span.kind == "quote" and len(content) == 1 and "-" not in span.text and zipf(content[0]) >= 3.0:
        return 0.0  # "memory", "burnt", "weaker": a plain word in quotes is the post's wording, not a term
    if span.kind == "quote" and all(zipf(w) >= 4.0 for w in content) and \
            tag(span.text)[0].tag in ADJ_TAGS | {"RB", "DT"}:
        score -= 1.0  # "full renovation": the post's wording of something plain ("compliance graph" is a term)
    score -= sum(FLAG_PENALTY.get(flag, 0.0) for flag in span.flags)
    return max(score, 0.0)


# How much less a blank is worth where the sentence marks it as incidental (see `_names` and `_aside_ranges`).
FLAG_PENALTY = {"aside": 1.6, "place": 2.2, "example": 2.0, "modifier": 1.0, "pair": 2.0, "cited": 1.6}
