"""What the main window does to the selected deck: export, rename, delete, show its takeaway set, write its cards
again, its statistics and mastery map, studying some of its cards."""

from __future__ import annotations

from ..errors import StudyAppError
from .dialogs import notify


class DeckActions:
    """The deck's actions (a mixin of MainWindow: it uses the window's collection, deck list and review view)."""

    def export_anki(self) -> None:
        from .export_dialog import ExportDialog
        deck = self.deck_list.selected()
        self.export_dialog = ExportDialog(self.col, deck.id if deck else None, self)
        self.export_dialog.open()

    def rename_deck(self) -> None:
        deck = self.deck_list.selected()
        if deck is None:
            return
        from PySide6.QtWidgets import QInputDialog
        name, ok = QInputDialog.getText(self, "Rename deck", "New name:", text=deck.name)
        if ok and name.strip():
            try:
                self.col.rename_deck(deck.id, name)
            except StudyAppError as exc:
                self.error("Cannot rename", str(exc))
            self.refresh()

    def delete_deck(self) -> None:
        deck = self.deck_list.selected()
        if deck is None:
            return
        from .dialogs import confirm_destructive

        def delete() -> None:
            def done(_) -> None:
                self.refresh()
                self.statusBar().showMessage("Deck deleted. Edit › Undo brings it back.", 8000)
            self._modal_job(f"Deleting “{deck.name}”…", "Could not delete the deck",
                            lambda: self.col.delete_deck(deck.id), done)
        self.confirm = confirm_destructive(
            self, "Delete deck", f"Delete “{deck.name}” with its {deck.total} cards and their review history?"
            "\n\nYou can undo this with Edit › Undo.", "Delete deck", delete)

    def show_set(self) -> None:
        deck = self.deck_list.selected()
        ts = self.col.takeaway_set(deck.id) if deck else None
        if ts is None:
            notify(self, "Takeaway set", "This deck has no takeaway set.")
            return
        import html
        parts = [f"<h3>{html.escape(ts.title)}</h3>"]
        if ts.tldw:
            parts.append("<p><b>TLDW</b><br>" + "<br>".join(html.escape(p) for p in ts.tldw) + "</p>")
        parts.append("<p><b>Key takeaways</b></p><ul>" +
                     "".join(f"<li>{html.escape(t.full_text)}</li>" for t in ts.takeaways) + "</ul>")
        if ts.sections:
            parts.append("<p><b>Sections</b>: " + html.escape(", ".join(s.heading for s in ts.sections)) + "</p>")
        notify(self, "Takeaway set", "".join(parts), rich=True)

    def rewrite_cards(self) -> None:
        """The deck's cards written again from its stored post by the writer now set (how one switches writers):
        the preview shows them, and importing keeps the history of every card whose fact is the same."""
        deck = self.deck_list.selected()
        ts = self.col.takeaway_set(deck.id) if deck else None
        if ts is None:
            notify(self, "Write the cards again", "This deck has no takeaway set to write cards from.")
            return
        self._prepare(lambda: ts, deck.name, "Cannot write the cards", f"Writing the cards of {deck.name}…")

    def show_stats(self) -> None:
        from .stats_view import StatsDialog  # pyqtgraph loads here, not at start-up
        deck = self.deck_list.selected()
        self.stats_dialog = StatsDialog(self.col, self.colors, deck.id if deck else None, self, self.now_override)
        self.stats_dialog.show()

    def show_mastery(self) -> None:
        from .mastery_view import MasteryDialog
        deck = self.deck_list.selected()
        if deck is None or self.col.takeaway_set(deck.id) is None:
            notify(self, "Mastery map", "Select a deck imported from a takeaway post.")
            return
        self.mastery_dialog = MasteryDialog(self.col, deck.id, self.colors, self, self.now_override)
        self.mastery_dialog.study.connect(lambda ids, title: self.study_cards(deck.id, ids, title))
        self.mastery_dialog.show()

    def study_cards(self, deck_id: int, card_ids: list[int], title: str) -> None:
        self.review.now_override = self.now_override
        self.stack.setCurrentWidget(self.review)
        self.mode_menu.setEnabled(True)
        self.review.start(deck_id, title, card_ids=card_ids)
