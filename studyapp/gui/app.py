"""Starting the app: QApplication first (so errors can be shown in a dialog), then the collection, then the window."""

from __future__ import annotations

import sys


def run_app(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .. import __version__
    from ..collection import Collection
    from ..errors import StudyAppError
    from .main_window import MainWindow, icon

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("StudyApp")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("StudyApp")
    app.setWindowIcon(icon())
    try:
        col = Collection.open()
    except StudyAppError as exc:
        QMessageBox.critical(None, "StudyApp cannot open its collection", str(exc))
        return 2
    window = MainWindow(col)
    window.show()
    try:
        return app.exec()
    finally:
        col.close()
