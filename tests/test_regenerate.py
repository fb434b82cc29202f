"""A collection made by an older card generator re-makes its cards on opening (collection/regenerate.py), on a real
SQLite file: the cards the new generator still makes keep their ids and reviews, the ones it no longer makes are
retired with their reviews, nothing is deleted, a backup comes first, and the user is told."""

from __future__ import annotations

from datetime import datetime, timezone

from studyapp.cards.version import GENERATOR_VERSION
from studyapp.collection import Collection
from studyapp.collection.regenerate import stored_generator, summary
from studyapp.takeaways import Takeaway, TakeawaySet

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
POST = TakeawaySet(title="Field Notes on Batteries", takeaways=[
    Takeaway("Sodium cells from the Okafor lab lasted eleven years in the Atacama test field."),
    Takeaway("The lab licenses its cell design to Norsk Volt under a royalty-free agreement."),
    Takeaway("Passive cooling with sand beds cut peak cell temperature by fourteen degrees.")])


def older_collection(path) -> tuple[list[int], int]:
    """A collection as an older generator left it: two cards reviewed, and one card (reviewed too) that the current
    generator does not make. Returns the reviewed cards' ids and the old card's id."""
    col = Collection.open(path, bundled=False, autobackup=False)
    col.set_settings(timezone="UTC", fuzz=False)
    col.import_set(POST, now=T0)
    deck_id = col.decks(T0)[0].id
    reviewed = []
    for _ in range(2):
        card = col.next_card(deck_id, T0)
        col.answer(card, 3, T0)
        reviewed.append(card.id)
    old_id = 4242
    with col.transaction():
        note_id = col.conn.execute("SELECT note_id FROM cards WHERE id = ?", (reviewed[0],)).fetchone()[0]
        col.conn.execute("INSERT INTO cards(id, note_id, deck_id, ord, key, kind, prompt, answer, state, due, reps, "
                         "mod) VALUES (?, ?, ?, 9, 'lasted', 'cloze', 'Sodium cells [...] eleven years.', 'lasted', 2, "
                         "0, 1, 0)", (old_id, note_id, deck_id))
        col.conn.execute("INSERT INTO revlog(card_id, time, rating, state_before, state_after, due_after) "
                         "VALUES (?, ?, 3, 0, 2, 0)", (old_id, int(T0.timestamp() * 1000)))
        col.conn.execute("UPDATE notes SET import_hash = 'made by generator 5' WHERE id = ?", (note_id,))
        col.conn.execute("UPDATE meta SET value = ? WHERE key = 'generator'", (str(GENERATOR_VERSION - 1),))
    col.close()
    return reviewed, old_id


def test_an_older_generators_cards_are_remade_and_no_review_is_lost(tmp_path):
    path = tmp_path / "old.sqlite"
    reviewed, old_id = older_collection(path)
    col = Collection.open(path, bundled=False, autobackup=False)
    try:
        assert col.regenerated and stored_generator(col) == GENERATOR_VERSION
        assert sum(r.cards_retired for r in col.regenerated) == 1
        for card_id in reviewed:  # still made: same id, same history, still studied
            row = col.conn.execute("SELECT retired, reps FROM cards WHERE id = ?", (card_id,)).fetchone()
            assert row["retired"] == 0 and row["reps"] == 1 and len(col.review_log(card_id)) == 1
        old = col.conn.execute("SELECT retired FROM cards WHERE id = ?", (old_id,)).fetchone()
        assert old["retired"] == 1 and len(col.review_log(old_id)) == 1  # retired, not deleted, history kept
        assert "1 retired" in summary(col.regenerated) and "reviews kept" in summary(col.regenerated)
        assert any("before-new-cards" in p.name for p in tmp_path.rglob("*") if p.is_file())
    finally:
        col.close()
    again = Collection.open(path, bundled=False, autobackup=False)
    try:
        assert again.regenerated == []  # done once
    finally:
        again.close()


def test_the_cli_and_the_window_say_so(tmp_path, qtbot, capsys):
    from studyapp.cli import main
    from studyapp.gui.main_window import MainWindow
    path = tmp_path / "old.sqlite"
    older_collection(path)
    assert main(["--collection", str(path), "optimise"]) == 0
    assert "re-made with the improved card generator" in capsys.readouterr().err
    older_collection(tmp_path / "old2.sqlite")
    col = Collection.open(tmp_path / "old2.sqlite", bundled=False, autobackup=False)
    try:
        window = MainWindow(col)
        qtbot.addWidget(window)
        assert "re-made with the improved card generator" in window.statusBar().currentMessage()
    finally:
        col.close()


def test_a_korean_deck_is_re_made_and_opens(tmp_path):
    """wordfreq needs MeCab for Korean, Japanese needs it too, Chinese jieba; none is installed. Scoring a Korean
    card asked wordfreq and raised, and regeneration on opening stopped the collection opening (a review found it)."""
    path = tmp_path / "ko.sqlite"
    post = TakeawaySet(title="반도체 산업 요약", language="ko", takeaways=[
        Takeaway("TSMC는 1987년에 설립되었고 약 214,000 명이 일한다."),
        Takeaway("Samsung 은 2023년에 메모리 반도체 매출이 크게 줄었다.")])
    col = Collection.open(path, bundled=False, autobackup=False)
    col.import_set(post, now=T0)
    with col.transaction():
        col.conn.execute("UPDATE meta SET value = ? WHERE key = 'generator'", (str(GENERATOR_VERSION - 1),))
    col.close()
    col = Collection.open(path, bundled=False, autobackup=False)
    try:
        assert col.regenerated and not col.warnings
    finally:
        col.close()


def test_a_deck_that_cannot_be_re_made_keeps_its_cards_and_the_rest_opens(tmp_path):
    path = tmp_path / "old.sqlite"
    reviewed, _ = older_collection(path)
    col = Collection.open(path, bundled=False, autobackup=False)
    col.close()
    col = Collection.open(path, bundled=False, autobackup=False)  # a stored set the new generator cannot read
    with col.transaction():
        col.conn.execute("UPDATE sets SET yaml = 'version: 1\ntitle: [unclosed'")
        col.conn.execute("UPDATE meta SET value = ? WHERE key = 'generator'", (str(GENERATOR_VERSION - 1),))
    col.close()
    col = Collection.open(path, bundled=False, autobackup=False)
    try:
        assert col.regenerated == [] and any("not re-made" in w for w in col.warnings)
        assert stored_generator(col) == GENERATOR_VERSION
        assert all(len(col.review_log(c)) == 1 for c in reviewed)
    finally:
        col.close()
