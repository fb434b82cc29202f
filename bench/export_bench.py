"""Anki export speed: StudyApp's exporter against plain genanki writing the same notes, in the same run.

The baseline builds the same number of notes with the same note types and field sizes directly with genanki (no
database reads, no escaping, no scheduling). Prints JSON with medians and the ratio; the target is at most 1.3.

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


def baseline(col: Collection, out: Path) -> None:
    """Plain genanki as a user of it would write it: the same notes and fields, genanki's default GUIDs."""
    import genanki

    from studyapp.anki.models import CLOZE_MODEL, QA_MODEL
    deck = genanki.Deck(2_059_400_110, "StudyApp::Export Bench")
    for note in col.conn.execute("SELECT id, kind, text, extra FROM notes"):
        if note["kind"] in ("cloze", "list"):
            deck.add_note(genanki.Note(model=CLOZE_MODEL, fields=[note["text"], note["extra"], "", ""]))
        else:
            deck.add_note(genanki.Note(model=QA_MODEL, fields=[note["text"], note["extra"], "", "", ""]))
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
        ours, base, sched = [], [], []
        for k in range(args.repeat):  # interleaved, so drift on a shared machine hits both alike
            t = time.perf_counter()
            baseline(col, folder / f"base{k}.apkg")
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
