"""The YAML takeaway format: round trip, stable bytes, and validation messages that point at the problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

from studyapp.errors import InputError
from studyapp.takeaways import dump_yaml_set, load_yaml_set, read_set, read_set_from_text

MINIMAL = """version: 1
title: A Tiny Set
takeaways:
  - The heart has four chambers.
  - label: Blood pressure
    text: 120 over 80 is the textbook normal reading.
    items: [systolic first, diastolic second]
"""


def test_minimal_hand_written_set():
    ts = load_yaml_set(MINIMAL, "tiny.yaml")
    assert ts.title == "A Tiny Set"
    assert [t.full_text for t in ts.takeaways] == ["The heart has four chambers.",
                                                    "Blood pressure: 120 over 80 is the textbook normal reading."]
    assert ts.takeaways[1].items == ["systolic first", "diastolic second"]
    assert ts.id == "a-tiny-set"


def test_round_trip_and_stable_bytes():
    ts = read_set(SAMPLE)
    once = dump_yaml_set(ts)
    back = load_yaml_set(once, "x.yaml")
    assert back == ts
    assert dump_yaml_set(back) == once


@pytest.mark.parametrize("awkward", ["emoji 😀 and 中文", "NEL\x85inside", "line\u2028separator", "tab\tand 'quotes'",
                                     "key: value # not a comment", "\ufeffbom first", "{{c1::not a cloze}}"])
def test_storage_form_loads_back_the_same_set(awkward):
    """The collection stores sets with the faster C emitter; whatever it escapes differently must load back equal,
    while files for people keep emoji readable."""
    ts = load_yaml_set(MINIMAL, "tiny.yaml")
    ts.takeaways[0].text = awkward
    ts.takeaways[1].items = [awkward, "plain"]
    ts = load_yaml_set(dump_yaml_set(ts), "read.yaml")  # as a set arrives at the collection: read, normalised
    stored = dump_yaml_set(ts, for_storage=True)
    assert load_yaml_set(stored, "stored.yaml") == ts
    assert dump_yaml_set(ts, for_storage=True) == stored
    if "😀" in awkward:
        assert "😀" in dump_yaml_set(ts)


def test_round_trip_of_bullet_tldw_and_sub_items():
    ts = load_yaml_set(MINIMAL.replace("version: 1\n", "version: 1\ntldw: [one, two]\nthoughts: |\n  First.\n\n"
                                       "  Second.\n"), "x.yaml")
    assert ts.tldw_is_list and ts.thoughts == ["First.", "Second."]
    assert load_yaml_set(dump_yaml_set(ts), "y.yaml") == ts


def test_editing_text_keeps_the_id():
    ts = read_set(SAMPLE)
    dumped = dump_yaml_set(ts)
    edited = dumped.replace("religious conviction", "religous conviction")
    assert edited != dumped
    after = load_yaml_set(edited, "x.yaml")
    assert [t.id for t in after.takeaways] == [t.id for t in ts.takeaways]
    assert after.takeaways[2].text != ts.takeaways[2].text


def error_of(text: str) -> str:
    with pytest.raises(InputError) as info:
        load_yaml_set(text, "set.yaml")
    message = str(info.value)
    assert "\n" not in message
    return message


def test_wrong_type_names_line_and_field():
    message = error_of("version: 1\ntitle: T\ntakeaways:\n  - text: fine\n  - text: [not, text]\n")
    assert message == "set.yaml:5: takeaways[1].text: expected text, got a list"


def test_missing_title():
    assert error_of("version: 1\ntakeaways: [a b c]\n") == "set.yaml:1: title: is missing or empty"


def test_empty_takeaways_and_no_sections():
    message = error_of("version: 1\ntitle: T\ntakeaways: []\n")
    assert message == "set.yaml:3: takeaways: a set needs at least one takeaway or one summary section"


def test_unknown_version():
    message = error_of("version: 7\ntitle: T\ntakeaways: [x]\n")
    assert message == "set.yaml:1: version: unknown version 7 (this StudyApp reads version 1)"


def test_missing_version():
    assert "missing 'version'" in error_of("title: T\ntakeaways: [x]\n")


def test_unknown_field_is_named():
    message = error_of("version: 1\ntitle: T\ntakeaways:\n  - txt: typo in key\n")
    assert message.startswith("set.yaml:4: takeaways[0].txt: unknown field")


def test_section_without_paragraphs():
    message = error_of("version: 1\ntitle: T\nsections:\n  - heading: H\n")
    assert message == "set.yaml:4: sections[0].paragraphs: a section needs at least one paragraph"


def test_malformed_yaml_names_the_line():
    message = error_of("version: 1\ntitle: T\ntakeaways:\n  - a\n - b\n")
    assert re.match(r"set\.yaml:5: invalid YAML: ", message)


def test_top_level_list():
    assert error_of("- a\n- b\n").startswith("set.yaml:1: expected a mapping")


def test_aliases_are_refused():
    bomb = "version: 1\ntitle: T\na: &a [x, x, x]\nb: &b [*a, *a, *a]\ntakeaways: [*b, *b]\n"
    assert "anchors and aliases" in error_of(bomb)


def test_python_tags_are_refused():
    assert "invalid YAML" in error_of("version: 1\ntitle: !!python/object/apply:os.system [echo hi]\n")


def test_documented_examples_load():
    doc = (ROOT / "docs" / "takeaway-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    assert len(blocks) >= 2
    for block in blocks:
        ts = read_set_from_text(block, "example.yaml")
        assert ts.title and (ts.takeaways or ts.sections)


def test_yaml_detected_without_extension(write):
    path = write("my-set", MINIMAL)
    assert read_set(Path(path)).title == "A Tiny Set"
