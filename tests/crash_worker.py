"""A real StudyApp process for the crash tests: imports takeaway sets and answers cards in a loop against one
collection file, printing a line after each committed change. The test kills it with SIGKILL at random moments.

    python tests/crash_worker.py COLLECTION SEED
    python tests/crash_worker.py COLLECTION SEED first   (a first run: creates the collection with its bundled deck)
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timezone

from studyapp.collection import Collection
from studyapp.takeaways import Takeaway, TakeawaySet

PLACES = ["Atacama", "Svalbard", "Lagos", "Osaka", "Quito", "Tromsø", "Perth", "Nairobi"]


def crash_set(seed: int, k: int) -> TakeawaySet:
    """A set the test can rebuild exactly, to know what a complete import holds."""
    rng = random.Random(seed * 100_003 + k)
    return TakeawaySet(title=f"Crash Set {seed}-{k}", takeaways=[
        Takeaway(f"Engineer Ada Lindqvist measured {rng.randint(2, 900)} kelvin at the {rng.choice(PLACES)} "
                 f"station number {i} with a Zorblat-{k}-{i} probe.") for i in range(25)])


def main() -> None:
    path, seed = sys.argv[1], int(sys.argv[2])
    if sys.argv[3:] == ["first"]:
        with Collection.open(path, autobackup=False) as first:
            print(f"created {len(first.decks())}", flush=True)
        return
    rng = random.Random(seed)
    col = Collection.open(path, bundled=False, autobackup=False)
    col.size_log()  # as the app does once its window is up: kills land while the log is sized too
    if col.settings()["new_per_day"] < 100_000:
        col.set_settings(new_per_day=100_000, reviews_per_day=100_000)
    print("open", flush=True)
    k = 0
    while True:
        card = col.next_card(None, datetime.now(timezone.utc))
        if card is None or rng.random() < 0.05:
            ts = crash_set(seed, k)
            col.import_set(ts)
            print(f"imported {ts.id}", flush=True)
        else:
            rating = rng.choice((1, 2, 3, 3, 4))
            col.answer(card, rating, datetime.now(timezone.utc))
            print(f"answered {card.id} {rating}", flush=True)
        k += 1


if __name__ == "__main__":
    main()
