"""The real sample post, read as copied from the browser, and the bundled deck made from it."""

from __future__ import annotations

from conftest import BUNDLED, SAMPLE

from studyapp.takeaways import dump_yaml_set, load_yaml_set, read_set

EXPECTED_SECTIONS = [
    "How MSL Is Actually Organized", "Why Wang Left Scale", "The Diagnosis: Llama Was Off-Trajectory",
    "Recruiting, Soup, and the Mercenary Narrative", "Receiving the Public Hits: Young, Inexperienced, Mercenary",
    "MuseSpark as Appetizer, Not Entree", "Token Efficiency Was the Surprise",
    "Glasses, WhatsApp, and the Constellation of Devices", "Country of Geniuses Versus Economy of Agents",
    "Consumer Sentiment, Product Overhang, and the Trust Tax", "Why MuseSpark Cannot Be Open Sourced Yet",
    "The Bosworth, Cox, and Manus Questions", "China, National Security, and the Newspaper Ad",
    "Robotics and Physical Super Intelligence", "Health Super Intelligence and CZI",
    "Model Welfare, Sci-Fi, and Brain Models", "Where Wang Diverges From Elon",
]


def test_sample_is_recognised_completely():
    ts = read_set(SAMPLE)
    assert ts.title == ("Alex Wang on Leaving Scale to Run Meta Superintelligence Labs, MuseSpark, Personal Super "
                        "Intelligence, and Building an Economy of Agents")
    assert ts.source.site == "PJFP.com"
    assert ts.source.tags == ["US national security AI"]
    assert len(ts.intro) == 1 and ts.intro[0].startswith("Alex Wang, head of Meta Superintelligence Labs, sits down")
    assert len(ts.tldw) == 1 and ts.tldw[0].startswith("Wang explains that Meta Superintelligence Labs")
    assert ts.tldw[0].endswith("while smaller open variants are being prepared.")
    assert len(ts.takeaways) == 39
    assert ts.takeaways[0].full_text.startswith("Meta Superintelligence Labs (MSL) is the umbrella")
    assert ts.takeaways[-1].full_text.startswith("Personal notes: Wang moved from San Francisco")
    # The post's own sub-headings under "Detailed Summary" (17 of them, each with its paragraph).
    assert [s.heading for s in ts.sections] == EXPECTED_SECTIONS
    assert all(len(s.paragraphs) == 1 for s in ts.sections)
    assert len(ts.thoughts) == 5
    assert ts.thoughts[0].startswith("The most strategically interesting move")
    assert all("Watch the full conversation" not in t for t in ts.thoughts)
    assert not ts.truncated
    assert ts.warnings == []


def test_sample_keeps_typography_exactly():
    ts = read_set(SAMPLE)
    texts = [t.full_text for t in ts.takeaways]
    assert "Wang says Llama was not on a frontier trajectory when he arrived, so MSL had to do a “full renovation” " \
           "of the pre-training stack, RL stack, data pipeline, and research science." in texts
    assert any("Meta’s Advanced AI Scaling Framework" in t for t in texts)


def test_sample_labels_are_split():
    ts = read_set(SAMPLE)
    principles = next(t for t in ts.takeaways if t.label == "Four MSL principles")
    assert principles.text.startswith("take superintelligence seriously, let technical voices be loudest")
    elon = next(t for t in ts.takeaways if t.label == "Wang’s main philosophical break with Elon Musk")
    assert elon.text.startswith("research itself is the primary activity.")


def test_bundled_deck_is_the_sample_reconverted():
    converted = read_set(SAMPLE)
    bundled = load_yaml_set(BUNDLED.read_text(encoding="utf-8"), str(BUNDLED))
    assert bundled == converted
    assert BUNDLED.read_text(encoding="utf-8") == dump_yaml_set(converted)
