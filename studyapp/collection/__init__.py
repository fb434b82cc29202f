"""The SQLite collection: storage, importing sets, FSRS scheduling, undo, backups. `Collection` is the facade."""

from .collection import AnswerResult, Collection, DeckInfo, StudyCard
from .importer import ImportReport
from .schema import LEARNING, NEW, RELEARNING, REVIEW

__all__ = ["AnswerResult", "Collection", "DeckInfo", "ImportReport", "LEARNING", "NEW", "RELEARNING", "REVIEW",
           "StudyCard"]
