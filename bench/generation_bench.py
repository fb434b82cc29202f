"""Card generation cost per takeaway as posts grow: it should stay flat (linear generation). Prints JSON.

Before issue 16 the distractor pool copied a bucket for every card, so a 10,000-takeaway post took 5 s and a
20,000-takeaway one 15 s; posts over `MAX_TAKEAWAYS` are now refused before generation.

    python bench/generation_bench.py [--sizes 500 1000 2000 5000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studyapp.cards.generate import all_cards, generate  # noqa: E402
from studyapp.takeaways.read import read_set_from_text  # noqa: E402

PEOPLE = ["Ada Lindqvist", "Mira Okafor", "Tomas Berg", "Lena Park"]
PLACES = ["Atacama", "Svalbard", "Lagos", "Osaka"]


def post(n: int) -> str:
    return "# Station Log\n\n## Key Takeaways\n\n" + "".join(
        f"- {PEOPLE[i % 4]} measured {200 + (i * 37) % 700} kelvin at the {PLACES[(i // 4) % 4]} station number {i} "
        f"with probe Z{i}.\n" for i in range(n))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000])
    parser.add_argument("--repeat", type=int, default=9, help="distinct 1,000-takeaway sets for the median")
    args = parser.parse_args()
    out = []
    for n in args.sizes:
        text = post(n)
        start = time.perf_counter()
        ts = read_set_from_text(text, "bench.md", "markdown")
        read = time.perf_counter() - start
        start = time.perf_counter()
        cards = all_cards(generate(ts))
        gen = time.perf_counter() - start
        out.append({"takeaways": n, "cards": len(cards), "read_s": round(read, 3), "generate_s": round(gen, 3),
                    "generate_ms_per_takeaway": round(gen / n * 1000, 3)})
    first = out[0]["generate_ms_per_takeaway"]
    print(json.dumps({"runs": out, "largest_over_smallest_per_takeaway":
                      round(out[-1]["generate_ms_per_takeaway"] / first, 2) if first else None,
                      "thousand_takeaways": thousand(args.repeat)}, indent=2))


def thousand(repeat: int) -> dict:
    """Issue 15's bound: generating a 1,000-takeaway set, median over distinct sets (the caches are per sentence,
    so each set is new to the generator), after one warm-up set that loads the tagger's lexicon and word lists."""
    import statistics
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from collection_bench import synthetic_set
    generate(synthetic_set(1000, 10_000, "warm-up"))
    times = []
    for seed in range(repeat):
        ts = synthetic_set(1000, seed, f"Set {seed}")
        start = time.perf_counter()
        generate(ts)
        times.append((time.perf_counter() - start) * 1000)
    return {"what": "generate() on distinct 1,000-takeaway synthetic sets, warm process", "runs": repeat,
            "median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1),
            "max_ms": round(max(times), 1), "bound_ms": 500}


if __name__ == "__main__":
    main()
