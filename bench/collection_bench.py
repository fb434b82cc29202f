"""Collection speed, against the official Anki backend measured in the same run.

Builds synthetic collections (10k and 100k cards, each with 1M review-log rows) for StudyApp and for Anki, then
reports medians in milliseconds for: opening, deck counts, next card, preview + answer, answer-and-next-card, undo,
and importing a 1,000-takeaway set. Prints JSON. The machine is shared and noisy: compare ratios within one run.

Like is compared with like: each side's `synchronous` mode is read back from its connection and printed, and the
ratios are StudyApp over Anki at the same mode (FULL: Anki's, and StudyApp's default). `studyapp_normal` and
`anki_normal` are each on a copy of its collection with `synchronous = NORMAL` (a power cut may lose the last
commits), compared with each other. `work` says what each side does per timed call.

    python bench/collection_bench.py [--sizes 10000 100000] [--reviews 1000000] [--repeat 30] [--block 1]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studyapp.collection import Collection  # noqa: E402
from studyapp.takeaways import Takeaway, TakeawaySet  # noqa: E402

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
SYNC_NAMES = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
UNDO_REPEAT = 20  # Anki keeps about 30 undo steps
PEOPLE = ["Ada Lindqvist", "Mira Okafor", "Tomas Berg", "Lena Park", "Ravi Menon", "Sofia Duarte", "Jonas Weber"]
PLACES = ["Atacama", "Svalbard", "Lagos", "Osaka", "Quito", "Tromsø", "Perth", "Nairobi"]


# What each side does per timed call, printed with the figures so that like is seen to be compared with like.
WORK = {
    "answer_next_card_ms": {
        "studyapp": "answer(card, Good): one transaction (read the card and its siblings unless it has none, update "
                    "the card, insert its review-log row, bury siblings, read the deck's next card and work out its "
                    "four next states) committed with the connection's synchronous mode; then next_card() and "
                    "preview(), which return that card and its states (nothing written since, same second)",
        "anki": "get_queued_cards(fetch_limit=1) (the next card with its four states), get_card, build_answer, "
                "answer_card(Good): one committed transaction, synchronous FULL",
        "studyapp_normal": "as studyapp, on a copy of the collection with synchronous NORMAL",
        "anki_normal": "as anki, on a copy of its collection with synchronous NORMAL"},
    "session": {"studyapp": "Collection.open(), then size_log() as the app does once its window is up (the write-ahead "
                            "log given its working size, so that commits overwrite it; not timed, as in the app)",
                "anki": "anki.collection.Collection(path)"},
    "undo_ms": {"studyapp": "undo() of the last answer: one transaction, committed as above",
                "anki": "col.undo() of the last answer: one committed transaction",
                "studyapp_normal": "as studyapp, synchronous NORMAL",
                "anki_normal": "as anki, synchronous NORMAL"},
    "deck_counts_ms": {"studyapp": "decks(): every deck's new / learning / due counts, daily limits applied",
                       "anki": "sched.deck_due_tree()"},
    "next_card_ms": {"studyapp": "next_card(deck) without answering", "anki": "get_queued_cards(fetch_limit=1)"},
}


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 3)


def synthetic_set(n: int, seed: int, title: str) -> TakeawaySet:
    rng = random.Random(seed)
    takeaways = []
    for i in range(n):
        who, where = rng.choice(PEOPLE), rng.choice(PLACES)
        takeaways.append(Takeaway(f"{who} measured {rng.randint(2, 900)} kelvin at the {where} station number {i} "
                                  f"using a Zorblat-{i} spectrometer."))
    return TakeawaySet(title=title, takeaways=takeaways)


def build_ours(path: Path, cards: int, reviews: int) -> None:
    """A collection of `cards` cards (mostly reviewed) with `reviews` review-log rows, written in bulk."""
    rng = random.Random(1)
    col = Collection.open(path, bundled=False, autobackup=False)
    col.set_settings(timezone="UTC")  # default daily limits (20 new, 200 reviews), as a user has them
    now_s = int(NOW.timestamp())
    with col.transaction():
        decks = 10
        for d in range(decks):
            col.conn.execute("INSERT INTO decks(id, name, created) VALUES (?, ?, 0)", (d + 1, f"Deck {d + 1}"))
        notes, cards_rows = [], []
        for i in range(cards):
            deck = i % decks + 1
            notes.append((i + 1, i + 1, deck, "cloze", f"Fact {i}", "", 0, 0))
            reviewed = (i // decks) % 10 != 0  # a tenth of every deck is new
            due = now_s + rng.randint(-3, 60) * 86400 if reviewed else i
            cards_rows.append((i + 1, i + 1, deck, 1, "k", "cloze", f"Prompt {i} [...]", f"answer {i}",
                               2 if reviewed else 0, rng.uniform(1, 200) if reviewed else None,
                               rng.uniform(1, 10) if reviewed else None, due,
                               now_s - rng.randint(1, 90) * 86400 if reviewed else None, 0))
        col.conn.executemany("INSERT INTO notes(id, gen_id, deck_id, kind, text, extra, created, mod) "
                             "VALUES (?,?,?,?,?,?,?,?)", notes)
        col.conn.executemany("INSERT INTO cards(id, note_id, deck_id, ord, key, kind, prompt, answer, state, "
                             "stability, difficulty, due, last_review, mod) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             cards_rows)
        t0 = (now_s - 400 * 86400) * 1000
        col.conn.executemany("INSERT INTO revlog(card_id, time, rating, state_before, state_after, due_after) "
                             "VALUES (?,?,?,2,2,0)",
                             ((rng.randint(1, cards), t0 + k * 30_000, rng.choice((1, 3, 3, 3, 4)))
                              for k in range(reviews)))
    col.close()


def ours_ops(path: Path, synchronous: str | None = None) -> tuple[dict, object]:
    """StudyApp's operations as callables, on an open collection (returned too, to close); `synchronous` overrides
    the collection's own mode (FULL) for a reference run."""
    col = Collection.open(path, autobackup=False)
    col.size_log()  # as the app does once its window is up (a second after start-up): the log gets its size
    if synchronous:
        col.conn.execute(f"PRAGMA synchronous = {synchronous}")
    deck = col.deck_id("Deck 1")
    ops = {"deck_counts_ms": lambda: col.decks(NOW),
           "next_card_ms": lambda: col.next_card(deck, NOW)}
    state: dict = {}

    def start_answering():
        col.set_settings(new_per_day=1000, reviews_per_day=100000)  # room for every answer the loops below give
        state["card"] = col.next_card(deck, NOW)
        col.preview(state["card"], NOW)

    def answer_next():  # what the review screen does per card: answer the shown card, fetch and preview the next
        col.answer(state["card"], 3, NOW)
        state["card"] = col.next_card(deck, NOW)
        col.preview(state["card"], NOW)

    def preview_answer():
        card = col.next_card(deck, NOW)
        col.preview(card, NOW)
        col.answer(card, 3, NOW)

    ops["start_answering"] = start_answering
    ops["preview_answer_ms"] = preview_answer
    ops["answer_next_card_ms"] = answer_next
    ops["undo_ms"] = col.undo
    return ops, col


def bench_import(tmp: Path, repeat: int) -> dict:
    """Importing 1,000-takeaway sets, each into a new collection. The first import in a process also loads the
    generator's word lists (wordfreq, first names), so it is reported on its own besides the median."""
    sets = [synthetic_set(1000, seed, f"Synthetic Set {seed}") for seed in range(max(5, repeat // 6))]
    times = []
    for k, ts in enumerate(sets):
        col = Collection.open(tmp / f"import{k}.sqlite", bundled=False, autobackup=False)
        t = time.perf_counter()
        col.import_set(ts, now=NOW)
        times.append((time.perf_counter() - t) * 1000)
        col.close()
    return {"median_ms": round(statistics.median(times), 1), "first_in_process_ms": round(times[0], 1)}


def build_anki(path: Path, cards: int, reviews: int):
    from anki.collection import Collection as AnkiCollection
    rng = random.Random(1)
    col = AnkiCollection(str(path))
    col.set_config("fsrs", True)
    basic = col.models.by_name("Basic")
    decks = [col.decks.id(f"Deck {d + 1}") for d in range(10)]
    today = col.sched.today
    now_s = int(time.time())
    notes, cards_rows = [], []
    for i in range(cards):
        nid = 10**12 + i
        notes.append((nid, f"g{i}", basic["id"], now_s, -1, "", f"Front {i}\x1fBack {i}", f"Front {i}", 0, 0, ""))
        reviewed = (i // 10) % 10 != 0
        ivl = rng.randint(1, 200)
        due = today + rng.randint(-3, 60) if reviewed else i
        data = json.dumps({"s": rng.uniform(1, 200), "d": rng.uniform(1, 10)}) if reviewed else ""
        cards_rows.append((nid, nid, decks[i % 10], 0, now_s, -1, 2 if reviewed else 0, 2 if reviewed else 0, due,
                           ivl if reviewed else 0, 2500 if reviewed else 0, 3, 0, 0, 0, 0, 0, data))
    t0 = (now_s - 400 * 86400) * 1000
    revlog = [(t0 + k * 30_000, 10**12 + rng.randrange(cards), -1, rng.choice((1, 3, 3, 3, 4)), 5, 3, 2500, 8000, 1)
              for k in range(reviews)]

    def fill() -> None:  # one transaction: row by row, each insert was its own synced commit (set-up, not timed)
        col.db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
        col.db.executemany("INSERT INTO cards(id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, "
                           "lapses, left, odue, odid, flags, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           cards_rows)
        col.db.executemany("INSERT INTO revlog(id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                           "VALUES (?,?,?,?,?,?,?,?,?)", revlog)
    col.db.transact(fill)
    col.close()


def anki_ops(path: Path, synchronous: str | None = None) -> tuple[dict, object]:
    """The same operations on the official Anki backend (its review screen fetches the next card with its four
    states in one call, then answers it); `synchronous` overrides Anki's own mode (FULL) for a reference run."""
    from anki.collection import Collection as AnkiCollection
    from anki.scheduler_pb2 import CardAnswer
    col = AnkiCollection(str(path))
    if synchronous:
        col.db.execute(f"PRAGMA synchronous = {synchronous}")
    did = col.decks.id("Deck 1")
    col.decks.select(did)

    def answer_next():
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = col.get_card(queued.card.id)
        card.start_timer()
        answer = col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
        col.sched.answer_card(answer)

    ops = {"deck_counts_ms": lambda: col.sched.deck_due_tree(),
           "next_card_ms": lambda: col.sched.get_queued_cards(fetch_limit=1),
           "start_answering": lambda: None,
           "answer_next_card_ms": answer_next,
           "undo_ms": col.undo}
    return ops, col


BLOCK = 1  # calls of one side in a row before the next side's (--block)


def alternating(fns: dict[str, object], n: int) -> dict[str, float]:
    """Time each function in turn, BLOCK calls at a time, until each has n calls, so that whatever else the shared
    machine is doing falls on all of them alike; medians in ms. With BLOCK = 1 every commit directly follows
    another side's commit on the same file system, and waits on its journal; blocks of a few calls measure each
    side as a user meets it (its previous commit its own), still interleaved within milliseconds."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    while any(len(times) < n for times in samples.values()):
        for name, fn in fns.items():
            for _ in range(min(BLOCK, n - len(samples[name]))):
                t = time.perf_counter()
                fn()
                samples[name].append((time.perf_counter() - t) * 1000)
    return {name: round(statistics.median(times), 3) for name, times in samples.items()}


def bench_pair(ours: dict, anki: dict | None, repeat: int, normal: dict, anki_normal: dict | None) -> dict[str, dict]:
    """Every operation on StudyApp and Anki, each with FULL and with NORMAL commits, alternately (see
    alternating())."""
    sides = {"studyapp": ours, **({"anki": anki} if anki else {}), "studyapp_normal": normal,
             **({"anki_normal": anki_normal} if anki_normal else {})}
    out: dict[str, dict] = {name: {} for name in sides}
    for op, n in (("deck_counts_ms", repeat), ("next_card_ms", repeat), ("preview_answer_ms", repeat),
                  ("answer_next_card_ms", repeat), ("undo_ms", min(repeat, UNDO_REPEAT))):
        if op == "answer_next_card_ms":
            for ops in sides.values():
                ops["start_answering"]()
        figures = alternating({name: ops[op] for name, ops in sides.items() if op in ops}, n)
        for name, ms in figures.items():
            out[name][op] = ms
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-anki", action="store_true")
    parser.add_argument("--block", type=int, default=1, help="calls of one side in a row (see alternating())")
    args = parser.parse_args()
    global BLOCK
    BLOCK = max(1, args.block)
    tmp = Path(tempfile.mkdtemp(prefix="studyapp-bench-"))
    results: dict = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "repeat": args.repeat,
                     "block": BLOCK,
                     "reviews": args.reviews, "sizes": {}}
    try:
        for size in args.sizes:
            ours_path = tmp / f"ours-{size}.sqlite"
            t = time.perf_counter()
            build_ours(ours_path, size, args.reviews)
            entry: dict = {"build_s": round(time.perf_counter() - t, 1)}
            opens = {"studyapp": lambda: Collection.open(ours_path, autobackup=False).close()}
            if not args.no_anki:
                from anki.collection import Collection as AnkiCollection
                anki_path = tmp / f"anki-{size}.anki2"
                build_anki(anki_path, size, args.reviews)
                opens["anki"] = lambda: AnkiCollection(str(anki_path)).close()
            opened = alternating(opens, max(5, args.repeat // 3))  # before either stays open: Anki locks its file
            normal_path = tmp / f"ours-{size}-normal.sqlite"
            shutil.copyfile(ours_path, normal_path)
            ours, col = ours_ops(ours_path)
            normal, normal_col = ours_ops(normal_path, "NORMAL")
            anki, anki_col = anki_ops(anki_path) if not args.no_anki else (None, None)
            anki_normal, anki_normal_col = None, None
            if not args.no_anki:
                anki_normal_path = tmp / f"anki-{size}-normal.anki2"
                shutil.copyfile(anki_path, anki_normal_path)  # closed since the opens above: a whole file
                anki_normal, anki_normal_col = anki_ops(anki_normal_path, "NORMAL")
            modes = {"studyapp": SYNC_NAMES[col.conn.execute("PRAGMA synchronous").fetchone()[0]],
                     "studyapp_normal": SYNC_NAMES[normal_col.conn.execute("PRAGMA synchronous").fetchone()[0]]}
            if anki_col is not None:
                modes["anki"] = SYNC_NAMES[anki_col.db.scalar("PRAGMA synchronous")]
                modes["anki_normal"] = SYNC_NAMES[anki_normal_col.db.scalar("PRAGMA synchronous")]
            entry["synchronous"] = modes
            entry["work"] = WORK
            figures = bench_pair(ours, anki, args.repeat, normal, anki_normal)
            col.close()
            normal_col.close()
            entry["studyapp"] = {"open_ms": opened["studyapp"], **figures["studyapp"]}
            entry["studyapp_normal"] = figures["studyapp_normal"]
            if anki_col is not None:
                anki_col.close()
                anki_normal_col.close()
                entry["anki"] = {"open_ms": opened["anki"], **figures["anki"]}
                entry["anki_normal"] = figures["anki_normal"]
                same = "same synchronous mode" if modes["studyapp"] == modes["anki"] else "DIFFERENT synchronous modes"
                entry["ratio_studyapp_over_anki"] = {
                    "modes": f"{modes['studyapp']} vs {modes['anki']} ({same})",
                    **{k: round(entry["studyapp"][k] / entry["anki"][k], 2)
                       for k in entry["anki"] if entry["anki"][k] > 0 and k in entry["studyapp"]}}
                entry["ratio_studyapp_normal_over_anki_normal"] = {
                    "modes": f"{modes['studyapp_normal']} vs {modes['anki_normal']}",
                    **{k: round(entry["studyapp_normal"][k] / entry["anki_normal"][k], 2)
                       for k in entry["anki_normal"] if entry["anki_normal"][k] > 0 and k in entry["studyapp_normal"]}}
            results["sizes"][str(size)] = entry
        results["import_1000_takeaways"] = bench_import(tmp, args.repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
