"""Where the collection and the bundled decks live."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_collection_path() -> Path:
    """$STUDYAPP_COLLECTION, else collection.sqlite in the user data folder (platformdirs)."""
    env = os.environ.get("STUDYAPP_COLLECTION")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir
    return Path(user_data_dir("StudyApp", appauthor=False)) / "collection.sqlite"


def bundled_decks_dir() -> Path | None:
    """decks/ of a source checkout (editable install), else the copy installed under <prefix>/share/studyapp."""
    env = os.environ.get("STUDYAPP_DECKS")
    candidates = [Path(env)] if env else []
    candidates += [Path(__file__).resolve().parents[2] / "decks", Path(sys.prefix) / "share" / "studyapp" / "decks"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None
