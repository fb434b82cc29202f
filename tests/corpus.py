"""The post corpus (tests/fixtures/posts/): load the expected recognition and compare a post against it.

Shared by tests/test_corpus.py and by anyone who wants the corpus's takeaway sets (the card generator's quality work
uses the `split` field: `tune` posts may be looked at while tuning, `holdout` posts are graded blind).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

POSTS = Path(__file__).resolve().parent / "fixtures" / "posts"
EXPECTED = POSTS / "expected.yaml"
FIELDS = ("title", "takeaways", "first", "last", "tldw", "sections", "truncated", "language")


def load_expected() -> dict[str, dict[str, Any]]:
    with EXPECTED.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)["posts"]


def post_names(split: str | None = None) -> list[str]:
    return sorted(name for name, exp in load_expected().items() if split is None or exp["split"] == split)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _prefix(actual: str | None, expected: str) -> bool:
    return actual is not None and _norm(actual).startswith(_norm(expected))


def compare(ts: Any, exp: dict[str, Any]) -> list[str]:
    """What differs between a recognised TakeawaySet and the expected entry, one line per field; [] when right."""
    problems: list[str] = []
    if _norm(ts.title) != _norm(exp["title"]):
        problems.append(f"title: got {ts.title!r}, expected {exp['title']!r}")
    texts = [t.full_text for t in ts.takeaways]
    if len(texts) != exp["takeaways"]:
        problems.append(f"takeaways: got {len(texts)}, expected {exp['takeaways']}")
    if exp.get("first") is not None and not _prefix(texts[0] if texts else None, exp["first"]):
        problems.append(f"first takeaway: got {(texts[0] if texts else None)!r:.90}, expected {exp['first']!r}...")
    if exp.get("last") is not None and not _prefix(texts[-1] if texts else None, exp["last"]):
        problems.append(f"last takeaway: got {(texts[-1] if texts else None)!r:.90}, expected {exp['last']!r}...")
    tldw = ts.tldw_text or None
    if exp["tldw"] is None and tldw is not None:
        problems.append(f"tldw: got {tldw!r:.70}, expected none")
    elif exp["tldw"] is not None and not _prefix(tldw, exp["tldw"]):
        problems.append(f"tldw: got {tldw!r:.70}, expected {exp['tldw']!r}...")
    if len(ts.sections) != exp["sections"]:
        problems.append(f"sections: got {len(ts.sections)} {[s.heading for s in ts.sections]!r:.120}, "
                        f"expected {exp['sections']}")
    if bool(ts.truncated) != bool(exp["truncated"]):
        problems.append(f"truncated: got {ts.truncated}, expected {exp['truncated']}")
    language = getattr(ts, "language", None)
    if language != exp["language"]:
        problems.append(f"language: got {language!r}, expected {exp['language']!r}")
    return problems


def check_post(name: str, exp: dict[str, Any] | None = None) -> list[str]:
    """Read one corpus post through the real reader and recogniser; the differences ([] when fully right)."""
    from studyapp.errors import InputError
    from studyapp.takeaways import read_set
    exp = exp or load_expected()[name]
    try:
        ts = read_set(POSTS / name)
    except InputError as exc:
        return [f"refused: {exc}"]
    return compare(ts, exp)
