"""Fit the card model (`studyapp/cards/card_score.py`) to the blind grades on record, and say how it does on posts
it was not fitted on. Prints JSON; with --write, writes `studyapp/cards/card_score_weights.py`.

The data: every post of `bench/posts/fresh-*/` generated with the current generator and no card model
(`generate(ts, select=False)`); each card that a grader has judged (`known_grades.graded()`, matched by post, prompt
and answer) is an example, good or bad. A logistic regression (scikit-learn, standardised features, L2) is fitted
once per set of posts with that set left out and scored on it, so the figures below are for posts the model did not
see; then once on everything for the weights that ship. Needs scikit-learn (`pip install scikit-learn`), which only
this script uses: the app evaluates the fitted weights with the standard library.

    python bench/train_card_score.py [--keep 0.6] [--keep-last 0.35] [--keep-section 0.7] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from known_grades import graded  # noqa: E402
from studyapp.cards.card_score import PostFacts, below_the_bar, features  # noqa: E402
from studyapp.cards.generate import generate  # noqa: E402
from studyapp.cards.model import KEY_TAKEAWAYS  # noqa: E402
from studyapp.errors import InputError  # noqa: E402
from studyapp.takeaways.read import read_set  # noqa: E402

POST_SUFFIXES = {".txt", ".md", ".html", ".htm", ".yaml", ".yml"}
WEIGHTS = ROOT / "studyapp" / "cards" / "card_score_weights.py"


def examples() -> list[dict]:
    """One row per card the generator makes now: its set, post, takeaway, features and verdict (None: not graded)."""
    db = graded()
    rows = []
    for folder in sorted((ROOT / "bench" / "posts").glob("fresh-*")):
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in POST_SUFFIXES):
            try:
                ts = read_set(path)
            except InputError:
                continue
            notes = generate(ts, select=False)
            post = PostFacts(ts, sum(len(n.cards) for n in notes))
            for note in notes:
                for card in note.cards:
                    verdict = db.get((path.stem + ".md", card.prompt, card.answer))
                    rows.append({"set": folder.name, "post": path.stem, "ref": note.ref, "card": card.id,
                                 "cloze": card.kind == "cloze", "takeaway": card.source.section == KEY_TAKEAWAYS,
                                 "features": features(card, len(note.cards), post),
                                 "good": None if verdict is None else verdict[0] == "GOOD"})
    return rows


def select(rows: list[dict], chances: list[float], keep: float, keep_last: float, keep_section: float) -> list[bool]:
    """Which cards `card_score.below_the_bar` keeps, given each card's chance."""
    by_ref: dict[tuple[str, str], tuple[bool, list[tuple[float, int]]]] = {}
    for r, p in zip(rows, chances):
        by_ref.setdefault((r["post"], r["ref"]), (r["takeaway"], []))[1].append((p, r["card"]))
    drop = below_the_bar(by_ref.values(), keep, keep_last, keep_section)
    return [r["card"] not in drop for r in rows]


def summary(rows: list[dict], kept: list[bool]) -> dict:
    graded_rows = [(r, k) for r, k in zip(rows, kept) if r["good"] is not None]
    kept_graded = [r for r, k in graded_rows if k]
    good_refs = {(r["post"], r["ref"]) for r, _ in graded_rows if r["good"]}
    kept_good_refs = {(r["post"], r["ref"]) for r in kept_graded if r["good"]}
    return {"cards": sum(kept), "graded_cards": len(kept_graded),
            "good_percent": round(100 * sum(r["good"] for r in kept_graded) / max(1, len(kept_graded)), 1),
            "takeaways_or_sections_with_a_good_card": len(kept_good_refs), "of": len(good_refs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", type=float, default=0.6, help="chance a card other than its takeaway's best needs")
    ap.add_argument("--keep-last", type=float, default=0.35, help="chance a takeaway's best card needs")
    ap.add_argument("--keep-section", type=float, default=0.7, help="chance a section's or the TLDW's card needs")
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    ap.add_argument("--write", action="store_true", help="write the weights fitted on every set")
    args = ap.parse_args()
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler

    rows = examples()
    names = sorted(rows[0]["features"])
    x = np.array([[r["features"][n] for n in names] for r in rows])
    y = np.array([bool(r["good"]) for r in rows])
    labelled = np.array([r["good"] is not None for r in rows])
    labelled_cloze = labelled & np.array([r["cloze"] for r in rows])  # what the model is fitted on and applied to
    sets = np.array([r["set"] for r in rows])

    def fit(mask):
        scaler = StandardScaler().fit(x[mask])
        model = LogisticRegression(C=args.c, max_iter=5000).fit(scaler.transform(x[mask]), y[mask])
        return scaler, model

    held_out = np.zeros(len(rows))
    per_set = {}
    for name in sorted(set(sets)):
        scaler, model = fit(labelled_cloze & (sets != name))
        part = sets == name
        held_out[part] = model.predict_proba(scaler.transform(x[part]))[:, 1]
    chances = [p if r["cloze"] else 1.0 for p, r in zip(held_out.tolist(), rows)]  # as `unlikely_cards` does
    kept = select(rows, chances, args.keep, args.keep_last, args.keep_section)
    for name in sorted(set(sets)):
        part = [i for i, r in enumerate(rows) if r["set"] == name]
        per_set[name] = {"without_model": summary([rows[i] for i in part], [True] * len(part)),
                         "with_model_left_out": summary([rows[i] for i in part], [kept[i] for i in part])}
    report = {
        "what": "the card model fitted with each set of posts left out and scored on that set (posts it did not "
                "see); 'without_model' is the generator's cards as they are, 'with_model_left_out' after dropping "
                f"cards below {args.keep} (a takeaway's best card: below {args.keep_last}; a section's or the TLDW's "
                f"cards: below {args.keep_section})",
        "graded_examples": int(labelled.sum()), "good": int(y[labelled].sum()),
        "fitted_on": "graded cloze cards (list and label cards are kept as they are)",
        "auc_left_out": round(float(roc_auc_score(y[labelled_cloze], held_out[labelled_cloze])), 3),
        "pooled": {"without_model": summary(rows, [True] * len(rows)), "with_model_left_out": summary(rows, kept)},
        "per_set": per_set,
    }
    scaler, model = fit(labelled_cloze)
    coef = dict(zip(names, (round(float(c), 4) for c in model.coef_[0])))
    report["weights"] = dict(sorted(coef.items(), key=lambda kv: kv[1]))
    print(json.dumps(report, indent=1))
    if args.write:
        mean = dict(zip(names, (round(float(m), 6) for m in scaler.mean_)))
        scale = dict(zip(names, (round(float(s), 6) for s in scaler.scale_)))
        WEIGHTS.write_text(
            '"""Written by `bench/train_card_score.py --write`: the card model fitted on '
            f'{int(labelled_cloze.sum())} blind-graded cloze cards\n({int(y[labelled_cloze].sum())} good) of the sets '
            f'{", ".join(sorted(set(sets)))}. Left-out AUC {report["auc_left_out"]}. Do not edit by hand."""\n\n'
            f"INTERCEPT = {round(float(model.intercept_[0]), 6)}\n"
            f"KEEP = {args.keep}\nKEEP_LAST = {args.keep_last}\nKEEP_SECTION = {args.keep_section}\n"
            f"MEAN = {json.dumps(mean, indent=4)}\nSCALE = {json.dumps(scale, indent=4)}\n"
            f"COEF = {json.dumps(coef, indent=4)}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
