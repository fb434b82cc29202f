"""Import from an address, and followed sites: fetches run in the background; each post gets the usual preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from ..collection import Collection
from . import workers
from .dialogs import notify
from .theme import MARGINS


class FollowedSitesDialog(QDialog):
    def __init__(self, col: Collection, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.window = window
        self.posts = []
        self.setWindowTitle("Followed sites")
        self.resize(760, 560)
        self.feeds = QListWidget()
        self.feeds.setAccessibleName("Followed sites")
        self.status = QLabel(objectName="muted")
        self.status.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy while a feed is read; the window stays usable
        self.busy.hide()
        self.new = QListWidget()
        self.new.setAccessibleName("New posts")
        self.new.setWordWrap(True)
        add = QPushButton("Follow a site…")
        add.clicked.connect(self.add_feed)
        remove = QPushButton("Unfollow")
        remove.clicked.connect(self.remove_feed)
        self.check_button = QPushButton("Check for new posts", objectName="primary")
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton("Import selected…")
        self.import_button.clicked.connect(self.import_selected)
        self.import_button.setEnabled(False)
        row = QHBoxLayout()
        for b in (add, remove):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)  # as the main window's
        layout.addWidget(QLabel("Sites you follow (RSS or Atom feeds). Unfollowing keeps their decks."))
        layout.addWidget(self.feeds)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(QLabel("New posts (tick the ones to import):"))
        layout.addWidget(self.new, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        from ..web.feeds import followed
        self.feeds.clear()
        for url, title in followed(self.col):
            item = QListWidgetItem(f"{title}  —  {url}")
            item.setData(Qt.ItemDataRole.UserRole, url)
            self.feeds.addItem(item)

    def add_feed(self, url: str | None = None) -> None:
        if not url:
            url, ok = QInputDialog.getText(self, "Follow a site", "Feed address (RSS or Atom):")
            if not ok or not url.strip():
                return
        from ..web.feeds import follow
        self.status.setText("Reading the feed…")
        self.busy.show()
        self.job = workers.Job(lambda col, u, progress=None: follow(col, u), self.col, url.strip())
        self.job.finished.connect(lambda title: (self.busy.hide(), self.status.setText(f"Following {title}."),
                                                 self.refresh()))
        self.job.failed.connect(lambda message: (self.busy.hide(), self.status.setText(""),
                                                 notify(self, "Cannot follow", message, error=True)))
        workers.start(self.job, self)

    def remove_feed(self) -> None:
        item = self.feeds.currentItem()
        if item is None:
            return
        from ..web.feeds import unfollow
        unfollow(self.col, item.data(Qt.ItemDataRole.UserRole))
        self.refresh()

    def check(self) -> None:
        from ..web.feeds import new_posts
        self.check_button.setEnabled(False)
        self.status.setText("Checking…")
        self.busy.show()
        self.job = workers.Job(lambda col, progress=None: new_posts(col), self.col)
        self.job.finished.connect(self._checked)
        self.job.failed.connect(lambda message: (self.busy.hide(), self.check_button.setEnabled(True),
                                                 self.status.setText(message)))
        workers.start(self.job, self)

    def _checked(self, posts) -> None:
        self.busy.hide()
        self.check_button.setEnabled(True)
        self.posts = posts
        self.new.clear()
        for post in posts:
            item = QListWidgetItem(f"{post.published or ''}  {post.title}\n{post.link}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.new.addItem(item)
        self.status.setText(f"{len(posts)} new post{'s' if len(posts) != 1 else ''}." if posts else "No new posts.")
        self.import_button.setEnabled(bool(posts))

    def import_selected(self) -> None:
        chosen = [p for k, p in enumerate(self.posts) if self.new.item(k).checkState() == Qt.CheckState.Checked]
        self.window.import_posts(chosen)


def ask_address(window) -> None:
    url, ok = QInputDialog.getText(window, "Import from address", "The post's web address:")
    if ok and url.strip():
        window.import_address(url.strip())
