"""Key points as numbered one-line claims, each over its explanation paragraph ("1. Coal was the constraint." / "A
steamer of the 1850s burned …"), in plain text, Markdown and HTML.

The posts are written for these tests (structural twins of the corpus posts `numbered-claims-paragraphs.txt` and
`.md`), read through the real readers and recogniser. The layouts that must keep their old reading (a plain
numbered list, numbered headings, numbered steps inside the summary) are checked here as well.
"""

from __future__ import annotations

import pytest
from corpus import POSTS

from studyapp.errors import InputError
from studyapp.takeaways import read_set, read_set_from_text
from studyapp.takeaways.html_reader import read_html

CLAIMS = ["Steam did not win on speed alone.", "Coal was the real constraint.",
          "The compound engine changed the arithmetic."]
EXPLANATIONS = ["Brandt showed that the first Cunard steamers of 1840 were only a day faster than the packets.",
                "A steamer of the 1850s burned so much coal that a third of its hold went to fuel.",
                "Alfred Holt's compound engines of 1865 cut coal use roughly in half, so China came within reach."]
LABELLED = [("Steam did not win on speed alone", EXPLANATIONS[0]), ("Coal was the real constraint", EXPLANATIONS[1]),
            ("The compound engine changed the arithmetic", EXPLANATIONS[2])]
INTRO = "Professor Brandt spoke in Glasgow about how steam changed ocean trade after 1840 and what it cost."
TITLE = "Three Lessons From a Lecture on Steam"


def _html(points: str) -> str:
    return (f"<html><body><article><h1>{TITLE}</h1><p>{INTRO}</p>{points}<h2>My take</h2>"
            "<p>A good lecture overall, strongest on coal.</p></article></body></html>")


def test_text_post_reads_each_claim_as_the_label_of_its_explanation():
    ts = read_set(POSTS / "numbered-claims-paragraphs.txt")
    assert len(ts.takeaways) == 9
    assert (ts.takeaways[1].label, ts.takeaways[1].text) == (
        "Coal was the real constraint",
        "A steamer of the 1850s burned so much coal that a third of its hold went to fuel. Brandt traced the network "
        "of coaling stations, from Aden to Singapore, that made long routes possible at all.")
    assert all(t.label and not t.label[:1].isdigit() and not t.items for t in ts.takeaways)
    assert ts.takeaways[-1].label == "Labour at sea changed completely"
    # The question heading after the last point and its paragraph are not part of point 9.
    assert ts.takeaways[-1].text.endswith("but the work became more dangerous.")
    assert [s.heading for s in ts.sections] == ["What happened to the sailing fleets?"]
    assert ts.thoughts == ["Brandt's lecture was strongest on coal and weakest on labour, which she covered in only a "
                           "few minutes. I would like to read her book when it comes out next year."]
    assert ts.intro[0].startswith("Professor Ilse Brandt gave")
    assert not ts.truncated  # the "Share: Email | Facebook | X" bar is chrome, not an unfinished sentence


def test_markdown_post_with_blank_lines_between_claim_and_paragraph():
    ts = read_set(POSTS / "numbered-claims-paragraphs.md")
    assert [t.label for t in ts.takeaways] == [
        "City bees are often healthier than farm bees", "Forage, not space, is the limit", "Honey records the street",
        "Neighbours worry about stings more than they need to", "Water matters as much as flowers"]
    assert ts.takeaways[2].text.startswith("Pollen tests of his 2022 harvest")
    assert [s.heading for s in ts.sections] == ["What happened to the guild's own hives?"]


def test_a_point_may_have_a_few_paragraphs():
    more = "The crowd asked about this one for a long time afterwards."
    text = f"{TITLE}\n\n{INTRO}\n\n" + "".join(
        f"{n}. {claim}\n{explanation}\n{more if n == 2 else ''}\n"
        for n, (claim, explanation) in enumerate(zip(CLAIMS, EXPLANATIONS), 1)) + "\nMy take\nA good lecture.\n"
    ts = read_set_from_text(text)
    assert [t.label for t in ts.takeaways] == [label for label, _ in LABELLED]
    assert ts.takeaways[1].text == f"{EXPLANATIONS[1]} {more}"
    assert ts.takeaways[2].text == EXPLANATIONS[2]


def test_html_runs_of_ordered_lists_and_numbered_paragraphs():
    started = "".join(f'<ol start="{n}"><li>{c}</li></ol><p>{e}</p>'
                      for n, (c, e) in enumerate(zip(CLAIMS, EXPLANATIONS), 1))
    restarted = "".join(f"<ol><li>{c}</li></ol><p>{e}</p>" for c, e in zip(CLAIMS, EXPLANATIONS))
    paragraphs = "".join(f"<p>{n}. {c}</p><p>{e}</p>" for n, (c, e) in enumerate(zip(CLAIMS, EXPLANATIONS), 1))
    for points in (started, restarted, paragraphs):
        ts = read_set_from_text(_html(points), "post.html")
        assert [(t.label, t.text) for t in ts.takeaways] == LABELLED, points[:40]
        assert ts.thoughts == ["A good lecture overall, strongest on coal."]


def test_html_reader_numbers_an_ordered_list_from_its_start():
    doc = read_html('<ol start="4"><li>Four</li><li>Five</li></ol><ol><li>One</li></ol>')
    assert [(b.marker, b.text) for b in doc.blocks] == [("4.", "Four"), ("5.", "Five"), ("1.", "One")]


def test_a_plain_numbered_list_stays_unlabelled():
    text = f"{TITLE}\n\n{INTRO}\n\nKey Takeaways\n" + "".join(
        f"{n}. {e}\n" for n, e in enumerate(EXPLANATIONS, 1)) + "\nMy take\nA good lecture overall.\n"
    ts = read_set_from_text(text)
    assert [(t.label, t.text) for t in ts.takeaways] == [(None, e) for e in EXPLANATIONS]


def test_two_claims_are_not_a_run():
    text = f"{TITLE}\n\n{INTRO}\n\n" + "".join(
        f"{n}. {c}\n{e}\n\n" for n, (c, e) in enumerate(zip(CLAIMS[:2], EXPLANATIONS[:2]), 1)) + \
        "Key Takeaways\n- Coal limited range until 1865.\n- Suez favoured steam after 1869.\n"
    ts = read_set_from_text(text)
    assert [t.text for t in ts.takeaways] == ["Coal limited range until 1865.", "Suez favoured steam after 1869."]


def test_numbered_steps_inside_the_summary_stay_in_their_section():
    steps = "".join(f"{n}. {c}\n{e}\n\n" for n, (c, e) in enumerate(zip(CLAIMS, EXPLANATIONS), 1))
    text = (f"{TITLE}\n\nKey Takeaways\n- Coal limited range until 1865.\n- Suez favoured steam after 1869.\n\n"
            f"Detailed Summary\n\nHow Brandt Built Her Case\nShe went through the evidence in order.\n\n{steps}")
    ts = read_set_from_text(text)
    assert [t.text for t in ts.takeaways] == ["Coal limited range until 1865.", "Suez favoured steam after 1869."]
    assert all(t.label is None for t in ts.takeaways)
    assert "Steam did not win on speed alone" not in " ".join(t.full_text for t in ts.takeaways)
    summary = " ".join([s.heading for s in ts.sections] + [p for s in ts.sections for p in s.paragraphs])
    assert all(e in summary for e in EXPLANATIONS)


def test_numbered_markdown_headings_keep_their_reading():
    md = f"# {TITLE}\n\n{INTRO}\n\n" + "".join(
        f"### {n}. {c}\n\n{e}\n\n" for n, (c, e) in enumerate(zip(CLAIMS, EXPLANATIONS), 1))
    ts = read_set_from_text(md, "post.md")
    assert [t.text for t in ts.takeaways] == EXPLANATIONS
    assert [t.label for t in ts.takeaways] == [c.rstrip(".") for c in CLAIMS]


def test_claims_after_the_takeaway_bullets_are_the_summary_as_numbered_headings_are():
    for claims in (CLAIMS, [c.rstrip(".") for c in CLAIMS]):
        text = (f"{TITLE}\n\nKey Takeaways\n- Coal limited range until 1865.\n- Suez favoured steam after 1869.\n\n"
                + "".join(f"{n}. {c}\n{e}\n\n" for n, (c, e) in enumerate(zip(claims, EXPLANATIONS), 1))
                + "My take\nA good lecture.\n")
        ts = read_set_from_text(text)
        assert [t.text for t in ts.takeaways] == ["Coal limited range until 1865.", "Suez favoured steam after 1869."]
        assert [(s.heading, s.paragraphs) for s in ts.sections] == [
            (c.rstrip("."), [e]) for c, e in zip(CLAIMS, EXPLANATIONS)]
        assert ts.thoughts == ["A good lecture."]


def test_claims_under_a_takeaway_heading_are_its_labelled_takeaways():
    text = f"{TITLE}\n\n{INTRO}\n\nKey Takeaways\n\n" + "".join(
        f"{n}. {c}\n{e}\n\n" for n, (c, e) in enumerate(zip(CLAIMS, EXPLANATIONS), 1)) + "My take\nA good lecture.\n"
    ts = read_set_from_text(text)
    assert [(t.label, t.text) for t in ts.takeaways] == LABELLED
    assert ts.warnings == []


def test_claims_before_a_takeaway_list_stay_the_intro():
    claims = "".join(f"{n}. {c}\n{e}\n\n" for n, (c, e) in enumerate(zip(CLAIMS, EXPLANATIONS), 1))
    bullets = "- Coal limited range until 1865.\n- Suez favoured steam after 1869.\n- Sail lasted into the 1920s.\n"
    for heading in ("Key Takeaways\n", "Here are the lessons I took home:\n"):  # a heading, or a list chosen
        ts = read_set_from_text(f"{TITLE}\n\n{claims}{heading}{bullets}")
        assert [t.text for t in ts.takeaways] == [line[2:] for line in bullets.splitlines()], heading
        assert ts.intro == EXPLANATIONS, heading


STEPS = """1. Grind the beans coarsely.
Use about 100 grams of coffee for one litre of water, ground as coarse as for a French press.
2. Steep for 16 hours.
Leave the jar on the counter or in the fridge; after 12 hours it is weak, after 24 it turns bitter.
3. Filter twice.
Pour it through a sieve first and then through a paper filter so that no fine grounds stay in the cup.
"""


def test_numbered_steps_under_a_sub_heading_stay_in_its_section():
    md = ("# Brewing Cold Brew at Home\n\nCold brew is coffee steeped in cold water for a long time.\n\n"
          "## What you need\n\nA jar, coarse coffee and a filter are enough for a first batch at home.\n\n"
          "## How to make it\n\n" + STEPS.replace("\n", "\n\n") + "## Thoughts\n\nWorth the wait on a hot day.\n")
    ts = read_set_from_text(md, "post.md")
    assert ts.takeaways == []
    assert [s.heading for s in ts.sections] == ["What you need", "How to make it"]
    assert ts.sections[1].paragraphs[:2] == ["Grind the beans coarsely.", STEPS.splitlines()[1]]


def test_numbered_steps_under_a_plain_text_heading_line_are_not_takeaways():
    text = ("Brewing Cold Brew at Home\n\nCold brew is coffee steeped in cold water for a long time.\n\n"
            f"How to make it\n{STEPS}\nThoughts\nWorth the wait on a hot day.\n")
    with pytest.raises(InputError, match="no takeaways or summary sections found"):
        read_set_from_text(text)  # as before: the post has no key points to learn
