"""Running long work (import, export, fetching, optimising) off the UI thread.

The collection's connection is shared, so the window disables what would touch it while a job runs. Results and
progress reach listeners through a relay that lives on the UI thread: the worker emits into it across threads
(a queued connection), and it re-emits on the UI thread, so every listener, even a plain lambda, runs there.
(A signal connected straight to a lambda would run the lambda on the worker thread, where widgets must not be
touched.)
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ..errors import StudyAppError


class _Relay(QObject):
    """Lives on the UI thread; re-emits what the worker sends."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(object)
    def on_finished(self, result: object) -> None:
        self.finished.emit(result)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.failed.emit(message)


class Job(QObject):
    _progress = Signal(int, int)  # done, total
    _finished = Signal(object)
    _failed = Signal(str)

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self.relay = _Relay()  # created here, on the UI thread, and never moved
        self._progress.connect(self.relay.on_progress)
        self._finished.connect(self.relay.on_finished)
        self._failed.connect(self.relay.on_failed)
        self.result: Any = None
        self.error: str | None = None
        self.done = False

    @property
    def progress(self):
        return self.relay.progress

    @property
    def finished(self):
        return self.relay.finished

    @property
    def failed(self):
        return self.relay.failed

    def run(self) -> None:
        try:
            self.result = self._fn(*self._args, progress=self._progress.emit, **self._kwargs)
        except StudyAppError as exc:
            self.error = str(exc)
        except Exception as exc:  # a bug; say it in one line, keep the app alive
            traceback.print_exc()
            self.error = f"internal error: {type(exc).__name__}: {exc}"
        self.done = True
        if self.error is None:
            self._finished.emit(self.result)
        else:
            self._failed.emit(self.error)


class _Threads(QObject):
    """Every job's thread, owned here rather than by the window that started it: a window closed (and deleted)
    while its job is still winding down must not take a running thread with it, which aborts the process
    ("QThread: Destroyed while thread is still running"). Lives on the UI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.running: dict[QThread, Job] = {}

    @Slot()
    def reap(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread):
            thread.wait()  # `finished` comes just before the thread has quite ended
            self.running.pop(thread, None)

    def wait_all(self, nudge: Callable[[], None] | None = None) -> None:
        """At quit: let running jobs finish (an import ends its transaction) before Python tears Qt down. `nudge`
        is called every 50 ms meanwhile (to cancel downloads, including one a job starts only now)."""
        for thread in list(self.running):
            while not thread.wait(50):
                if nudge is not None:
                    nudge()
        self.running.clear()


_threads: _Threads | None = None


def wait_all(nudge: Callable[[], None] | None = None) -> None:
    """Block until every running job has finished (before the collection they use is closed)."""
    if _threads is not None:
        _threads.wait_all(nudge)


def start(job: Job, parent: QObject | None = None) -> QThread:
    """Run `job` on a thread of its own. (`parent` is accepted for the callers' sake; the thread is owned by this
    module's registry, see _Threads.)"""
    global _threads
    if _threads is None:
        from PySide6.QtCore import QCoreApplication
        _threads = _Threads()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_threads.wait_all)
    thread = QThread()
    job.moveToThread(thread)
    thread.started.connect(job.run)
    # quit() is thread-safe: called directly from the worker as the job ends, the thread stops at once instead of
    # waiting for the UI thread to pass the request on.
    job._finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    job._failed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.finished.connect(_threads.reap)
    _threads.running[thread] = job  # the job too stays alive until its thread has ended
    thread.start()
    return thread
