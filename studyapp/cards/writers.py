"""Choosing the card writer: the built-in one (the default: offline, instant, free) or a language model.

Every caller that turns a post into cards for the user (the `cards` and `import` commands, the app's import) goes
through `write_cards`, which never fails because of the model: whatever the model writer cannot do falls back to
the built-in writer, and the report's lines say so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from ..takeaways.model import TakeawaySet
from ..writer_settings import WriterSettings, model_extra_missing
from .model import Note
from .model_writer import WriterReport


@dataclass
class Written:
    notes: list[Note]
    report: WriterReport

    def lines(self) -> list[str]:
        return self.report.lines()


def remote_refusal(ws: WriterSettings) -> str | None:
    """Why the model may not be asked: its endpoint is off this machine and the user has not said yes."""
    if ws.local or ws.remote_approved:
        return None
    return (f"{ws.endpoint} is not on this machine and sending posts there was not approved "
            f"(say yes in Settings, or add --allow-remote)")


def write_cards(ts: TakeawaySet, ws: WriterSettings | None = None, *,
                progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
                cache=None) -> Written:
    from .generate import generate
    if ws is None or ws.writer != "model":
        return Written(generate(ts), WriterReport())
    why = model_extra_missing() or remote_refusal(ws)
    if why:
        return Written(generate(ts), WriterReport(reasons=[why]))
    from .model_writer import write_with_model
    notes, report = write_with_model(ts, ws, generate, cache=cache, progress=progress, cancel=cancel)
    return Written(notes, report)
