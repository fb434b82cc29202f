"""What a write changed, said one way (as Anki's `OpChanges`), and the modification-time rule.

Every write passes a `Changes` to `Collection.transaction(changes=...)`; when it commits, the collection drops the
caches that depend on what changed, in one place. Nothing outside the collection needs to know which caches exist:
a repair (`studyapp check`), an import or an undo says what kind of rows it touched, and a preview computed from a
row as it was can never be answered with afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """The kinds of rows a write touched."""

    settings: bool = False  # the global settings or a deck's own: the scheduler, the day's bounds, deck configs
    cards: bool = False  # cards' scheduling or text: previews, the spread of new cards through reviews
    revlog: bool = False  # the review log: the day's counts of new cards and reviews done
    decks: bool = False  # decks added, renamed or deleted

    def __or__(self, other: Changes) -> Changes:
        return Changes(*(a or b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[bool, bool, bool, bool]:
        return (self.settings, self.cards, self.revlog, self.decks)


NOTHING = Changes()
SETTINGS = Changes(settings=True)
CARDS = Changes(cards=True)
REVIEWS = Changes(cards=True, revlog=True)
EVERYTHING = Changes(True, True, True, True)

# The modification-time rule, in SQL (one `?` for the time in milliseconds); see `next_mod`.
NEXT_MOD_SQL = "MAX(mod + 1000, ?)"


def next_mod(previous: int, now_ms: int) -> int:
    """A row's next modification time: at least a second after the last one. Anki compares times in whole seconds
    and ignores an incoming note whose time is not newer than its own; a cached preview is keyed by it too."""
    return max(now_ms, previous + 1000)
