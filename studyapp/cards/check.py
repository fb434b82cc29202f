"""The quality bar, enforced: every generated card passes these checks or is not emitted."""

from __future__ import annotations

import re

from .model import Card
from .text import STOPWORDS, norm_word, words, zipf

BLANK = "[...]"
MAX_PROMPT_WORDS = 70


def _content(text: str) -> set[str]:
    return {norm_word(w) for w in words(text)} - STOPWORDS


def card_problems(card: Card) -> list[str]:
    problems: list[str] = []
    if not card.prompt.strip():
        problems.append("empty prompt")
    if not card.answer.strip():
        problems.append("empty answer")
    if problems:
        return problems
    n_prompt = len(words(card.prompt))
    if n_prompt > MAX_PROMPT_WORDS:
        problems.append(f"prompt has {n_prompt} words (over {MAX_PROMPT_WORDS})")
    answer_content = _content(card.answer)
    if card.kind in ("cloze", "list") and card.key != "all":
        if BLANK not in card.prompt:
            problems.append("cloze prompt has no blank")
        if not answer_content:
            problems.append("the blank is only stopwords")
        visible = _content(card.prompt.replace(BLANK, " "))
        # A very common word ("high" in "high compute" beside "very high talent") gives nothing away.
        leaked = {w for w in answer_content & visible if zipf(w) < 5.0}
        if leaked:
            problems.append(f"answer visible in prompt ({', '.join(sorted(leaked))})")
        whole = len(words(card.back)) or 1
        limit = 0.4 if card.kind == "cloze" else 0.6
        if len(words(card.answer)) > max(1, limit * whole):
            problems.append("the blank is most of the sentence")
    else:
        if _norm(card.answer) in _norm(card.prompt):
            problems.append("answer visible in prompt")
        if card.kind == "section" and _norm(card.prompt) == _norm(card.source.section + "?"):
            problems.append("prompt is the bare heading")
    return problems


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def duplicate_prompts(cards: list[Card]) -> set[int]:
    """Ids of cards whose prompt repeats an earlier card's prompt."""
    seen: set[str] = set()
    dupes: set[int] = set()
    for card in cards:
        key = _norm(card.prompt)
        if key in seen:
            dupes.add(card.id)
        seen.add(key)
    return dupes
