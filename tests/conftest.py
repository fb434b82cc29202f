"""Shared test set-up: Qt runs offscreen; helpers to write fixture files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STUDYAPP_NO_AUTOBACKUP", "")
os.environ.setdefault("STUDYAPP_CACHE", tempfile.mkdtemp(prefix="studyapp-test-cache-"))  # not the user's
# Qt's settings (the window's saved geometry) and the user data folder: a throw-away home for the whole run.
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
    os.environ[_name] = tempfile.mkdtemp(prefix=f"studyapp-test-{_name.lower()}-")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "pjfp-alex-wang-msl.txt"
BUNDLED = ROOT / "decks" / "alex-wang-msl.yaml"


@pytest.fixture
def write(tmp_path: Path):
    """write(name, content) -> path; bytes are written as is, text as UTF-8."""
    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    return _write
