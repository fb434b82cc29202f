"""Which words are first names, and whose, from gender-guesser's name list, kept on disk between runs.

gender-guesser parses its 45,000-line list in Python every time a Detector is made: 0.4 s, paid by every
`studyapp import` and by the first import in the app. We only ever ask one question of it (does the name have a
gender, i.e. is it a known first name?), so the answer for every name it knows is worked out once with the library
itself and cached as a small JSON file in the user cache folder, named by the size and time of the library's list
(a new gender-guesser makes a new file). Any problem with the cache falls back to asking the library. The file also
keeps each name's gender, "m" or "f", so that "She" is never replaced by a man's name (`antecedents`).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

GENDERED = ("male", "female", "mostly_male", "mostly_female")


def is_first_name(word: str) -> bool:
    return word.lower() in first_names()


def gender(word: str) -> str | None:
    """"m" or "f" for a first name the library gives a gender (mostly male counts as male), else None."""
    return first_names().get(word.lower())


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    path = _cache_path()
    if path is not None:
        try:
            names = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(names, dict):
                return names
        except (OSError, ValueError):
            pass
    names = _from_library()
    if path is not None:
        try:
            from ..fileutil import atomic_write_text
            atomic_write_text(path, json.dumps(names, ensure_ascii=False, sort_keys=True))
            for old in path.parent.glob("first-names-*.json"):  # made from an earlier gender-guesser
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only home folder: ask the library again next time
    return names


def _from_library() -> dict[str, str]:
    """Every name gender-guesser knows that it gives a gender (case-insensitive), exactly as get_gender() does,
    with that gender's first letter."""
    import gender_guesser.detector as gd
    detector = gd.Detector(case_sensitive=False)
    genders = ((name, detector.get_gender(name)) for name in detector.names)
    return {name: ("f" if "female" in g else "m") for name, g in genders if g in GENDERED}


def _cache_path() -> Path | None:
    try:
        import gender_guesser
        stat = (Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt").stat()
        tag = f"{stat.st_size}-{stat.st_mtime_ns}"  # (importlib.metadata's version() alone takes 50 ms)
    except (OSError, ImportError):
        return None
    folder = os.environ.get("STUDYAPP_CACHE")
    if not folder:
        from platformdirs import user_cache_dir
        folder = user_cache_dir("StudyApp", appauthor=False)
    return Path(folder) / f"first-names-2-{tag}.json"  # (2: names with their gender)
