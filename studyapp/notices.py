"""Sorting a reader's warnings into the routine and the real ones, for the import report (CLI and GUI).

Many posts simply have no TLDW, no summary sections or no Thoughts; saying so as three warnings on every such
import buried the warnings that matter (a truncated post, invalid front matter). Those three become one plain note
of what the post does not have. The recogniser's wording is matched here; a test keeps the two in step."""

from __future__ import annotations

ROUTINE = {"no TLDW found": "TLDW", "no summary sections found": "summary sections", "no Thoughts found": "Thoughts"}


def split_warnings(warnings: list[str]) -> tuple[list[str], list[str]]:
    """(parts the post does not have, the warnings worth a user's attention), each in the original order."""
    missing = [ROUTINE[w] for w in warnings if w in ROUTINE]
    real = [w for w in warnings if w not in ROUTINE]
    return missing, real


def missing_note(missing: list[str]) -> str:
    """'This post has no TLDW, summary sections or Thoughts.' ('' when nothing is missing)."""
    if not missing:
        return ""
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
    return f"This post has no {listed}."
