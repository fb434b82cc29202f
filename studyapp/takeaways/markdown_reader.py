"""Markdown via markdown-it-py (CommonMark), plus optional YAML front matter for title, url, tags, date."""

from __future__ import annotations

import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .blocks import Block, Document

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)

_md = MarkdownIt("commonmark")


def read_markdown(text: str) -> Document:
    doc = Document(blocks=[])
    match = FRONT_MATTER_RE.match(text)
    if match:
        _apply_front_matter(doc, match.group(1))
        text = text[match.end():]
    tokens = _md.parse(text)
    list_stack: list[Token] = []  # the open bullet_list / ordered_list tokens
    item_open = False  # inside a list item whose first paragraph has been taken
    pending_marker = ""
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_stack.append(tok)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif tok.type == "list_item_open":
            item_open = False
            pending_marker = f"{tok.info}{tok.markup}" if tok.info else tok.markup
        elif tok.type == "heading_open":
            doc.blocks.append(Block("heading", _inline_text(tokens[i + 1]), level=int(tok.tag[1])))
        elif (tok.type == "inline" and tokens[i - 1].type == "paragraph_open") or \
                (tok.type in ("fence", "code_block", "html_block") and list_stack):
            # Inside a list, raw HTML or code that opens an item (a bullet starting with "</div>") is that item's
            # text, kept literally, not a stray paragraph that would end up among the thoughts.
            content = _inline_text(tok, keep_lines=not list_stack) if tok.type == "inline" \
                else " ".join(tok.content.split())
            if not content:
                continue
            if list_stack and not item_open:
                doc.blocks.append(Block("item", content, depth=len(list_stack) - 1, marker=pending_marker))
                item_open = True
            elif list_stack:  # a later paragraph of the same item continues it
                doc.blocks[-1].text = f"{doc.blocks[-1].text} {content}"
            elif m := CALLOUT_RE.match(content):  # "> [!summary] Kurzfassung": a heading and its text
                doc.blocks.append(Block("paragraph", m["title"].strip() or m["kind"]))
                if m["body"].strip():
                    doc.blocks.append(Block("paragraph", " ".join(m["body"].split())))
            elif all(LINE_LED_RE.match(line) for line in content.split("\n")) and "\n" in content:
                # "(00:00) Intro\n(04:12) Why ..." or "✅ one\n✅ two": one line each, as the text reader does
                doc.blocks.extend(Block("paragraph", line.strip()) for line in content.split("\n"))
            else:
                doc.blocks.append(Block("paragraph", " ".join(content.split()), lead=_bold_lead(tok)))
        elif tok.type in ("fence", "code_block") and tok.content.strip():
            doc.blocks.append(Block("paragraph", " ".join(tok.content.split())))
        elif tok.type == "html_block" and tok.content.strip():
            doc.blocks.append(Block("paragraph", " ".join(tok.content.split())))
    if doc.title and not any(b.kind == "heading" and b.level == 1 for b in doc.blocks):
        doc.blocks.insert(0, Block("heading", " ".join(doc.title.split()), level=1))  # the front matter's title
    return doc


WIKI_LINK_RE = re.compile(r"\[\[([^\]|]+)\]\]")
WIKI_ALIAS_RE = re.compile(r"\[\[[^\]|]+\|([^\]]+)\]\]")
CALLOUT_RE = re.compile(r"^\[!(?P<kind>[\w-]+)\][+-]?[ \t]*(?P<title>[^\n]*)\n?(?P<body>.*)$", re.S)
LINE_LED_RE = re.compile(r"^\s*(?:[(\[]?(?:\d{1,2}:)?\d{1,2}:\d{2}[)\]]?|[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF•▪→])\s|"
                         r"^\s*[A-Z][\w ]{0,20}: \S")  # "(04:12) Why ...", "✅ one", "Tags: Books" (exported properties)


def _inline_text(tok: Token, keep_lines: bool = False) -> str:
    """Plain text of an inline token: emphasis markers dropped, links reduced to their text, HTML kept literally.
    With `keep_lines`, line breaks inside the paragraph stay as newlines (the caller decides what they mean)."""
    parts: list[str] = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n" if keep_lines else " ")
        elif child.type == "image":
            parts.append(child.content)
    text = WIKI_ALIAS_RE.sub(r"\1", WIKI_LINK_RE.sub(r"\1", "".join(parts)))  # Obsidian [[target|shown]]
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    return " ".join(text.split())


def _bold_lead(tok: Token) -> str:
    """The text of the bold run a paragraph opens with ("**Label:** text" -> "Label:"), or "". The recogniser reads
    a run of such paragraphs as labelled points, and a bold question line as an interview's question."""
    children = [c for c in tok.children or [] if not (c.type == "text" and not c.content.strip())]
    if not children or children[0].type != "strong_open":
        return ""
    parts: list[str] = []
    depth = 0
    for child in children:
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
            if depth == 0:
                break
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _apply_front_matter(doc: Document, raw: str) -> None:
    try:
        meta = yaml.safe_load(raw)
    except yaml.YAMLError:
        doc.warnings.append("front matter is not valid YAML; ignored")
        return
    if not isinstance(meta, dict):
        return
    def text(key: str) -> str | None:
        value = meta.get(key)
        return str(value).strip() if value not in (None, "") else None
    doc.title = text("title")
    doc.url = text("url") or text("link")
    doc.site = text("site")
    doc.author = text("author")
    doc.published = text("date") or text("published")
    tags = meta.get("tags") or meta.get("categories") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    doc.tags = [str(t).strip() for t in tags if str(t).strip()]
