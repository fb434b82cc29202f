"""A takeaway set as Markdown, in the layout the Markdown reader recognises (so it can be shared and re-imported)."""

from __future__ import annotations

from .model import TakeawaySet


def dump_markdown_set(ts: TakeawaySet) -> str:
    out: list[str] = []
    meta = {"title": ts.title, "url": ts.source.url, "site": ts.source.site, "author": ts.source.author,
            "date": ts.source.published}
    front = [f"{k}: {_quote(v)}" for k, v in meta.items() if v]
    if ts.source.tags:
        front.append("tags: [" + ", ".join(_quote(t) for t in ts.source.tags) + "]")
    out += ["---", *front, "---", "", f"# {ts.title}", ""]
    for p in ts.intro:
        out += [p, ""]
    if ts.tldw:
        out += ["## TLDW", ""]
        out += [f"- {b}" for b in ts.tldw] + [""] if ts.tldw_is_list else ["\n\n".join(ts.tldw), ""]
    if ts.takeaways:
        out += ["## Key Takeaways", ""]
        for t in ts.takeaways:
            out.append(f"- **{t.label}:** {t.text}" if t.label else f"- {t.text}")
            out += [f"  - {item}" for item in t.items]
        out.append("")
    if ts.sections:
        out += ["## Detailed Summary", ""]
        for s in ts.sections:
            out += [f"### {s.heading}", ""]
            for p in s.paragraphs:
                out += [p, ""]
    if ts.thoughts:
        out += ["## Thoughts", ""]
        for p in ts.thoughts:
            out += [p, ""]
    return "\n".join(out).rstrip() + "\n"


def _quote(value: str) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
