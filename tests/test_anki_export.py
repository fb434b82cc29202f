"""Every package we write is imported by the real Anki backend (the `anki` package) and checked there."""

from __future__ import annotations

import copy
import html
import json
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from conftest import BUNDLED, ROOT

from studyapp.anki.exporter import export_apkg
from studyapp.collection import Collection
from studyapp.errors import StudyAppError
from studyapp.takeaways import Takeaway, TakeawaySet, load_yaml_set, read_set
from studyapp.takeaways.yaml_io import dump_yaml_set

anki_collection = pytest.importorskip("anki.collection")
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402


@pytest.fixture
def col(tmp_path):
    c = Collection.open(tmp_path / "ours.sqlite", autobackup=False)
    c.set_settings(fuzz=False)
    yield c
    c.close()


def anki_import(anki, apkg, with_scheduling: bool = False):
    options = ImportAnkiPackageOptions(with_scheduling=with_scheduling)
    return anki.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options)).log


@pytest.fixture
def anki(tmp_path):
    a = anki_collection.Collection(str(tmp_path / "anki.anki2"))
    yield a
    a.close()


def test_package_imports_cleanly_with_matching_counts(col, anki, tmp_path):
    result = export_apkg(col, tmp_path / "deck.apkg")
    ours_cards = col.conn.execute("SELECT COUNT(*) FROM cards WHERE retired = 0").fetchone()[0]
    assert result.cards == ours_cards and result.decks == 1
    log = anki_import(anki, result.path)
    assert len(log.new) == result.notes
    assert not (log.updated or log.duplicate or log.conflicting or log.first_field_match or log.missing_notetype
                or log.missing_deck or log.empty_first_field)
    assert anki.note_count() == result.notes and anki.card_count() == result.cards
    assert anki.db.scalar("SELECT COUNT(*) FROM notes WHERE id NOT IN (SELECT nid FROM cards)") == 0
    names = {d.name for d in anki.decks.all_names_and_ids()}
    deck_name = col.decks()[0].name
    assert f"StudyApp::{deck_name}" in names
    assert "StudyApp Cloze" in {m["name"] for m in anki.models.all()}  # (Q&A notes come from the model writer:
    # tests/test_model_writer.py exports them)
    cloze = anki.models.by_name("StudyApp Cloze")
    assert anki.db.scalar("SELECT COUNT(*) FROM notes WHERE mid = ?", cloze["id"]) > 30
    tags = anki.tags.all()
    assert any(t.lower().startswith("set::") for t in tags) and "US-national-security-AI".lower() in \
        {t.lower() for t in tags} | {"us-national-security-ai"}


def test_exporting_again_after_edits_updates_instead_of_duplicating(col, anki, tmp_path):
    first = export_apkg(col, tmp_path / "first.apkg")
    anki_import(anki, first.path)
    notes_before = anki.note_count()
    yaml_text = dump_yaml_set(read_set(BUNDLED))
    edited = yaml_text.replace("religious conviction", "deep conviction").replace(
        "young and inexperienced.", "young and untested.")
    assert edited.count("deep conviction") == 1 and edited.count("young and untested.") == 1
    report = col.import_set(load_yaml_set(edited, "edited.yaml"))
    assert report.updated >= 2 and report.added == 0
    second = export_apkg(col, tmp_path / "second.apkg")
    log = anki_import(anki, second.path)
    assert anki.note_count() == notes_before
    assert len(log.new) == 0
    assert len(log.updated) >= 2  # (the log's field values are shortened previews: check the notes themselves)
    texts = " ".join(anki.get_note(nid)["Takeaway"] for nid in anki.find_notes("deck:StudyApp*"))
    assert "religious conviction" not in texts and "deep conviction" in texts


def test_with_scheduling_cards_keep_due_interval_reviews_and_memory(col, anki, tmp_path):
    start = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=20)
    col.set_settings(timezone="UTC", rollover_hour=0)
    deck = col.decks()[0]
    for day in (0, 1, 4, 12):
        now = start + timedelta(days=day)
        for _ in range(6):
            card = col.next_card(deck.id, now)
            if card is None:
                break
            col.answer(card, 3, now)
    reviewed = [dict(r) for r in col.conn.execute("SELECT * FROM cards WHERE state = 2")]
    assert reviewed
    result = export_apkg(col, tmp_path / "sched.apkg", with_scheduling=True)
    anki.set_config("fsrs", True)
    anki_import(anki, result.path, with_scheduling=True)
    today = anki.sched.today
    # Anki's day starts at its rollover (4 a.m. local by default): between midnight and then, its "today" is the
    # calendar's yesterday, and a card due on a date must be due on that date there too.
    anki_today = datetime.fromtimestamp(anki.sched.day_cutoff - 86400).date()
    matched = 0
    for row in reviewed:
        our_revlog = col.review_log(row["id"])
        note = col.note(row["note_id"])
        from studyapp.anki.exporter import note_guid
        whole_list = row["kind"] == "list" and row["key"] == "all"  # exported as a Q&A note of its own
        anki_ord = 0 if whole_list else row["ord"] - 1
        cids = [cid for cid in anki.find_cards("deck:StudyApp*") if anki.get_card(cid).note().guid
                and anki.get_card(cid).ord == anki_ord]
        guid = note_guid(note["id"], "all" if whole_list else "")
        candidates = [cid for cid in cids if anki.get_card(cid).note().guid == guid]
        assert candidates, row
        card = anki.get_card(candidates[0])
        matched += 1
        assert card.type == 2 and card.queue == 2
        assert card.reps == row["reps"] == len(our_revlog)
        due_in_days = (datetime.fromtimestamp(row["due"], timezone.utc).date() - anki_today).days
        assert card.due - today == due_in_days
        assert card.ivl == round((row["due"] - row["last_review"]) / 86400)
        assert anki.db.scalar("SELECT COUNT(*) FROM revlog WHERE cid = ?", card.id) == len(our_revlog)
        state = anki.compute_memory_state(card.id)
        assert state.stability == pytest.approx(row["stability"], rel=1e-3)
        assert state.difficulty == pytest.approx(row["difficulty"], rel=1e-3)
    assert matched == len(reviewed)


def test_without_scheduling_cards_arrive_new(col, anki, tmp_path):
    now = datetime.now(timezone.utc)
    card = col.next_card(None, now)
    col.answer(card, 3, now)
    result = export_apkg(col, tmp_path / "plain.apkg")
    anki_import(anki, result.path)
    assert anki.db.scalar("SELECT COUNT(*) FROM cards WHERE type != 0") == 0
    assert anki.db.scalar("SELECT COUNT(*) FROM revlog") == 0


def test_hostile_text_arrives_escaped(tmp_path, anki):
    hostile = ("Mallory Quinn pasted <script>alert('x')</script> & <b>bold</b> and {{c1::fake}} into the Oslo "
               "wiki.")
    with Collection.open(tmp_path / "h.sqlite", bundled=False, autobackup=False) as c:
        c.import_set(TakeawaySet(title="Hostile <i>Deck</i>", takeaways=[Takeaway(hostile)]))
        ours = c.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
        result = export_apkg(c, tmp_path / "hostile.apkg")
    log = anki_import(anki, result.path)
    assert len(log.new) == result.notes and anki.card_count() == ours
    for nid in anki.find_notes(""):
        for field in anki.get_note(nid).fields:
            assert "<script>" not in field and "<b>" not in field and "{{c1::fake}}" not in field
    questions = " ".join(anki.get_card(cid).question() for cid in anki.find_cards(""))
    assert "&lt;script&gt;" in questions
    assert "StudyApp::Hostile <i>Deck</i>" in {d.name for d in anki.decks.all_names_and_ids()}


def test_errors_and_cli(col, tmp_path):
    with pytest.raises(StudyAppError, match="must end in .apkg"):
        export_apkg(col, tmp_path / "deck.zip")
    env = {**__import__("os").environ, "STUDYAPP_COLLECTION": str(tmp_path / "cli.sqlite")}
    run = lambda *a: subprocess.run([sys.executable, "-m", "studyapp", *a], capture_output=True, cwd=ROOT,  # noqa
                                    env=env, timeout=120)
    out = tmp_path / "cli.apkg"
    result = run("export", "-o", str(out), "--with-scheduling")
    assert result.returncode == 0 and b"exported" in result.stdout and out.exists()
    bad = run("export", "--deck", "No Such Deck", "-o", str(out))
    assert bad.returncode == 2 and bad.stderr.decode().count("\n") == 1
    name = json.loads(run("decks", "--json").stdout)[0]["name"]
    yaml_out = run("export", "--format", "yaml", "--deck", name)
    assert yaml_out.returncode == 0
    assert load_yaml_set(yaml_out.stdout.decode(), "x.yaml") == read_set(BUNDLED)
    md = run("export", "--format", "markdown", "--deck", name, "-o", str(tmp_path / "set.md"))
    assert md.returncode == 0
    again = read_set(tmp_path / "set.md")
    assert [t.full_text for t in again.takeaways] == [t.full_text for t in read_set(BUNDLED).takeaways]
    assert [s.heading for s in again.sections] == [s.heading for s in read_set(BUNDLED).sections]


def test_front_shows_the_posts_title_and_an_older_note_type_is_updated_in_place(col, anki, tmp_path, monkeypatch):
    """The front carries the context cue the review screen shows (the post's title and section). A user who imported
    a package written before the cue existed gets the new templates on the next import, with no note duplicated and
    no note type called conflicting: only the templates changed, never the fields."""
    from studyapp.anki import exporter, models

    older = {}
    for name in ("CLOZE_MODEL", "QA_MODEL"):
        model = copy.copy(getattr(models, name))
        model.templates = [dict(t, qfmt=t["qfmt"].replace(models.TOPIC, ""), afmt=t["afmt"].replace(models.TOPIC, ""))
                           for t in model.templates]
        older[name] = model
        monkeypatch.setattr(exporter, name, model)
    first = export_apkg(col, tmp_path / "older.apkg")
    anki_import(anki, first.path)
    title = col.decks()[0].name
    assert not any("class=topic" in anki.get_card(cid).question() for cid in anki.find_cards(""))
    monkeypatch.undo()
    time.sleep(1.1)  # the note type's modification time has one-second steps; the newer one must be newer
    second = export_apkg(col, tmp_path / "current.apkg")
    log = anki_import(anki, second.path)
    assert len(log.new) == 0 and not (log.conflicting or log.missing_notetype)  # "duplicate": unchanged notes
    assert anki.note_count() == first.notes and {m["name"] for m in anki.models.all()} >= {"StudyApp Cloze"}
    assert len([m for m in anki.models.all() if m["name"].startswith("StudyApp Cloze")]) == 1
    questions = [anki.get_card(cid).question() for cid in anki.find_cards("")]
    assert questions and all("class=topic" in q for q in questions)
    assert all(html.escape(title, quote=False).split(":")[0] in q for q in questions)
