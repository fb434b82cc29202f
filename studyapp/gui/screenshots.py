"""Render every main view, in light and dark, to PNG files (docs/screenshots by default).

    QT_QPA_PLATFORM=offscreen python -m studyapp.gui.screenshots [OUT_DIR]

Uses a fresh demo collection in a temporary folder: the bundled deck, with a few days of simulated reviews so the
counts and the browser show real values.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STUDYAPP_NO_AUTOBACKUP"] = "1"

VIEWS = ("decks", "review", "answer", "choice", "choice-answered", "import", "browser", "settings", "stats",
         "mastery")


def demo_collection(folder: Path):
    """The bundled deck after a simulated year of study that ended three weeks ago (through the public API, with an
    injected clock), so that the statistics have a history and some cards are due now."""
    from ..collection import Collection
    from ..collection.simulate import simulate_days
    col = Collection.open(folder / "demo.sqlite")
    col.set_settings(fuzz=False)
    start = datetime.now(timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=386)
    simulate_days(col, start, 365, seed=3)
    # Multiple choice is offered for people and numbers only, so few cards have options: make three of them due now,
    # so the choice views show one in both themes (a demo collection in a temporary folder).
    now = int(datetime.now(timezone.utc).timestamp())
    with col.conn:
        col.conn.execute("UPDATE cards SET due = ? WHERE id IN (SELECT id FROM cards WHERE state = 2 AND choices "
                         "NOT IN ('', '[]') ORDER BY id LIMIT 3)", (now - 3600,))
    return col


def render(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from ..takeaways import read_set
    from .browser import BrowserWindow
    from .import_dialog import ImportDialog
    from .main_window import MainWindow
    from .settings_dialog import SettingsDialog

    app = QApplication.instance() or QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    sample = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "pjfp-alex-wang-msl.txt"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = tmp  # Settings shows whether a menu entry is installed: never the user's
        col = demo_collection(Path(tmp))
        try:
            for theme_name in ("light", "dark"):
                col.set_settings(theme=theme_name, quiz_mode="flip")
                w = MainWindow(col)
                w.resize(1000, 700)
                w.show()

                def shot(widget, name: str) -> None:
                    app.processEvents()
                    path = out / f"{name}-{theme_name}.png"
                    widget.grab().save(str(path))
                    written.append(path)
                shot(w, "decks")
                w.study()
                changes = 0  # what the showcase wrote, undone after each theme so the other theme sees the same deck
                for _ in range(30):  # the showcase: a cloze card, the kind most cards are (not a section essay)
                    if w.review.card is None or w.review.card.kind == "cloze":
                        break
                    w.review.bury()
                    changes += 1
                shot(w, "review")
                w.review.reveal()
                shot(w, "answer")
                col.set_settings(quiz_mode="choice")
                w.review.start(w.deck_list.decks[0].id, w.deck_list.decks[0].name)
                while w.review.card is not None and len(w.review.card.choices) < 2:
                    w.review.bury()
                    changes += 1
                shot(w, "choice")
                card = w.review.card
                if card is not None:  # a wrong pick: the right option ✓, the pick ✗
                    w.review.choose(next(k for k, c in enumerate(card.choices) if c != card.answer))
                    shot(w, "choice-answered")
                col.set_settings(quiz_mode="flip")
                for _ in range(changes):
                    col.undo()
                w.show_decks()
                if sample.exists():
                    dialog = ImportDialog(col, read_set(sample), sample.name, w)
                    dialog.resize(820, 620)
                    dialog.show()
                    shot(dialog, "import")
                    dialog.close()
                browser = BrowserWindow(col, w)
                browser.resize(1100, 640)
                browser.show()
                browser.wait()
                browser.table.selectRow(0)
                shot(browser, "browser")
                browser.close()
                settings = SettingsDialog(col, w)
                settings.show()
                shot(settings, "settings")
                settings.close()
                w.show_stats()
                w.stats_dialog.resize(1000, 1180)
                while w.stats_dialog.stats is None:
                    app.processEvents()
                shot(w.stats_dialog, "stats")
                w.stats_dialog.close()
                w.show_mastery()
                w.mastery_dialog.list.setCurrentRow(3)
                shot(w.mastery_dialog, "mastery")
                w.mastery_dialog.close()
                w.close()
        finally:
            col.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    for path in render(target):
        print(path)
