"""The SQLite collection: storage, importing sets, FSRS scheduling, undo, backups. `Collection` is the facade."""

from .collection import Collection
from .queue import AnswerResult, DeckInfo, StudyCard
from .schema import LEARNING, NEW, RELEARNING, REVIEW

__all__ = ["AnswerResult", "Collection", "DeckInfo", "ImportReport", "LEARNING", "NEW", "RELEARNING", "REVIEW",
           "StudyCard"]


def __getattr__(name: str):
    if name == "ImportReport":  # the importer brings the card generator; load it when it is asked for
        from .importer import ImportReport
        return ImportReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
