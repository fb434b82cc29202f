"""Card-quality harness: generate the cards of every post in a corpus and write them out for blind grading.

For each post it writes `<out>/<post>.md`: the post exactly as the reader got it, then every generated card,
numbered, as the learner sees it (the line above the prompt naming the post and section, the prompt, the answer,
multiple-choice options). A grader is given these files and
`CARD-RUBRIC.md`, never the generator's code. On standard output it prints JSON: posts, cards per post, takeaways
with no card, and the generation time, so runs can be compared.

    python bench/card_quality.py [--posts tests/fixtures/posts] [--split holdout|tune|all] [-o /tmp/cards]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studyapp.cards.card_score import unlikely_cards  # noqa: E402
from studyapp.cards.generate import all_cards, generate  # noqa: E402
from studyapp.errors import InputError  # noqa: E402
from studyapp.kinds import topic_line  # noqa: E402
from studyapp.takeaways.read import read_set  # noqa: E402

POST_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".yaml", ".yml"}


def corpus(posts: Path, split: str) -> list[Path]:
    """The posts of a split, as `expected.yaml` marks them (no expected file: every post)."""
    files = sorted(p for p in posts.iterdir()
                   if p.suffix.lower() in POST_SUFFIXES and p.name not in ("expected.yaml", "INDEX.txt"))
    expected_file = posts / "expected.yaml"
    if split == "all" or not expected_file.exists():
        return files
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8")) or {}
    entries = expected.get("posts", expected) if isinstance(expected, dict) else {}
    return [p for p in files if isinstance(entries.get(p.name), dict) and entries[p.name].get("split") == split]


def render(path: Path, notes) -> str:
    cards = all_cards(notes)
    out = [f"# {path.name}", "", "## The post", "", "```", path.read_text(encoding="utf-8", errors="replace").strip(),
           "```", "", f"## Cards ({len(cards)})", ""]
    for n, card in enumerate(cards, start=1):
        out.append(f"{n}. [{card.kind}] {card.prompt}")
        above = topic_line(card.source.set_title, card.source.section)
        if above:
            out.append(f"   above the prompt: {above}")
        out.append(f"   → **{card.answer}**")
        if card.choices:
            out.append(f"   options: {' | '.join(card.choices)}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=Path, action="append",
                    help="a folder of posts or a single post (repeatable; default: tests/fixtures/posts)")
    ap.add_argument("--split", default="all", choices=["all", "tune", "holdout"])
    ap.add_argument("-o", "--out", type=Path, default=Path("/tmp/studyapp-cards"))
    ap.add_argument("--unscored", action="store_true",
                    help="every card that passes the checks, before the card model drops any; with `kept` in "
                         "<out>/kept.json (which of them the model keeps), so one grading measures both")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for p in args.posts or [ROOT / "tests" / "fixtures" / "posts"]:
        paths.extend(corpus(p, args.split) if p.is_dir() else [p])
    report: dict[str, dict] = {}
    kept: dict[str, list[int]] = {}
    total = 0.0
    for path in paths:
        try:
            ts = read_set(path)
        except InputError as exc:
            report[path.name] = {"error": str(exc)}
            continue
        t0 = time.perf_counter()
        notes = generate(ts, select=not args.unscored)
        total += time.perf_counter() - t0
        if args.unscored:  # the model's choice among these cards, as `generate` makes it
            dropped = unlikely_cards(notes, ts)
            kept[path.stem + ".md"] = [n for n, c in enumerate(all_cards(notes), start=1) if c.id not in dropped]
        cards = all_cards(notes)
        covered = {n.ref for n in notes if n.cards}
        bare = [t.full_text[:60] for t in ts.takeaways if t.id not in covered]
        (args.out / f"{path.stem}.md").write_text(render(path, notes), encoding="utf-8")
        report[path.name] = {"takeaways": len(ts.takeaways), "sections": len(ts.sections), "cards": len(cards),
                             "takeaways_without_card": len(bare)}
    if args.unscored:
        (args.out / "kept.json").write_text(json.dumps(kept, indent=0), encoding="utf-8")
    print(json.dumps({"what": "cards generated per post, for blind grading", "out": str(args.out),
                      "posts": len(report), "cards": sum(r.get("cards", 0) for r in report.values()),
                      "generation_seconds": round(total, 3), "per_post": report}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
