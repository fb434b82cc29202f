"""Markdown and HTML readers feed the same recogniser and give the same set as plain text."""

from __future__ import annotations

from studyapp.takeaways import detect_format, read_set, read_set_from_text

MARKDOWN = """---
title: Mira Okafor on Building Quiet Batteries
url: https://example.org/okafor-batteries
tags: [energy, materials]
date: 2026-03-14
---

# Mira Okafor on Building Quiet Batteries

Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat.

## TL;DW

Okafor argues that heat, not chemistry, decides battery life.

## Key Takeaways

* **Heat budget:** every ten degrees of heat halves a cell's life.
* Sodium cells from Okafor's lab lasted *11 years* in the Atacama test field.
  - Tested from 2014 to 2025.
  - No cell lost more than 20% capacity.
1. The lab licenses its design to [Norsk Volt](https://example.org/nv) for free.

## Detailed Summary

### Why Heat Matters
Okafor explains that heat is the silent tax on every battery.
It compounds over years.

### The Sand Bed Trick

Cells sit in coarse sand that stores heat by day & releases it at night.

## Thoughts

The sand idea is cheap enough to matter.
"""

HTML = """<!DOCTYPE html>
<html><head><title>Mira Okafor on Building Quiet Batteries – ExampleBlog</title>
<meta property="og:site_name" content="ExampleBlog">
<meta property="og:url" content="https://example.org/okafor-batteries">
<meta property="article:published_time" content="2026-03-14T08:00:00+00:00">
<meta property="article:tag" content="energy">
<style>body { color: red }</style>
<script>alert("tracking")</script>
</head><body>
<header class="site-header"><p class="site-title">ExampleBlog</p><p>Notes for curious engineers</p>
<nav><ul><li>Home</li><li>About</li></ul></nav></header>
<div class="wrap">
<article class="post">
<header class="entry-header"><h1 class="entry-title">Mira Okafor on Building Quiet Batteries</h1></header>
<div class="entry-content">
<p>Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat.</p>
<h2>TLDW</h2>
<p>Okafor argues that heat, not chemistry, decides battery life &amp; lifespan.</p>
<h2>Key Takeaways</h2>
<ul>
<li><strong>Heat budget:</strong> every ten degrees of heat halves a cell&rsquo;s life.</li>
<li>Sodium cells from Okafor&#8217;s lab lasted 11 years in the Atacama test field.
  <ul><li>Tested from 2014 to 2025.</li></ul></li>
<li>Text that looks like markup stays text: &lt;b&gt;bold&lt;/b&gt; and &lt;script&gt;.</li>
</ul>
<script>document.write("not content")</script>
<h2>Detailed Summary</h2>
<h3>Why Heat Matters</h3>
<p>Okafor explains that heat is the silent tax on every battery.<br>It compounds over years.</p>
<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li>Twitter</li></ul></div>
<h2>Thoughts</h2>
<p>The sand idea is cheap enough to matter.</p>
<p>Watch the full conversation here.</p>
</div>
<footer class="entry-footer"><a rel="tag" href="/t/materials">materials</a></footer>
</article>
<aside class="sidebar"><h3>Recent posts</h3><p>Something else entirely.</p></aside>
</div>
<footer class="site-footer"><p>© ExampleBlog</p></footer>
</body></html>
"""


def test_markdown_reader():
    ts = read_set_from_text(MARKDOWN, "post.md")
    assert ts.title == "Mira Okafor on Building Quiet Batteries"
    assert ts.source.url == "https://example.org/okafor-batteries"
    assert ts.source.tags == ["energy", "materials"]
    assert ts.source.published == "2026-03-14"
    assert ts.intro == ["Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat."]
    assert ts.tldw == ["Okafor argues that heat, not chemistry, decides battery life."]
    assert [(t.label, t.text) for t in ts.takeaways] == [
        ("Heat budget", "every ten degrees of heat halves a cell's life."),
        (None, "Sodium cells from Okafor's lab lasted 11 years in the Atacama test field."),
        (None, "The lab licenses its design to Norsk Volt for free."),
    ]
    assert ts.takeaways[1].items == ["Tested from 2014 to 2025.", "No cell lost more than 20% capacity."]
    assert [s.heading for s in ts.sections] == ["Why Heat Matters", "The Sand Bed Trick"]
    assert ts.sections[0].paragraphs == ["Okafor explains that heat is the silent tax on every battery. It compounds "
                                         "over years."]
    assert ts.sections[1].paragraphs == ["Cells sit in coarse sand that stores heat by day & releases it at night."]
    assert ts.thoughts == ["The sand idea is cheap enough to matter."]


def test_html_reader_takes_article_content_only():
    ts = read_set_from_text(HTML, "post.html")
    assert ts.title == "Mira Okafor on Building Quiet Batteries"
    assert ts.source.site == "ExampleBlog"
    assert ts.source.url == "https://example.org/okafor-batteries"
    assert ts.source.published == "2026-03-14"
    assert ts.source.tags == ["energy", "materials"]
    assert ts.intro == ["Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat."]
    assert ts.tldw == ["Okafor argues that heat, not chemistry, decides battery life & lifespan."]
    assert [t.full_text for t in ts.takeaways] == [
        "Heat budget: every ten degrees of heat halves a cell’s life.",
        "Sodium cells from Okafor’s lab lasted 11 years in the Atacama test field.",
        "Text that looks like markup stays text: <b>bold</b> and <script>.",
    ]
    assert ts.takeaways[1].items == ["Tested from 2014 to 2025."]
    assert [s.heading for s in ts.sections] == ["Why Heat Matters"]
    assert ts.sections[0].paragraphs == ["Okafor explains that heat is the silent tax on every battery. It compounds "
                                         "over years."]
    assert ts.thoughts == ["The sand idea is cheap enough to matter."]
    everything = repr(ts)
    for junk in ("tracking", "not content", "Home", "Recent posts", "Something else", "Share this", "color: red", "©"):
        assert junk not in everything


def test_three_formats_agree_on_the_core():
    text_version = """Mira Okafor on Building Quiet Batteries

Mira Okafor explains how her lab made sodium cells that survive a decade in desert heat.

TLDW

Okafor argues that heat, not chemistry, decides battery life.

Key Takeaways

• Heat budget: every ten degrees of heat halves a cell's life.
• Sodium cells from Okafor's lab lasted 11 years in the Atacama test field.

Detailed Summary

Why Heat Matters

Okafor explains that heat is the silent tax on every battery. It compounds over years.
"""
    md_version = MARKDOWN.split("---\n", 2)[2].replace("*11 years*", "11 years")
    t = read_set_from_text(text_version, "a.txt")
    m = read_set_from_text(md_version, "a.md")
    assert t.title == m.title and t.intro == m.intro and t.tldw == m.tldw
    def core(ts):
        return [(x.label, x.text, x.id) for x in ts.takeaways[:2]]
    assert core(t) == core(m)  # same text and label give the same ids too
    assert t.sections[0] == m.sections[0]


def test_format_detection_by_extension_and_content():
    assert detect_format("anything", "x.yml") == "yaml"
    assert detect_format("anything", "x.markdown") == "markdown"
    assert detect_format("anything", "x.HTM") == "html"
    assert detect_format("version: 1\ntitle: x\n", "paste") == "yaml"
    assert detect_format("<!doctype html><html><body><p>x</p>", "") == "html"
    assert detect_format("# Title\n\n- item\n", "") == "markdown"
    assert detect_format("Title\n\nTLDW\n\nSome text.\n", "") == "text"


def test_html_by_content_sniffing(write):
    path = write("saved-page", HTML)
    assert read_set(path).title == "Mira Okafor on Building Quiet Batteries"


def test_superscripts_and_subscripts_keep_their_meaning():
    """"10<sup>21</sup>" came out as "1021" and a card asked for it (blind grading, set I)."""
    from studyapp.takeaways.html_reader import read_html
    doc = read_html('<html><body><article><h1>Waves</h1><p>A wave changes distances by one part in 10<sup>21</sup>, '
                    'CO<sub>2</sub> rose since the 19<sup>th</sup> century.<sup><a href="#fn1">1</a></sup> '
                    'See note<sup>[2]</sup> and 2<sup>-3</sup>.</p></article></body></html>')
    text = [b.text for b in doc.blocks][1]
    assert "10²¹" in text and "CO₂" in text and "19th century." in text
    assert "century.1" not in text and "[2]" not in text and "2⁻³" in text
    nested = read_html('<article><h1>T</h1><p>Claim<sup class="footnote"><a href="#1"><sup>1</sup></a></sup> '
                       'here.</p></article>')
    assert [b.text for b in nested.blocks][1] == "Claim here."
