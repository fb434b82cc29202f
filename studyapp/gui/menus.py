"""The main window's menu bar: every menu and its actions, with their shortcuts (and the shortcuts' help page).
The actions themselves are the window's methods (main_window.py and its *_actions modules)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from .sync_gui import sync_now

if TYPE_CHECKING:
    from .main_window import MainWindow

SHORTCUTS = """<table cellpadding=4>
<tr><td><b>Space</b> / <b>Enter</b></td><td>show the answer (then: Good)</td></tr>
<tr><td><b>1 2 3 4</b></td><td>Again, Hard, Good, Easy (or pick a multiple-choice option)</td></tr>
<tr><td><b>Ctrl+Z</b></td><td>undo the last answer or change</td></tr>
<tr><td><b>E</b></td><td>edit the current note</td></tr>
<tr><td><b>@</b></td><td>suspend the current card</td></tr>
<tr><td><b>-</b></td><td>bury the current card until tomorrow</td></tr>
<tr><td><b>Esc</b></td><td>back to the deck list</td></tr>
<tr><td><b>Ctrl+O</b> / <b>Ctrl+Shift+V</b></td><td>import a file / paste takeaways</td></tr>
<tr><td><b>Ctrl+B</b></td><td>browse cards</td></tr>
<tr><td><b>Ctrl+E</b></td><td>export to Anki</td></tr>
</table>"""


def build_menus(self: MainWindow) -> None:
    """The menu bar of `self`, the main window (named `self` as in its methods, so a menu line reads the same in
    both); sets its undo_action, mode_menu and mode_actions."""
    def action(menu: QMenu, text: str, slot, shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        a = QAction(text, self)
        # setShortcuts, not setShortcut: choosing among setShortcut's overloads builds the Qt namespace. A
        # standard key also brings the platform's every binding for it.
        if isinstance(shortcut, str):
            a.setShortcuts([QKeySequence(shortcut)])
        elif shortcut is not None:
            a.setShortcuts(shortcut)
        a.triggered.connect(slot)
        menu.addAction(a)
        return a
    bar = self.menuBar()
    file = bar.addMenu("&File")
    action(file, "&Import…", self.import_file, QKeySequence.StandardKey.Open)
    action(file, "Import from &address…", self.ask_address, "Ctrl+L")
    action(file, "&Paste takeaways", self.paste, "Ctrl+Shift+V")
    action(file, "&Followed sites…", self.followed_sites)
    file.addSeparator()
    action(file, "&Export to Anki…", self.export_anki, "Ctrl+E")
    action(file, "Import &reviews from Anki…", self.import_reviews)  # reviews back from Anki: reviews_dialog.py
    action(file, "S&ync now", lambda: sync_now(self))  # two computers: sync_gui.py
    file.addSeparator()
    action(file, "&Back up now", lambda: self.backup_now())
    action(file, "Show bac&kups folder", self.show_backups)
    file.addSeparator()
    action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
    edit = bar.addMenu("&Edit")
    self.undo_action = action(edit, "&Undo", self.undo, QKeySequence.StandardKey.Undo)
    edit.aboutToShow.connect(self._update_undo)
    edit.addSeparator()
    action(edit, "&Browse cards…", self.browse, "Ctrl+B")
    action(edit, "&Settings…", self.open_settings, QKeySequence.StandardKey.Preferences)
    tools = bar.addMenu("&Tools")
    action(tools, "&Check collection", self.check_collection)
    view = bar.addMenu("&View")
    action(view, "&Statistics", self.show_stats, "Ctrl+Shift+S")
    action(view, "&Mastery map", self.show_mastery, "Ctrl+M")
    view.addSeparator()
    self.mode_menu = view.addMenu("Ask cloze cards &as (this session)")
    self.mode_actions = {}
    for mode, text in (("flip", "&Flip cards"), ("choice", "&Multiple choice"), ("typed", "&Type the answer")):
        # the same words as Settings › Cloze cards as
        a = action(self.mode_menu, text, lambda _=False, m=mode: self.review.set_mode(m))
        a.setCheckable(True)
        self.mode_actions[mode] = a
    self.mode_menu.setEnabled(False)  # while studying; the lasting choice is in Settings
    themes = view.addMenu("&Theme")
    for name in ("system", "light", "dark"):
        action(themes, "&" + name.capitalize(), lambda _=False, n=name: self.set_theme(n))
    help_ = bar.addMenu("&Help")
    action(help_, "&Keyboard shortcuts", self.show_shortcuts, "F1")
    action(help_, "&About StudyApp", self.about)
