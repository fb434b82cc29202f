"""The test suite never touches the user's own settings or data (issue 16, point 12): HOME and the XDG folders
point into a throw-away folder (conftest.py) before Qt or platformdirs read them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL_HOME, SANDBOX

pytest.importorskip("PySide6")


def test_the_window_saves_its_geometry_in_the_sandbox_not_the_users_settings(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from studyapp.collection import Collection
    from studyapp.collection.paths import default_collection_path
    from studyapp.gui.main_window import MainWindow
    # Where QSettings writes, not whether the real file changed: other programs (and other checkouts' test runs
    # on a shared machine) may write the real file meanwhile.
    where = Path(QSettings("StudyApp", "StudyApp").fileName()).resolve()
    assert SANDBOX.resolve() in where.parents and REAL_HOME not in where.parents, where
    assert SANDBOX.resolve() in default_collection_path().resolve().parents
    with Collection.open(tmp_path / "c.sqlite", bundled=False, autobackup=False) as col:
        window = MainWindow(col)
        qtbot.addWidget(window)
        window.show()
        window.resize(777, 555)
        window.close()  # saves the geometry
    assert "geometry" in where.read_text()  # it was written, to the sandbox
