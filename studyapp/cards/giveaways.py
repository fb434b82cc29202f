"""Prompts that give the answer away by arithmetic, by a conversion or a complement, and sentences that are site
junk or cut off: checks on what a cloze shows, made before the card exists.
"""

from __future__ import annotations

import re

from .text import words

CONVERSION_RE = re.compile(r"\d[\d,.]*\s*[^\W\d]*\.?\s*\(\s*(?:about\s+|or\s+|~)?\[\.\.\.\]|\[\.\.\.\]\s*"
                           r"(?:°\s?[CF]|[^\W\d]{1,12})?\s*\(\s*"
                           r"(?:about\s+|or\s+|roughly\s+|~)?[\d.,]+\s*[^\s\d)]")
# Numbers that could enter a sum; not labels ("Fact 5", "region 5", "Zone 2", "version 3").
NUMBER_IN_PROMPT = re.compile(r"(?<![\w.])(?<![A-Z][\w\-] )(?<![A-Z][\w\-]{2} )(?<![A-Z][\w\-]{3} )"
                              r"(?<!region )(?<!station )(?<!zone )(?<!tier )(?<!stage )(?<!version )(?<!chapter )"
                              r"(?<!episode )(?<!page )(?<!no\. )\d[\d,.]*(?!\d)")
YEAR_RE = re.compile(r"(?:1[5-9]|20)\d\d")
ARITHMETIC_CUES = re.compile(r"\b(?:leaves?|left|remain(?:s|ing)?|totals?|totalling|sum|adds? up|works? out|"
                             r"compound(?:s|ed|ing)?|grows? to|grew to|becomes?|not|instead of|rather than|minus|"
                             r"plus|times|per|each|doubl(?:es|ed|ing)|half|halves|every)\b", re.I)


def _computable(answer: str, window: str) -> bool:
    """The answer can be worked out from what is in view: two or more other numbers joined by arithmetic
    ("day 27, not day 30" -> 3 days; "$500k at 7% for 25 years grows to" -> $2.71M)."""
    rest = window.replace(answer, " ")
    others = [m for m in NUMBER_IN_PROMPT.finditer(rest) if not YEAR_RE.fullmatch(m.group().rstrip(".,"))]  # "by 2030" is
    # when, not an operand: "41 dollars per kWh; targets 19 dollars by 2030" cannot be worked out
    if re.search(r"\b(?:hours?|minutes?)\b", answer) and len(CLOCK_RE.findall(rest)) >= 2:
        return True  # "half-life … half of a 3 p.m. coffee is still circulating at 9 p.m." -> 6 hours
    if "%" in answer or "percent" in answer:
        share = _percent_value(answer)
        if share is not None and any(_percent_value(m.group()) is not None and
                                     abs(_percent_value(m.group()) + share - 100) < 0.01
                                     for m in re.finditer(r"\d[\d.,]*\s?(?:%|percent)", rest)):
            return True  # "30% signal and [...] marketing" -> 70%
    if len(others) < 2 or not ARITHMETIC_CUES.search(rest):
        return False
    if len(others) >= 3:
        return True
    unit = (words(answer)[-1].lower().rstrip("s") if len(words(answer)) > 1 else "")
    same = [m for m in others if unit and re.match(rf"\s*{re.escape(unit)}", window.replace(answer, " ")[m.end():],
                                                     re.I) or unit and re.search(
        rf"{re.escape(unit)}s?\s*$", window.replace(answer, " ")[:m.start()], re.I)]
    return len(others) >= 2 and bool(same)


# (Past the start, a match begins at a bracket, an "@" or the first letter of a junk word: that one character is
# tested before the alternatives, which would otherwise all be tried at every position.)
JUNK_RE = re.compile(r"(?:^|(?=[(\[@src]))(?:"
                     r"^\s*[QA]:\s|^\W*\d{1,2}:\d{2}(?::\d{2})?\b|[(\[]\d{1,2}:\d{2}(?::\d{2})?[)\]]|(?<!\w)@\w|\b(?:share|read more|click|subscribe|sign up)\b|^\W*\d+[.)]\s"
                     r")", re.I)


CLOCK_RE = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|Uhr\b|h\b)", re.I)


def _percent_value(text: str) -> float | None:
    m = re.match(r"\s*(\d+(?:[.,]\d+)?)\s?(?:%|percent)", text)
    return float(m.group(1).replace(",", ".")) if m else None


def _junk_sentence(sentence: str) -> bool:
    """Site junk or a broken sentence: no card is better than one the learner cannot read."""
    if JUNK_RE.search(sentence) or re.search(r"(?:…|\.\.\.)\W*$", sentence.strip()):
        return True  # "… alertaram …": a sentence the page cut off
    return len(words(sentence)) < 5
