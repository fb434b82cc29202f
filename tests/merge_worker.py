"""A real StudyApp process for the merge kill test: opens a collection, says "merging", merges review rows read from
a JSON file (one transaction), says "merged". The test kills it with SIGKILL while it merges.

    python tests/merge_worker.py COLLECTION ROWS.json
"""

from __future__ import annotations

import json
import sys

from studyapp.collection import Collection
from studyapp.collection.replay import ReviewRow


def main() -> None:
    path, rows_file = sys.argv[1], sys.argv[2]
    rows = [ReviewRow(*r) for r in json.loads(open(rows_file, encoding="utf-8").read())]
    col = Collection.open(path, bundled=False, autobackup=False)
    print("merging", flush=True)
    report = col.merge_reviews(rows)
    print(f"merged {report.reviews_added}", flush=True)
    col.close()


if __name__ == "__main__":
    main()
