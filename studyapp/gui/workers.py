"""Running long work (import, export, backup, optimise) off the UI thread.

The collection's connection is shared, so the window disables what would touch it while a job runs; a job reports
progress through Qt signals, which are delivered on the UI thread.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from ..errors import StudyAppError


class Job(QObject):
    progress = Signal(int, int)  # done, total
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self.result: Any = None
        self.error: str | None = None
        self.done = False

    def run(self) -> None:
        try:
            self.result = self._fn(*self._args, progress=self.progress.emit, **self._kwargs)
        except StudyAppError as exc:
            self.error = str(exc)
        except Exception as exc:  # a bug; say it in one line, keep the app alive
            traceback.print_exc()
            self.error = f"internal error: {type(exc).__name__}: {exc}"
        self.done = True
        if self.error is None:
            self.finished.emit(self.result)
        else:
            self.failed.emit(self.error)


def start(job: Job, parent: QObject) -> QThread:
    thread = QThread(parent)
    job.moveToThread(thread)
    thread.started.connect(job.run)
    job.finished.connect(thread.quit)
    job.failed.connect(thread.quit)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread
