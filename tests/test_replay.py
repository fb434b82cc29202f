"""Merging review logs and replaying FSRS states, on real SQLite files: a replay gives back what answering live gave,
reviews done in two places interleave in time order whichever side merges, known rows are skipped, and a merge is one
undoable transaction that leaves the collection healthy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from studyapp.collection import REVIEW, Collection
from studyapp.collection.health import check_collection
from studyapp.collection.replay import ReviewRow
from studyapp.errors import StudyAppError
from studyapp.takeaways import Takeaway, TakeawaySet

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
FACTS = ["Tidal turbines off Orkney produced power ninety-one percent of the hours in their first winter.",
         "The turbine blades are made of a flax composite instead of glass fibre.",
         "Maintenance crews reach the turbines only on neap tides, about four days a fortnight.",
         "Seals avoided the turbines at night but fed near them by day."]
SCHEDULE = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def open_col(path, fuzz: bool = True) -> Collection:
    col = Collection.open(path, bundled=False, autobackup=False)
    col.set_settings(timezone="UTC", fuzz=fuzz)
    col.import_set(TakeawaySet(title="Tidal power", takeaways=[Takeaway(t) for t in FACTS]), now=T0)
    return col


@pytest.fixture
def pair(tmp_path):
    a, b = open_col(tmp_path / "a.sqlite"), open_col(tmp_path / "b.sqlite")
    yield a, b
    a.close()
    b.close()


def study(col: Collection, days: list[tuple[float, list[int]]]) -> None:
    """On each day offset, answer the next cards with the given ratings."""
    for day, ratings in days:
        now = T0 + timedelta(days=day)
        for rating in ratings:
            card = col.next_card(None, now)
            if card is None:
                break
            col.answer(card, rating, now, duration_ms=4000)
            now += timedelta(seconds=30)


def schedules(col: Collection) -> dict[int, tuple]:
    return {r["id"]: tuple(r[k] for k in SCHEDULE)
            for r in col.conn.execute(f"SELECT id, {', '.join(SCHEDULE)} FROM cards ORDER BY id")}


def logs(col: Collection) -> list[tuple]:
    return [tuple(r) for r in col.conn.execute(
        "SELECT card_id, time, rating, duration_ms, state_before, state_after, stability_after, difficulty_after, "
        "due_after FROM revlog ORDER BY card_id, time")]


def test_replaying_live_answers_gives_back_the_same_cards(pair):
    a, _ = pair
    study(a, [(0, [3, 3, 1, 4, 3, 2]), (0.01, [3, 3, 3]), (1, [3, 1, 3, 4]), (4, [2, 3, 3, 3]), (13, [1, 3, 3])])
    before, log_before = schedules(a), logs(a)
    assert any(s[0] == REVIEW for s in before.values())
    assert a.replay_cards(before) == []  # nothing changed: replay is what answering did (fuzzed due dates kept)
    assert schedules(a) == before and logs(a) == log_before


def test_merged_reviews_give_the_same_cards_as_answering_them(pair):
    a, b = pair
    study(a, [(0, [3, 3, 4, 1]), (1, [3, 3, 3]), (5, [1, 3, 2, 3])])
    report = b.merge_reviews(a.review_rows(), now=T0 + timedelta(days=6))
    assert report.reviews_added == len(logs(a)) and report.skipped == 0 and not report.unknown_cards
    assert set(report.cards_touched) == {r[0] for r in logs(a)}
    assert schedules(b) == schedules(a)
    assert logs(b) == logs(a)
    assert check_collection(b, repair=False).healthy


def test_merging_again_skips_every_known_row(pair):
    a, b = pair
    study(a, [(0, [3, 3, 3]), (2, [3, 3])])
    b.merge_reviews(a.review_rows())
    again = b.merge_reviews(a.review_rows())
    assert again.reviews_added == 0 and again.skipped == len(logs(a)) and again.cards_touched == []
    assert b.undo_description() == "Merge reviews"  # the empty merge is no undo step
    shifted = [ReviewRow(r.card_id, r.time + 1, r.rating) for r in a.review_rows()]  # an export's moved ids
    assert b.merge_reviews(shifted, match_within_ms=1000).reviews_added == 0
    assert len(logs(b)) == len(logs(a))


def test_reviews_from_two_places_interleave_in_time_order(tmp_path):
    """Card X answered at t1 and t3 here, at t2 there: both sides end with what answering t1, t2, t3 gives."""
    a, b, live = (open_col(tmp_path / f"{n}.sqlite", fuzz=False) for n in "abc")
    try:
        card_id = a.next_card(None, T0).id
        plan = [(a, 0, 3), (b, 1, 3), (a, 3, 2), (b, 9, 1), (a, 10, 3)]
        for col, day, rating in plan:
            for target in (col, live):
                now = T0 + timedelta(days=day)
                target.answer(target.card(card_id), rating, now)
        rows_a, rows_b = a.review_rows(), b.review_rows()
        a.merge_reviews(rows_b)
        b.merge_reviews(rows_a)
        for col in (a, b):
            assert schedules(col)[card_id] == schedules(live)[card_id]
            assert logs(col) == logs(live)
            assert check_collection(col, repair=False).healthy
    finally:
        for col in (a, b, live):
            col.close()


def test_replay_uses_the_decks_own_scheduler(tmp_path):
    """A deck's desired retention and FSRS parameters decide the replayed due date and memory state."""
    a, live = open_col(tmp_path / "a.sqlite", fuzz=False), open_col(tmp_path / "live.sqlite", fuzz=False)
    try:
        params = [0.5, 1.5, 3.0, 12.0, 7.0, 0.5, 1.5, 0.01, 1.5, 0.15, 1.0, 1.9, 0.1, 0.3, 2.3, 0.2, 3.0,
                  0.5, 0.7, 0.1, 0.2]
        for col in (a, live):
            deck = col.decks()[0].id
            col.set_deck_config(deck, desired_retention=0.95, fsrs_parameters=params)
        card_id = live.next_card(None, T0).id
        for day, rating in ((0, 3), (2, 3), (9, 3), (30, 2)):
            live.answer(live.card(card_id), rating, T0 + timedelta(days=day))
        rows = [ReviewRow(r.card_id, r.time, r.rating) for r in live.review_rows()]  # no due dates: computed
        a.merge_reviews(rows)
        assert schedules(a)[card_id] == schedules(live)[card_id]
    finally:
        a.close()
        live.close()


def test_a_merge_is_one_undoable_step(pair):
    a, b = pair
    study(b, [(0, [3, 3]), (1, [3])])
    study(a, [(0, [4, 3, 3]), (2, [3, 1, 3])])
    before_cards, before_log = schedules(b), logs(b)
    flags_before = b.conn.execute("SELECT id, suspended, buried_until, mod FROM cards ORDER BY id").fetchall()
    some = sorted(before_cards)[:2]
    report = b.merge_reviews(a.review_rows(), suspended={some[0]: True}, buried_until={some[1]: 2_000_000_000},
                             now=T0 + timedelta(days=3))
    assert report.suspended == 1 and report.buried == 1 and report.reviews_added > 0
    assert b.conn.execute("SELECT suspended FROM cards WHERE id = ?", (some[0],)).fetchone()[0] == 1
    assert schedules(b) != before_cards
    assert b.undo() == "Merge reviews"
    assert schedules(b) == before_cards and logs(b) == before_log
    assert b.conn.execute("SELECT id, suspended, buried_until, mod FROM cards ORDER BY id").fetchall() == flags_before


def test_a_dry_run_reports_and_changes_nothing(pair):
    a, b = pair
    study(a, [(0, [3, 3, 3])])
    before = schedules(b), logs(b)
    rows = a.review_rows() + [ReviewRow(424242, 1, 3)]
    preview = b.merge_reviews(rows, dry_run=True)
    assert preview.reviews_added == 3 and preview.unknown_cards == [424242]
    assert (schedules(b), logs(b)) == before and b.undo_description() is None
    done = b.merge_reviews(rows)
    assert (done.reviews_added, done.unknown_cards, done.cards_touched) == \
        (preview.reviews_added, preview.unknown_cards, preview.cards_touched)
    assert done.summary().startswith(f"3 reviews added to {len(done.cards_touched)} card")
    assert "1 for cards not in this collection" in done.summary()


def test_a_bad_rating_is_refused_before_anything_changes(pair):
    a, b = pair
    with pytest.raises(StudyAppError, match="rating 7"):
        b.merge_reviews([ReviewRow(next(iter(schedules(b))), 1000, 7)])
    assert logs(b) == []


def test_elapsed_days_count_from_the_rollover_as_anki_counts_them(tmp_path):
    """A review at 22:00 and the next at 09:00 two days later are two study days apart (rollover 4 am), as for a
    review at 09:00: the same memory state, live and replayed. In 24-hour periods the first pair would be one."""
    late, early = (open_col(tmp_path / f"{n}.sqlite", fuzz=False) for n in ("late", "early"))
    try:
        card_id = late.next_card(None, T0).id
        for col, first in ((late, T0.replace(hour=22)), (early, T0.replace(hour=9))):
            col.answer(col.card(card_id), 3, first)
            col.answer(col.card(card_id), 3, T0.replace(hour=9) + timedelta(days=2))
        assert schedules(late)[card_id][2:4] == schedules(early)[card_id][2:4]  # stability, difficulty
        assert late.replay_cards([card_id]) == []
    finally:
        late.close()
        early.close()


def test_a_large_merge_is_undone_whole(tmp_path):
    """Thousands of rows (more than one statement may name) go in one step and come out in one undo."""
    col = open_col(tmp_path / "big.sqlite", fuzz=False)
    try:
        cards = sorted(schedules(col))
        start = int(T0.timestamp() * 1000)
        rows = [ReviewRow(cards[i % len(cards)], start + i * 3_600_000, 3) for i in range(2400)]
        report = col.merge_reviews(rows)
        assert report.reviews_added == 2400 and len(logs(col)) == 2400
        assert check_collection(col, repair=False).healthy
        col.undo()
        assert logs(col) == [] and all(s[0] == 0 for s in schedules(col).values())
    finally:
        col.close()
