"""Issue 14: encodings refused or repaired, the language on the set, routine notes apart from warnings,
`inspect` explaining what it took for what, and `cards` / `inspect` / `convert` reading a post's address."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE

from studyapp.errors import InputError
from studyapp.takeaways import dump_yaml_set, load_yaml_set, read_set, read_set_from_text

POST = """Mira Okafor on Building Quiet Batteries

Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat.

🔑 Key Takeaways

✅ Sodium cells from Okafor's lab lasted 11 years in the Atacama test field.
✅ Passive cooling with sand beds cut peak cell temperature by 14 degrees.
✅ The lab licenses its cell design to Norsk Volt under a royalty-free agreement.
"""


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "studyapp", *args], capture_output=True, cwd=ROOT, timeout=60,
                          env={**os.environ, **(env or {})})


def test_broken_utf8_is_refused_in_one_line(write):
    # UTF-8 with one stray byte: once read as cp1252 and imported as "First ÿ point".
    data = POST.replace("Atacama", "Atacama caf\u00e9").encode("utf-8").replace(b"11 years", b"11 \xff years")
    path = write("broken.txt", data)
    with pytest.raises(InputError) as info:
        read_set(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    assert "mostly UTF-8 but has invalid bytes (bad byte 0xff on line 7)" in message
    result = run("inspect", str(path))
    assert result.returncode == 2 and result.stderr.decode().count("\n") == 1 and result.stdout == b""


def test_a_lone_odd_letter_is_not_taken_for_a_legacy_encoding(write):
    path = write("ascii.txt", b"A Title Here\n\nKey Takeaways\n\n- First \xff point of the post.\n- Second point.\n")
    with pytest.raises(InputError, match="cannot be decoded with confidence"):
        read_set(path)


def test_emoji_read_as_cp1252_are_repaired(write):
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in POST.encode("utf-8"))
    assert "ðŸ”‘ Key Takeaways" in garbled
    ts = read_set(write("mojibake.txt", garbled.encode("utf-8")))
    assert [t.full_text for t in ts.takeaways][0] == "Sodium cells from Okafor's lab lasted 11 years in the " \
                                                     "Atacama test field."
    assert len(ts.takeaways) == 3 and ts.warnings == []
    assert read_set_from_text(garbled).takeaways == ts.takeaways  # pasted text is repaired too


def test_language_is_detected_and_kept_in_yaml(write):
    ts = read_set(SAMPLE)
    assert ts.language == "en"
    text = dump_yaml_set(ts)
    assert "\nlanguage: en\n" in text
    again = load_yaml_set(text, "x.yaml")
    assert again == ts and again.language == "en"
    spanish = read_set_from_text("Notas sobre el hidrógeno verde\n\nIdeas clave\n\n- La planta de Puertollano produce "
                                 "unas 3.000 toneladas de hidrógeno al año.\n- Producir un kilo de hidrógeno verde "
                                 "cuesta hoy entre 5 y 7 euros.\n")
    assert spanish.language == "es" and len(spanish.takeaways) == 2


def test_yaml_language_must_be_a_code(write):
    text = dump_yaml_set(read_set(SAMPLE)).replace("language: en", "language: English please")
    with pytest.raises(InputError, match="expected a two-letter language code"):
        load_yaml_set(text, "bad.yaml")


def test_warnings_most_important_first_and_routine_notes_apart(write):
    text = ("Notes From the Café Lab\n\nWhat we saw on the visit.\n\n- Sodium cells lasted 11 years in Tromsø.\n"
            "- Sand beds cut heat by 14 degrees.\n- The lab licenses the design to Norsk Volt and the first")
    ts = read_set(write("cut.txt", text.encode("cp1252")))
    assert ts.warnings[0].startswith("the post looks truncated: it ends mid-sentence; the unfinished last takeaway")
    assert ts.warnings[1].startswith("no takeaway heading found")
    assert ts.warnings[-1] == "read as cp1252"
    assert [t.full_text for t in ts.takeaways] == ["Sodium cells lasted 11 years in Tromsø.",
                                                    "Sand beds cut heat by 14 degrees."]
    assert "no Thoughts found" in ts.notes and not any(w.startswith("no Thoughts") for w in ts.warnings)


def test_inspect_explains_a_post_it_cannot_fully_read(write):
    path = write("guess.txt", "A Post About Cells\n\nSome notes from the lab visit, in no particular order.\n\n"
                              "- Sodium cells lasted 11 years in the Atacama field.\n- Sand beds cut heat by 14 "
                              "degrees.\n- Norsk Volt licenses the design for free.\n")
    out = run("inspect", str(path)).stdout.decode()
    assert "Warning:    no takeaway heading found; the list after paragraph 'Some notes from the lab" in out
    assert "How it was read:" in out and "took paragraph 'A Post About Cells' as the title" in out
    assert "chose the list at item 'Sodium cells lasted 11 years" in out
    quiet = run("inspect", str(SAMPLE)).stdout.decode()
    assert "How it was read:" not in quiet and "Language:   en" in quiet
    data = json.loads(run("inspect", "--json", str(path)).stdout)
    assert data["language"] == "en" and data["trace"] and "no Thoughts found" in data["notes"]


def test_inspect_explain_on_a_refused_post(write):
    path = write("prose.txt", "Just a Title\n\nA paragraph of ordinary prose.\n")
    plain = run("inspect", str(path))
    assert plain.returncode == 2 and plain.stderr.decode().count("\n") == 1
    assert "run 'studyapp inspect --explain'" in plain.stderr.decode()
    explained = run("inspect", "--explain", str(path))
    assert explained.returncode == 2 and explained.stderr.decode().count("\n") == 1
    assert "How it was read:\n  took paragraph 'Just a Title' as the title\n  found no list that looks like " \
           "takeaways" in explained.stdout.decode()


HTML = """<!DOCTYPE html><html><head><title>Mira Okafor on Quiet Batteries</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Mira Okafor on Quiet Batteries</h1>
<p>Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat.</p>
<h2>Key Takeaways</h2><ul>
<li>Sodium cells from the Okafor lab lasted eleven years in the Atacama test field.</li>
<li>The lab licenses its cell design to Norsk Volt under a royalty-free agreement.</li></ul></article></body></html>"""


def test_cards_inspect_and_convert_read_an_address(httpserver, tmp_path):
    pytest.importorskip("pytest_httpserver")
    httpserver.expect_request("/post").respond_with_data(HTML, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/post")
    env = {"STUDYAPP_COLLECTION": str(tmp_path / "never-opened.sqlite")}
    inspected = json.loads(run("inspect", "--json", url, env=env).stdout)
    assert inspected["title"] == "Mira Okafor on Quiet Batteries" and len(inspected["takeaways"]) == 2
    assert inspected["source"]["url"] == url
    converted = run("convert", url, env=env)
    assert converted.returncode == 0
    assert load_yaml_set(converted.stdout.decode(), "x.yaml").source.url == url
    cards = run("cards", "--json", url, env=env)
    assert cards.returncode == 0 and len(json.loads(cards.stdout)) >= 2
    refused = run("inspect", "ftp://example.org/post", env=env)
    assert refused.returncode == 2 and "only http and https" in refused.stderr.decode()
    assert not (tmp_path / "never-opened.sqlite").exists()


@pytest.mark.parametrize("line,author,published", [
    ("Posted on October 21, 2025 by Omar Haddad", "Omar Haddad", "2025-10-21"),
    ("Camille Roux · 4 févr. 2026", "Camille Roux", "2026-02-04"),
    ("Por Lucía Fernández | 12 de marzo de 2026", "Lucía Fernández", "2026-03-12"),
    ("Di Marco Bellini · 22 gennaio 2026 · 8 minuti di lettura", "Marco Bellini", "2026-01-22"),
    ("17.01.2026", None, "2026-01-17"),
    ("Marine science · 6 min read", None, None),
])
def test_details_lines_in_several_languages(line, author, published):
    ts = read_set_from_text(f"A Post About Octopus Skin\n\n{line}\n\nThe intro sentence of the post is here.\n\n"
                            "Key Takeaways\n\n- Octopus skin holds up to 230 chromatophores per square millimetre.\n"
                            "- A pattern changes in about 200 milliseconds.\n")
    assert (ts.source.author, ts.source.published) == (author, published)
    assert ts.intro == ["The intro sentence of the post is here."]  # the details line is not intro


def test_list_intro_and_repeated_title_stay_out_of_the_intro():
    ts = read_set_from_text("Lessons From My Garden\n\nLessons From My Garden\n\nA season of notes, cut short.\n\n"
                            "My big takeaways this week are:\n\n- Marigolds cut whiteflies from 46 to 11 per card.\n"
                            "- Short pump runs used 38 percent less water.\n")
    assert ts.intro == ["A season of notes, cut short."]
    assert [t.full_text[:9] for t in ts.takeaways] == ["Marigolds", "Short pum"]
    assert ts.warnings == []  # the intro line names the takeaways: nothing was guessed


def test_numbered_headings_with_a_short_list_inside_are_the_takeaways(tmp_path):
    """"### 1." to "### 5." over paragraphs, one of them over two bullets: five points, not the two bullets (a
    layout of "Top N insights" pages; our own sentences)."""
    from studyapp.takeaways import read_set
    parts = ["# Five Ideas From a Course on Bargaining", "",
             "Notes from a weekend course, kept for later.", ""]
    bodies = {1: "Keep the person and the problem apart: a tenant is not the broken boiler.",
              2: "Ask why someone wants a thing, not only what they ask for.",
              4: "The first figure on the table pulls the final deal toward it, as a 2001 study found.",
              5: "Give ground in smaller steps each time, for example 500, then 200, then 50 euros."}
    for n, title in enumerate(["People apart from problems", "Interests over positions", "Labels and mirrors",
                               "Anchors are real", "Shrinking concessions"], start=1):
        parts += [f"### {n}. {title}", ""]
        if n == 3:
            parts += ["- A label names the feeling you hear in the other side.",
                      "- A mirror repeats their last three words as a question.", "",
                      "Both buy time and bring out information.", ""]
        else:
            parts += [bodies[n], ""]
    post = tmp_path / "five-ideas.md"
    post.write_text("\n".join(parts), encoding="utf-8")
    ts = read_set(post)
    assert len(ts.takeaways) == 5
    assert ts.takeaways[2].items and "label" in ts.takeaways[2].items[0].lower()


def test_a_section_label_or_the_show_and_episode_is_not_the_title():
    """Blind set Z (own lines, the layouts kept): a category under the site's menu, a "Summary of: Show, episode N
    (58 min)" line under the title and a "Show · Resumen del episodio N" line above it were taken for the title."""
    body = ("\n\nKey Takeaways\n\n- The first claim of the post holds a number, 42.\n"
            "- The second claim names a place, Lyon.\n- The third claim names a person, Ada Brook.\n")
    category = read_set_from_text("Skip to content\nQuickNotes     Home     Podcast Notes     Newsletter     About\n\n"
                                  "Business History\n\nThe Loom That Changed Lyon: Jacquard and His Punched Cards\n"
                                  "Podcast notes · Loom Hour, episode 12\nBy Ines Mora  |  6 min read" + body)
    assert category.title.startswith("The Loom That Changed Lyon")
    source = read_set_from_text("Podnotes.club\nSearch   Categories   Top Episodes   Log in\n\nScience & Nature\n\n"
                                "The Oddest Rodent: What Mole-Rats Teach Us About Age\n"
                                "Summary of: Field Lab Podcast, episode 88 (41 min)\nPosted by Ines Mora on 3 May 2025"
                                + body)
    assert source.title.startswith("The Oddest Rodent")
    show = read_set_from_text("Inicio   Episodios   Resúmenes   Boletín   Contacto\n\n"
                              "Ingenios de Papel · Resumen del episodio 40\n\n"
                              "Juan de la Cierva y el autogiro: un avión que no caía\n"
                              "Publicado el 9 de enero de 2025 · por Marta Gil · Lectura: 8 min" + body)
    assert show.title.startswith("Juan de la Cierva")
    episode = read_set_from_text("Episode 77: Whale Falls and the Reefs Built on Bones\n\nThe Deep Hour" + body)
    assert episode.title.startswith("Episode 77: Whale Falls")


def test_video_chapter_times_in_headings_are_no_numbering():
    """Blind set AA (own lines, the layout kept): "<h3>12:40 Two geometers and a gamble</h3>" became the section
    "40 Two geometers …" (the "12:" read as a list number) and the post lost nine of its ten takeaways; "(03:40) Why
    Scotland wanted a company" became "03:40) Why …"."""
    from studyapp.takeaways.read import read_set_from_text
    items = "".join(f"<li>Claim {n} of the talk names the year {1500 + n} and the city of Lyon.</li>" for n in range(10))
    html = ("<html><body><h1>Hagia Irene: Twelve Centuries Under One Roof</h1><h2>TL;DR</h2><p>A short summary of "
            "the whole talk, in one sentence.</p><h2>Key Takeaways</h2><ul>" + items + "</ul>"
            "<h2>Detailed Summary</h2><h3>00:00 Riot and rebuilding</h3><p>The first part retold the riot of 532.</p>"
            "<h3>12:40 Two masons and a wager</h3><p>The second part was about the two master masons.</p>"
            "<h3>(1:02:10) Museum and church again</h3><p>The last part covered the building's modern uses.</p>"
            "</body></html>")
    ts = read_set_from_text(html, "talk.html", "html")
    assert len(ts.takeaways) == 10
    assert [s.heading for s in ts.sections] == ["Riot and rebuilding", "Two masons and a wager",
                                                "Museum and church again"]
