"""Importing, as the main window does it: a file, pasted text, a web address, followed sites' posts. Each is read
and its cards written off the UI thread, then previewed in the import dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

IMPORT_FILTER = "Takeaway sets (*.yaml *.yml *.md *.markdown *.html *.htm *.txt);;All files (*)"


class ImportActions:
    """The main window's import actions (a mixin of MainWindow: it uses the window's collection, status bar
    and error dialog)."""

    def import_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getOpenFileName(self, "Import takeaways", str(Path.home()), IMPORT_FILTER)
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        from ..takeaways import read_set
        self._prepare(lambda: read_set(path), Path(path).name, "Cannot import", f"Reading {Path(path).name}…")

    def paste(self) -> None:
        text = QApplication.clipboard().text()
        if not text.strip():
            self.error("Nothing to paste", "The clipboard has no text. Copy a post in your browser first.")
            return
        from ..web.fetch import is_web_address
        if is_web_address(text):  # an address was copied: import the page it names
            self.import_address(text.strip())
            return
        from ..takeaways import read_set_from_text
        self._prepare(lambda: read_set_from_text(text, "pasted text"), "pasted text",
                      "Cannot import the pasted text", "Reading the pasted text…")

    def ask_address(self) -> None:
        from .web_dialogs import ask_address
        ask_address(self)

    def import_address(self, url: str) -> None:
        from ..web.fetch import read_post
        self._prepare(lambda: read_post(url), url, "Cannot import from that address", f"Fetching {url}…")

    def followed_sites(self) -> None:
        from .web_dialogs import FollowedSitesDialog
        self.feeds_dialog = FollowedSitesDialog(self.col, self, self)
        self.feeds_dialog.show()

    def import_posts(self, posts: list) -> None:
        """Each chosen post in turn: read it (in the background), then its preview; the next when that closes."""
        if not posts:
            return
        from ..web.feeds import read_feed_post
        post, rest = posts[0], posts[1:]
        self._prepare(lambda: read_feed_post(post), post.title, "Cannot import the post", f"Reading {post.title}…",
                      after=lambda: self.import_posts(rest))

    def _prepare(self, read, name: str, error_title: str, status: str, after=None) -> None:
        """Read the input and generate its cards in the background, then show the preview (or the error).

        Reading an HTML page, generating a long post's cards, or the first import of a session (which loads the
        word lists) takes from a fraction of a second to over a second: never on the UI thread. Nothing here
        touches the collection. `after` runs once the preview closes, or after the error."""
        from ..cards.writers import write_cards
        from . import workers
        from .card_writer import WritingProgress, with_key, writer_settings
        ws = writer_settings(self.col)  # the built-in writer, or a language model with progress and Cancel
        self.writing = WritingProgress(self, ws) if ws.writer == "model" else None
        cancel = self.writing.cancel_event if self.writing else None

        def work(progress=None):
            ts = read()
            return ts, write_cards(ts, with_key(ws), progress=progress, cancel=cancel)

        def done(result) -> None:
            self.busy.hide()
            self.statusBar().clearMessage()
            if self.writing is not None:
                self.writing.close()
            ts, written = result
            self._preview(ts, name, written.notes, written.lines())
            if after is not None:
                self.import_dialog.finished.connect(lambda _: after())

        def failed(message: str) -> None:
            self.busy.hide()
            self.statusBar().clearMessage()
            if self.writing is not None:
                self.writing.close()
            self.error(error_title, message)
            if after is not None:
                after()

        self.import_dialog = None
        self.statusBar().showMessage(status)
        self.busy.show()
        job = workers.Job(work)  # workers keeps it alive until it reports, even if another import starts meanwhile
        job.finished.connect(done)
        job.failed.connect(failed)
        if self.writing is not None:
            job.progress.connect(self.writing.step)
            self.writing.show()
        workers.start(job, self)

    def _preview(self, ts, name: str, notes=None, writer_notes: list[str] | None = None) -> None:
        from .import_dialog import ImportDialog
        dialog = ImportDialog(self.col, ts, name, self, notes=notes, writer_notes=writer_notes)
        self.import_dialog = dialog
        dialog.finished.connect(lambda _: self.refresh())
        dialog.open()
