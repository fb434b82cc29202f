"""Anki note types and deck ids. Ids are fixed constants: a note type whose id changes would arrive as a new type,
and one whose fields change would be "conflicting" in Anki's importer. (Imported only when exporting.)"""

from __future__ import annotations

import hashlib

import genanki

CLOZE_MODEL_ID = 1_716_224_001_101
QA_MODEL_ID = 1_716_224_001_102

CSS = """
.card { font-family: "Inter", "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 22px; line-height: 1.45;
        text-align: center; color: #1f2328; background: #f7f6f2; padding: 24px; }
.cloze { color: #3b6ea8; font-weight: 600; }
.topic { margin-bottom: 18px; font-size: 15px; color: #6a6f76; }
.source { margin-top: 28px; font-size: 15px; color: #6a6f76; text-align: left; }
.answer { font-size: 20px; }
hr#answer { border: none; border-top: 1px solid #d9d7d0; margin: 20px 0; }
.nightMode.card, .night_mode .card { color: #e7e7e4; background: #1f2023; }
.nightMode .cloze, .night_mode .cloze { color: #7aa7e0; }
.nightMode .source, .night_mode .source, .nightMode .topic, .night_mode .topic { color: #9a9ea5; }
"""

# The post's title and the card's section on the front, as StudyApp's review screen shows them: a context cue that
# tells which post "he" or "the company" belongs to. Only templates changed (the fields did not), so Anki updates
# the note type of an earlier import in place rather than calling it a conflict.
TOPIC = "{{#Source}}<div class=topic>{{Source}}</div>{{/Source}}"

CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID, "StudyApp Cloze",
    fields=[{"name": "Text"}, {"name": "Takeaway"}, {"name": "Source"}, {"name": "URL"}],
    templates=[{"name": "Cloze", "qfmt": TOPIC + "{{cloze:Text}}",
                "afmt": TOPIC + "{{cloze:Text}}<div class=source>{{Takeaway}}</div>"}],
    css=CSS, model_type=genanki.Model.CLOZE)

QA_MODEL = genanki.Model(
    QA_MODEL_ID, "StudyApp Q&A",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}, {"name": "Takeaway"}, {"name": "URL"}],
    templates=[{"name": "Card 1", "qfmt": TOPIC + "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer><div class=answer>{{Back}}</div>"
                        "<div class=source>{{Takeaway}}</div>"}],
    css=CSS)


def deck_id_for(created_ms: int, deck_id: int) -> int:
    digest = hashlib.blake2b(f"studyapp-deck:{created_ms}:{deck_id}".encode(), digest_size=6).digest()
    return 1_000_000_000_000 + int.from_bytes(digest, "big") % 8_000_000_000_000
