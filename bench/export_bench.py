"""Anki export speed: StudyApp's exporter against plain genanki writing the same notes, in the same run.

The baseline hands genanki exactly the notes StudyApp writes (note types, fields, GUIDs, tags; read back from one
of its packages) and times only genanki building and writing them: what StudyApp adds on top is reading the
collection, escaping, and (optionally) scheduling. Prints JSON with medians and the ratio; the target is at most 1.3.

    python bench/export_bench.py [--notes 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studyapp.collection import Collection  # noqa: E402


def build(path: Path, n: int) -> Collection:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from collection_bench import synthetic_set
    col = Collection.open(path, bundled=False, autobackup=False)
    col.import_set(synthetic_set(n, 7, "Export Bench"))
    return col


def same_notes(col: Collection) -> list[tuple]:
    """The exact notes StudyApp writes (model, fields, GUID, tags), read back from one of its packages, so the
    baseline hands genanki the same content and only genanki's own work is timed."""
    import sqlite3
    import zipfile

    from studyapp.anki.exporter import export_apkg
    from studyapp.anki.models import CLOZE_MODEL, QA_MODEL
    with tempfile.TemporaryDirectory() as tmp:
        export_apkg(col, Path(tmp) / "ref.apkg")
        zipfile.ZipFile(Path(tmp) / "ref.apkg").extract("collection.anki2", tmp)
        db = sqlite3.connect(Path(tmp) / "collection.anki2")
        models = {CLOZE_MODEL.model_id: CLOZE_MODEL, QA_MODEL.model_id: QA_MODEL}
        rows = [(models[mid], flds.split("\x1f"), guid, tags.split()) for mid, flds, guid, tags in
                db.execute("SELECT mid, flds, guid, tags FROM notes")]
        db.close()
    return rows


def baseline(notes: list[tuple], out: Path) -> None:
    """Plain genanki writing the same notes: same note types, fields, GUIDs and tags."""
    import genanki
    deck = genanki.Deck(2_059_400_110, "StudyApp::Export Bench")
    for model, fields, guid, tags in notes:
        deck.add_note(genanki.Note(model=model, fields=fields, guid=guid, tags=tags))
    genanki.Package(deck).write_to_file(str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from studyapp.anki.exporter import export_apkg
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        col = build(folder / "c.sqlite", args.notes)
        notes = col.conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
        reference = same_notes(col)
        ours, base, sched = [], [], []
        for k in range(args.repeat):  # interleaved, so drift on a shared machine hits both alike
            t = time.perf_counter()
            baseline(reference, folder / f"base{k}.apkg")
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            export_apkg(col, folder / f"ours{k}.apkg")
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            export_apkg(col, folder / f"sched{k}.apkg", with_scheduling=True)
            sched.append(time.perf_counter() - t)
        col.close()
    m_ours, m_base, m_sched = (statistics.median(x) for x in (ours, base, sched))
    print(json.dumps({"notes": notes, "repeat": args.repeat, "genanki_s": round(m_base, 3),
                      "studyapp_s": round(m_ours, 3), "studyapp_with_scheduling_s": round(m_sched, 3),
                      "ratio_studyapp_over_genanki": round(m_ours / m_base, 2),
                      "ratio_with_scheduling_over_genanki": round(m_sched / m_base, 2)}, indent=2))


if __name__ == "__main__":
    main()
