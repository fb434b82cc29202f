"""The card model (`studyapp/cards/card_score.py`): which checked cards are kept, on real posts."""

from __future__ import annotations

import re

import pytest
from conftest import BUNDLED, ROOT

from studyapp.cards import card_score_weights as weights
from studyapp.cards.card_score import PostFacts, features, scored_cards, unlikely_cards
from studyapp.cards.generate import all_cards, generate
from studyapp.cards.model import KEY_TAKEAWAYS
from studyapp.takeaways import read_set

POSTS = sorted(p for p in (ROOT / "tests" / "fixtures" / "posts").iterdir()
               if p.suffix in (".md", ".txt", ".html", ".yaml") and p.name != "expected.yaml")


def test_the_weights_cover_exactly_the_features():
    ts = read_set(BUNDLED)
    notes = generate(ts, select=False)
    card = all_cards(notes)[0]
    names = set(features(card, 1, PostFacts(ts, 10)))
    assert names == set(weights.COEF) == set(weights.MEAN) == set(weights.SCALE)
    assert all(weights.SCALE[n] > 0 for n in names)
    assert 0 < weights.KEEP_LAST < weights.KEEP <= weights.KEEP_SECTION < 1


@pytest.mark.parametrize("path", POSTS[::5], ids=lambda p: p.name)
def test_kept_cards_are_the_checked_cards_minus_the_unlikely_ones(path):
    try:
        ts = read_set(path)
    except Exception:
        pytest.skip("a post the readers refuse (bad-input fixture)")
    everything = generate(ts, select=False)
    kept = generate(ts)
    drop = unlikely_cards(everything, ts)
    before = {c.id: c for c in all_cards(everything)}
    after = {c.id: c for c in all_cards(kept)}
    assert set(after) == set(before) - drop
    for card_id, card in after.items():  # the same cards, word for word (options aside: drawn from the kept ones)
        assert (card.prompt, card.answer, card.back, card.context) == \
               (before[card_id].prompt, before[card_id].answer, before[card_id].back, before[card_id].context)
    assert all(before[i].kind == "cloze" for i in drop)  # list and label cards are never scored away
    for note in kept:  # a cloze whose card went is no deletion in the Anki note either
        if note.kind == "cloze":
            assert {c.ord for c in note.cards} == {int(n) for n in re.findall(r"\{\{c(\d+)::", note.text)}


def test_a_takeaway_keeps_its_best_card_unless_it_is_hopeless_and_a_section_only_likely_ones():
    for path in POSTS[::3]:
        try:
            ts = read_set(path)
        except Exception:
            continue
        everything = generate(ts, select=False)
        kept_refs = {n.ref for n in generate(ts)}
        chances: dict[str, float] = {}
        ref_of = {c.id: n.ref for n in everything for c in n.cards}
        takeaway = {n.ref: n.cards[0].source.section == KEY_TAKEAWAYS for n in everything if n.cards}
        for card, p, _ in scored_cards(everything, ts):
            p = p if card.kind == "cloze" else 1.0
            chances[ref_of[card.id]] = max(chances.get(ref_of[card.id], 0.0), p)
        for ref, best in chances.items():  # a section's (or the TLDW's) cards all need the section bar
            bar = weights.KEEP_LAST if takeaway[ref] else weights.KEEP_SECTION
            assert (ref in kept_refs) == (best >= bar), (path.name, ref, best)


def test_characterisations_go_and_the_facts_beside_them_stay():
    """A post of blind set H: "Pilon sees the story as a [...]" (case study) and "Magie was a [...] at a time when
    that was rare" (woman inventor) were graded bad, like 13 of the 14 graded "is a [...]" terms; the years and
    sums beside them good. (The model was fitted on these grades too: this checks the mechanism, not how it does on
    new posts, which only a blind grading tells.)"""
    ts = read_set(ROOT / "bench" / "posts" / "fresh-h" / "18-monopoly-history.md")
    before = {c.answer for c in all_cards(generate(ts, select=False))}
    after = {c.answer for c in all_cards(generate(ts))}
    assert {"case study", "woman inventor"} <= before
    assert not {"case study", "woman inventor"} & after
    assert "$500" in after and {"1904", "Lizzie Magie"} & after  # the patent's year, or (v20) who patented it


def test_the_sample_keeps_a_card_for_every_takeaway_with_a_number():
    ts = read_set(BUNDLED)
    refs = {n.ref for n in generate(ts)}
    with_number = [t for t in ts.takeaways if any(ch.isdigit() for ch in t.text)]
    assert with_number and all(t.id in refs for t in with_number)
