"""Notes and cards as the generator produces them, before any scheduling.

Ids are 63-bit integers hashed from the set id, the takeaway or section id and the card's own key, so the same set
gives the same ids on every machine, and neither row order nor the clock plays a part.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

KINDS = ("cloze", "label", "list", "section")


def stable_id(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1 or 1


KEY_TAKEAWAYS = "Key Takeaways"  # `CardSource.section` of a card made from a takeaway
TLDW = "TLDW"  # ... and of one made from the TLDW


@dataclass
class CardSource:
    set_title: str
    section: str  # "Key Takeaways" or the summary section's heading
    text: str  # the full takeaway (or section) the card came from
    url: str | None = None


@dataclass
class Card:
    id: int
    note_id: int
    kind: str
    ord: int  # 1-based position within the note (the cloze number for cloze and list notes)
    key: str  # what makes this card itself within its note (the blanked text, or "all" / "front")
    prompt: str
    answer: str  # the thing to recall
    back: str  # the prompt completed: what the reveal shows
    context: str  # sentences shown after the answer, kept out of the prompt so they cannot give it away
    source: CardSource
    category: str | None = None  # for cloze answers: person | org | number | quote | term
    choices: list[str] = field(default_factory=list)  # multiple-choice options (answer included), may be empty
    # How the generator came to the card (the blank's score and flags, which sentence, how the prompt was cut): read
    # by the card model (`card_score.py`), never stored or exported.
    hints: dict = field(default_factory=dict, compare=False, repr=False)

    def to_json(self) -> dict:
        return {"id": self.id, "note_id": self.note_id, "kind": self.kind, "ord": self.ord, "prompt": self.prompt,
                "answer": self.answer, "back": self.back, "context": self.context, "category": self.category,
                "choices": self.choices,
                "source": {"set": self.source.set_title, "section": self.source.section, "text": self.source.text,
                           "url": self.source.url}}


@dataclass
class Note:
    id: int
    set_id: str
    ref: str  # the takeaway or section id within the set
    kind: str
    # cloze/list: Anki-style cloze markup over the whole source text ("... {{c1::Nat Friedman}} ...");
    # label/section: the front (question)
    text: str
    extra: str  # label/section: the back; cloze/list: the source text itself
    source: CardSource
    cards: list[Card] = field(default_factory=list)
