"""Two collections (real SQLite files) kept in step through a sync folder: study on different days (the same cards on
the same days too), edit, suspend and import on both sides, then sync both ways in both orders: every table that
matters is equal. A half-copied change file is skipped with a warning and merged once it is complete."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ROOT

from studyapp.collection import Collection
from studyapp.collection.simulate import simulate_days
from studyapp.errors import StudyAppError
from studyapp.sync import state, sync
from studyapp.sync.files import peer_files

POST = ROOT / "tests" / "fixtures" / "posts" / "by-the-numbers.md"
# After the bundled deck's creation time (the real clock): edits must be later than the notes they change.
T0 = (datetime.now(timezone.utc) + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)


def open_col(path: Path) -> Collection:
    return Collection.open(path, bundled=False, autobackup=False)


def snapshot(col: Collection) -> dict[str, list]:
    """Every table that matters, keyed by what is the same on both computers (deck names, not local deck ids)."""
    q = col.conn.execute
    return {
        "decks": q("SELECT name FROM decks ORDER BY name").fetchall(),
        "sets": q("SELECT s.id, d.name, s.title, s.yaml FROM sets s JOIN decks d ON d.id = s.deck_id "
                  "ORDER BY s.id").fetchall(),
        "notes": q("SELECT n.id, d.name, n.set_id, n.ref, n.kind, n.text, n.extra, n.user_edited, n.retired "
                   "FROM notes n JOIN decks d ON d.id = n.deck_id ORDER BY n.id").fetchall(),
        "cards": q("SELECT c.id, c.note_id, d.name, c.key, c.prompt, c.answer, c.state, c.step, c.stability, "
                   "c.difficulty, CASE WHEN c.state = 0 THEN NULL ELSE c.due END, c.last_review, c.reps, c.lapses, "
                   "c.suspended, c.buried_until, c.retired FROM cards c JOIN decks d ON d.id = c.deck_id "
                   "ORDER BY c.id").fetchall(),
        "revlog": q("SELECT card_id, time, rating, duration_ms, state_before, state_after, interval_before, "
                    "interval_after, stability_after, difficulty_after, due_after FROM revlog "
                    "ORDER BY card_id, time").fetchall(),
    }


def as_lists(snap: dict[str, list]) -> dict[str, list[tuple]]:
    return {k: [tuple(r) for r in v] for k, v in snap.items()}


@pytest.fixture(scope="module")
def studied(tmp_path_factory) -> tuple[Path, Path, dict]:
    """Two computers that started from the same bundled deck and studied apart."""
    root = tmp_path_factory.mktemp("two")
    base = root / "base.sqlite"
    facts = {}
    with Collection.open(base, autobackup=False) as col:
        col.set_settings(timezone="UTC")
        # a question of the user's own (the bundled deck's notes are clozes, which an edit re-makes from the
        # takeaway): both computers edit its text
        facts["note"] = col.add_note(col.decks()[0].id, "What did both computers start from?", "The bundled deck",
                                     now=T0 - timedelta(days=1))
    a, b = root / "a.sqlite", root / "b.sqlite"
    shutil.copy(base, a)
    shutil.copy(base, b)
    with open_col(a) as col:  # days 0-9
        facts["a_answers"] = simulate_days(col, T0, 10, seed=1)
        facts["original"] = col.conn.execute("SELECT text FROM notes WHERE id = ?", (facts["note"],)).fetchone()[0]
        note = {"id": facts["note"], "text": facts["original"]}
        col.edit_note(note["id"], note["text"] + " (desk)", now=T0 + timedelta(days=3))
        card = col.conn.execute("SELECT id FROM cards ORDER BY id DESC LIMIT 1").fetchone()["id"]
        col.suspend([card])
        facts["suspended"] = card
        col.import_file(POST, now=T0 + timedelta(days=4))
        simulate_days(col, T0 + timedelta(days=10), 2, seed=3)  # the new deck too
    with open_col(b) as col:  # days 5-14: days 5-9 overlap, so the same cards are studied on the same days
        facts["b_answers"] = simulate_days(col, T0 + timedelta(days=5), 10, seed=2)
        col.edit_note(facts["note"], facts["original"] + " (laptop)", now=T0 + timedelta(days=6))
        col.import_file(POST, now=T0 + timedelta(days=7))
        deck = col.conn.execute("SELECT deck_id FROM notes WHERE id = ?", (facts["note"],)).fetchone()[0]
        facts["own"] = col.add_note(deck, "Where did the laptop card come from?", "The laptop",
                                    now=T0 + timedelta(days=8))
        simulate_days(col, T0 + timedelta(days=15), 1, seed=6)  # studied here, before the desk has it
    days = {}
    for name, path in (("a", a), ("b", b)):
        with open_col(path) as col:
            days[name] = {(r[0], r[1] // 86_400_000) for r in col.conn.execute("SELECT card_id, time FROM revlog")}
    facts["same_card_same_day"] = len(days["a"] & days["b"])
    return a, b, facts


def copies(studied, where: Path) -> tuple[Path, Path, Path]:
    a, b, _ = studied
    where.mkdir()
    (where / "folder").mkdir()
    for name, source in (("a", a), ("b", b)):
        shutil.copy(source, where / f"{name}.sqlite")
        with open_col(where / f"{name}.sqlite") as col, col.transaction() as conn:
            # The same ids in every scenario: ties (the same instant on both) then break the same way in each
            state.ensure_tables(conn)
            conn.execute("UPDATE sync_state SET value = ? WHERE key = 'id'", (name * 32,))
    return where / "a.sqlite", where / "b.sqlite", where / "folder"


def run_sync(path: Path, folder: Path, now: datetime):
    with open_col(path) as col:
        return sync(col, folder, now)


def test_both_orders_give_equal_collections(studied, tmp_path):
    facts = studied[2]
    assert facts["same_card_same_day"] > 10  # both computers studied these cards on the same days
    now = T0 + timedelta(days=20)
    results = []
    for order in ("ab", "ba"):
        a, b, folder = copies(studied, tmp_path / order)
        paths = {"a": a, "b": b}
        first, second = paths[order[0]], paths[order[1]]
        run_sync(first, folder, now)
        report = run_sync(second, folder, now)
        assert report.merged.batches == 1 and report.merged.reviews_added > 0
        run_sync(first, folder, now)
        again = run_sync(second, folder, now)  # nothing new either way: nothing written, nothing merged
        assert again.written == 0 and again.merged.batches == 0
        snaps = []
        for p in (a, b):
            with open_col(p) as col:
                snaps.append(as_lists(snapshot(col)))
        assert snaps[0] == snaps[1]
        results.append(snaps[0])
        total = len(snaps[0]["revlog"])
        assert total > max(facts["a_answers"], facts["b_answers"])
    assert results[0] == results[1]  # and the same whichever synced first
    merged = results[0]
    note = next(n for n in merged["notes"] if n[0] == facts["note"])
    assert note[5] == facts["original"] + " (laptop)"  # the later edit won
    own = next(n for n in merged["notes"] if n[0] == facts["own"])  # the card written on the laptop, on both
    assert own[5] == "Where did the laptop card come from?"
    assert any(r[0] == c[0] for c in merged["cards"] if c[1] == facts["own"] for r in merged["revlog"])
    card = next(c for c in merged["cards"] if c[0] == facts["suspended"])
    assert card[14] == 1  # the suspension came across
    assert len(merged["sets"]) == 2  # the bundled set, and the post imported on both sides: one set
    decks = [d[0] for d in merged["decks"]]
    assert len(decks) == len(set(decks)) == 2  # the bundled deck and the post's one deck


def test_conflicting_edit_is_reported(studied, tmp_path):
    facts = studied[2]
    a, b, folder = copies(studied, tmp_path / "c")
    run_sync(b, folder, T0 + timedelta(days=20))
    report = run_sync(a, folder, T0 + timedelta(days=20))
    assert any("(laptop)" in c and "(desk)" in c for c in report.merged.conflicts), report.merged.conflicts
    with open_col(a) as col:
        assert col.conn.execute("SELECT text FROM notes WHERE id = ?", (facts["note"],)).fetchone()[0].endswith(
            "(laptop)")


def test_truncated_change_file_is_skipped_then_merged(studied, tmp_path):
    a, b, folder = copies(studied, tmp_path / "t")
    run_sync(a, folder, T0 + timedelta(days=20))
    [(_, _, change_file)] = peer_files(folder, "")
    whole = change_file.read_bytes()
    change_file.write_bytes(whole[: len(whole) // 2])  # the sync tool has copied half of it so far
    with open_col(b) as col:
        before = as_lists(snapshot(col))
        report = sync(col, folder, T0 + timedelta(days=20))
        assert report.merged.batches == 0 and len(report.warnings) == 1
        assert str(change_file) in report.warnings[0] and "skipped" in report.warnings[0]
        after = as_lists(snapshot(col))
        assert after["revlog"] == before["revlog"] and after["notes"] == before["notes"]
    change_file.write_bytes(whole)  # the copy completes
    report = run_sync(b, folder, T0 + timedelta(days=20))
    assert report.merged.batches == 1 and report.merged.reviews_added > 0 and not report.warnings
    run_sync(a, folder, T0 + timedelta(days=20))
    with open_col(a) as ca, open_col(b) as cb:
        assert as_lists(snapshot(ca)) == as_lists(snapshot(cb))


def test_a_damaged_file_changes_nothing(studied, tmp_path):
    a, b, folder = copies(studied, tmp_path / "d")
    run_sync(a, folder, T0 + timedelta(days=20))
    [(_, _, change_file)] = peer_files(folder, "")
    data = bytearray(change_file.read_bytes())
    data[-5] ^= 0x20  # one flipped bit
    change_file.write_bytes(bytes(data))
    report = run_sync(b, folder, T0 + timedelta(days=20))
    assert report.merged.batches == 0 and "checksum" in report.warnings[0]


def test_missing_folder_is_one_line_error(tmp_path):
    with open_col(tmp_path / "c.sqlite") as col:
        with pytest.raises(StudyAppError, match="no such folder"):
            sync(col, tmp_path / "nowhere")



def cli(path: Path, *args: str):
    import os
    import subprocess
    import sys
    env = {**os.environ, "STUDYAPP_COLLECTION": str(path), "STUDYAPP_NO_AUTOBACKUP": "1"}
    return subprocess.run([sys.executable, "-m", "studyapp", "sync", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_cli_syncs_remembers_the_folder_and_refuses_a_missing_one(studied, tmp_path):
    a, b, folder = copies(studied, tmp_path / "cli")
    missing = cli(a, "--folder", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such folder" in missing.stderr and "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    none_yet = cli(a)
    assert none_yet.returncode == 2 and "--folder" in none_yet.stderr
    assert cli(a, "--folder", str(folder)).returncode == 0
    out = cli(b, "--folder", str(folder))
    assert out.returncode == 0 and "1 file merged" in out.stdout, out.stdout + out.stderr
    again = cli(a)  # the remembered folder
    assert again.returncode == 0 and "1 file merged" in again.stdout
    with open_col(a) as ca, open_col(b) as cb:
        assert ca.settings()["sync_folder"] == str(folder)
        assert as_lists(snapshot(ca)) == as_lists(snapshot(cb))


def test_a_copied_collection_takes_a_new_id_instead_of_overwriting_the_others_files(studied, tmp_path):
    a, b, folder = copies(studied, tmp_path / "copy")
    run_sync(a, folder, T0 + timedelta(days=20))
    copy = tmp_path / "copy" / "a-copy.sqlite"
    shutil.copy(a, copy)  # the collection file copied to the laptop, sync id and all
    with open_col(a) as col:
        simulate_days(col, T0 + timedelta(days=21), 1, seed=4)
        run = sync(col, folder, T0 + timedelta(days=21))
        assert run.written > 0 and not run.warnings
    with open_col(copy) as col:
        simulate_days(col, T0 + timedelta(days=21), 1, seed=5)
        report = sync(col, folder, T0 + timedelta(days=21))
        assert "copied or restored" in report.warnings[0]
    origins = {o for o, _, _ in peer_files(folder, "")}
    assert len(origins) == 2 and len(peer_files(folder, "")) == 3  # nothing overwritten


def test_a_complete_file_with_a_bad_record_is_skipped_whole(studied, tmp_path):
    from studyapp.sync.files import write_batch
    a, b, folder = copies(studied, tmp_path / "bad")
    with open_col(b) as col:
        card = col.conn.execute("SELECT MIN(id) FROM cards").fetchone()[0]
        before = as_lists(snapshot(col))
    write_batch(folder, "f" * 32, 1, [{"t": "review", "card": card, "time": 1, "rating": 3},
                                      {"t": "review", "card": card, "time": 2, "rating": 9},
                                      {"t": "from-a-newer-version", "time": 3}], 1)
    report = run_sync(b, folder, T0 + timedelta(days=20))
    assert report.merged.batches == 0 and "line 3: a review with rating 9" in report.warnings[0]
    with open_col(b) as col:
        assert as_lists(snapshot(col))["revlog"] == before["revlog"]
    write_batch(folder, "f" * 32, 1, [{"t": "review", "card": card, "time": 1, "rating": 3},
                                      {"t": "from-a-newer-version", "time": 3}], 1)  # fixed; the unknown kind is
    # passed over
    report = run_sync(b, folder, T0 + timedelta(days=20))
    assert report.merged.batches == 1 and report.merged.reviews_added == 1 and not report.warnings


def test_a_kill_between_writing_a_file_and_recording_it_is_not_taken_for_a_copy(studied, tmp_path):
    from studyapp.sync.outbox import local_changes
    from studyapp.sync.files import write_batch
    a, b, folder = copies(studied, tmp_path / "k")
    run_sync(a, folder, T0 + timedelta(days=20))
    with open_col(a) as col:
        simulate_days(col, T0 + timedelta(days=21), 1, seed=8)
        with col.transaction() as conn:  # what write_out does, killed after the rename: nothing recorded
            own = state.ensure_tables(conn)
            state.put(conn, "seq", 2)
            records, _ = local_changes(conn, own)
        write_batch(folder, own, 2, records, 0)
    with open_col(a) as col:
        report = sync(col, folder, T0 + timedelta(days=21))
        assert not report.warnings and report.written == len(records)  # written again, same id
        assert col.conn.execute("SELECT value FROM sync_state WHERE key = 'id'").fetchone()[0] == own
    assert run_sync(b, folder, T0 + timedelta(days=21)).merged.batches == 3  # the repeat is merged as known
    run_sync(a, folder, T0 + timedelta(days=21))
    with open_col(a) as ca, open_col(b) as cb:
        assert as_lists(snapshot(ca)) == as_lists(snapshot(cb))


def test_a_review_given_the_id_of_a_deleted_one_is_still_written_out(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    with open_col(tmp_path / "c.sqlite") as col:
        deck = col.create_deck("Mine")
        first = col.add_note(deck, "One?", "1")
        second = col.add_note(deck, "Two?", "2")
        card = col.next_card(deck, T0)
        col.answer(card, 3, T0)
        sync(col, folder, T0)
        assert col.undo_description() is None  # a review the folder has is not undone here alone
        col.delete_note(col.conn.execute("SELECT note_id FROM cards WHERE id = ?", (card.id,)).fetchone()[0])
        other = col.next_card(deck, T0 + timedelta(minutes=1))
        col.answer(other, 4, T0 + timedelta(minutes=1))  # SQLite gives it the deleted review's id
        report = sync(col, folder, T0 + timedelta(minutes=2))
        assert report.written >= 1
        assert {first, second} >= {col.conn.execute("SELECT note_id FROM cards WHERE id = ?",
                                                    (other.id,)).fetchone()[0]}
    written = [f.read_text() for f in sorted(folder.glob("*/*.jsonl"))]
    assert f'"card":{other.id}' in written[-1] and '"rating":4' in written[-1]
