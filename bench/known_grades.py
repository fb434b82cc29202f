"""How the cards of a `card_quality.py` run fare against every blind grading so far: a tuning guide, not a measure.

Each card the generator makes now is looked up by (post file, prompt, answer) among the cards graders have judged
(`docs/grading/*/fresh-*-N.md`, with the cards they saw in `fresh-*-N-cards.json`). A card graded before keeps its
verdict; a new or changed card is "unknown". The share good among known cards says whether a change removed bad
cards or good ones on posts already graded, which makes those posts tuning material: only a fresh set written for
the purpose and graded blind measures the generator (docs/card-quality.md).

    python bench/card_quality.py --posts bench/posts/fresh-g -o /tmp/cards
    python bench/known_grades.py /tmp/cards [--bad TAG]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CARD_RE = re.compile(r"(\d+)\. \[(\w+)\] (.*)")
ROW_RE = re.compile(r"^\|\s*(\d+)\s*\|\s*(GOOD|BAD)\s*\|([^|]*)\|", re.M)


def cards_of(path: Path) -> list[tuple[int, str, str]]:
    """(number, prompt, answer) of each card in a `card_quality.py` output file."""
    out: list[list] = []
    for line in path.read_text(encoding="utf-8").split("## Cards", 1)[-1].splitlines()[1:]:
        m = CARD_RE.match(line)
        if m:
            out.append([int(m.group(1)), m.group(3).strip(), ""])
        elif line.strip().startswith("→") and out:
            out[-1][2] = line.strip()[2:].strip("* ")
    return [tuple(c) for c in out]


def graded() -> dict[tuple[str, str, str], tuple[str, str]]:
    """Every graded card: (post file, prompt, answer) -> (verdict, tags)."""
    db: dict[tuple[str, str, str], tuple[str, str]] = {}
    for table in sorted(ROOT.glob("docs/grading/*/fresh-*-[0-9].md")):
        seen = table.with_name(table.stem + "-cards.json")
        if not seen.exists():
            continue
        shown = json.loads(seen.read_text(encoding="utf-8"))
        for part in re.split(r"^## ", table.read_text(encoding="utf-8"), flags=re.M)[1:]:
            name = part.split("\n", 1)[0].strip()
            by_number = {n: (p, a) for n, p, a in shown.get(name, [])}
            for row in ROW_RE.finditer(part):
                n = int(row.group(1))
                if n in by_number:
                    db[(name,) + by_number[n]] = (row.group(2), row.group(3).strip())
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cards", type=Path, help="a card_quality.py output folder")
    parser.add_argument("--bad", metavar="TAG", help="also list the known bad cards with this tag")
    args = parser.parse_args()
    db = graded()
    verdicts: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    listed = []
    for path in sorted(args.cards.glob("*.md")):
        for _, prompt, answer in cards_of(path):
            verdict = db.get((path.name, prompt, answer))
            if verdict is None:
                verdicts["unknown"] += 1
                continue
            verdicts[verdict[0]] += 1
            if verdict[0] == "BAD":
                tags.update(t for t in re.split(r"[,\s]+", verdict[1]) if t)
                if args.bad and args.bad in verdict[1]:
                    listed.append(f"[{verdict[1]}] {prompt} => {answer}")
    known = verdicts["GOOD"] + verdicts["BAD"]
    print(json.dumps({
        "what": "cards of this run matched by post, prompt and answer to cards graded blind before; a tuning guide "
                "on posts already graded, not a measure of unseen posts",
        "graded_cards_on_record": len(db),
        "good": verdicts["GOOD"], "bad": verdicts["BAD"], "unknown": verdicts["unknown"],
        "known_good_percent": round(100 * verdicts["GOOD"] / known, 1) if known else None,
        "bad_tags": dict(tags.most_common()),
        **({"listed": listed} if args.bad else {}),
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
