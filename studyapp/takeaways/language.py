"""The language a post is written in, as an ISO 639-1 code, with py3langid.

Why py3langid (docs/decisions.md has the measurements): it ships its model inside the wheel (4.5 MB, no download
at run time), is deterministic, classifies a post in about 1 ms once loaded, and got every post of our corpus
right; lingua was as accurate but is a 96 MB install and took 15 s to build its detector, langdetect is random
unless seeded and three times slower. The model loads on first use (about 1 s), which happens in the importer's
background job, never at the GUI's start-up.

Detection is limited to the languages wordfreq (used by the card generator) knows, so short English text is not
labelled as some rare language with a similar alphabet.
"""

from __future__ import annotations

import re
import threading

# The languages wordfreq has word lists for (its "large" and "small" lists), as ISO 639-1 codes.
LANGUAGES = ("ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "he", "hi", "hu", "id",
             "it", "ja", "ko", "lt", "lv", "mk", "ms", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv",
             "ta", "tr", "uk", "ur", "vi", "zh")
MIN_LETTERS = 20
MIN_PROBABILITY = 0.5

_lock = threading.Lock()
_identifier = None


def _get_identifier():
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier
            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            wanted = set(LANGUAGES) | {"no"}  # the model says "no" for Norwegian Bokmål
            identifier.set_languages([code for code in identifier.nb_classes if code in wanted])
            _identifier = identifier
    return _identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when the text is too short or the guess is not confident."""
    if sum(ch.isalpha() for ch in text[:5000]) < MIN_LETTERS:
        return None
    code, probability = _get_identifier().classify(re.sub(r"\s+", " ", text[:5000]))
    if probability < MIN_PROBABILITY:
        return None
    return "nb" if code == "no" else code


def set_text(ts) -> str:
    """The text of a takeaway set that says most about its language: title, TLDW, takeaways, then the rest."""
    parts = [ts.title, ts.tldw_text, *(t.full_text for t in ts.takeaways), *ts.intro,
             *(p for s in ts.sections for p in s.paragraphs), *ts.thoughts]
    return " ".join(p for p in parts if p)[:5000]
