"""The domain's names, said once: what kind a note is, how a card is asked, and the blank in a cloze prompt.

`StrEnum`s, so they are stored and compared as the plain strings the collection, the exporter and older files
already hold ("cloze" == NoteKind.CLOZE). Nothing heavy is imported: the generator, the collection and the GUI
all use this.
"""

from __future__ import annotations

from enum import StrEnum

BLANK = "[...]"  # the blank in a cloze prompt: the generator writes it, the checker and the review screen find it


def topic_line(set_title: str | None, section: str | None) -> str:
    """The line above every prompt: the post's title and the card's section. A context cue, so that a prompt about
    "the company" or "he" says which post it comes from in a deck of many posts. The review screen and the Anki note
    type show it before the answer, and the generator refuses an answer this line already shows."""
    return " · ".join(x for x in (set_title, section) if x)


class NoteKind(StrEnum):
    CLOZE = "cloze"  # one takeaway, a fact blanked
    LIST = "list"  # a takeaway's list, one item blanked
    LABEL = "label"  # "Label: text" takeaways asked as a question
    SECTION = "section"  # a summary section asked as a question
    BASIC = "basic"  # a question and answer the user wrote


# Notes whose cards are made from a takeaway by blanking it: the user edits the takeaway, and the cards regenerate.
BLANKED_KINDS = (NoteKind.CLOZE, NoteKind.LIST)


class QuizMode(StrEnum):
    FLIP = "flip"  # show the prompt, reveal the answer
    CHOICE = "choice"  # pick the answer among distractors
    TYPED = "typed"  # type the answer, checked loosely
