"""The collection's upkeep from the main window: checking it, backing it up (daily and on demand), showing the
backups, and the modal background job that changes taking seconds run behind."""

from __future__ import annotations

from .dialogs import notify


class CollectionActions:
    """Checking and backing up (a mixin of MainWindow: it uses the window's collection and status bar)."""

    def check_collection(self) -> None:
        """Checking reads every page of the collection: seconds on a large one."""
        from ..collection.health import check_collection

        def done(report) -> None:
            self.refresh()
            notify(self, "Check collection", "\n".join(report.lines()), error=not report.healthy)
        self._modal_job("Checking the collection…", "Check failed", lambda: check_collection(self.col), done)

    def _modal_job(self, label: str, error_title: str, work, done) -> None:
        """Run work() off the UI thread behind a window-modal progress dialog, then done(result) on the UI thread.
        For changes that can take seconds on a large collection (checking, deleting a deck, undoing that): the
        window stays painted and nothing else touches the collection meanwhile. Errors become a dialog."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        from . import workers
        self.modal_progress = QProgressDialog(label, None, 0, 0, self)
        self.modal_progress.setWindowTitle("StudyApp")
        self.modal_progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.modal_progress.setMinimumDuration(0)
        self.modal_progress.show()

        def finished(result) -> None:
            self.modal_progress.close()
            done(result)

        def failed(message: str) -> None:
            self.modal_progress.close()
            self.refresh()
            self.error(error_title, message)
        self.modal_job = workers.Job(lambda progress=None: work())
        self.modal_job.finished.connect(finished)
        self.modal_job.failed.connect(failed)
        workers.start(self.modal_job, self)

    def back_up_if_due(self) -> None:
        """The day's automatic backup, once the window is up. At 100k cards it takes a fifth of a second, which
        start-up used to spend before showing anything."""
        from ..collection.collection import autobackup_wanted
        if autobackup_wanted() and self.col.backup_due():
            self.backup_now(automatic=True)

    def backup_now(self, automatic: bool = False) -> None:
        """A backup copies the whole collection: off the UI thread, with the result in the status bar. A failed
        automatic backup says why in the status bar (the user did not ask for it, and their work goes on); one
        they asked for says it in a dialog."""
        from . import workers
        self.statusBar().showMessage("Backing up…")
        self.busy.show()
        self.backup_job = workers.Job(lambda col, progress=None: col.backup(explicit=not automatic), self.col)
        self.backup_job.finished.connect(lambda path: (self.busy.hide(),
                                                       self.statusBar().showMessage(f"Backed up to {path}", 8000)))

        def failed(message: str) -> None:
            self.busy.hide()
            self.statusBar().showMessage(f"Backup failed: {message}")
            if not automatic or "is damaged" in message:
                self.error("Backup failed", message)
        self.backup_job.failed.connect(failed)
        workers.start(self.backup_job, self)

    def show_backups(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from ..collection.backup import backup_dir
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup_dir(self.col.path))))
