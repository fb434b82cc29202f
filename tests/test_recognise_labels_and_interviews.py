"""Two layouts of real posts: key points as paragraphs led by a bold label, and interviews as questions and answers.

Each post here is written for these tests (structural twins of the corpus posts `de-erkenntnisse-labels.txt`,
`en-bold-lead-paragraphs.md`, `es-lo-esencial-negritas.html`, `en-qa-interview-headings.html`,
`fr-entretien-q-r.txt`, `es-entrevista-negritas.md`), read through the real readers and recogniser.
"""

from __future__ import annotations

from studyapp.takeaways import read_set_from_text
from studyapp.takeaways.html_reader import read_html
from studyapp.takeaways.markdown_reader import read_markdown

# --- the readers keep a paragraph's bold lead-in ------------------------------------------------------------------


def test_markdown_and_html_readers_keep_the_bold_lead_in():
    md = read_markdown("**Heat costs output.** Panels lose power.\n\n**A bold line of its own**\n\nPlain *text*.\n")
    assert [(b.text, b.lead) for b in md.blocks] == [
        ("Heat costs output. Panels lose power.", "Heat costs output."),
        ("A bold line of its own", "A bold line of its own"),
        ("Plain text.", ""),
    ]
    html = read_html("<article><p><strong>Cuánto necesitan:</strong> entre 8 y 10 horas.</p>"
                     "<p>Sin negrita <b>aquí</b>.</p></article>")
    assert [(b.text, b.lead) for b in html.blocks if b.kind == "paragraph"] == [
        ("Cuánto necesitan: entre 8 y 10 horas.", "Cuánto necesitan:"),
        ("Sin negrita aquí.", ""),
    ]


# --- label paragraphs ---------------------------------------------------------------------------------------------

GERMAN_MD = """# Stadtbäume im Sommer: Notizen zum Vortrag

Die Biologin Anna Roth sprach über Bäume in heißen Städten. Hier meine Notizen.

## Die wichtigsten Erkenntnisse

**Kühlung durch Verdunstung:** Ein großer Baum verdunstet an heißen Tagen mehrere hundert Liter Wasser. Dabei entzieht er der Luft Wärme. Roth nannte ihn eine natürliche Klimaanlage.

**Kurze Lebensdauer:** Ein Straßenbaum wird in deutschen Städten im Schnitt nur etwa 60 Jahre alt.

Im Wald würde dieselbe Art oft mehrere hundert Jahre alt.

**Wurzelraum:** Roth empfahl mindestens 12 Kubikmeter durchwurzelbaren Raum pro Baum, besser 20 bis 30.

## Mein Fazit

Ich achte jetzt auf die Baumscheiben in meiner Straße.
"""


def test_bold_label_paragraphs_under_a_heading_are_one_takeaway_each():
    ts = read_set_from_text(GERMAN_MD, fmt="markdown")
    assert [t.label for t in ts.takeaways] == ["Kühlung durch Verdunstung", "Kurze Lebensdauer", "Wurzelraum"]
    assert ts.takeaways[0].text.startswith("Ein großer Baum verdunstet")
    assert ts.takeaways[0].text.endswith("eine natürliche Klimaanlage.")  # three sentences, one point
    # an unlabelled paragraph between two labelled ones goes on with the point above it
    assert ts.takeaways[1].text.endswith("Im Wald würde dieselbe Art oft mehrere hundert Jahre alt.")
    assert ts.thoughts == ["Ich achte jetzt auf die Baumscheiben in meiner Straße."]


def test_bold_label_with_a_full_stop_and_no_heading_is_chosen_as_the_takeaways():
    text = """# What My Solar Panels Taught Me

I logged every day of output for six months. Here is what mattered.

**Heat costs output.** Panels lose about 0.4 percent of their power for every degree above 25 °C.

**Orientation beats tilt.** A west-facing roof would have cost us about 15 percent of the yearly yield.

**Shade is not proportional.** One chimney shadow cut the whole string's output by almost a third.

## Final thoughts

Look at where the shadows fall before buying panels.
"""
    ts = read_set_from_text(text, fmt="markdown")
    assert [(t.label, t.text[:20]) for t in ts.takeaways] == [
        ("Heat costs output", "Panels lose about 0."), ("Orientation beats tilt", "A west-facing roof w"),
        ("Shade is not proportional", "One chimney shadow c")]
    assert any("no takeaway heading" in w for w in ts.warnings)


def test_html_strong_labels_under_an_unknown_heading():
    html = """<html><body><article><h1>El sueño de los adolescentes</h1>
<p>Resumen de la charla de la pediatra Elena Sanz sobre cómo duermen los chicos de instituto.</p>
<h2>Lo esencial</h2>
<p><strong>Un reloj que se retrasa:</strong> en la pubertad la melatonina llega hasta dos horas más tarde. Por eso cuesta dormirse antes de las once. Es biología, no pereza.</p>
<p><strong>Cuánto necesitan:</strong> entre 8 y 10 horas diarias entre los 13 y los 18 años.</p>
<p><strong>Clases a primera hora:</strong> en Seattle, entrar a las 8:45 dio 34 minutos más de sueño.</p>
</article></body></html>"""
    ts = read_set_from_text(html, fmt="html")
    assert [t.label for t in ts.takeaways] == ["Un reloj que se retrasa", "Cuánto necesitan", "Clases a primera hora"]
    assert ts.sections == []


def test_plain_text_labels_lost_their_bold_but_still_count():
    text = """Wie Zugvögel navigieren

Notizen zum Vortrag von Karin Ostermann im Naturkundemuseum.

Die wichtigsten Erkenntnisse

Magnetkompass: Rotkehlchen nehmen die Neigung der Feldlinien wahr. Sie unterscheiden polwärts und äquatorwärts. Das zeigten Versuche aus dem Jahr 1972.

Sternenkarte: Junge Indigofinken lernen in ihren ersten Nächten, welcher Punkt des Himmels sich nicht dreht.

Rekordstrecke: Eine Pfuhlschnepfe flog 2022 in elf Tagen rund 13.500 Kilometer ohne Pause.
"""
    ts = read_set_from_text(text, fmt="text")
    assert [t.label for t in ts.takeaways] == ["Magnetkompass", "Sternenkarte", "Rekordstrecke"]


def test_labelled_lines_that_are_not_key_points_stay_as_they_were():
    text = """# From Cowpox to mRNA

**Podcast:** *Past Tense Medicine* — Episode 19

**Guest:** Dr. Naledi Mokoena, historian of medicine

**Host:** Gareth Pryce

## Key Takeaways

- Edward Jenner tested cowpox as a smallpox vaccine in 1796.
- Smallpox was declared eradicated in 1980.

## Detailed Summary

### The First Vaccines

**Jenner's test:** He scratched cowpox matter into the arm of an eight-year-old boy, James Phipps, in May 1796.

**The word:** Vaccine comes from the Latin vacca, cow, a name Louis Pasteur later gave to all such preparations.

**The spread:** Within a few years the method was used across Europe and in the Americas as well.

## A Transcript Excerpt

Host: So why did it take until 1980 to finish the job everywhere in the world?

Guest: Because you need to reach every single village, and that takes decades of work.

Host: And what finally made the difference at the end of the campaign?

Guest: Ring vaccination, where you vaccinate everyone around each new case you find.
"""
    ts = read_set_from_text(text, fmt="markdown")
    assert ts.intro == ["Podcast: Past Tense Medicine — Episode 19", "Guest: Dr. Naledi Mokoena, historian of medicine",
                        "Host: Gareth Pryce"]  # values, not explanations
    assert [t.text[:20] for t in ts.takeaways] == ["Edward Jenner tested", "Smallpox was declare"]
    first = ts.sections[0]  # bold-led paragraphs inside a Detailed Summary stay the section's text
    assert first.heading == "The First Vaccines" and len(first.paragraphs) == 3
    assert first.paragraphs[0].startswith("Jenner's test: He scratched")
    # the speakers' turns repeat their labels: a dialogue, not a list of points
    assert ts.sections[1].heading == "A Transcript Excerpt" and len(ts.sections[1].paragraphs) == 4


# --- interviews ---------------------------------------------------------------------------------------------------

def test_q_and_a_lines_are_one_takeaway_per_question():
    text = """Interview highlights: an applied linguist on learning languages as an adult

Reading time: 7 min | March 3, 2025

Tomasz Wrona teaches second language acquisition in Kraków. These are the highlights.

Q: Is it true that adults can't learn languages as well as children?

A: Partly. Children who start early usually end up with a native-like accent.

But adults learn faster in the early stages.

Q: How many words do you need?

A: About 98 percent of the running words of a text, which means around 8,000 word families for a novel.

Q: Are apps any good?

A: They build a daily habit but do not make you talk.

Comments are closed.
"""
    ts = read_set_from_text(text, fmt="text")
    assert [(t.label, t.text) for t in ts.takeaways] == [
        ("Is it true that adults can't learn languages as well as children?",
         "Partly. Children who start early usually end up with a native-like accent. But adults learn faster in the "
         "early stages."),
        ("How many words do you need?", "About 98 percent of the running words of a text, which means around 8,000 "
                                        "word families for a novel."),
        ("Are apps any good?", "They build a daily habit but do not make you talk."),
    ]
    assert ts.sections == [] and not ts.truncated
    assert ts.intro == ["Tomasz Wrona teaches second language acquisition in Kraków. These are the highlights."]


def test_french_q_r_markers_and_markdown_lines_in_one_paragraph():
    text = """# Entretien avec Claire Vasseur

Claire Vasseur dirige un laboratoire d'écologie des sols à Dijon.

**Q :** Que se passe-t-il dans les premiers jours d'un compost ?
**R :** Des bactéries font monter la température jusqu'à 70 °C.

**Q :** Faut-il retourner le tas ?
**R :** Oui, toutes les trois ou quatre semaines suffit.
"""
    ts = read_set_from_text(text, fmt="markdown")
    assert [(t.label, t.text) for t in ts.takeaways] == [
        ("Que se passe-t-il dans les premiers jours d'un compost ?",
         "Des bactéries font monter la température jusqu'à 70 °C."),
        ("Faut-il retourner le tas ?", "Oui, toutes les trois ou quatre semaines suffit."),
    ]


INTERVIEW_HTML = """<html><body><article><h1>Q&amp;A With Glaciologist Matthias Huss</h1>
<p><em>Matthias Huss leads the Swiss glacier monitoring network. The conversation has been shortened.</em></p>
{takeaways}
<h2>How do you measure what a glacier loses?</h2>
<p>With stakes and snow pits. The difference between winter snow and summer melt is the mass balance.</p>
<h2>What happened in 2022?</h2>
<p>Swiss glaciers lost about 6 percent of their remaining ice in one summer.</p>
<ul><li>A winter with little snow</li><li>Two heat waves</li></ul>
<h2>Can fleece blankets save them?</h2>
<p>Only small pieces: fleece on the Rhone Glacier halves the melt under it.</p>
<p class="note">This interview is part of our series on mountain climates.</p>
</article></body></html>"""


def test_question_headings_are_takeaways_and_the_closing_note_is_not_an_answer():
    ts = read_set_from_text(INTERVIEW_HTML.format(takeaways=""), fmt="html")
    assert [t.label for t in ts.takeaways] == ["How do you measure what a glacier loses?", "What happened in 2022?",
                                               "Can fleece blankets save them?"]
    assert ts.takeaways[1].items == ["A winter with little snow", "Two heat waves"]  # the answer's list
    assert ts.takeaways[2].text == "Only small pieces: fleece on the Rhone Glacier halves the melt under it."
    assert ts.thoughts == ["This interview is part of our series on mountain climates."]
    assert ts.sections == []
    assert any("questions and their answers as takeaways" in line for line in ts.trace)


def test_with_its_own_key_takeaways_the_interview_is_the_summary():
    box = ("<h2>Key takeaways</h2><ul><li>Swiss glaciers lost 6 percent of their ice in 2022.</li>"
           "<li>Fleece only saves small patches of ice.</li></ul><h2>The interview</h2>")
    ts = read_set_from_text(INTERVIEW_HTML.format(takeaways=box), fmt="html")
    assert [t.text[:20] for t in ts.takeaways] == ["Swiss glaciers lost ", "Fleece only saves sm"]
    assert [s.heading for s in ts.sections] == ["How do you measure what a glacier loses?", "What happened in 2022?",
                                                "Can fleece blankets save them?"]
    assert ts.sections[0].paragraphs[0].startswith("With stakes and snow pits.")


def test_bold_question_lines_and_plain_question_lines():
    md = """# Entrevista con Lucía Ferrer

Lucía Ferrer excava una villa romana cerca de Tarragona.

**¿Cómo sabemos que aquí se hacía vino?**

Por el lagar, la prensa de viga y una bodega con huecos para más de cien dolia.

**¿Se parecía aquel vino al de hoy?**

Poco: se endulzaba con mosto cocido y se bebía con agua.

**¿Quién trabajaba en la villa?**

Sobre todo personas esclavizadas, al menos veinte durante la vendimia.
"""
    ts = read_set_from_text(md, fmt="markdown")
    assert [t.label for t in ts.takeaways] == ["¿Cómo sabemos que aquí se hacía vino?",
                                               "¿Se parecía aquel vino al de hoy?", "¿Quién trabajaba en la villa?"]
    text = """Note-taking basics

Good notes capture the key points of a lecture in a clear and organised way.

What is the goal of note-taking?
To keep the essential ideas in a form you can review later.

Which techniques are common?
Outlines, the Cornell method and mind maps.

How should you review notes?
Soon after the lecture, by testing yourself rather than rereading.
"""
    ts = read_set_from_text(text, fmt="text")
    assert [t.label for t in ts.takeaways] == ["What is the goal of note-taking?", "Which techniques are common?",
                                               "How should you review notes?"]


def test_question_headings_in_a_detailed_summary_stay_sections_and_two_are_not_an_interview():
    text = """# Sodium Batteries in the Desert

## Key Takeaways

- Sodium cells lasted 11 years in the Atacama test field.
- Sand beds cut peak cell temperature by 14 degrees.

## Detailed Summary

### Why does heat matter?

Every ten degrees of heat halves a cell's life.

### Can we use it today?

The design is licensed royalty-free to Norsk Volt.

### Who pays for the trials?

A Chilean mining fund pays for the test field.
"""
    ts = read_set_from_text(text, fmt="markdown")
    assert len(ts.takeaways) == 2
    assert [s.heading for s in ts.sections] == ["Why does heat matter?", "Can we use it today?",
                                                "Who pays for the trials?"]
    faq = """# Heat Pumps in Cold Climates

Modern heat pumps keep working well below minus 20 °C.

## Key facts

- About 60 percent of Norwegian households had a heat pump by 2020.
- A COP of 3 gives 3 kWh of heat for each kWh of electricity.

## Do I need a backup heater?

In most climates no, but very cold regions keep a small electric one.

## How long do heat pumps last?

Typically 15 to 20 years, like a gas boiler.
"""
    ts = read_set_from_text(faq, fmt="markdown")
    assert len(ts.takeaways) == 2 and [s.heading for s in ts.sections] == [
        "Do I need a backup heater?", "How long do heat pumps last?"]


def test_a_stressed_first_word_is_no_label():
    text = """# Notes on the Harbour Survey

**Most** of the old quay walls were built before 1900 and rest on wooden piles.

**Three** divers checked the piles in May and found rot in a quarter of them.

**Nobody** expected the newer concrete sections to be in worse shape than the old ones.

## Key Takeaways

- A quarter of the wooden piles under the quay have rot.
- The concrete sections from 1970 need repair first.
"""
    ts = read_set_from_text(text, fmt="markdown")
    assert [t.text[:20] for t in ts.takeaways] == ["A quarter of the woo", "The concrete section"]
    assert len(ts.intro) == 3 and ts.intro[0].startswith("Most of the old quay walls")
