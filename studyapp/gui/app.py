"""Starting the app: the collection layer, then QApplication, then the collection, then the window.

The GUI-free collection layer is imported before PySide6: once PySide6 is loaded, it reads the source of every
module imported after it (looking for its opt-in `__feature__` switches), which cost start-up about 10 ms."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ..collection import Collection
    from .main_window import MainWindow


def start(argv: list[str] | None = None, path: str | Path | None = None
          ) -> tuple[QApplication, MainWindow, Collection]:
    """The application, its collection and its shown window, ready for the event loop; the day's first start also
    backs the collection up, in the background. Raises StudyAppError when the collection cannot be opened (the
    application exists by then, so the caller can say so in a dialog)."""
    from .. import __version__
    from ..collection import Collection
    from . import theme
    from .main_window import MainWindow, icon
    from .sync_gui import sync_now

    app = theme.application(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("StudyApp")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("StudyApp")
    app.setDesktopFileName("studyapp")  # Wayland's app_id: the compositor shows the menu entry's name and icon
    app.setWindowIcon(icon())
    col = Collection.open(path, autobackup=False)
    window = MainWindow(col)
    window.show()
    # The write-ahead log's working size (4 MiB written and synced, 5-10 ms; see collection/wal.py): not something
    # start-up should wait for, and done before the user has opened a deck to study.
    from PySide6.QtCore import QTimer
    QTimer.singleShot(1000, col.size_log)
    sync_now(window, "start")  # other computers' changes, if a sync folder is set (sync_gui.py)
    window.back_up_if_due()
    return app, window, col


def run_app(argv: list[str] | None = None) -> int:
    from ..errors import StudyAppError

    try:
        app, _window, col = start(argv)
    except StudyAppError as exc:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.critical(None, "StudyApp cannot open its collection", str(exc))
        return 2
    try:
        return app.exec()
    finally:
        col.close()
