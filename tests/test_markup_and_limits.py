"""User text is never markup, and absurd input is refused in one line (issue 16, points 9 to 11)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from studyapp.collection import Collection
from studyapp.errors import InputError
from studyapp.takeaways import Takeaway, TakeawaySet
from studyapp.takeaways.read import read_set_from_text

HOSTILE_TITLE = ("<h1 style='color:red'>Red</h1><img src='file:///usr/share/pixmaps/debian-logo.png'>"
                 "<a href='http://example.org/'>a link</a> Field Notes")
SET = [Takeaway("Sodium cells from the Okafor lab lasted eleven years in the Atacama test field."),
       Takeaway("The lab licenses its cell design to Norsk Volt under a royalty-free agreement.")]


# --- 10: deep YAML ---------------------------------------------------------------------------------------------------

def test_deep_flow_style_yaml_is_refused_like_block_style(tmp_path):
    deep = "version: 1\ntitle: t\ntakeaways: " + "[" * 500 + "x" + "]" * 500 + "\n"
    with pytest.raises(InputError, match=r"deep\.yaml:3: nesting deeper than 20 levels"):
        read_set_from_text(deep, "deep.yaml", "yaml")
    path = tmp_path / "deep.yaml"
    path.write_text(deep)
    result = subprocess.run([sys.executable, "-m", "studyapp", "inspect", str(path)], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"studyapp: {path}:3: nesting deeper than 20 levels\n"


# --- 11: markup in titles and bullets --------------------------------------------------------------------------------

def test_every_label_showing_a_title_shows_it_as_text(qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLabel

    from studyapp.gui.main_window import MainWindow
    with Collection.open(tmp_path / "c.sqlite", bundled=False, autobackup=False) as col:
        col.import_set(TakeawaySet(title=HOSTILE_TITLE, takeaways=SET))
        window = MainWindow(col)
        qtbot.addWidget(window)
        window.show()
        window.refresh()
        window.deck_list.table.selectRow(0)
        window.study()
        assert window.review.title.full_text() == HOSTILE_TITLE  # shown elided to one line, as plain text
        window.show_stats()
        window.show_mastery()
        window.error("Import failed", f"{HOSTILE_TITLE}: something is wrong")
        shown = [w for w in QApplication.allWidgets() if isinstance(w, QLabel) and "<h1" in w.text()]
        assert shown  # the raw title is on screen somewhere...
        for label in shown:  # ...and each label showing it raw shows it as plain text
            assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), label.text())
        for top in QApplication.topLevelWidgets():  # the dialogs too, before their collection closes
            top.close()
        window.mastery_dialog.deleteLater()
        qtbot.wait(50)


def test_a_title_with_double_colons_stays_one_deck_in_anki(tmp_path):
    pytest.importorskip("anki")
    from anki.collection import Collection as AnkiCollection
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from studyapp.anki.exporter import export_apkg
    with Collection.open(tmp_path / "c.sqlite", bundled=False, autobackup=False) as col:
        col.import_set(TakeawaySet(title="C++::Templates::Notes", takeaways=SET))
        result = export_apkg(col, tmp_path / "out.apkg")
    anki = AnkiCollection(str(tmp_path / "anki.anki2"))
    try:
        anki.import_anki_package(ImportAnkiPackageRequest(package_path=str(result.path),
                                                          options=ImportAnkiPackageOptions()))
        names = {d.name for d in anki.decks.all_names_and_ids()}
    finally:
        anki.close()
    assert "StudyApp::C++:Templates:Notes" in names
    assert not any(n.startswith("StudyApp::C++::") or n == "StudyApp::C++" for n in names), names


def test_a_bullet_starting_with_html_stays_a_takeaway():
    md = ("# Field Notes\n\n## Key Takeaways\n\n- Osaka trains ran on time for 312 days in a row.\n"
          "- </div> Quito's cable cars carry 40,000 riders a day.\n- Perth cut water use by a fifth.\n\n"
          "## Thoughts\n\nWorth a visit.\n")
    ts = read_set_from_text(md, "notes.md", "markdown")
    assert [t.full_text for t in ts.takeaways] == [
        "Osaka trains ran on time for 312 days in a row.", "</div> Quito's cable cars carry 40,000 riders a day.",
        "Perth cut water use by a fifth."]
    assert ts.thoughts == ["Worth a visit."]


# --- 9: input size ---------------------------------------------------------------------------------------------------

def big_post(n: int) -> str:
    return "# Station Log\n\n## Key Takeaways\n\n" + "".join(
        f"- Probe Z{i} read {200 + i % 700} kelvin at Svalbard.\n"
        for i in range(n))


def test_a_post_over_the_takeaway_limit_is_refused_in_one_line(tmp_path):
    from studyapp.takeaways.read import MAX_TAKEAWAYS
    path = tmp_path / "huge.md"
    path.write_text(big_post(100_000))
    assert 4 * 2**20 < path.stat().st_size < 5 * 2**20  # about 4.5 MiB, as in the issue
    result = subprocess.run([sys.executable, "-m", "studyapp", "cards", str(path)], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 2
    assert result.stderr == (f"studyapp: {path}: has 100,000 takeaways and summary sections; StudyApp takes at most "
                             f"{MAX_TAKEAWAYS:,} from one post (split it into several)\n")
    ts = read_set_from_text(big_post(MAX_TAKEAWAYS), "limit.md", "markdown")  # the limit itself is fine
    assert len(ts.takeaways) == MAX_TAKEAWAYS

