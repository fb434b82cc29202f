"""`sync`: two computers kept in step through a sync folder (the work lives in studyapp/sync/ and sync_command.py)."""

from __future__ import annotations

import argparse

from ..sync_command import register_sync
from .shared import _open


def register(sub: argparse._SubParsersAction) -> None:
    register_sync(sub, _open)
