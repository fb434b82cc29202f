"""The model writer: a post's cards written by a language model, checked like the built-in writer's.

For each part of the post (takeaway, summary section, TLDW): cards from the cache if its text and the writer's
settings are unchanged, else from the model (a few parts per request). The answer is validated strictly
(`model_reply`), cards in another language than the post are refused, and every card then passes the same checker
as the built-in writer's (`card_problems`); what fails is dropped. A part left without a card (the model failed,
was cancelled, or wrote nothing that passed) gets the built-in writer's notes for it, and `WriterReport` says so in
one line.

Notes and ids follow the built-in writer's shape, so the importer merges them the same way: one cloze note per part
(id from the set, the part and "cloze"; card ids from the answer), one Q&A note per question. Switching writers is a
re-import: a card whose fact is the same keeps its history, the rest are retired.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ..takeaways.model import TakeawaySet
from ..writer_settings import WriterSettings
from . import cloze
from .check import card_problems
from .model import Card, CardSource, Note, stable_id
from .model_cache import CardCache
from .model_client import Cancelled, ModelError, chat
from .model_prompt import (BLANK, MAX_ANSWER_CHARS, MAX_PROMPT_CHARS, Part, batches, cache_key, parts_of,
                           request_body)
from .model_reply import language, parse_reply, same_language

Progress = Callable[[int, int], None]


@dataclass
class WriterReport:
    """What the writer did, for the command line, the import preview and the import report."""

    writer: str = "builtin"
    describe: str = ""
    parts: int = 0
    from_model: int = 0  # parts with cards from this run's model calls
    from_cache: int = 0  # parts with cards reused from the cache
    fallback: int = 0  # parts that got the built-in writer's cards instead
    dropped: int = 0  # model cards the checker rejected
    calls: int = 0  # requests sent
    reasons: list[str] = field(default_factory=list)  # why parts fell back, one entry per distinct reason

    def lines(self) -> list[str]:
        """One line when all went one way, two when the model wrote some parts and the built-in writer the rest."""
        if self.writer != "model":
            return [f"built-in cards: {reason}" for reason in self.reasons[:1]]
        why = "; ".join(self.reasons) or "no card passed the checks"
        if self.parts and self.fallback == self.parts:
            return [f"built-in cards instead of the model's: {why}"]
        dropped = f"; {self.dropped} card(s) failed the checks and were dropped" if self.dropped else ""
        out = [f"cards from {self.describe} for {self.parts - self.fallback} of {self.parts} parts of the post "
               f"({self.from_cache} from the cache, {self.calls} request(s)){dropped}"]
        if self.fallback:
            out.append(f"built-in cards for the other {self.fallback} part(s): {why}")
        return out


def write_with_model(ts: TakeawaySet, ws: WriterSettings, builtin: Callable[[TakeawaySet], list[Note]],
                     cache: CardCache | None = None, progress: Progress | None = None,
                     cancel: threading.Event | None = None) -> tuple[list[Note], WriterReport]:
    """The post's notes: the model's where it gave checked cards, the built-in writer's elsewhere."""
    own = cache is None
    cache = cache or CardCache()
    try:
        return _write(ts, ws, builtin, cache, progress, cancel)
    finally:
        if own:
            cache.close()


def _write(ts: TakeawaySet, ws: WriterSettings, builtin: Callable[[TakeawaySet], list[Note]], cache: CardCache,
           progress: Progress | None, cancel: threading.Event | None) -> tuple[list[Note], WriterReport]:
    parts = parts_of(ts)
    report = WriterReport(writer="model", describe=ws.describe(), parts=len(parts))
    written: dict[str, list[dict]] = {}  # part ref -> the model's cards for it
    todo: list[Part] = []
    for part in parts:
        cached = cache.get(cache_key(ws.endpoint, ws.model, part))
        if cached is None:
            todo.append(part)
        else:
            written[part.ref] = cached
            report.from_cache += 1
    post_language: list[str | None] = []  # worked out at the first answer (loading word lists takes a second or two)
    done = len(parts) - len(todo)
    if progress:
        progress(done, len(parts))
    stopped = False

    def count() -> None:
        report.calls += 1
    for batch in batches(todo):
        if stopped:
            break
        if cancel is not None and cancel.is_set():
            _reason(report, "cancelled")
            break
        try:
            answer = parse_reply(chat(ws, request_body(ws.model, ts, batch), cancel, count), len(batch))
        except Cancelled:
            _reason(report, "cancelled")
            break
        except ModelError as exc:
            _reason(report, str(exc))
            stopped = exc.stop  # the server is down, slow or refusing us: do not wait on it again for each batch
        else:
            for n, part in enumerate(batch, start=1):
                cards = answer[n]
                text = " ".join(f"{c['prompt']} {c['answer']}" for c in cards)
                if cards and not post_language:
                    post_language.append(language(" ".join(p.text for p in parts)))
                if cards and not same_language(text, post_language[0]):
                    _reason(report, f"cards in another language than the post ({language(text) or '?'})")
                    continue
                cache.put(cache_key(ws.endpoint, ws.model, part), cards, ws.model)
                written[part.ref] = cards
                report.from_model += 1
        done += len(batch)
        if progress:
            progress(done, len(parts))
    return _assemble(ts, parts, written, builtin, report), report


def _reason(report: WriterReport, reason: str) -> None:
    if reason not in report.reasons:
        report.reasons.append(reason)


def _assemble(ts: TakeawaySet, parts: list[Part], written: dict[str, list[dict]],
              builtin: Callable[[TakeawaySet], list[Note]], report: WriterReport) -> list[Note]:
    notes: list[Note] = []
    missing: set[str] = set()
    seen_prompts: set[str] = set()
    for part in parts:
        part_notes = _part_notes(ts, part, written.get(part.ref), seen_prompts, report)
        if part_notes:
            notes.extend(part_notes)
        else:
            missing.add(part.ref)
    if missing:
        fallback = [n for n in builtin(ts) if n.ref in missing]
        report.fallback = len(missing)
        answered = sum(1 for ref in missing if ref in written)  # asked, but no card of the model's was kept
        if answered:
            _reason(report, f"for {answered} the model wrote no card that passed the checks")
        notes.extend(fallback)
        order = {p.ref: k for k, p in enumerate(parts)}
        notes.sort(key=lambda n: order.get(n.ref, len(order)))  # stable: the post's order, as the built-in writer
    return notes


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold())) or text.casefold()


def _part_notes(ts: TakeawaySet, part: Part, cards: list[dict] | None, seen: set[str],
                report: WriterReport) -> list[Note]:
    if not cards:
        return []
    source = CardSource(set_title=ts.title, section=part.section, text=part.text, url=ts.source.url)
    cloze_id = stable_id(ts.id, part.ref, "cloze")
    clozes: list[Card] = []
    notes: list[Note] = []
    qa_kind = "label" if part.is_takeaway else "section"
    for raw in cards:
        prompt, answer = " ".join(raw["prompt"].split()), " ".join(raw["answer"].split())
        if not prompt or not answer or len(prompt) > MAX_PROMPT_CHARS or len(answer) > MAX_ANSWER_CHARS:
            report.dropped += 1  # an essay, or nothing: not a card
            continue
        key = _key(answer)
        if raw["kind"] == "cloze":
            card = Card(id=stable_id(ts.id, part.ref, "cloze", key), note_id=cloze_id, kind="cloze",
                        ord=len(clozes) + 1, key=key, prompt=prompt, answer=answer,
                        back=prompt.replace(BLANK, answer), context="", source=source)
        else:
            note_id = stable_id(ts.id, part.ref, qa_kind, _key(prompt))
            card = Card(id=stable_id(ts.id, part.ref, qa_kind, _key(prompt), "front"), note_id=note_id,
                        kind=qa_kind, ord=1, key="front", prompt=prompt, answer=answer, back=answer, context="",
                        source=source)
        if _key(prompt) in seen or any(c.id == card.id for c in clozes) or card_problems(card):
            report.dropped += 1
            continue
        seen.add(_key(prompt))
        if card.kind == "cloze":
            card.choices = _choices(answer, raw.get("distractors") or [], card.id)
            clozes.append(card)
        else:
            notes.append(Note(id=card.note_id, set_id=ts.id, ref=part.ref, kind=qa_kind, text=prompt, extra=answer,
                              source=source, cards=[card]))
    if clozes:
        notes.insert(0, Note(id=cloze_id, set_id=ts.id, ref=part.ref, kind="cloze",
                             text=cloze_markup(part.text, clozes), extra=part.text, source=source, cards=clozes))
    return notes


def _choices(answer: str, distractors: list[str], card_id: int) -> list[str]:
    """The answer and up to three distinct distractors, in an order fixed by the card (so a re-import keeps it)."""
    options = [answer]
    for d in distractors:
        d = " ".join(d.split())
        if d and _key(d) not in {_key(o) for o in options}:
            options.append(d)
    if len(options) < 3:
        return []
    options = options[:4]
    random.Random(card_id).shuffle(options)
    return options


_DELETION_RE = re.compile(r"(\{\{c\d+::.*?\}\})")


def cloze_markup(text: str, cards: list[Card]) -> str:
    """Anki cloze markup for the note: the part's text with every occurrence of each card's answer made deletion
    c<ord> (as the built-in writer marks it). An answer the model reworded, not found in the text, adds its card's
    own sentence with the deletion, so every card has its deletion in Anki."""
    marked = cloze.protect(text)
    extra: list[str] = []
    for card in cards:
        answer = cloze.protect(card.answer)
        pattern = re.compile(rf"(?<!\w){re.escape(answer)}(?!\w)")
        pieces = _DELETION_RE.split(marked)
        hit = False
        for i in range(0, len(pieces), 2):  # only outside deletions made already
            new = pattern.sub(lambda m: f"{{{{c{card.ord}::{m.group(0)}}}}}", pieces[i])
            hit = hit or new != pieces[i]
            pieces[i] = new
        marked = "".join(pieces)
        if not hit:
            extra.append(cloze.protect(card.prompt).replace(BLANK, f"{{{{c{card.ord}::{answer}}}}}"))
    return " ".join([marked, *extra])
