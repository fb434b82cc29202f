"""How real posts vary: heading spellings, markers, layouts, truncation. Fixtures are written for these tests."""

from __future__ import annotations

import pytest

from studyapp.takeaways import read_set_from_text


def post(tldw_heading="TLDW", takeaways_heading="Key Takeaways", summary_heading="Detailed Summary",
         marker="•", blank=True, thoughts=True) -> str:
    sep = "\n\n" if blank else "\n"
    parts = [
        "Mira Okafor on Building Quiet Batteries",
        "Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat.",
        tldw_heading,
        "Okafor argues that heat, not chemistry, decides battery life, and her lab cools cells with sand.",
        takeaways_heading,
        "\n".join(f"{marker} {t}" for t in [
            "Sodium cells from Okafor's lab lasted 11 years in the Atacama test field.",
            "Passive cooling with sand beds cut peak cell temperature by 14 degrees.",
            "The lab licenses its cell design to Norsk Volt under a royalty-free agreement.",
        ]),
        summary_heading,
        "Why Heat Matters More Than Chemistry",
        "Okafor explains that every ten degrees of heat halves a cell's life. She calls heat the silent tax.",
        "The Sand Bed Trick",
        "Cells sit in beds of coarse sand that store heat by day and release it at night.",
    ]
    if thoughts:
        parts += ["Thoughts", "The sand idea is cheap enough to matter in poor regions.", "Watch the full talk here."]
    return sep.join(parts) + "\n"


@pytest.mark.parametrize("heading", [
    "TLDW", "TL;DW", "TL;DW (Too Long; Didn't Watch)", "TL;DW (Too Long; Didn’t Watch)", "TLDR", "TLDW/TLDR",
    "TL;DR", "TL;DW:", "tl;dw",
])
def test_tldw_heading_spellings(heading):
    ts = read_set_from_text(post(tldw_heading=heading))
    assert ts.tldw == ["Okafor argues that heat, not chemistry, decides battery life, and her lab cools cells with sand."]
    assert len(ts.takeaways) == 3


def test_tldw_text_on_the_same_line():
    text = post().replace("TLDW\n\nOkafor argues", "TL;DW: Okafor argues")
    ts = read_set_from_text(text)
    assert ts.tldw[0].startswith("Okafor argues that heat")
    assert len(ts.takeaways) == 3


def test_tldw_as_bullets():
    text = post().replace("Okafor argues that heat, not chemistry, decides battery life, and her lab cools cells with "
                          "sand.", "- Heat decides battery life.\n- Sand beds cool the cells.")
    ts = read_set_from_text(text)
    assert ts.tldw_is_list and ts.tldw == ["Heat decides battery life.", "Sand beds cool the cells."]


@pytest.mark.parametrize("heading", [
    "Key Takeaways", "Key Takeaways for 2026", "Key ideas:", "Core Ideas:", "Key Lessons:", "Five Key Takeaways",
    "KEY TAKEAWAYS",
])
def test_takeaway_heading_spellings(heading):
    ts = read_set_from_text(post(takeaways_heading=heading))
    assert [t.full_text[:20] for t in ts.takeaways] == ["Sodium cells from Ok", "Passive cooling with",
                                                         "The lab licenses its"]


@pytest.mark.parametrize("marker", ["•", "–", "-", "*", "1.", "1)"])
def test_item_markers(marker):
    ts = read_set_from_text(post(marker=marker))
    assert len(ts.takeaways) == 3
    assert ts.takeaways[1].full_text == "Passive cooling with sand beds cut peak cell temperature by 14 degrees."


@pytest.mark.parametrize("heading,subtitle_section", [
    ("Detailed Summary", None), ("Detailed Summary: How the Sand Works", None), ("Summary", None),
])
def test_summary_heading_spellings(heading, subtitle_section):
    ts = read_set_from_text(post(summary_heading=heading))
    assert [s.heading for s in ts.sections] == ["Why Heat Matters More Than Chemistry", "The Sand Bed Trick"]
    assert ts.sections[0].paragraphs[0].startswith("Okafor explains that every ten degrees")


def test_no_blank_lines_between_blocks():
    ts = read_set_from_text(post(blank=False))
    assert len(ts.takeaways) == 3 and len(ts.sections) == 2 and len(ts.thoughts) == 1
    assert ts.title == "Mira Okafor on Building Quiet Batteries"


def test_link_line_is_not_a_thought():
    ts = read_set_from_text(post())
    assert ts.thoughts == ["The sand idea is cheap enough to matter in poor regions."]


def test_numbered_subheadings_with_paragraphs_are_takeaways():
    text = """Lessons From a Small Bakery

Key Lessons:

1. Bake Less, Sell Out
Selling out by noon made customers come early and cut waste to almost nothing.

2. Price the Morning
Croissants cost more before nine because that is when people want them most.

3) One Oven Rule
Every new product must fit the single oven's schedule or it is dropped.

Summary

Why It Worked
The bakery stayed small on purpose, so every rule could be tested within a week.
"""
    ts = read_set_from_text(text)
    assert [(t.label, t.text[:24]) for t in ts.takeaways] == [
        ("Bake Less, Sell Out", "Selling out by noon made"),
        ("Price the Morning", "Croissants cost more bef"),
        ("One Oven Rule", "Every new product must f"),
    ]
    assert [s.heading for s in ts.sections] == ["Why It Worked"]


def test_nested_items_become_sub_items():
    text = """Three Rules for Field Notes

Key Takeaways
- Write notes the same day, while details are fresh.
    - Dates first.
    - Names spelled out in full.
- Keep one notebook per project so nothing gets lost.
"""
    ts = read_set_from_text(text)
    assert len(ts.takeaways) == 2
    assert ts.takeaways[0].items == ["Dates first.", "Names spelled out in full."]


def test_site_header_and_bulleted_title():
    text = ("ExampleBlog.org\n\nNotes for Curious Engineers\n\nCategory: Energy, Materials\n\n"
            "  • Mira Okafor on Building Quiet Batteries\n\n" + post().split("\n\n", 1)[1])
    ts = read_set_from_text(text)
    assert ts.title == "Mira Okafor on Building Quiet Batteries"
    assert ts.source.site == "ExampleBlog.org"
    assert ts.source.tags == ["Energy", "Materials"]
    assert ts.intro == ["Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat."]


def test_a_site_name_and_section_split_by_a_bar_is_no_title():
    """Blind set O (own sentences): "Site | Section" above the post's own long title was taken for the title, so every
    card named the site instead of the post."""
    text = ("Notas de Documentários | Ciência\n\nO Grande Incêndio de Chiado de 1988 – resumo e principais ideias\n"
            "Publicado por Rui Matos · 4 de maio de 2024\n\n" + post().split("\n\n", 1)[1])
    assert read_set_from_text(text).title == "O Grande Incêndio de Chiado de 1988 – resumo e principais ideias"
    alone = "Huberman Lab | Cold Exposure\n\n" + post().split("\n\n", 1)[1]
    assert read_set_from_text(alone).title == "Huberman Lab | Cold Exposure"


def test_titles_and_details_from_set_p():
    """Blind sets P and Q (own sentences): a share line, a category line, a breadcrumb split by slashes and a menu
    copied without its separators (ending in "About Search") are not the title when a line below names itself a
    summary; a reading-time line under a subtitle and an author's name above it are details, not a section."""
    body = post().split("\n\n", 1)[1]
    for chrome in ("Compartilhe:  WhatsApp  Facebook  X  Copiar link", "Home   Lectures   Explainers   Data",
                   "Field Notes   Energy   Recipes   About   Search", "Home / Lectures / Energy"):
        text = f"{chrome}\n\nQuiet Batteries: Mira Okafor's Desert Lecture, Summary and Key Ideas\n\n{body}"
        assert read_set_from_text(text).title == "Quiet Batteries: Mira Okafor's Desert Lecture, Summary and Key Ideas"
    text = ("Energy | Materials | About\n\nGreat Lectures\n\n\"Quiet Batteries\" by Mira Okafor (2024): Summary, Key "
            "Takeaways and What It Means\n\n" + body)
    assert read_set_from_text(text).title.startswith('"Quiet Batteries" by Mira Okafor')
    html = ("<html><body><article><h1>Quiet Batteries, Summarised</h1><h2>Why sand beats chillers in the desert</h2>"
            "<h4>Tove Lind</h4><div>Oct 4, 2024 · 8 min read</div><p>Okafor's lab in Antofagasta tested 400 sodium "
            "cells over eleven years.</p><h2>Key Takeaways</h2><ul><li>Sodium cells lasted 11 years in the Atacama."
            "</li><li>Sand beds cut peak heat by 14 degrees.</li></ul></article></body></html>")
    ts = read_set_from_text(html, "p.html", "html")
    assert not any("min read" in s.heading or s.heading == "Tove Lind" for s in ts.sections)
    assert ts.source.author == "Tove Lind" and ts.source.published == "2024-10-04"


def test_menus_breadcrumbs_and_mastheads_from_earlier_sets():
    """Titles misread on sets A–R (own sentences): a menu copied line by line with a part's name among its entries
    ("Show Notes") cut the title off; breadcrumbs ending in a number or a lower-case word, a menu ending in "Merch",
    and a site name in capitals above the post's own heading won; an episode number's "Ep." ended the title."""
    body = post().split("\n\n", 1)[1]
    text = ("Quiet Current\nHome\nEpisodes\nShow Notes\nReading List\nAbout\n\nSHOW NOTES  /  ENERGY\n\n"
            "\"Sand Is Cheap\": How Mira Okafor Kept Batteries Cool in the Desert\n\n" + body)
    assert read_set_from_text(text).title == "\"Sand Is Cheap\": How Mira Okafor Kept Batteries Cool in the Desert"
    for chrome in ("Show Notes / Episode 12", "Home / Energy / Lecture notes", "Episodes Guests Support us Merch",
                   "Episodes Guests Newsletter Support us"):  # (the last: set X)
        text = f"{chrome}\n\nQuiet Batteries: What the Desert Taught Mira Okafor\n\n{body}"
        assert read_set_from_text(text).title == "Quiet Batteries: What the Desert Taught Mira Okafor", chrome
    text = ("Episodes Guests Merch\n\nEp. 12 - Quiet Batteries: How Mira Okafor Tested Four Hundred Cells in the "
            "Atacama Over Eleven Long Years\n\n" + body)
    assert read_set_from_text(text).title.startswith("Ep. 12 - Quiet Batteries")
    html = ("<html><body><h1>GRID DIGEST</h1><p>LECTURE NOTES · ENERGY</p><h1>Quiet Batteries: Mira Okafor on "
            "Desert Storage</h1><h2>Key Takeaways</h2><ul><li>Sodium cells lasted 11 years in the Atacama.</li>"
            "<li>Sand beds cut peak heat by 14 degrees.</li></ul></body></html>")
    assert read_set_from_text(html, "g.html", "html").title == "Quiet Batteries: Mira Okafor on Desert Storage"


def test_a_page_label_under_a_one_line_menu_is_no_part():
    """Set S (own sentences): "Show Notes" alone under "Home  Episodes  Show Notes  Newsletter …" was read as the
    summary's heading, so the menu became the title."""
    text = ("Kiln Radio\nHome    Episodes    Show Notes    Newsletter    Support the Show\n\nShow Notes\n"
            "Episode 12: The Night the Kilns Went Dark – Valley Potters, 1911\n\n" + post().split("\n\n", 1)[1])
    assert read_set_from_text(text).title == "Episode 12: The Night the Kilns Went Dark – Valley Potters, 1911"


def test_a_menu_list_above_the_title_is_not_the_posts_first_list():
    """Set U (own sentences): a site's menu as a list ("All episodes", "Banking", "Patreon") above the post's <h1> cut
    the title candidates off, so the site's strapline became the title."""
    html = ("<html><body><div><span>Kiln &amp; Ledger</span><span>A podcast about pots and money</span><ul>"
            "<li><a href='/e'>All episodes</a></li><li><a href='/b'>Banking</a></li><li><a href='/m'>Empire</a></li>"
            "<li><a href='/p'>Patreon</a></li></ul></div><h1>The Valley Kilns: How Potters Financed a Railway</h1>"
            "<h2>Key Takeaways</h2><ul><li>Forty kilns raised 12,000 pounds for the line in 1911.</li>"
            "<li>The railway opened in 1914 and closed in 1962.</li></ul></body></html>")
    assert read_set_from_text(html, "k.html", "html").title == "The Valley Kilns: How Potters Financed a Railway"


def test_truncated_post_keeps_what_is_there():
    text = post(thoughts=False).rsplit(" release it at night.", 1)[0]  # cut mid-sentence
    ts = read_set_from_text(text)
    assert ts.truncated
    assert "the post looks truncated: it ends mid-sentence" in ts.warnings
    assert len(ts.takeaways) == 3
    assert ts.sections[-1].paragraphs[-1].endswith("store heat by day and")


def test_truncated_inside_takeaways_drops_the_broken_item():
    text = post().split("Passive cooling")[0] + "Passive cooling with sand beds cut peak"
    ts = read_set_from_text(text)
    assert ts.truncated
    assert [t.full_text for t in ts.takeaways] == ["Sodium cells from Okafor's lab lasted 11 years in the Atacama "
                                                    "test field."]
    assert ts.warnings[0].startswith("the post looks truncated: it ends mid-sentence; the unfinished last takeaway "
                                     "('Passive cooling with sand beds cut peak…')")
    assert "no summary sections found" in ts.notes and "no summary sections found" not in ts.warnings


def test_accents_and_curly_quotes_preserved():
    text = post().replace("Mira Okafor explains", "José Núñez-Łukasiewicz explains “why” it’s").replace(
        "Norsk Volt", "Ærø Énergie")
    ts = read_set_from_text(text)
    assert ts.intro[0].startswith("José Núñez-Łukasiewicz explains “why” it’s")
    assert "Ærø Énergie" in ts.takeaways[2].full_text


def test_missing_tldw_and_thoughts_are_routine_notes():
    text = post(thoughts=False).replace("TLDW\n\nOkafor argues that heat, not chemistry, decides battery life, and "
                                        "her lab cools cells with sand.\n\n", "")
    ts = read_set_from_text(text)
    assert "no TLDW found" in ts.notes and "no Thoughts found" in ts.notes
    assert ts.warnings == []  # routine: not something the user has to act on
    assert ts.tldw == []


def test_paragraph_after_a_bulleted_list_is_not_a_takeaway():
    text = ("A Short Post\n\nKey Takeaways\n\n- Tromsø electrified its harbour ferries in three winters.\n"
            "- Shore power covers ninety percent of berth demand.\n\n"
            "That is more than most ports manage in a decade.\n")
    ts = read_set_from_text(text)
    assert [t.full_text for t in ts.takeaways] == ["Tromsø electrified its harbour ferries in three winters.",
                                                    "Shore power covers ninety percent of berth demand."]
    assert ts.thoughts == ["That is more than most ports manage in a decade."]


def test_a_share_bar_is_chrome_but_a_share_label_is_not():
    text = ("A Short Post\n\nKey Takeaways\n\n- Tromsø electrified its harbour ferries in three winters.\n"
            "- Shore power covers ninety percent of berth demand.\n\nMy take\n"
            "That is more than most ports manage in a decade.\n\nShare: Email | Facebook | X\n")
    ts = read_set_from_text(text)
    assert ts.thoughts == ["That is more than most ports manage in a decade."]
    assert not ts.truncated  # the share bar is not an unfinished last sentence
    ts = read_set_from_text(text.replace("Share: Email | Facebook | X", "Share: ferries carry 40 percent of trips."))
    assert ts.thoughts[-1] == "Share: ferries carry 40 percent of trips."


def test_a_lead_in_sentence_under_the_heading_is_not_a_takeaway():
    for lead in ("Here is what stood out to me.", "Here is what stood out to me:"):
        ts = read_set_from_text(f"A Talk About Bees\n\nKey Takeaways\n\n{lead}\n\n- Bees dance to show where flowers "
                                "are.\n- The angle of the dance is the angle to the sun.\n")
        assert [t.full_text[:10] for t in ts.takeaways] == ["Bees dance", "The angle "]


def test_a_title_that_looks_like_site_chrome_is_still_the_title():
    ts = read_set_from_text("Notes\n\nKey Takeaways\n- one short point here\n- another short point\n")
    assert ts.title == "Notes" and len(ts.takeaways) == 2


def test_front_matter_title_wins_over_a_first_sentence():
    ts = read_set_from_text("---\ntitle: Bees\n---\n\nSome intro.\n\n## Key Takeaways\n\n- Bees dance to show "
                            "where flowers are.\n", "bees.md")
    assert ts.title == "Bees" and ts.intro == ["Some intro."]


def test_a_site_name_in_capitals_and_a_french_byline_are_not_the_title():
    """Blind set AB (own sentences): a breadcrumb, the site's name in capitals, then the post's title, a "Publié le
    … par …" line and a reading time: the site's name was the title, above every card's prompt."""
    body = post().split("\n\n", 1)[1]
    text = ("Accueil  >  Documentaires  >  Nature\n\nLES CAHIERS DU SOIR\n\n« Les Ailes du Nord » (2003) : résumé et "
            "points essentiels\n\nPublié le 4 mars 2022 par Jeanne Roux\nTemps de lecture : 6 min\n\n" + body)
    ts = read_set_from_text(text)
    assert ts.title == "« Les Ailes du Nord » (2003) : résumé et points essentiels"
    assert ts.source.author == "Jeanne Roux" and ts.source.published == "2022-03-04"
    assert not any("Publié" in p or "Temps de lecture" in p for p in ts.intro)
    from conftest import ROOT
    from studyapp.takeaways import read_set
    blind = read_set(ROOT / "bench" / "posts" / "fresh-ab" / "20-peuple-migrateur-fr.txt")  # the post itself
    assert blind.title.startswith("« Le Peuple migrateur » (2001)") and blind.source.author == "Hélène Marchal"
    capitals = "THE PSYCHOLOGY OF MONEY\n\nMorgan Housel on why behaviour matters more than knowledge\n\n" + body
    assert read_set_from_text(capitals).title == "THE PSYCHOLOGY OF MONEY"  # a title in capitals over its subtitle
    details = "Veröffentlicht am 3. März 2022 von Jan Roth\n\nReading time: 20 minutes a day is enough for a book.\n\n"
    ts = read_set_from_text("Quiet Batteries, Summarised\n\n" + details + body)
    assert ts.source.published == "2022-03-03" and ts.source.author == "Jan Roth"
