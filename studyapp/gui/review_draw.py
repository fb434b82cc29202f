"""Drawing the review screen's card from its state (card, revealed, the pick or the typed answer), so that a theme
switched in the middle of a review can draw it again in the new colours.

Card text is data: everything shown is HTML-escaped before the answer is highlighted."""

from __future__ import annotations

import html

from ..kinds import BLANK, BLANKED_KINDS, topic_line


def escaped(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def highlight(text: str, answer: str, color: str) -> str:
    """Escape everything, then mark the answer (also escaped) where it occurs."""
    safe, safe_answer = escaped(text), escaped(answer)
    if safe_answer and safe_answer in safe:
        return safe.replace(safe_answer, f"<span style='color:{color}; font-weight:600'>{safe_answer}</span>")
    return safe


class CardDrawing:
    """The review view's drawing methods (a mixin: ReviewView holds the widgets and the state)."""

    def _draw(self) -> None:
        c, card = self.colors, self.card
        if card is None:
            return
        is_cloze = card.kind in BLANKED_KINDS and BLANK in card.prompt
        for label in (self.answer, self.context, self.source, self.feedback):
            label.clear()
            label.hide()
        src = card.source or {}
        where = topic_line(src.get("set_title"), src.get("section"))
        self.topic.set_full_text(where)  # (plain text: shown as written, never as markup)
        self.topic.setVisible(bool(where))
        if not self.revealed:
            self.prompt.setText(escaped(card.prompt).replace(
                escaped(BLANK), f"<span style='color:{c['accent']}'>[…]</span>"))
        elif is_cloze:
            self.prompt.setText(highlight(card.back, card.answer, c["accent"]))
        else:
            self.prompt.setText(escaped(card.prompt))
            self.answer.setText(escaped(card.answer))
            self.answer.show()
        self._draw_choices()
        self._draw_feedback()
        if not self.revealed:
            return
        if card.context:
            self.context.setText(escaped(card.context))
            self.context.show()
        text = src.get("text") or ""
        if text and text not in (card.back, card.prompt, card.answer) and card.kind != "section":
            self.source.setText(escaped(text))
            self.source.show()

    def _draw_choices(self) -> None:
        """The options; once answered, the right one marked ✓ in green and a wrong pick ✗ in red, each also in
        words, so the colour is never the only sign. The other options are greyed."""
        c, card = self.colors, self.card
        if self.asked_as != "choice":
            self.choices_box.hide()
            return
        for k, button in enumerate(self.choice_buttons):
            if k >= len(card.choices):
                button.hide()
                continue
            choice = card.choices[k]
            text, plain, style = f"<b>{k + 1}</b>&nbsp;&nbsp; {escaped(choice)}", f"{k + 1}: {choice}", ""
            button.setEnabled(True)
            if self.revealed:
                if choice == card.answer:
                    mark = "your choice, right" if choice == self.choice_made else "the right answer"
                    text = (f"<span style='color:{c['good']}'><b>✓</b></span>&nbsp; {escaped(choice)} &nbsp;"
                            f"<span style='color:{c['good']}'><b>{mark}</b></span>")
                    plain, style = f"{choice}: {mark}", f"border: 2px solid {c['good']};"
                elif choice == self.choice_made:
                    text = (f"<span style='color:{c['again']}'><b>✗</b></span>&nbsp; {escaped(choice)} &nbsp;"
                            f"<span style='color:{c['again']}'><b>your choice</b></span>")
                    plain, style = f"{choice}: your choice, wrong", f"border: 2px solid {c['again']};"
                else:
                    button.setEnabled(False)
            button.set_rich_text(text, plain)
            button.setToolTip("" if self.revealed else f"Press {k + 1}")
            button.setStyleSheet(f"QPushButton {{ text-align: left; {style} }}")
            button.show()
        self.choices_box.show()

    def _draw_feedback(self) -> None:
        c = self.colors
        if self.choice_made is not None and self.revealed:
            right = self.choice_made == self.card.answer
            self.feedback.setText("Correct." if right else
                                  f"<span style='color:{c['again']}'>✗ Not quite.</span> The answer is "
                                  f"<b>{escaped(self.card.answer)}</b>.")
        elif self.typed_given is not None and self.revealed:
            right = self._typed_ok()
            self.feedback.setText("Correct." if right else
                                  f"<span style='color:{c['again']}'>✗</span> You typed: "
                                  f"{escaped(self.typed_given) or '(nothing)'}")
        else:
            return
        self.feedback.show()
