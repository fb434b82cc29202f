"""A coined term and its definition: "Iatrogenics: Harm caused by the healer." asks for the term.

Books of ideas and interviews define their terms in "Term: explanation" takeaways ("Via negativa: It is usually
more reliable to improve things by subtraction …", "Hormesis: Small doses of stress … make living systems
stronger"). The label is the cue of an ordinary "Label: explanation" takeaway and never its blank (blind grading:
"The streak", "Career in one line" blanked were HEAD every time), so these takeaways had no card at all, though the
term is what a reader should keep (blind set AB: "Lindy effect", "via negativa", "iatrogenics" uncovered). When the
label is a rare word or phrase, the takeaway's first sentence is its definition and does not name it, the card
shows the definition and asks for the term.
"""

from __future__ import annotations

import re

from ..takeaways.model import Takeaway
from .check import answer_key, card_problems, opens_with_reference
from .giveaways import _junk_sentence
from .model import KEY_TAKEAWAYS, Card, Note, stable_id
from .post_context import _Context
from .references import dangling_pointer
from .tagging import tag
from .text import CALENDAR_YEAR_RE, content_words, split_sentences, words, zipf_in

TERM_LABEL_RE = re.compile(r"(?:[Tt]he\s+)?(?P<term>[A-Za-z][a-z\-]+(?:\s+[A-Za-z][a-z\-]+){0,3})")
RARE_ZIPF = 3.0  # a term has a word under this ("iatrogenics", "hormesis", "barbell" 2.7, "Lindy" 2.8)
MIN_DEFINITION_WORDS = 4
MAX_DEFINITION_WORDS = 30
PROMPT = "Name the term: “{}”"
NOT_IN_A_TERM = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "PRP", "PRP$", "CD"})
PLEONASTIC_RE = re.compile(r"It(?: is|'s|’s) (?:\w+ly )?(?:more |less |often |usually )?\w+ (?:to|that)\b")  # "It is usually
# more reliable to improve things by subtraction …": no "it" that points back
PRACTICE_RE = re.compile(r"(?:ing|\b(?:strategy|rule|method|technique|principle|approach|habit|practice|routine|"
                         r"diet|protocol|test|exercise))$", re.I)
STORY_RE = re.compile(r"\b(?:he|she|his|her|him|they|their|them)\b", re.I)  # someone's doings, not a meaning


def _not_a_term(tokens: list) -> bool:
    """A label with a verb, pronoun or number in it, or opening with a preposition, is no term."""
    return any(tok.tag in NOT_IN_A_TERM for tok in tokens) or tokens[0].tag == "IN"


def term_note(t: Takeaway, ctx: _Context) -> Note | None:
    """The takeaway's label asked from its definition, or None when the label is no coined term or the first
    sentence after it is no definition a learner could name it from."""
    if ctx.language != "en" or not t.label:
        return None
    m = TERM_LABEL_RE.fullmatch(t.label.strip().rstrip(":").strip())
    if not m:
        return None
    term = m["term"]
    lowered = [w.lower() for w in term.split()]
    if not term[:1].isupper() or min(zipf_in(w, "en") for w in lowered) >= RARE_ZIPF or \
            term.lower() in ctx.people or any(w in ctx.title_key.split() for w in lowered) or \
            any(w[:1].isupper() for w in term.split()[1:]) or _not_a_term(tag(term)):
        return None  # a plain label ("The teams", "Japan first"), a clause ("Vulcanization changed everything"), a
        # count ("Three unifiers"), a name ("Sealand of the Pacific"), a place in a story ("Inside the crevasse"), a
        # person, or the post's own topic
    claims = split_sentences(t.text)
    definition = claims[0].strip() if claims else ""
    if not MIN_DEFINITION_WORDS <= len(words(definition)) <= MAX_DEFINITION_WORDS or _junk_sentence(definition) or \
            opens_with_reference(definition) and not PLEONASTIC_RE.match(definition) or \
            dangling_pointer(definition, ctx.people, ctx.speaker) or \
            not definition[:1].isupper() or not re.search(r"[.!?]$", definition) or STORY_RE.search(definition) or \
            CALENDAR_YEAR_RE.search(definition.split(",")[0]) or \
            tag(definition)[0].tag == "VB" and not PRACTICE_RE.search(term):
        return None  # a story ("In late November 1989 she walked across the border"), not what the term means, the
        # rest of a sentence ("the soprano Henriette Sontag was 18 …"), or advice under a label that names no
        # practice ("Procrastination: Start with the smallest step": the problem, and the sentence its cure; but
        # "Barbell strategy: Put most of your resources …", "Batching: Answer all email …" are what they name)
    shown = definition.lower()
    if any(w[:5] in shown for w in lowered if len(w) >= 5) or any(w in content_words(shown) for w in lowered):
        return None  # "Optionality: An option gives you …": the term stands in its definition
    key = answer_key(term)
    if key in ctx.asked:
        return None
    note_id = stable_id(ctx.ts.id, t.id, "label")
    source = ctx.source(KEY_TAKEAWAYS, t.full_text)
    card = Card(id=stable_id(ctx.ts.id, t.id, "label", "front"), note_id=note_id, kind="label", ord=1, key="front",
                prompt=PROMPT.format(definition), answer=term, back=f"{term}: {definition}",
                context=" ".join(claims[1:]), source=source, category="term")
    if card_problems(card):
        return None
    ctx.asked.add(key)
    return Note(id=note_id, set_id=ctx.ts.id, ref=t.id, kind="label", text=card.prompt, extra=term, source=source,
                cards=[card])
