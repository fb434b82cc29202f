"""The collection core on real SQLite files: per-deck settings feed the scheduler, repairs drop stale previews,
deck settings are checked, edits use the caller's clock, commits are durable."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from studyapp.collection import REVIEW, Collection
from studyapp.collection.changes import EVERYTHING
from studyapp.collection.health import check_collection
from studyapp.collection.scheduling import next_states
from studyapp.errors import StudyAppError
from studyapp.takeaways import Takeaway, TakeawaySet

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
BATTERY = ["Sodium cells from the Okafor lab lasted eleven years in the Atacama test field.",
           "The lab licenses its cell design to Norsk Volt under a royalty-free agreement.",
           "Passive cooling with sand beds cut peak cell temperature by fourteen degrees."]


@pytest.fixture
def col(tmp_path):
    c = Collection.open(tmp_path / "col.sqlite", bundled=False, autobackup=False)
    c.set_settings(timezone="UTC", fuzz=False)
    yield c
    c.close()


def two_decks(col: Collection) -> tuple[int, int]:
    """The same three takeaways in two decks."""
    a = col.import_set(TakeawaySet(title="Batteries A", takeaways=[Takeaway(t) for t in BATTERY]), now=T0).deck_id
    b = col.import_set(TakeawaySet(title="Batteries B", takeaways=[Takeaway(t) for t in BATTERY]), now=T0).deck_id
    return a, b


def review_interval_days(col: Collection, deck_id: int) -> float:
    """The Good interval of a deck's first card, once it is in review (learned with Easy a day earlier)."""
    card = col.next_card(deck_id, T0)
    col.answer(card, 4, T0)
    later = T0 + timedelta(days=30)
    card = col.card(card.id)
    assert card.state == REVIEW
    return col.preview(card, later)[3].interval_seconds / 86400


def test_a_decks_desired_retention_feeds_its_scheduler(col):
    plain, strict = two_decks(col)
    col.set_deck_config(strict, desired_retention=0.95)
    assert col.deck_config(strict)["desired_retention"] == 0.95
    assert col.scheduler(strict).desired_retention == 0.95 and col.scheduler(plain).desired_retention == 0.9
    assert col.scheduler().desired_retention == 0.9
    plain_days, strict_days = review_interval_days(col, plain), review_interval_days(col, strict)
    assert strict_days < plain_days * 0.7  # 0.95 retention means much shorter intervals, not the global 0.90's
    # What is stored on answering is what the deck's scheduler gives.
    card = col.next_card(strict, T0)
    result = col.answer(card, 3, T0)
    expected = next_states(col.scheduler(strict), card.id, card.row, T0, col.study_day())[3]
    assert result.next_due == expected.fields["due"]


def test_changing_a_decks_retention_changes_the_preview_already_shown(col):
    _, deck = two_decks(col)
    card = col.next_card(deck, T0)
    col.answer(card, 4, T0)
    card = col.card(card.id)
    later = T0 + timedelta(days=30)
    before = col.preview(card, later)[3].interval_seconds
    col.set_deck_config(deck, desired_retention=0.97)
    assert col.preview(card, later)[3].interval_seconds < before
    col.set_deck_config(deck, desired_retention=0.9)
    col.set_settings(desired_retention=0.8)  # the deck's own value still wins over the global one
    assert col.preview(card, later)[3].interval_seconds == before


def test_set_deck_config_refuses_unknown_and_global_only_keys(col):
    deck, _ = two_decks(col)
    stored = col.conn.execute("SELECT config FROM decks WHERE id = ?", (deck,)).fetchone()[0]
    with pytest.raises(StudyAppError) as err:
        col.set_deck_config(deck, desired_retentoin=0.95)
    message = str(err.value)
    assert "unknown deck setting: desired_retentoin" in message and "\n" not in message
    assert "desired_retention" in message  # says what a deck can set
    with pytest.raises(StudyAppError, match="unknown deck setting: rollover_hour"):
        col.set_deck_config(deck, rollover_hour=3)  # global only: a deck's would be stored and ignored
    with pytest.raises(StudyAppError, match="setting desired_retention: must be between"):
        col.set_deck_config(deck, desired_retention=1.5)
    with pytest.raises(StudyAppError, match="setting leech_threshold"):
        col.set_deck_config(deck, leech_threshold="eight")
    assert col.conn.execute("SELECT config FROM decks WHERE id = ?", (deck,)).fetchone()[0] == stored
    with pytest.raises(StudyAppError, match="unknown setting: colour"):
        col.set_settings(colour="blue")


def test_check_repair_drops_the_preview_of_the_damaged_row(col):
    deck, _ = two_decks(col)
    card = col.next_card(deck, T0)
    col.answer(card, 3, T0)
    col.answer(col.card(card.id), 3, T0 + timedelta(minutes=15))
    good = col.conn.execute("SELECT state, due, stability, difficulty FROM cards WHERE id = ?", (card.id,)).fetchone()
    # Damage the row behind the app's back (as a crash or another tool might): the schedule no longer matches the log.
    col.conn.execute("UPDATE cards SET state = ?, due = due + 86400 * 300, stability = 400.0 WHERE id = ?",
                     (REVIEW, card.id))
    shown = col.card(card.id)
    later = T0 + timedelta(days=5)
    damaged_preview = col.preview(shown, later)[3].fields
    report = check_collection(col, now=T0 + timedelta(days=1))
    assert any(f"card {card.id} disagrees" in line for line in report.repaired)
    repaired = col.card(card.id)
    assert (repaired.state, repaired.due) == (good["state"], good["due"]) and repaired.mod > shown.mod
    expected = next_states(col.scheduler(deck), card.id, repaired.row, later, col.study_day())[3].fields
    assert expected["stability"] != damaged_preview["stability"]
    col.answer(shown, 3, later)  # the card as it was shown before the repair
    stored = col.conn.execute("SELECT stability, due FROM cards WHERE id = ?", (card.id,)).fetchone()
    assert (stored["stability"], stored["due"]) == (expected["stability"], expected["due"])
    assert check_collection(col).healthy


def test_edit_note_uses_the_given_time(col):
    col.import_set(TakeawaySet(title="Batteries", takeaways=[Takeaway(t) for t in BATTERY]), now=T0)
    for kind in ("cloze", "basic"):
        if kind == "basic":
            note_id = col.add_note(1, "What cools the cells?", "Sand beds", now=T0)
        else:
            note_id = col.conn.execute("SELECT id FROM notes WHERE kind = 'cloze' AND extra LIKE 'Sodium%'").fetchone()[0]
        when = T0 + timedelta(days=400)
        text = ("Sodium cells from the Okafor lab lasted twelve years in the Atacama desert test." if kind == "cloze"
                else "What cools the cells best?")
        col.edit_note(note_id, text, now=when)
        mods = [r[0] for r in col.conn.execute("SELECT mod FROM notes WHERE id = ? UNION ALL "
                                               "SELECT mod FROM cards WHERE note_id = ?", (note_id, note_id))]
        assert mods and all(m == int(when.timestamp() * 1000) for m in mods), (kind, mods)


def test_commits_are_durable_like_ankis(col):
    assert col.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert col.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: a confirmed answer survives power loss


def test_studying_all_decks_takes_the_first_card_of_any_deck(col):
    """Across decks the queue is read deck by deck (no index on state and due alone): the card chosen must still be
    the collection's first by (due, id), as a plain query over every card finds it."""
    a, b = two_decks(col)
    assert col.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'cards_due'").fetchone() is None
    t = int(T0.timestamp())
    ids = [r[0] for r in col.conn.execute("SELECT id FROM cards ORDER BY id")]
    for k, card_id in enumerate(ids):  # reviews due at interleaved times in both decks, all due today
        col.conn.execute("UPDATE cards SET state = 2, stability = 5, difficulty = 5, last_review = ?, due = ? "
                         "WHERE id = ?", (t - 5 * 86400, t - 3600 * ((k * 7) % len(ids)), card_id))
    col._drop_caches(EVERYTHING)
    seen = []
    while (card := col.next_card(None, T0)) is not None:
        first = col.conn.execute("SELECT id FROM cards WHERE state = 2 AND due < ? AND suspended = 0 AND retired = 0 "
                                 "AND buried_until <= ? ORDER BY due, id LIMIT 1", (t + 86400, t)).fetchone()[0]
        assert card.id == first
        seen.append(card.deck_id)
        col.answer(card, 3, T0)
    assert set(seen) == {a, b}
