"""The collection on real SQLite files: opening, importing, scheduling, undo, safety."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from conftest import BUNDLED, ROOT, SAMPLE

from studyapp.collection import NEW, Collection
from studyapp.collection.health import check_collection
from studyapp.collection.schema import KNOWN_MIGRATIONS, SCHEMA_V1
from studyapp.errors import CollectionError
from studyapp.takeaways import Takeaway, TakeawaySet, read_set, read_set_from_text

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def col(tmp_path):
    c = Collection.open(tmp_path / "col.sqlite", autobackup=False)
    c.set_settings(timezone="UTC", fuzz=False)
    yield c
    c.close()


@pytest.fixture
def empty(tmp_path):
    c = Collection.open(tmp_path / "empty.sqlite", bundled=False, autobackup=False)
    c.set_settings(timezone="UTC", fuzz=False)
    yield c
    c.close()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def small_set(*texts: str, title: str = "Field Notes on Batteries") -> TakeawaySet:
    return TakeawaySet(title=title, takeaways=[Takeaway(t) for t in texts])


BATTERY = ["Sodium cells from the Okafor lab lasted eleven years in the Atacama test field.",
           "The lab licenses its cell design to Norsk Volt under a royalty-free agreement.",
           "Passive cooling with sand beds cut peak cell temperature by fourteen degrees."]


# --- opening ---------------------------------------------------------------------------------------------------------

def test_new_collection_has_the_bundled_deck_ready(col):
    decks = col.decks(T0)
    assert len(decks) == 1
    deck = decks[0]
    assert deck.name.startswith("Alex Wang on Leaving Scale")
    assert deck.total >= 35 and deck.new == 20 and deck.due == 0
    assert col.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert col.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    plan = " ".join(r[3] for r in col.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM cards WHERE deck_id = 1 AND state = 2 AND due < 5 AND suspended = 0 "
        "AND retired = 0"))
    assert "cards_queue" in plan
    head = " ".join(r[3] for r in col.conn.execute(  # the next card of a deck: read off the index, never sorted
        "EXPLAIN QUERY PLAN SELECT id FROM cards INDEXED BY cards_queue WHERE suspended = 0 AND retired = 0 "
        "AND buried_until <= 5 AND deck_id = 1 AND state = 0 ORDER BY due, id LIMIT 1"))
    assert "cards_queue" in head and "TEMP B-TREE" not in head


def test_second_writer_is_refused(tmp_path):
    path = tmp_path / "col.sqlite"
    with Collection.open(path, bundled=False, autobackup=False):
        code = f"from studyapp.collection import Collection; Collection.open({str(path)!r})"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, cwd=ROOT)
        assert result.returncode != 0 and b"is open in another StudyApp" in result.stderr
        cli = subprocess.run([sys.executable, "-m", "studyapp", "--collection", str(path), "import", str(BUNDLED)],
                             capture_output=True, timeout=60, cwd=ROOT,
                             env={**__import__("os").environ, "STUDYAPP_LOCK_WAIT": "0"})
        assert cli.returncode == 2
        assert cli.stderr.decode().strip().endswith("is open in another StudyApp (process %d); close it there first"
                                                    % __import__("os").getpid())
        reader = subprocess.run([sys.executable, "-m", "studyapp", "--collection", str(path), "decks", "--json"],
                                capture_output=True, timeout=60, cwd=ROOT)
        assert reader.returncode == 0, reader.stderr  # reading beside the running app is fine


@pytest.mark.parametrize("content,message", [
    (b"hello, I am a text file\n" * 10, "not an SQLite database"),
    (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
])
def test_foreign_or_corrupt_file_refused_untouched(tmp_path, content, message):
    path = tmp_path / "thing.sqlite"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(CollectionError, match=message):
        Collection.open(path)
    assert digest(path) == before
    assert not (tmp_path / "thing.sqlite-wal").exists()


def test_other_sqlite_database_refused_and_newest_backup_named(tmp_path):
    good = tmp_path / "col.sqlite"
    with Collection.open(good, bundled=False, autobackup=False) as c:
        backup = c.backup(T0)
    good.unlink()
    other = sqlite3.connect(good)
    other.execute("CREATE TABLE music (title TEXT)")
    other.commit()
    other.close()
    before = digest(good)
    with pytest.raises(CollectionError) as info:
        Collection.open(good)
    assert "not a StudyApp collection" in str(info.value) and str(backup) in str(info.value)
    assert digest(good) == before


def test_newer_collection_refused(tmp_path):
    path = tmp_path / "col.sqlite"
    Collection.open(path, bundled=False, autobackup=False).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('studyapp', "
                 "'m099_from_the_future', 'x')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(CollectionError, match="newer StudyApp"):
        Collection.open(path)
    assert digest(path) == before


def test_first_schema_built_by_hand_is_upgraded_with_data(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    conn.execute("INSERT INTO meta VALUES ('app', 'studyapp')")
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT, "
                 "PRIMARY KEY (migration_set, name))")
    conn.execute("INSERT INTO _sqlite_migrations VALUES ('studyapp', 'm001_initial', '2026-01-01')")
    conn.execute("INSERT INTO decks(id, name, created) VALUES (7, 'Old deck', 0)")
    conn.execute("INSERT INTO notes(id, gen_id, deck_id, kind, text, created, mod) VALUES (5, 5, 7, 'basic', 'Q', 0, 0)")
    conn.execute("INSERT INTO cards(id, note_id, deck_id, ord, key, kind, prompt, answer, state, due, reps, mod) "
                 "VALUES (9, 5, 7, 1, 'front', 'basic', 'Q?', 'A', 2, 100, 3, 0)")
    conn.execute("INSERT INTO revlog(card_id, time, rating, state_before, state_after, due_after) "
                 "VALUES (9, 1000, 3, 0, 2, 100)")
    conn.commit()
    conn.close()
    with Collection.open(path, bundled=False, autobackup=False) as c:
        row = c.conn.execute("SELECT prompt, reps, leech FROM cards WHERE id = 9").fetchone()
        assert tuple(row) == ("Q?", 3, 0)
        assert c.conn.execute("SELECT COUNT(*) FROM revlog WHERE card_id = 9").fetchone()[0] == 1
        assert [(d.name, d.total) for d in c.decks(T0)] == [("Old deck", 1)]  # the total, counted by m004
        applied = [r[0] for r in c.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert applied == KNOWN_MIGRATIONS and applied[:2] == ["m001_initial", "m002_leeches_and_user_cards"]
    assert any("before-upgrade" in p.name for p in (tmp_path / "backups").iterdir())


def test_location_from_environment(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "mine.sqlite"
    monkeypatch.setenv("STUDYAPP_COLLECTION", str(target))
    with Collection.open(bundled=False, autobackup=False) as c:
        assert c.path == target
    assert target.exists()


# --- importing -------------------------------------------------------------------------------------------------------

def test_import_twice_adds_nothing(empty):
    first = empty.import_set(read_set(SAMPLE), now=T0)
    assert first.added >= 30 and first.updated == 0
    cards = empty.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    second = empty.import_file(SAMPLE, now=T0 + timedelta(hours=1))
    assert (second.added, second.updated, second.retired) == (0, 0, [])
    assert second.unchanged == first.added
    assert empty.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == cards


def test_notes_are_listed_in_the_posts_order(empty):
    """Notes made by one import are a millisecond apart in the post's order, so the browser's default order
    (the order notes were made in) reads like the post."""
    empty.import_set(small_set(*BATTERY), now=T0)
    rows = empty.search_cards("", limit=200)
    firsts = list(dict.fromkeys(r["note_id"] for r in rows))
    texts = [empty.note(n)["extra"] for n in firsts]
    assert [next(i for i, b in enumerate(BATTERY) if b in t) for t in texts] == [0, 1, 2]
    assert empty.search_cards("", order="created", descending=True, limit=1)[0]["note_id"] == firsts[-1]


def answer_all_new(c: Collection, deck_id: int, now: datetime, limit: int = 200) -> int:
    n = 0
    while n < limit:
        card = c.next_card(deck_id, now)
        if card is None or card.state != NEW:
            break
        c.answer(card, 3, now)
        n += 1
    return n


def test_typo_fix_keeps_history_in_place(empty):
    text = SAMPLE.read_text(encoding="utf-8")
    empty.import_set(read_set_from_text(text, "post.txt"), now=T0)
    empty.set_settings(new_per_day=1000)
    answered = answer_all_new(empty, None, T0)
    assert answered >= 30
    target = empty.conn.execute("SELECT c.id, c.note_id FROM cards c JOIN notes n ON n.id = c.note_id "
                                "WHERE n.extra LIKE '%religious conviction%'").fetchone()
    history = empty.review_log(target["id"])
    assert history
    fixed = text.replace("religious conviction", "religous conviction")  # the edit a user re-imports
    report = empty.import_set(read_set_from_text(fixed, "post.txt"), now=T0 + timedelta(days=1))
    assert report.updated >= 1 and report.added == 0 and report.retired == []
    note = empty.conn.execute("SELECT extra FROM notes WHERE id = ?", (target["note_id"],)).fetchone()
    assert "religous conviction" in note["extra"]
    assert empty.review_log(target["id"]) == history
    assert empty.card(target["id"]).reps == 1


def test_removed_takeaway_is_retired_not_deleted_and_comes_back(empty):
    empty.import_set(small_set(*BATTERY), now=T0)
    deck = empty.decks(T0)[0]
    card = empty.next_card(deck.id, T0)
    empty.answer(card, 3, T0)
    report = empty.import_set(small_set(BATTERY[1], BATTERY[2]), now=T0 + timedelta(days=1))
    assert report.retired == [BATTERY[0]] and report.cards_retired >= 1
    row = empty.conn.execute("SELECT retired FROM cards WHERE id = ?", (card.id,)).fetchone()
    assert row["retired"] == 1 and len(empty.review_log(card.id)) == 1
    back = empty.import_set(small_set(*BATTERY), now=T0 + timedelta(days=2))
    assert back.updated == 1 and back.added == 0
    assert empty.conn.execute("SELECT retired FROM cards WHERE id = ?", (card.id,)).fetchone()["retired"] == 0


def test_new_takeaway_adds_cards(empty):
    empty.import_set(small_set(*BATTERY[:2]), now=T0)
    report = empty.import_set(small_set(*BATTERY), now=T0)
    assert report.added == 1 and report.unchanged == 2 and report.cards_added >= 1


def test_failed_import_changes_nothing(empty):
    empty.import_set(small_set(*BATTERY[:1]), now=T0)
    before = empty.conn.execute("SELECT (SELECT COUNT(*) FROM notes), (SELECT COUNT(*) FROM cards), "
                                "(SELECT COUNT(*) FROM sets)").fetchone()
    pages = empty.conn.execute("PRAGMA page_count").fetchone()[0]
    empty.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    big = small_set(*[f"Researcher number {i} at Vantablack Labs measured {i * 7} kelvin in Oslo." + " filler" * 200
                      for i in range(200)], title="A Big Set")
    with pytest.raises(CollectionError, match="could not save"):
        empty.import_set(big, now=T0)
    empty.conn.execute("PRAGMA max_page_count = 1073741823")
    after = empty.conn.execute("SELECT (SELECT COUNT(*) FROM notes), (SELECT COUNT(*) FROM cards), "
                               "(SELECT COUNT(*) FROM sets)").fetchone()
    assert tuple(after) == tuple(before)
    assert empty.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    empty.import_set(small_set(*BATTERY), now=T0)  # and it still works


def test_user_edit_survives_reimport_as_conflict(empty):
    empty.import_set(small_set(*BATTERY), now=T0)
    note = empty.conn.execute("SELECT id FROM notes WHERE extra LIKE 'The lab licenses%' AND kind = 'cloze'").fetchone()
    empty.edit_note(note["id"], "The lab licenses its cell design to Norsk Volt for free, with no royalties at all.")
    same = empty.import_set(small_set(*BATTERY), now=T0)
    assert same.conflicts == [] and same.updated == 0
    changed = small_set(BATTERY[0], "The lab licenses its cell design to Norsk Volt under a paid agreement.",
                        BATTERY[2])
    report = empty.import_set(changed, now=T0)
    assert report.conflicts and report.updated == 0
    extra = empty.conn.execute("SELECT extra FROM notes WHERE id = ?", (note["id"],)).fetchone()["extra"]
    assert "no royalties at all" in extra


def test_edit_delete_add_suspend_bury_all_undo(empty):
    empty.import_set(small_set(*BATTERY), now=T0)
    deck = empty.decks(T0)[0]
    note = empty.conn.execute("SELECT id, extra FROM notes WHERE kind = 'cloze' LIMIT 1").fetchone()
    empty.edit_note(note["id"], "Sodium cells from the Okafor lab lasted twelve years in the Atacama desert test.")
    assert empty.undo() == "Edit note"
    assert empty.conn.execute("SELECT extra FROM notes WHERE id = ?", (note["id"],)).fetchone()["extra"] == note["extra"]
    cards = empty.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    empty.delete_note(note["id"])
    assert empty.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] < cards
    assert empty.undo() == "Delete note"
    assert empty.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == cards
    own = empty.add_note(deck.id, "What is the boiling point of water at sea level?", "100 °C")
    assert empty.conn.execute("SELECT COUNT(*) FROM cards WHERE note_id = ?", (own,)).fetchone()[0] == 1
    report = empty.import_set(small_set(*BATTERY), now=T0)
    assert report.retired == [] and empty.conn.execute("SELECT COUNT(*) FROM notes WHERE id = ?", (own,)).fetchone()[0]
    card = empty.next_card(deck.id, T0)
    empty.suspend([card.id])
    assert empty.next_card(deck.id, T0).id != card.id
    empty.undo()
    empty.bury(card.id, T0)
    assert empty.next_card(deck.id, T0).id != card.id
    assert empty.next_card(deck.id, T0 + timedelta(days=1)) is not None


def test_deck_totals_follow_every_change_and_check_repairs_them(empty):
    """Deck totals are kept by triggers, so every way cards come and go must leave them right."""
    def totals() -> dict[str, int]:
        shown = {d.name: d.total for d in empty.decks(T0)}
        counted = {r[0]: r[1] for r in empty.conn.execute(
            "SELECT d.name, COUNT(c.id) FROM decks d LEFT JOIN cards c ON c.deck_id = d.id AND c.retired = 0 "
            "GROUP BY d.id")}
        assert shown == counted
        return shown

    empty.import_set(small_set(*BATTERY), now=T0)
    empty.import_set(small_set(*BATTERY[:2], title="Other Notes"), now=T0)
    first = totals()
    assert len(first) == 2 and all(n > 0 for n in first.values())
    deck = empty.decks(T0)[0]
    empty.answer(empty.next_card(deck.id, T0), 3, T0)
    assert totals() == first
    empty.import_set(small_set(*BATTERY[1:]), now=T0)  # one takeaway retired
    assert totals()[deck.name] < first[deck.name]
    empty.import_set(small_set(*BATTERY), now=T0)  # and back
    assert totals() == first
    note = empty.conn.execute("SELECT id FROM notes WHERE deck_id = ? AND kind = 'cloze' LIMIT 1",
                              (deck.id,)).fetchone()["id"]
    empty.edit_note(note, "Sodium cells from the Okafor lab lasted twelve years in the Atacama desert test field.")
    totals()
    empty.undo()
    empty.delete_note(note)
    assert totals()[deck.name] < first[deck.name]
    empty.undo()
    assert totals() == first
    empty.add_note(deck.id, "What is the boiling point of water at sea level?", "100 °C")
    assert totals()[deck.name] == first[deck.name] + 1
    with_own = totals()
    empty.delete_deck(deck.id)
    assert deck.name not in totals()
    assert empty.undo() == "Delete deck"
    assert totals() == with_own

    empty.conn.execute("UPDATE decks SET cards = 999 WHERE id = ?", (deck.id,))
    report = check_collection(empty)
    assert any("counted 999 cards" in line for line in report.repaired)
    assert totals() == with_own and check_collection(empty).healthy


# --- scheduling ------------------------------------------------------------------------------------------------------

def test_preview_is_exactly_what_answer_stores(empty):
    empty.set_settings(fuzz=True)
    empty.import_set(small_set(*BATTERY), now=T0)
    card = empty.next_card(None, T0)
    for rating in (3, 3):
        card = empty.card(card.id)
        preview = empty.preview(card, T0)
        result = empty.answer(card, rating, T0 + timedelta(seconds=5))
        assert result.next_due == preview[rating].fields["due"]
    # review stage: fuzz is on, and the stored interval still equals the previewed one
    later = T0 + timedelta(days=3)
    card = empty.card(card.id)
    preview = empty.preview(card, later)
    labels = {r: s.label for r, s in preview.items()}
    assert all(labels.values())
    result = empty.answer(card, 3, later, duration_ms=4200)
    assert result.next_due == preview[3].fields["due"]
    row = empty.review_log(card.id)[-1]
    assert (row["rating"], row["duration_ms"], row["due_after"]) == (3, 4200, result.next_due)


def test_answer_and_several_undos_restore_exactly(empty):
    empty.import_set(small_set(*BATTERY), now=T0)
    snapshot = lambda: [tuple(r) for r in empty.conn.execute("SELECT * FROM cards ORDER BY id")]  # noqa: E731
    states = [snapshot()]
    for i in range(3):
        card = empty.next_card(None, T0 + timedelta(minutes=i))
        empty.answer(card, 3 if i != 1 else 1, T0 + timedelta(minutes=i))
        states.append(snapshot())
    assert empty.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 3
    for expected in reversed(states[:-1]):
        assert empty.undo() == "Answer card"
        assert snapshot() == expected
    assert empty.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0
    assert empty.undo() is None  # nothing left to undo


def test_queue_order_limits_and_siblings(empty):
    empty.import_set(TakeawaySet(title="Three Ways to Cool Batteries", takeaways=[
        Takeaway("Three cooling methods the lab compared: sand beds, water jackets, and forced air."),
        *[Takeaway(t) for t in BATTERY]]), now=T0)
    empty.set_settings(new_per_day=3)
    deck = empty.decks(T0)[0]
    assert deck.new == 3
    first = empty.next_card(deck.id, T0)
    empty.answer(first, 3, T0)  # learning, due in 10 minutes
    siblings = empty.conn.execute("SELECT COUNT(*) FROM cards WHERE note_id = ? AND buried_until > ?",
                                  (first.note_id, T0.timestamp())).fetchone()[0]
    assert siblings >= 1  # the rest of the list note waits until tomorrow
    second = empty.next_card(deck.id, T0)
    assert second.note_id != first.note_id and second.state == NEW
    empty.answer(second, 3, T0)
    empty.answer(empty.next_card(deck.id, T0), 3, T0)
    # new limit reached; the learning cards come back when due (learn-ahead shows them early)
    nxt = empty.next_card(deck.id, T0)
    assert nxt is not None and nxt.state != NEW
    assert empty.decks(T0)[0].new == 0 and empty.decks(T0)[0].learning == 3
    assert empty.next_card(deck.id, T0 + timedelta(minutes=11)).state != NEW


def test_due_today_follows_the_rollover_hour_across_midnight(empty):
    empty.set_settings(timezone="Europe/Berlin", rollover_hour=4)
    empty.import_set(small_set(*BATTERY), now=T0)
    card = empty.next_card(None, T0)
    # a review card due at 23:30 Berlin time on 5 March
    due = datetime(2026, 3, 5, 22, 30, tzinfo=timezone.utc)
    empty.conn.execute("UPDATE cards SET state = 2, stability = 5, difficulty = 5, last_review = ?, due = ? "
                       "WHERE id = ?", (int((due - timedelta(days=3)).timestamp()), int(due.timestamp()), card.id))
    counts = lambda now: empty.decks(now)[0].due  # noqa: E731
    assert counts(datetime(2026, 3, 5, 2, 59, tzinfo=timezone.utc)) == 0  # 03:59 Berlin: still 4 March's day
    assert counts(datetime(2026, 3, 5, 3, 0, tzinfo=timezone.utc)) == 1  # 04:00 Berlin: 5 March's day has begun
    assert counts(datetime(2026, 3, 6, 1, 0, tzinfo=timezone.utc)) == 1  # 02:00 on 6 March: still 5 March's day
    assert counts(datetime(2026, 3, 5, 8, 59, tzinfo=timezone.utc)) == 1  # 09:59 Berlin: due today
    empty.set_settings(timezone="America/New_York")  # the same instant is another local day there
    assert counts(datetime(2026, 3, 5, 8, 59, tzinfo=timezone.utc)) == 0  # 03:59 New York: still 4 March's day
    assert counts(datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)) == 1  # 04:00 New York


def test_leech_is_tagged_and_suspended(empty):
    empty.import_set(small_set(BATTERY[0]), now=T0)
    card = empty.next_card(None, T0)
    now = T0
    results = []
    for _ in range(8):
        empty.conn.execute("UPDATE cards SET state = 2, step = NULL, stability = 3, difficulty = 7, "
                           "last_review = ?, due = ? WHERE id = ?",
                           (int(now.timestamp()) - 3 * 86400, int(now.timestamp()), card.id))
        results.append(empty.answer(empty.card(card.id), 1, now))
        now += timedelta(days=4)
    assert [r.leech for r in results] == [False] * 7 + [True]
    row = empty.conn.execute("SELECT lapses, leech, suspended FROM cards WHERE id = ?", (card.id,)).fetchone()
    assert tuple(row) == (8, 1, 1)


def test_memory_states_agree_with_anki(tmp_path):
    anki_collection = pytest.importorskip("anki.collection")
    histories = [([0, 3, 10, 11, 20], [3, 3, 1, 3, 2]), ([0, 1, 4, 12, 30, 70], [3, 3, 3, 4, 3, 3]),
                 ([0, 2, 5], [1, 1, 3]), ([0, 5, 6, 20, 60, 61, 90], [4, 1, 2, 3, 3, 1, 3])]
    for k, (days, ratings) in enumerate(histories):
        with Collection.open(tmp_path / f"ours{k}.sqlite", bundled=False, autobackup=False) as ours:
            ours.set_settings(fuzz=False, timezone="UTC")
            ours.import_set(small_set(BATTERY[0]), now=T0)
            card_id = ours.next_card(None, T0).id
            for d, r in zip(days, ratings):
                ours.answer(ours.card(card_id), r, T0 + timedelta(days=d))
            mine = ours.card(card_id).row
        anki = anki_collection.Collection(str(tmp_path / f"anki{k}.anki2"))
        try:
            note = anki.new_note(anki.models.by_name("Basic"))
            note["Front"], note["Back"] = "q", "a"
            anki.add_note(note, anki.decks.id("T"))
            cid = note.card_ids()[0]
            anki.set_config("fsrs", True)
            base = int(T0.timestamp() * 1000)
            for i, (d, r) in enumerate(zip(days, ratings)):
                anki.db.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                                "VALUES (?,?,?,?,?,?,?,?,?)", base + d * 86_400_000, cid, -1, r, 1, 0, 0, 1000,
                                1 if i else 0)
            theirs = anki.compute_memory_state(cid)
        finally:
            anki.close()
        assert mine["stability"] == pytest.approx(theirs.stability, rel=1e-3)
        assert mine["difficulty"] == pytest.approx(theirs.difficulty, rel=1e-3)


def test_optimize_from_reviews(empty):
    from studyapp.collection.optimize import optimize
    from studyapp.errors import StudyAppError
    with pytest.raises(StudyAppError, match="needs at least 400 reviews"):
        optimize(empty)
    import random
    rng = random.Random(7)
    empty.import_set(small_set(*[f"Fact {i}: the Zorblat index for region {i} is {i * 13} units." for i in range(80)],
                               title="Zorblat Facts"), now=T0)
    empty.set_settings(new_per_day=1000, reviews_per_day=100000)
    now = T0
    for day in range(60):
        now = T0 + timedelta(days=day)
        while (card := empty.next_card(None, now)) is not None:
            empty.answer(card, rng.choice([1, 3, 3, 3, 3, 4, 2]), now)
            now += timedelta(seconds=20)
    result = optimize(empty)
    assert result.reviews >= 400 and len(result.parameters) == 21
    assert result.log_loss_before > 0 and result.rmse_after >= 0


# --- backups and the command line ------------------------------------------------------------------------------------

def test_backups_daily_and_pruned(tmp_path):
    from studyapp.collection import backup as b
    path = tmp_path / "col.sqlite"
    with Collection.open(path, bundled=False, autobackup=False) as c:
        assert c.auto_backup(T0) is not None
        assert c.auto_backup(T0 + timedelta(hours=5)) is None
        assert c.auto_backup(T0 + timedelta(days=1, minutes=1)) is not None
        for day in range(2, 120):
            c.backup(T0 + timedelta(days=day))
    kept = b.list_backups(path)
    assert 7 <= len(kept) <= 7 + 4 + 6
    copy = sqlite3.connect(kept[0][1])
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()


def test_restore_keeps_what_it_replaces(tmp_path):
    path = tmp_path / "col.sqlite"
    with Collection.open(path, bundled=False, autobackup=False) as c:
        c.import_set(small_set(*BATTERY), now=T0)
        saved = c.backup(T0)
        c.import_set(small_set("Cobalt-free cathodes from Ferrum Cells reached 400 cycles in Lyon.", title="Other"),
                     now=T0)
        assert len(c.decks(T0)) == 2
    replaced = Collection.restore(saved, path)
    assert "before-restore" in replaced.name
    with Collection.open(path, autobackup=False) as c:
        assert [d.name for d in c.decks(T0)] == ["Field Notes on Batteries"]
    with Collection.open(replaced, autobackup=False) as c:
        assert len(c.decks(T0)) == 2


def run(*args, env=None):
    import os
    return subprocess.run([sys.executable, "-m", "studyapp", *args], capture_output=True, timeout=120, cwd=ROOT,
                          env={**os.environ, **(env or {})})


def test_cli_import_decks_and_bad_input(tmp_path):
    import json
    env = {"STUDYAPP_COLLECTION": str(tmp_path / "c.sqlite")}
    result = run("decks", "--json", env=env)
    assert result.returncode == 0, result.stderr
    decks = json.loads(result.stdout)
    assert decks[0]["name"].startswith("Alex Wang") and decks[0]["new"] == 20
    result = run("import", str(BUNDLED), "--json", env=env)
    assert result.returncode == 0 and json.loads(result.stdout)["added"] == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ntitle: [oops\n")
    before = digest(tmp_path / "c.sqlite")
    result = run("import", str(bad), env=env)
    assert result.returncode == 2 and result.stderr.decode().count("\n") == 1 and "bad.yaml" in result.stderr.decode()
    assert digest(tmp_path / "c.sqlite") == before
    result = run("--collection", str(tmp_path / "d.sqlite"), "backup")
    assert result.returncode == 0 and b"backed up to" in result.stdout
    assert (tmp_path / "d.sqlite").exists()


def test_settings_are_validated(empty):
    from studyapp.errors import StudyAppError
    for bad in ({"timezone": "Mars/Olympus"}, {"desired_retention": 1.5}, {"rollover_hour": 25},
                {"learning_steps": [0]}, {"font_size": 99}, {"theme": "neon"}, {"nonsense": 1}):
        with pytest.raises(StudyAppError):
            empty.set_settings(**bad)
    empty.set_settings(timezone="Asia/Tokyo", rollover_hour=5)
    assert empty.settings()["timezone"] == "Asia/Tokyo"
