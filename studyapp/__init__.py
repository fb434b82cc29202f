"""StudyApp: turn takeaway posts into spaced-repetition cards."""

__version__ = "0.1.0"
