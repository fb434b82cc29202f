"""What the model writer asks a language model, and the JSON shape it must answer in: the prompt and the schema.

The prompt is the card rubric (docs/card-generation.md, "Cards from a language model") told to a model. The post goes
in as numbered parts ("P1", "P2", ...: a takeaway, a summary section or the TLDW), and every card names its part, so
the writer knows which takeaway a card belongs to and can fall back to the built-in writer for any part left without
one. The same `SCHEMA` goes to the endpoint (`response_format`, which Ollama, llama.cpp, LM Studio and vLLM all
honour) and validates the answer here, so a server that ignores it cannot slip anything else through.

Changing the prompt or the schema changes what a model writes: bump `PROMPT_VERSION`, which is part of the cache
key, so cards cached under the old prompt are not reused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..takeaways.model import TakeawaySet
from .model import KEY_TAKEAWAYS

PROMPT_VERSION = "2026-11-30.1"
from ..kinds import BLANK  # the blank in a cloze prompt, as the checker (check.py) and the review screen expect it
MAX_PARTS_PER_REQUEST = 6
MAX_WORDS_PER_REQUEST = 1200

SYSTEM_PROMPT = f"""\
You write spaced-repetition flashcards from a summary of a talk or article. You will get the post's title, its \
TLDW for context, and numbered parts (P1, P2, ...), each a key takeaway, a summary section or the TLDW itself. \
Write cards only from the parts, in the language the parts are written in.

A card is good only if all of these hold:
1. One fact. It asks for one thing. A list question may ask for a short list of at most four named items.
2. Determined. The prompt alone tells a learner who read the post exactly what is asked; one right answer.
3. Worth remembering. The answer is a fact, name, number, coined term or claim the post is about; never a filler \
word, never a word the grammar gives away, never the post's own speaker, company or title topic, never a heading \
or a bold lead-in label, never an incidental month or place.
4. Not given away. The answer, or an obvious form of it (a plural, a number it can be computed from), does not \
appear anywhere in the prompt. If the answer occurs twice in a sentence, blank every occurrence.
5. Reads naturally. Grammatical, a complete thought, no text cut off, no site junk (list numbers, timestamps, \
handles), no "this"/"them" whose referent is missing: add the few words that name it.
6. Answerable in seconds. The answer is at most about 12 words. A paragraph becomes several one-fact cards, or none.

Two kinds of card:
- "cloze": "prompt" is one sentence or clause from the part, nearly word for word, with the answer replaced by \
{BLANK} ; "answer" is exactly the words that were blanked.
- "question": "prompt" is a short question; "answer" is its short answer.
For a cloze whose answer is a person, number, organisation or term, give three "distractors": wrong answers of the \
same kind that fit the blank (other people or numbers from the post where it has them). Otherwise give [].

Write one to three cards for each part that states a testable fact, and none for a part that states nothing \
testable: better no card than a bad one. Two cards never ask the same fact. Set "part" to the part's number as given \
(for example "P2"). Answer with JSON only, in exactly this shape: {{"cards": [{{"part": "P1", "kind": "cloze", \
"prompt": "...", "answer": "...", "distractors": ["...", "...", "..."]}}]}}"""

# Sent as `response_format`: only the keywords every server's structured output accepts (OpenAI's strict mode
# refuses length limits, for one), so no server rejects the request for its schema.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "cards": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "part": {"type": "string"},
                    "kind": {"type": "string", "enum": ["cloze", "question"]},
                    "prompt": {"type": "string"},
                    "answer": {"type": "string"},
                    "distractors": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["part", "kind", "prompt", "answer", "distractors"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["cards"],
    "additionalProperties": False,
}

# Checked here on top of SCHEMA (JSON Schema keywords, by property): a reply that breaks these is not an answer to
# what was asked. A card that is merely too long is dropped by the writer, not the whole reply.
LIMITS: dict[str, dict[str, Any]] = {
    "cards": {"maxItems": 60},
    "part": {"pattern": "^P[0-9]+$"},
}
MAX_PROMPT_CHARS = 600
MAX_ANSWER_CHARS = 200


def strict_schema() -> dict[str, Any]:
    """SCHEMA with LIMITS added: what a reply is validated against."""
    import copy
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["cards"].update(LIMITS["cards"])
    schema["properties"]["cards"]["items"]["properties"]["part"].update(LIMITS["part"])
    return schema


@dataclass(frozen=True)
class Part:
    """One piece of the post the model writes cards for: a takeaway, a summary section, or the TLDW."""

    ref: str  # the takeaway's or section's id ("tldw" for the TLDW): the note's `ref`
    section: str  # "Key Takeaways", the section's heading, or "TLDW"
    text: str
    is_takeaway: bool



def parts_of(ts: TakeawaySet) -> list[Part]:
    parts = [Part(t.id, KEY_TAKEAWAYS, t.full_text, True) for t in ts.takeaways]
    parts += [Part(s.id, s.heading, " ".join(s.paragraphs), False) for s in ts.sections if s.paragraphs]
    if ts.tldw:
        parts.append(Part("tldw", "TLDW", ts.tldw_text, False))
    return parts


def batches(parts: list[Part]) -> list[list[Part]]:
    """Parts grouped into requests: a few at a time, so each answer is short (fast, and less to lose if cut off)."""
    out: list[list[Part]] = []
    words = 0
    for part in parts:
        n = len(part.text.split())
        if not out or len(out[-1]) >= MAX_PARTS_PER_REQUEST or words + n > MAX_WORDS_PER_REQUEST:
            out.append([])
            words = 0
        out[-1].append(part)
        words += n
    return out


def user_message(ts: TakeawaySet, parts: list[Part]) -> str:
    lines = [f"Title: {ts.title}"]
    if ts.tldw and not any(part.ref == "tldw" for part in parts):  # context, unless it is itself a part here
        lines.append(f"TLDW (context): {ts.tldw_text}")
    lines.append("")
    for n, part in enumerate(parts, start=1):
        where = "key takeaway" if part.is_takeaway else ("TLDW" if part.ref == "tldw" else
                                                          f"summary section \u201c{part.section}\u201d")
        lines.append(f"P{n} ({where}): {part.text}")
    return "\n".join(lines)


def request_body(model: str, ts: TakeawaySet, parts: list[Part]) -> dict[str, Any]:
    """The /chat/completions request for these parts."""
    return {
        "model": model,
        "temperature": 0,
        "seed": 0,
        "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                     {"role": "user", "content": user_message(ts, parts)}],
        "response_format": {"type": "json_schema",
                            "json_schema": {"name": "cards", "strict": True, "schema": SCHEMA}},
    }


def cache_key(endpoint: str, model: str, part: Part) -> str:
    """A part's cards are reused while its text and the writer's settings stay the same."""
    import hashlib
    payload = json.dumps([PROMPT_VERSION, endpoint, model, part.section if not part.is_takeaway else "", part.text],
                         ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()
