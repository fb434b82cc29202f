"""Card generation: takeaway set -> notes and cards, with quality checks and quiz forms.

(wordfreq, gender-guesser and rapidfuzz are imported inside the functions that need them, so importing this
package is cheap.)
"""

from .check import card_problems
from .generate import all_cards, generate
from .model import Card, CardSource, Note
from .quiz import typed_answer_ok

__all__ = ["Card", "CardSource", "Note", "all_cards", "card_problems", "generate", "typed_answer_ok"]
