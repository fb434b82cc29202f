"""Per-post results of a blind grading, for docs/card-quality.md: cards, good, % good, testable takeaways and those
with a good card, options. Prints a Markdown table and a JSON line.

With `--kept kept.json` (written by `card_quality.py --unscored`) the cards graded are every checked card and the
table gives both: all of them (the generator without the card model) and the ones the model keeps (the generator
as shipped). Coverage of a subset is counted from the graders' "point" column (the takeaway a card tests).

    python bench/grade_summary.py GRADES.md [GRADES.md ...] [--kept kept.json]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROW_RE = re.compile(r"^\|\s*(\d+)\s*\|\s*(GOOD|BAD)\s*\|([^|\n]*)\|([^|\n]*)\|([^|\n]*)\|(?:([^|\n]*)\|)?", re.M)
TOTAL_RE = re.compile(r"^TOTAL\s+(\S+)\s+cards=(\d+)\s+good=(\d+)\s+testable=(\d+)\s+covered=(\d+)\s+"
                      r"options_bad=(\d+)/(\d+)", re.M)


def posts(paths: list[Path]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for part in re.split(r"^## ", text, flags=re.M)[1:]:
            name = part.split("\n", 1)[0].strip()
            total = TOTAL_RE.search(part)
            if not total:
                continue
            rows = [(int(m.group(1)), m.group(2) == "GOOD", m.group(3).strip(), m.group(5).strip(),
                     (m.group(6) or "").strip()) for m in ROW_RE.finditer(part)]
            out[name] = {"rows": rows, "testable": int(total.group(4)), "covered": int(total.group(5)),
                         "options_bad": int(total.group(6)), "options": int(total.group(7))}
    return out


def figures(post: dict, keep: set[int] | None) -> dict:
    rows = [r for r in post["rows"] if keep is None or r[0] in keep]
    good = [r for r in rows if r[1]]
    if keep is None:
        covered = post["covered"]
    else:
        covered = len({r[4] for r in good if r[4] not in ("", "–", "-")})
    options = [r for r in rows if r[3] and r[3] not in ("–", "-")]
    if keep is None:  # the graders' own counts
        n_options, n_bad = post["options"], post["options_bad"]
    else:
        n_options, n_bad = len(options), sum(1 for r in options if r[3].startswith("BAD"))
    return {"cards": len(rows), "good": len(good), "testable": post["testable"], "covered": min(covered, post["testable"]),
            "options": n_options, "options_bad": n_bad}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("grades", type=Path, nargs="+")
    ap.add_argument("--kept", type=Path, help="kept.json from card_quality.py --unscored")
    args = ap.parse_args()
    graded = posts(args.grades)
    kept = json.loads(args.kept.read_text(encoding="utf-8")) if args.kept else None
    sides = [("all checked cards", None)] + ([("kept by the model", kept)] if kept is not None else [])
    summary = {}
    for title, subset in sides:
        print(f"\n### {title}\n")
        print("| post | cards | good | % good | testable takeaways | with a good card | option sets bad |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        totals = dict.fromkeys(("cards", "good", "testable", "covered", "options", "options_bad"), 0)
        under = 0
        for name in sorted(graded):
            keep = None if subset is None else set(subset.get(name, []))
            f = figures(graded[name], keep)
            for k in totals:
                totals[k] += f[k]
            share = 100 * f["good"] / f["cards"] if f["cards"] else 0.0
            under += f["cards"] > 0 and share < 75
            print(f"| {Path(name).stem} | {f['cards']} | {f['good']} | {share:.0f}% | {f['testable']} | {f['covered']} "
                  f"| {f['options_bad']}/{f['options']} |")
        pct = 100 * totals["good"] / max(1, totals["cards"])
        cov = 100 * totals["covered"] / max(1, totals["testable"])
        print(f"| **pooled** | **{totals['cards']}** | **{totals['good']}** | **{pct:.1f}%** | **{totals['testable']}** "
              f"| **{totals['covered']} ({cov:.1f}%)** | **{totals['options_bad']}/{totals['options']}** |")
        summary[title] = {**totals, "good_percent": round(pct, 1), "covered_percent": round(cov, 1),
                          "posts_under_75": under}
    print("\n" + json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
