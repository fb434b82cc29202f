"""The answering path's shortcuts on a real SQLite file: the next card fetched before an answer's commit, and a card
with no siblings answered from its row as shown (guarded by its modification time)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from studyapp.collection import Collection
from studyapp.takeaways import Takeaway, TakeawaySet

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
FACTS = ["Sodium cells from the Okafor lab lasted eleven years in the Atacama test field.",
         "The lab licenses its cell design to Norsk Volt under a royalty-free agreement.",
         "Passive cooling with sand beds cut peak cell temperature by fourteen degrees.",
         "Mira Okafor measured 41 kelvin of drift at the Svalbard station in 2019."]


def open_one(path):
    col = Collection.open(path, bundled=False, autobackup=False)
    col.set_settings(timezone="UTC", fuzz=False)
    col.import_set(TakeawaySet(title="Field Notes on Batteries", takeaways=[Takeaway(t) for t in FACTS]), now=T0)
    return col


def open_pair(tmp_path):
    """Two collections with the same cards: one studied with the shortcuts, one with every card asked afresh."""
    return [open_one(tmp_path / f"{name}.sqlite") for name in ("a", "b")]


@pytest.fixture
def col(tmp_path):
    """One collection of the cards above, closed after the test."""
    col = open_one(tmp_path / "a.sqlite")
    yield col
    col.close()


def ident(card) -> tuple[int, int] | None:
    return (card.id, card.mod) if card is not None else None


def test_next_card_after_an_answer_is_the_one_the_queue_gives(tmp_path):
    fast, fresh = open_pair(tmp_path)
    try:
        deck = fast.decks(T0)[0].id
        now = T0
        card, expected = fast.next_card(deck, now), fresh.next_card(deck, now)
        for k in range(12):
            rating = (3, 1, 4, 2)[k % 4]
            assert fast.preview(card, now)[rating].fields == fresh.preview(expected, now)[rating].fields
            fast.answer(card, rating, now)
            fresh._studying = None  # this one fetches nothing ahead: its next card is asked of the queue
            fresh.answer(expected, rating, now)
            card = fast.next_card(deck, now)  # the card fetched by the answer, before its commit
            assert fast._ahead is None  # taken
            expected = fresh.next_card(deck, now)
            assert ident(card) == ident(expected)
            if card is None:
                break
            now += timedelta(minutes=3)  # another second: the next answer's card is asked of the queue again
            if k % 3 == 2:
                card, expected = fast.next_card(deck, now), fresh.next_card(deck, now)
        rows = [[tuple(r) for r in c.conn.execute("SELECT id, state, step, stability, difficulty, due, reps, lapses "
                                                   "FROM cards ORDER BY id")] for c in (fast, fresh)]
        assert rows[0] == rows[1]
        assert any(r[6] > 1 for r in rows[0])  # some cards answered more than once
    finally:
        fast.close()
        fresh.close()


def test_a_write_after_the_answer_drops_the_card_fetched_ahead(col):
    deck = col.decks(T0)[0].id
    card = col.next_card(deck, T0)
    col.answer(card, 3, T0)
    ahead = col._ahead[3]
    col.suspend([ahead.id])  # through the facade: a change it reports
    nxt = col.next_card(deck, T0)
    assert nxt is None or nxt.id != ahead.id
    col.suspend([ahead.id], False)
    col.answer(nxt, 3, T0)
    ahead = col._ahead[3]
    col.conn.execute("UPDATE cards SET suspended = 1 WHERE id = ?", (ahead.id,))  # straight to SQL: seen too
    nxt = col.next_card(deck, T0)
    assert nxt is None or nxt.id != ahead.id


def test_a_card_changed_since_it_was_shown_is_answered_from_its_stored_row(col):
    lone = col.conn.execute("SELECT id FROM cards c WHERE NOT EXISTS (SELECT 1 FROM cards s WHERE "
                            "s.note_id = c.note_id AND s.id != c.id) LIMIT 1").fetchone()[0]
    card = col.card(lone)
    assert card.row["siblings"] == 0
    # Changed elsewhere after it was shown (its modification time moves on, as every write does).
    col.conn.execute("UPDATE cards SET reps = 7, lapses = 2, mod = mod + 1000 WHERE id = ?", (card.id,))
    col.answer(card, 3, T0)
    row = col.conn.execute("SELECT reps, lapses FROM cards WHERE id = ?", (card.id,)).fetchone()
    assert tuple(row) == (8, 2)
    col.undo()
    row = col.conn.execute("SELECT reps, lapses, state FROM cards WHERE id = ?", (card.id,)).fetchone()
    assert tuple(row) == (7, 2, 0)
    assert col.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0


def test_an_answer_that_fails_leaves_no_card_fetched_ahead(tmp_path):
    col = open_one(tmp_path / "a.sqlite")  # (closed before it is opened again below)
    try:
        deck = col.decks(T0)[0].id
        card = col.next_card(deck, T0)
        col.conn.execute("CREATE TRIGGER no_reviews BEFORE INSERT ON revlog BEGIN SELECT RAISE(ABORT, 'no'); END")
        with pytest.raises(Exception):
            col.answer(card, 3, T0)
        assert col._ahead is None
        col.conn.execute("DROP TRIGGER no_reviews")
        assert col.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0
        again = col.next_card(deck, T0)
        assert again.id == card.id and again.state == 0  # nothing was written
        col.decks(T0)  # the day's counts, read now and kept up to date by answers
        with pytest.raises(Exception):  # once more, with the day's counts held in memory
            col.conn.execute("CREATE TRIGGER no_reviews BEFORE INSERT ON revlog BEGIN SELECT RAISE(ABORT, 'no'); END")
            col.answer(again, 3, T0)
        col.conn.execute("DROP TRIGGER no_reviews")
        col.answer(again, 3, T0)
        counted = [(d.new, d.learning, d.due) for d in col.decks(T0)]
    finally:
        col.close()
    with Collection.open(tmp_path / "a.sqlite", autobackup=False) as reopened:  # counted afresh from the log
        assert [(d.new, d.learning, d.due) for d in reopened.decks(T0)] == counted
        assert reopened.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 1


def test_a_next_card_that_cannot_be_read_does_not_cost_the_answer(col):
    deck = col.decks(T0)[0].id
    card = col.next_card(deck, T0)
    # Every other card's choices damaged (as a bad edit or import might leave them): reading one fails.
    col.conn.execute("UPDATE cards SET choices = '[not json' WHERE id != ?", (card.id,))
    col.answer(card, 3, T0)  # committed all the same
    assert col.conn.execute("SELECT COUNT(*) FROM revlog WHERE card_id = ?", (card.id,)).fetchone()[0] == 1
    assert col._ahead is None
    with pytest.raises(ValueError):
        col.next_card(deck, T0)  # asked again, and fails as it did before answers fetched ahead


def test_a_burial_carries_its_own_time(col):
    """A sibling buried by an answer (or by hand) gets a new `mod`: a sync sends the burial with that time. It kept
    its last review's, so two computers burying it on different days sent one time for two burials, and which won
    depended on the computers' random ids (tests/test_sync_three.py failed one run in two). Undo puts `mod` back."""
    deck = col.decks(T0)[0].id
    sibling_of = {}
    for row in col.conn.execute("SELECT id, note_id FROM cards"):
        sibling_of.setdefault(row["note_id"], []).append(row["id"])
    card = col.next_card(deck, T0)
    while len(sibling_of[card.note_id]) < 2:
        col.answer(card, 3, T0)
        card = col.next_card(deck, T0)
    sibling = next(i for i in sibling_of[card.note_id] if i != card.id)
    before = col.conn.execute("SELECT mod, buried_until FROM cards WHERE id = ?", (sibling,)).fetchone()
    later = T0 + timedelta(hours=1)
    col.answer(card, 3, later)
    after = col.conn.execute("SELECT mod, buried_until FROM cards WHERE id = ?", (sibling,)).fetchone()
    assert after["buried_until"] > T0.timestamp() and after["mod"] >= int(later.timestamp() * 1000)
    col.undo()
    assert tuple(col.conn.execute("SELECT mod, buried_until FROM cards WHERE id = ?", (sibling,)).fetchone()) == \
        tuple(before)
    col.bury(sibling, later)
    assert col.conn.execute("SELECT mod FROM cards WHERE id = ?", (sibling,)).fetchone()["mod"] >= \
        int(later.timestamp() * 1000)
