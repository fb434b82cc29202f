"""Bad and hostile input, full disks, read-only files, and the collection check."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.anki.exporter import export_apkg
from studyapp.cards.generate import all_cards, generate
from studyapp.collection import Collection
from studyapp.collection.health import check_collection
from studyapp.errors import CollectionError, InputError, StudyAppError
from studyapp.takeaways import TakeawaySet, read_set, read_set_from_bytes, read_set_from_text

FORMATS = ("yaml", "markdown", "html", "text")
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

post_like = st.lists(st.one_of(
    st.sampled_from(["TLDW", "TL;DW:", "Key Takeaways", "Detailed Summary", "Thoughts", "# Title", "## Key ideas:",
                     "- ", "• ", "1. ", "<p>", "</p>", "<ul><li>", "<script>", "version: 1", "title: x",
                     "takeaways:", "  - ", "&amp;", "{{c1::", "}}", "\u200b", "\u202e", ":", "\n", "\n\n"]),
    st.text(min_size=0, max_size=40)), max_size=60).map("".join)


def only_set_or_our_error(fn, *args) -> None:
    try:
        result = fn(*args)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(result, TakeawaySet) and result.title


@FAST
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(FORMATS + (None,)))
def test_any_bytes_give_a_set_or_one_line_error(data, fmt):
    only_set_or_our_error(read_set_from_bytes, data, "fuzz.bin", fmt)


@FAST
@given(text=post_like, fmt=st.sampled_from(FORMATS + (None,)))
def test_any_post_like_text_gives_a_set_or_one_line_error(text, fmt):
    only_set_or_our_error(read_set_from_text, text, "fuzz.txt", fmt)


yaml_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     st.text(max_size=30)),
                           lambda children: st.one_of(st.lists(children, max_size=4),
                                                      st.dictionaries(st.sampled_from(
                                                          ["version", "title", "takeaways", "sections", "text",
                                                           "label", "items", "heading", "paragraphs", "source",
                                                           "tags", "tldw", "id", "x"]), children, max_size=5)),
                           max_leaves=25)


@FAST
@given(doc=yaml_values)
def test_any_yaml_document_gives_a_set_or_one_line_error(doc):
    import yaml
    text = yaml.safe_dump(doc, allow_unicode=True)
    only_set_or_our_error(read_set_from_text, text, "fuzz.yaml", "yaml")


def test_deep_nesting_and_size_are_capped():
    start = time.monotonic()
    deep_html = "<div>" * 5000 + "<p>Key Takeaways</p>" + "</div>" * 5000
    only_set_or_our_error(read_set_from_text, deep_html, "deep.html", "html")
    deep_md = "Title\n\n" + "".join("  " * i + "- item\n" for i in range(400))
    only_set_or_our_error(read_set_from_text, deep_md, "deep.md", "markdown")
    deep_yaml = "version: 1\ntitle: t\ntakeaways: " + "[" * 60 + "x" + "]" * 60 + "\n"
    with pytest.raises(InputError, match="nesting deeper"):
        read_set_from_text(deep_yaml, "deep.yaml", "yaml")
    with pytest.raises(InputError, match="too long"):
        read_set_from_text("x" * (6 * 1024 * 1024), "huge.txt")
    assert time.monotonic() - start < 30


def test_billion_laughs_is_refused_quickly():
    lol = "version: 1\ntitle: t\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    start = time.monotonic()
    with pytest.raises(InputError, match="anchors and aliases"):
        read_set_from_text(lol + "takeaways: [*i]\n", "lol.yaml", "yaml")
    assert time.monotonic() - start < 2


HOSTILE = [
    "Mallory Quinn wrote <script>alert(document.cookie)</script> and <img src=x onerror=alert(1)> in Oslo.",
    "A takeaway that already says {{c1::Eve Marsh}} and {{c2::hint::x}} about the Bergen office.",
    "Right-to-left \u202eevil\u202c text and zero\u200bwidth\u200djoiners from Rania Haddad in Amman.",
    "Ampersands & quotes \" ' < > from Tomas Berg at the Lisbon lab.",
    "Long " + "research about the Zorblat index measured by Ivo Stern in Prague " * 170 + "ends here.",
]


def test_hostile_content_survives_the_whole_path(tmp_path):
    name = tmp_path / "hostile set — ünïcode name.md"
    name.write_text("# Hostile <b>Post</b>\n\n## Key Takeaways\n\n" + "".join(f"- {t}\n" for t in HOSTILE),
                    encoding="utf-8")
    ts = read_set(name)
    assert [t.full_text for t in ts.takeaways][:4] == HOSTILE[:4]
    assert len(ts.takeaways[4].full_text) > 10_000
    cards = all_cards(generate(ts))
    assert cards
    with Collection.open(tmp_path / "c.sqlite", bundled=False, autobackup=False) as col:
        report = col.import_file(name)
        assert report.added >= 4
        now = datetime.now(timezone.utc)
        while (card := col.next_card(None, now)) is not None:
            col.answer(card, 3, now)
            now += timedelta(seconds=1)
        stored = " ".join(r[0] for r in col.conn.execute("SELECT extra FROM notes"))
        for t in HOSTILE[:4]:
            assert t in stored
        out = tmp_path / "out folder ✓" / "deck.apkg"
        out.parent.mkdir()
        result = export_apkg(col, out, with_scheduling=True)
        assert result.notes >= 4 and out.exists()
        with pytest.raises(StudyAppError, match="does not exist"):
            export_apkg(col, tmp_path / "no such folder" / "deck.apkg")


def test_disk_full_during_answers_keeps_the_collection_consistent(tmp_path):
    with Collection.open(tmp_path / "full.sqlite", autobackup=False) as col:
        now = datetime.now(timezone.utc)
        card = col.next_card(None, now)
        before = dict(col.conn.execute("SELECT * FROM cards WHERE id = ?", (card.id,)).fetchone())
        pages = col.conn.execute("PRAGMA page_count").fetchone()[0]
        col.conn.execute("PRAGMA journal_mode = DELETE")  # make every page write hit the limit at once
        col.conn.execute(f"PRAGMA max_page_count = {pages}")
        col.conn.execute("CREATE TEMP TABLE filler AS SELECT 1")  # nothing else may grow the file
        failures = 0
        for _ in range(200):
            try:
                col.answer(col.card(card.id), 3, now)
            except CollectionError as exc:
                assert "could not save" in str(exc) and "\n" not in str(exc)
                failures += 1
                break
            card = col.next_card(None, now) or card
        assert failures == 1
        assert col.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check_collection(col, repair=False).healthy
        col.conn.execute("PRAGMA max_page_count = 1073741823")
        col.answer(col.card(before["id"]), 3, now)  # usable again once there is room
        assert col.review_log(before["id"])


def test_read_only_collection_is_refused_untouched(tmp_path):
    path = tmp_path / "ro.sqlite"
    Collection.open(path, autobackup=False).close()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        if os.access(path, os.W_OK):
            pytest.skip("running as a user who can write read-only files (root)")
        with pytest.raises(CollectionError, match="read-only"):
            Collection.open(path)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_read_only_check_is_real_for_root_too(tmp_path, monkeypatch):
    """Root can write anything, so the permission check is also exercised through os.access itself."""
    path = tmp_path / "ro2.sqlite"
    Collection.open(path, autobackup=False).close()
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(CollectionError, match="read-only"):
        Collection.open(path)


def test_check_repairs_a_card_that_disagrees_with_its_log(tmp_path):
    path = tmp_path / "repair.sqlite"
    with Collection.open(path, autobackup=False) as col:
        now = datetime.now(timezone.utc)
        card = col.next_card(None, now)
        col.answer(card, 3, now)
        good = dict(col.conn.execute("SELECT state, due, reps FROM cards WHERE id = ?", (card.id,)).fetchone())
        col.conn.execute("UPDATE cards SET state = 2, due = 1, reps = 9 WHERE id = ?", (card.id,))  # damage
        col.conn.execute("PRAGMA foreign_keys = OFF")
        col.conn.execute("INSERT INTO revlog(card_id, time, rating, state_before, state_after, due_after) "
                         "VALUES (424242, 1, 3, 0, 1, 0)")  # a review of a card that does not exist
        col.conn.execute("PRAGMA foreign_keys = ON")
        assert not check_collection(col, repair=False).healthy
    result = subprocess.run([sys.executable, "-m", "studyapp", "--collection", str(path), "check"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "repaired: card" in result.stdout and "repaired: revlog row" in result.stdout
    assert "a backup was made first" in result.stdout
    with Collection.open(path, autobackup=False) as col:
        fixed = dict(col.conn.execute("SELECT state, due, reps FROM cards WHERE id = ?", (card.id,)).fetchone())
        assert fixed == good
        assert check_collection(col).healthy
