"""Sync speed: one computer's months of study written out as a change file, and merged into a second collection.

Builds a collection of synthetic takeaways, copies it (the second computer), studies the first for `--days` days,
then times writing its change file and merging that file into the copy (the merge replays every touched card).
Prints JSON: reviews, file size, seconds to write out and to merge (medians over `--repeat` fresh copies).

    python bench/sync_bench.py [--takeaways 2000] [--days 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from collection_bench import synthetic_set  # noqa: E402

from studyapp.collection import Collection  # noqa: E402
from studyapp.collection.simulate import simulate_days  # noqa: E402
from studyapp.sync import sync  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--takeaways", type=int, default=2000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    now = datetime(2026, 9, 1, tzinfo=timezone.utc)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base, studied = root / "base.sqlite", root / "studied.sqlite"
        with Collection.open(base, bundled=False, autobackup=False) as col:
            col.set_settings(timezone="UTC", new_per_day=100)
            col.import_set(synthetic_set(args.takeaways, 7, "Sync Bench"))
        shutil.copy(base, studied)
        with Collection.open(studied, bundled=False, autobackup=False) as col:
            simulate_days(col, datetime(2026, 5, 1, 9, tzinfo=timezone.utc), args.days, seed=3)
            reviews = col.conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]
        writes, merges, size = [], [], 0
        for n in range(args.repeat):
            folder = root / f"folder{n}"
            folder.mkdir()
            source, target = root / f"source{n}.sqlite", root / f"target{n}.sqlite"
            shutil.copy(studied, source)
            shutil.copy(base, target)
            with Collection.open(target, bundled=False, autobackup=False) as col:
                sync(col, folder, now)  # its own (unchanged) sets written out first, as on a real first sync
            with Collection.open(source, bundled=False, autobackup=False) as col:
                started = time.perf_counter()
                sync(col, folder, now)
                writes.append(time.perf_counter() - started)
            size = sum(f.stat().st_size for f in folder.glob("*/*.jsonl"))
            with Collection.open(target, bundled=False, autobackup=False) as col:
                started = time.perf_counter()
                report = sync(col, folder, now)
                merges.append(time.perf_counter() - started)
                assert report.merged.reviews_added == reviews
    print(json.dumps({"takeaways": args.takeaways, "days": args.days, "reviews": reviews, "folder_bytes": size,
                      "write_out_s": round(statistics.median(writes), 3),
                      "merge_s": round(statistics.median(merges), 3)}, indent=2))


if __name__ == "__main__":
    main()
