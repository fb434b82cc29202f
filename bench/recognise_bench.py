"""Recognition speed: a 200-takeaway post (browser-copy text, Markdown and HTML; also as a Markdown interview, as
HTML paragraphs led by bold labels and as numbered claims over paragraphs in text) through reader + recogniser.

The target (issue 14) is under 50 ms for the recognition of a 200-takeaway post. Timed separately: the reader, the
recogniser, and language detection (whose model loads once per process, about a second, in the importer's
background job; the figure here is after that load). Prints JSON with medians in ms.

    python bench/recognise_bench.py [--takeaways 200] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studyapp.takeaways.clean import bare, part_of  # noqa: E402
from studyapp.takeaways.html_reader import read_html  # noqa: E402
from studyapp.takeaways.interview import _question as interview_question  # noqa: E402
from studyapp.takeaways.language import detect_language, set_text  # noqa: E402
from studyapp.takeaways.markdown_reader import read_markdown  # noqa: E402
from studyapp.takeaways.recognise import recognise  # noqa: E402
from studyapp.takeaways.text_reader import read_text  # noqa: E402

PLACES = ["Atacama", "Svalbard", "Lagos", "Osaka", "Quito", "Tromsø", "Perth", "Nairobi"]


def post(n: int) -> dict[str, str]:
    """One post in three formats: chrome, TLDW, n takeaways (some labelled, some with sub-items), 20 sections."""
    takeaways = [f"{'Field note ' + str(i) + ': ' if i % 3 == 0 else ''}Engineer Ada Lindqvist measured "
                 f"{i * 7 % 900} kelvin at the {PLACES[i % 8]} station in {1990 + i % 35}, {i % 11} degrees above "
                 f"the forecast." for i in range(n)]
    sections = [(f"Station {PLACES[i % 8]} Part {i}", f"The {PLACES[i % 8]} team logged {i * 13} readings in "
                 f"{2000 + i} and compared them with satellite data. The gap closed after the recalibration.")
                for i in range(20)]
    text = ["PJFP.com", "Pursuit of Joy, Fulfillment, and Purpose", "Tag: field science",
            "  • Ada Lindqvist on Two Hundred Field Stations", "  Ada Lindqvist explains her network of stations.",
            "  TLDW", "  Lindqvist argues that cheap probes beat rare expensive ones.", "  Key Takeaways"]
    text += [f"  • {t}" for t in takeaways] + ["  Detailed Summary"]
    for heading, body in sections:
        text += [f"  {heading}", f"  {body}"]
    text += ["  Thoughts", "  The probes are the real story.", "  Watch the full conversation here."]
    md = ["# Ada Lindqvist on Two Hundred Field Stations", "Ada Lindqvist explains her network of stations.",
          "## TL;DR", "Lindqvist argues that cheap probes beat rare expensive ones.", "## 🔑 Key Takeaways"]
    md += [f"- {t}" for t in takeaways] + ["## Detailed Summary"]
    for heading, body in sections:
        md += [f"### {heading}", body]
    html = ("<html><head><title>Ada Lindqvist</title></head><body><nav><a>Home</a></nav><article>"
            "<h1>Ada Lindqvist on Two Hundred Field Stations</h1><p>Ada Lindqvist explains her network.</p>"
            "<h2>TL;DR</h2><p>Lindqvist argues that cheap probes beat rare expensive ones.</p><h2>Key Takeaways</h2>"
            "<ul>" + "".join(f"<li>{t}</li>" for t in takeaways) + "</ul><h2>Detailed Summary</h2>"
            + "".join(f"<h3>{h}</h3><p>{b}</p>" for h, b in sections) + "</article><footer>©</footer></body></html>")
    # The same facts as an interview ("**Q: …?**" over "A: …") and as paragraphs led by a bold label
    # (interview.py, labelled.py): each of the n is one takeaway.
    interview = ["# Ada Lindqvist on Two Hundred Field Stations", "Ada Lindqvist explains her network of stations."]
    for i, t in enumerate(takeaways):
        interview += [f"**Q: What did the {PLACES[i % 8]} station show in round {i}?**", f"A: {t}"]
    labels = ("<html><body><article><h1>Ada Lindqvist on Two Hundred Field Stations</h1>"
              "<p>Ada Lindqvist explains her network.</p><h2>Key insights</h2>"
              + "".join(f"<p><strong>Station {PLACES[i % 8]} {i}:</strong> {t.split(': ')[-1]}</p>"
                        for i, t in enumerate(takeaways)) + "</article></body></html>")
    # And as numbered one-line claims, each over its explanation paragraph (numbered.py).
    claims = ["Ada Lindqvist on Two Hundred Field Stations", "Ada Lindqvist explains her network of stations."]
    for i, t in enumerate(takeaways):
        claims += [f"{i + 1}. The {PLACES[i % 8]} station ran hot in round {i}.\n{t.split(': ')[-1]}"]
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(md), "html": html,
            "markdown-interview": "\n\n".join(interview), "html-label-paragraphs": labels,
            "text-numbered-claims": "\n\n".join(claims)}


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        bare.cache_clear()  # each run starts cold: a user imports a post once
        part_of.cache_clear()
        interview_question.cache_clear()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--takeaways", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    posts = post(args.takeaways)
    readers = {"text": read_text, "markdown": read_markdown, "html": read_html, "markdown-interview": read_markdown,
               "html-label-paragraphs": read_html, "text-numbered-claims": read_text}
    start = time.perf_counter()
    detect_language("warm up the language model once, as the importer's first job does")
    load_ms = round((time.perf_counter() - start) * 1000, 1)
    results: dict[str, dict[str, float]] = {}
    for fmt, source in posts.items():
        reader = readers[fmt]
        doc = reader(source)
        ts = recognise(reader(source), "bench")
        assert len(ts.takeaways) == args.takeaways, (fmt, len(ts.takeaways))
        results[fmt] = {
            "read_ms": median_ms(lambda: reader(source), args.repeat),
            "recognise_ms": median_ms(lambda: recognise(doc, "bench"), args.repeat),  # the doc is not changed
            "language_ms": median_ms(lambda: detect_language(set_text(ts)), args.repeat),
            "blocks": len(doc.blocks),
        }
    worst = max(r["recognise_ms"] + r["language_ms"] for r in results.values())
    print(json.dumps({"takeaways": args.takeaways, "repeat": args.repeat, "language_model_load_ms": load_ms,
                      "formats": results, "worst_recognition_with_language_ms": round(worst, 2),
                      "target_ms": 50, "met": worst < 50}, indent=2))


if __name__ == "__main__":
    main()
