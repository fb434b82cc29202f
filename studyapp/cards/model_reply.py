"""Reading a model's answer strictly: JSON in the schema of `model_prompt`, or a one-line reason why not.

Nothing is salvaged from a bad answer (a truncated JSON's first cards, say): the parts it was for fall back to the
built-in writer as a whole, so a card set is never half one thing and half an accident.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .model_client import ModelError, Reply
from .model_prompt import BLANK, strict_schema

REFUSAL_RE = re.compile(r"^\W*(i'?m sorry|i am sorry|sorry,|i can(no|')t|i cannot|i won'?t|i'?m unable|i am unable|"
                        r"as an ai|unfortunately,? i)", re.I)
FENCE_RE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl")


def parse_reply(reply: Reply, n_parts: int) -> dict[int, list[dict]]:
    """Part number (1-based) -> its cards as the model wrote them (validated); raises ModelError."""
    if reply.refusal:
        raise ModelError(f"the model refused: {_short(reply.refusal)}")
    if reply.finish_reason == "content_filter":
        raise ModelError("the model refused (content filter)")
    text = reply.content.strip()
    fenced = FENCE_RE.match(text)  # some local models wrap JSON in a Markdown fence despite being told not to
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError:
        if reply.finish_reason == "length":
            raise ModelError("the model's answer was cut off (truncated JSON; finish_reason length)") from None
        if REFUSAL_RE.match(text) or not text:
            raise ModelError(f"the model refused: {_short(text) or 'an empty answer'}") from None
        raise ModelError(f"the model's answer is not JSON: {_short(text)}") from None
    problem = schema_problem(data)
    if problem:
        raise ModelError(f"the model's JSON is not in the card schema ({problem})")
    cards: dict[int, list[dict]] = {n: [] for n in range(1, n_parts + 1)}
    for card in data["cards"]:
        n = int(card["part"][1:])
        if n not in cards:
            raise ModelError(f"the model's JSON names a part that was not asked about ({card['part']})")
        if card["kind"] == "cloze" and BLANK not in card["prompt"]:
            raise ModelError(f"the model's cloze has no {BLANK} blank: {_short(card['prompt'])}")
        cards[n].append(card)
    return cards


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator
    return Draft202012Validator(strict_schema())


def schema_problem(data: object) -> str | None:
    error = next(iter(sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "top level"
    return f"{where}: {_short(error.message, 100)}"


def _short(text: str, n: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 1] + "…"


# --- language ------------------------------------------------------------------------------------------------------

def language(text: str) -> str | None:
    """The likeliest of a few languages by mean word frequency (wordfreq); None for too little text to tell."""
    from wordfreq import zipf_frequency
    found = [w.casefold() for w in re.findall(r"[^\W\d_]+", text.replace(BLANK, " "))]
    if len(found) < 4:
        return None
    scores = {lang: sum(zipf_frequency(w, lang) for w in found) / len(found) for lang in LANGUAGES}
    best = max(scores, key=lambda lang: scores[lang])
    return best


def same_language(cards_text: str, post_language: str | None) -> bool:
    """False only when the cards are clearly in another language than the post (a margin keeps names and terms
    shared by several languages from tipping a short card over)."""
    if post_language is None:
        return True
    from wordfreq import zipf_frequency
    found = [w.casefold() for w in re.findall(r"[^\W\d_]+", cards_text.replace(BLANK, " "))]
    if len(found) < 4:
        return True
    scores = {lang: sum(zipf_frequency(w, lang) for w in found) / len(found) for lang in LANGUAGES}
    return scores[post_language] >= max(scores.values()) - 0.3
