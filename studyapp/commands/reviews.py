"""`import-reviews`: reviews done in Anki brought back (the reading and merging live in reviews_command.py)."""

from __future__ import annotations

import argparse

from ..reviews_command import register_import_reviews
from .shared import _open


def register(sub: argparse._SubParsersAction) -> None:
    register_import_reviews(sub, _open)
