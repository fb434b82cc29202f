"""Three computers whose sync folders receive each other's change files late and in different orders (as a sync
tool delivers them): reviews of cards whose import has not arrived yet wait, and every collection ends equal,
whatever the order of arrival."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from test_sync import POST, T0, as_lists, open_col, snapshot

from studyapp.collection import Collection
from studyapp.collection.simulate import simulate_days
from studyapp.sync import sync


def deliver(src: Path, dst: Path, only: str = "*") -> None:
    """The sync tool copies every change file of `src` that `dst` lacks (`only`: of one collection)."""
    for f in src.glob(f"{only}/*.jsonl"):
        target = dst / f.parent.name / f.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, target)


def scenario(root: Path, c_first: bool) -> dict:
    root.mkdir()
    base = root / "base.sqlite"
    with Collection.open(base, autobackup=False) as col:
        col.set_settings(timezone="UTC", fuzz=False)  # the two scenarios study alike (fuzz is drawn unseeded)
    paths = {}
    for name in "abc":
        paths[name] = root / f"{name}.sqlite"
        shutil.copy(base, paths[name])
        (root / name).mkdir()
    day = T0
    with open_col(paths["c"]) as col:  # C imports a post and studies it
        col.import_file(POST, now=day)
        simulate_days(col, day, 3, seed=31)
        sync(col, root / "c", day + timedelta(days=3))
    deliver(root / "c", root / "b")
    with open_col(paths["b"]) as col:  # B gets C's post, studies it (and the bundled deck)
        sync(col, root / "b", day + timedelta(days=3, hours=1))
        simulate_days(col, day + timedelta(days=4), 4, seed=32)
        sync(col, root / "b", day + timedelta(days=8))
    with open_col(paths["a"]) as col:
        simulate_days(col, day + timedelta(days=2), 5, seed=33)
    order = ("c", "b") if c_first else ("b", "c")
    for src in order:  # A's folder receives B's and C's own files one after the other, syncing in between
        with open_col(paths[src]) as col:
            own = col.conn.execute("SELECT value FROM sync_state WHERE key = 'id'").fetchone()[0]
        deliver(root / src, root / "a", own)
        with open_col(paths["a"]) as col:
            report = sync(col, root / "a", day + timedelta(days=9))
            if src == "b" and not c_first:
                assert report.merged.pending > 0  # B's reviews of C's cards wait for C's import
    for _ in range(2):  # then everything reaches everyone
        for name in "abc":
            for other in "abc":
                deliver(root / other, root / name)
            with open_col(paths[name]) as col:
                sync(col, root / name, day + timedelta(days=10))
    snaps = {}
    for name in "abc":
        with open_col(paths[name]) as col:
            snaps[name] = as_lists(snapshot(col))
            assert not col.conn.execute("SELECT COUNT(*) FROM sync_pending").fetchone()[0]
    assert snaps["a"] == snaps["b"] == snaps["c"]
    return snaps["a"]


def test_three_computers_late_and_out_of_order(tmp_path):
    first = scenario(tmp_path / "one", c_first=True)
    second = scenario(tmp_path / "two", c_first=False)
    assert first == second
    assert len({d for d, in first["decks"]}) == 2 and len(first["sets"]) == 2
