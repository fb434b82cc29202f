"""A real StudyApp process for the sync kill test: opens a collection, says "syncing", syncs it with a folder
(write out, then merge the other collections' change files in one transaction), says "synced". The test kills it
with SIGKILL while it merges.

    python tests/sync_worker.py COLLECTION FOLDER
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from studyapp.collection import Collection
from studyapp.sync import sync


def main() -> None:
    path, folder = sys.argv[1], sys.argv[2]
    col = Collection.open(path, bundled=False, autobackup=False)
    print("syncing", flush=True)
    report = sync(col, folder, datetime(2026, 6, 1, tzinfo=timezone.utc))
    print(f"synced {report.merged.reviews_added}", flush=True)
    col.close()


if __name__ == "__main__":
    main()
