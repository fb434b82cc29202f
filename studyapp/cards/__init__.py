"""Card generation: takeaway set -> notes and cards, with quality checks and quiz forms."""

from .check import card_problems
from .generate import all_cards, generate
from .model import Card, CardSource, Note
from .quiz import typed_answer_ok

__all__ = ["Card", "CardSource", "Note", "all_cards", "card_problems", "generate", "typed_answer_ok"]
