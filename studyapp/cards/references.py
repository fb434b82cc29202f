"""Pronouns and definite phrases inside a sentence that point at something only an earlier sentence names.

Blind grading on posts written for it found a third of the bad cards were missing their referent, and most of those
pointers sat mid-sentence, where the opener rules (`check.opens_with_reference`) do not look: "Brandt blocks it in
her cellar", "[...] solved its structure", "to break that loop", "brought that down", "In wet climates this can
take decades", "working there". A pointer counts as resolved inside its sentence only when a word of the right kind
stands before it: a singular thing for "it"/"its", a person for "he"/"her", something plural for "they", a place
for "there". The tagger is a small one, so these are tests of plausibility, not parses; they err towards asking for
the sentence before (or no card), which blind grading prefers to a card nobody can answer.
"""

from __future__ import annotations

import re

from .tagging import NOUN_TAGS, VERB_TAGS, Token, tag
from .text import may_hold, norm_word, search_lower, whole_words_pattern, zipf

POINTERS = ("it", "its", "he", "him", "his", "she", "her", "they", "them", "their", "there", "that", "this", "these",
            "those")
POINTER_RE = re.compile(r"\b(?:" + "|".join(POINTERS) + r")\b", re.I)
POINTER_LOWER_RE = re.compile(whole_words_pattern(POINTERS))  # (the same on lower-case text: `text.search_lower`)
PLEONASTIC_IT = re.compile(r"(?:wrong|right|is|was|'s|’s|seems|seemed|takes|took|pays|paid|helps|helped|turns out|turned out|"
                           r"matters|mattered)\b", re.I)
EXISTENTIAL_THERE = re.compile(r"(?:is|are|was|were|'s|’s|has|have|had|will|would|may|might|can|could|seems?|"
                               r"remains?|exists?|appears?|used)\b", re.I)
PERSON_NOUNS = frozenset("""man woman men women boy girl child children mother father wife husband son daughter
king queen emperor doctor physician scientist researcher author writer teacher instructor founder ceo chef baker
coach president minister physicist chemist biologist engineer host guest player farmer winemaker economist
historian pilot astronaut nurse patient student speaker artist musician composer poet inventor entrepreneur
investor trader manager leader lawyer judge officer soldier""".split())
PART_NOUNS = frozenset("half most much part all some rest share bulk majority portion fraction none third quarter "
                       "tenth percent".split())
CONNECTIVE_RE = re.compile(r"(?:^|,\s*)(?:however|therefore|thus|hence|nevertheless|nonetheless|consequently|"
                           r"likewise|similarly|meanwhile|in contrast|by contrast|as a result)\b|\b(?:therefore|thus|"
                           r"however)\s+[a-z]+|^(?:[\w’'\-]+\s+){1,2}also\s|^(?:[\w\-]+\s+){1,3}later\b|"
                           r"^(?:(?!\b1\d\d\d\b|\b20\d\d\b).)*?\bthe following\s+(?:[\d\[]|year|years|decade|decades|"
                           r"month|months|week|weeks|day|days|season|seasons|century)", re.I)
# ("Nwosu also names the Strait of Malacca", "Two days later the city reported…", "over the following five years"
# with no year before it: the first item, the day, the starting point are in a sentence the card does not show)
CONNECTIVE_WORDS = ("however", "therefore", "thus", "hence", "nevertheless", "nonetheless", "consequently",
                    "likewise", "similarly", "meanwhile", "contrast", "as a result", "also", "later", "the following")
# (one of which each of CONNECTIVE_RE's alternatives needs: `text.may_hold` tests for them before the pattern runs)


BREAKDOWN_RE = re.compile(r"^[^:]{2,60}: (?:about|around|roughly|approximately|approx\.|~|[$€£]|\d)")  # "Rent: €1.40"
OWN_VIEW_RE = re.compile(r"(?:experience|view|opinion|estimate|estimation|words|advice|book|own)\b", re.I)
NOT_DEMONSTRATIVE_BEFORE = frozenset("so such now given except provided".split())
CLAUSE_VERB_RE = re.compile(r"(?:agree|say|said|argu|claim|find|found|show|suggest|estimat|calculat|note|believ|"
                            r"think|thought|know|knew|mean|report|conclud|warn|explain|insist|add|point|predict|"
                            r"project|reali[sz]|recogni[sz]|assum|expect|hope|fear|admit|deny|denie|confirm|prove|"
                            r"learn|discover|notic|decid|ensur|stat|writ|wrote|hold|held|remind|observ|demonstrat)",
                            re.I)


def dangling_pointer(sentence: str, people: frozenset[str] = frozenset(), speaker: str = "", answer: str = "") -> bool:
    """True when a pronoun or demonstrative in the sentence has nothing it could stand for before it. In a post
    about one guest (`speaker`), "she"/"his" mid-sentence is the guest ("…, but she avoids it for enterprise
    deals"), as the post's reader takes it. A blanked person (`answer`) is not what "it" stands for: "Scientists such
    as [...] helped identify it" points at the pest of the sentence before, not at the scientist."""
    if may_hold(sentence, CONNECTIVE_WORDS) and CONNECTIVE_RE.search(sentence):
        return True  # "Within a few years, however, resistant strains…": the contrast is with a sentence not shown
    if not search_lower(POINTER_LOWER_RE, POINTER_RE, sentence):
        return False
    tokens = tag(sentence)
    person = bool(answer) and norm_word(answer.split()[-1]) in people
    at = sentence.find(answer) if person else -1  # "it" is never the person blanked
    blank = (at, at + len(answer)) if at >= 0 else (-1, -1)
    for k, t in enumerate(tokens):
        low = t.text.lower()
        if not POINTER_RE.fullmatch(low):
            continue
        before = tokens[:k]
        after = tokens[k + 1:k + 3]
        if low in ("it", "its"):
            passive = len(after) > 1 and after[0].text.lower() in ("is", "was") and after[1].tag == "VBN"
            if low == "it" and PLEONASTIC_IT.match(sentence, t.end + 1) and not passive:
                continue
            nxt = next((a for a in tokens[k + 1:k + 3] if a.text not in "\"“”'‘’"), None)
            if low == "it" and _object_of_verb(tokens, k) and not (nxt and nxt.tag in ("JJ", "JJR", "RB", "VBD", "VBZ",
                                                                                       "VBP", "MD")):
                # (not "makes it expensive", "judged it "very likely"", "says it sets": a complement or a clause of
                # its own, often pointing forward)
                before = _before_clause(before)  # "Cheap jammers can block it": a subject is not its own object
            if _thing_before([b for b in before if not blank[0] <= b.start < blank[1]], people):
                continue
            return True
        if low in ("he", "him", "his", "she", "her"):
            if low in ("his", "her") and OWN_VIEW_RE.match(sentence, t.end + 1):
                continue  # "in her experience", "in his view": the speaker's, whoever it is; the claim stands
            if not speaker and not _person_before(before, people):
                return True
        elif low in ("they", "them", "their"):
            if not any(b.tag in ("NNS", "NNPS") or b.tag == "CC" or b.tag == "NNP" and norm_word(b.text) not in people
                       for b in before):
                return True  # (one person is no "them": "Shockley called them the traitorous eight", set S)
        elif low == "there":
            if not EXISTENTIAL_THERE.match(sentence, t.end + 1) and not any(b.tag == "NNP" and norm_word(b.text) not in people for b in before[1:]):
                return True
        elif low == "that":
            if _demonstrative_that(before, after):
                return True
        elif after and (after[0].tag in VERB_TAGS or after[0].tag in (".", ",", ":")) and \
                not (after[0].tag == "VBN" and len(after) > 1 and after[1].tag == "IN"):
            return True  # "this can take decades", "calls this the …": "this" standing for a thing named before
    return False


CLAUSE_BOUNDARY = frozenset("and but or that which who when because while after before , ; :".split())


def _object_of_verb(tokens: list[Token], k: int) -> bool:
    """Is tokens[k] ("it") the object of the verb before it? The small tagger misses verbs after a modal ("can
    block" comes out a noun), so a word after "can"/"to" counts as one too."""
    if k == 0:
        return False
    prev = tokens[k - 1]
    return prev.tag in VERB_TAGS and prev.tag != "MD" or k >= 2 and tokens[k - 2].tag in ("MD", "TO") or \
        prev.text.lower().endswith("ed") and prev.tag not in NOUN_TAGS


def _before_clause(before: list[Token]) -> list[Token]:
    """The words before the clause "it" stands in: the clause's own subject is not what its object points at."""
    for j in range(len(before) - 1, -1, -1):
        if before[j].text.lower() in CLAUSE_BOUNDARY:
            return before[:j]
    return []


def _thing_before(before: list[Token], people: frozenset[str]) -> bool:
    """A singular thing "it" can stand for: a common noun, or a name that is not a person."""
    for k, b in enumerate(before):
        if norm_word(b.text) in PART_NOUNS and k + 1 < len(before) and before[k + 1].text.lower() == "of":
            continue  # "More than half of it is produced in…": the part is not what "it" stands for
        if b.tag == "NN" and norm_word(b.text) not in PERSON_NOUNS:
            return True
        if b.tag in ("NNP", "NNPS") and norm_word(b.text) not in people and norm_word(b.text) not in PERSON_NOUNS and not (
                k + 1 < len(before) and before[k + 1].tag == "NNP") and (k > 0 or zipf(b.text.lower()) < 4.5):
            return True  # "Dorothy Hodgkin": the last word decides; "Light roasts…": a capital, not a name
        if b.tag == "CD" and k + 1 < len(before) and before[k + 1].tag == "NN":
            continue
    return False


def _person_before(before: list[Token], people: frozenset[str]) -> bool:
    for k, b in enumerate(before):
        w = norm_word(b.text)
        if b.tag in ("NNP", "NNPS") and w in people:
            return True  # a person the post names ("After the Bay of Pigs failure he…": a place is nobody)
        if b.tag in ("NN", "NNS") and w.rstrip("s") in PERSON_NOUNS | {"wom", "m"} or w in PERSON_NOUNS:
            return True
    return False


def _demonstrative_that(before: list[Token], after: list[Token]) -> bool:
    """"break that loop.", "brought that down to", "for that,": "that" pointing back, not opening a clause
    ("estimates that workers lose…", "calculated that loading loose cargo…", "projected that, without action…")."""
    if not before or not after:
        return False
    prev = before[-1]
    low = prev.text.lower()
    if low in NOT_DEMONSTRATIVE_BEFORE or prev.tag in NOUN_TAGS or prev.tag in ("WDT", "WRB", ","):
        return False
    if low in ("after", "before", "than", "beyond") and any(b.tag in NOUN_TAGS for b in before):
        return False  # "the rest monthly after that": the one-year mark the sentence itself names
    verb = prev.tag in VERB_TAGS
    if verb and CLAUSE_VERB_RE.match(low):
        return False  # "agrees that lots of…", "found that even SMS codes…": a reported clause follows
    if not verb and prev.tag not in ("IN", "TO"):
        return False
    nxt = after[0]
    follow = after[1] if len(after) > 1 else None
    closes = follow is None or follow.tag in (".", ",", ":", "IN", "TO")
    if nxt.tag in (".", ":") or nxt.tag == "," and not verb:
        return True  # "for that,", "did that."
    if nxt.tag in ("RB", "RP"):
        return closes  # "brought that down to", not "suggesting that roughly two-thirds"
    if nxt.tag in ("NN", "NNS"):
        return closes  # "break that loop.", not "that loading loose cargo", "that workers lose"
    return False


DEFINITE_START_RE = re.compile(r"^[\"“‘(]?The\s+((?:[a-z][\w\-]*\s+){0,2}?)([a-z][\w\-]*)\b")


def echoes_previous(sentence: str, previous: str) -> bool:
    """"… an old VPN account. The account did not require MFA.": a sentence whose definite subject repeats a noun
    of the sentence before is about the thing that sentence introduced, and is not determined without it."""
    m = DEFINITE_START_RE.match(sentence)
    if not m or not previous:
        return False
    head = norm_word(m.group(2))
    stem = head[:-1] if len(head) > 3 and head.endswith("s") else head
    toks = tag(sentence[:m.end()])
    if not toks or toks[-1].tag not in ("NN", "NNS"):
        return False
    return bool(re.search(rf"\b{re.escape(stem)}(?:s|es)?\b", previous, re.I))
