"""Browser search: plain words plus Anki-style filters, compiled to one SQL WHERE clause.

`deck:NAME` (quotes for spaces; * wildcard), `tag:TAG`, `is:new|learning|review|due|suspended|leech|retired|buried`,
`kind:cloze|label|list|section|basic`, `-term` negates. Plain words match prompt, answer and source text.
"""

from __future__ import annotations

import re
import shlex
from datetime import datetime

from ..errors import StudyAppError

SORT_COLUMNS = {"prompt": "c.prompt", "answer": "c.answer", "deck": "d.name", "kind": "c.kind", "due": "c.due",
                "interval": "(c.due - COALESCE(c.last_review, c.due))", "stability": "c.stability",
                "lapses": "c.lapses", "reps": "c.reps", "created": "n.created"}


def compile_query(query: str, now: datetime, day_end: int) -> tuple[str, list]:
    try:
        terms = shlex.split(query)
    except ValueError:
        terms = query.split()
    clauses: list[str] = []
    params: list = []
    t = int(now.timestamp())
    for term in terms:
        negate = term.startswith("-") and len(term) > 1
        if negate:
            term = term[1:]
        key, _, value = term.partition(":")
        key = key.lower()
        if value and key == "deck":
            clause, p = "d.name LIKE ? ESCAPE '\\'", [_like(value, prefix_ok=True)]
        elif value and key == "tag":
            clause, p = "(' ' || n.tags || ' ') LIKE ? ESCAPE '\\'", [f"% {_like(value)} %"]
        elif value and key == "kind":
            clause, p = "c.kind = ?", [value.lower()]
        elif value and key == "is":
            v = value.lower()
            known = {
                "new": ("c.state = 0", []), "learning": ("c.state IN (1, 3)", []), "review": ("c.state = 2", []),
                "due": ("c.state IN (1, 2, 3) AND c.due < ? AND c.suspended = 0", [day_end]),
                "suspended": ("c.suspended = 1", []), "leech": ("c.leech = 1", []), "retired": ("c.retired = 1", []),
                "buried": ("c.buried_until > ?", [t]),
            }
            if v not in known:
                raise StudyAppError(f"unknown search filter is:{value} (try is:new, is:due, is:suspended, is:leech)")
            clause, p = known[v]
        else:
            like = f"%{_like(term)}%"
            clause = "(c.prompt LIKE ? ESCAPE '\\' OR c.answer LIKE ? ESCAPE '\\' OR n.extra LIKE ? ESCAPE '\\')"
            p = [like, like, like]
        clauses.append(f"NOT ({clause})" if negate else clause)
        params.extend(p)
    if not any("retired" in term for term in terms):
        clauses.append("c.retired = 0")
    return (" AND ".join(clauses) or "1"), params


def _like(value: str, prefix_ok: bool = False) -> str:
    escaped = re.sub(r"([%_\\])", r"\\\1", value)
    return escaped.replace("*", "%")
