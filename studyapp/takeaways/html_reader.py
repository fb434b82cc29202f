"""A saved web page: the article content only, via BeautifulSoup.

Pages wrap the post in navigation, sidebars, share buttons, comment forms and scripts. We pick the article element
(or the best candidate), drop everything that is not prose, and read headings, paragraphs and list items in order.
Text comes out with entities decoded and nothing interpreted: a `<script>` is removed, never run, and text that
merely looks like markup stays text.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from ..errors import InputError
from .blocks import Block, Document

DROP_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg", "button", "select",
             "input", "textarea", "canvas", "video", "audio", "object", "embed", "footer")
JUNK_CLASS_RE = re.compile(r"(^|[-_ ])(share|sharing|social|related|comment|comments|sidebar|widget|newsletter|"
                           r"subscribe|subscription|breadcrumb|advert|ads|cookie|consent|popup|menu|navigation|"
                           r"jp-relatedposts|post-footer|site-footer|footer|reactions)([-_ ]|$)",
                           re.I)
CONTENT_CLASS_RE = re.compile(r"(entry-content|post-content|article-content|article-body|post-body|entry|content)", re.I)
BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "dt", "dd", "figcaption"}


def read_html(text: str) -> Document:
    soup = BeautifulSoup(text, "html.parser")
    doc = Document(blocks=[])
    _read_meta(soup, doc)
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")  # kept as a line break: "Key takeaways:<br>one<br>two" is a label and its lines
    for script in reversed(soup.find_all(("sup", "sub"))):  # innermost first: a footnote's <sup> may hold another
        if script.parent is not None:
            _raise_or_lower(script)
    root = _content_root(soup)
    # The site header (logo, tagline, menu) is outside the article; a header inside it holds the post title.
    if root.name == "body":
        for header in root.find_all("header"):
            if not header.find("h1"):
                header.decompose()
    _drop_junk(root)
    _walk(root, doc.blocks, list_depth=-1)
    if not any(b.kind == "heading" and b.level == 1 for b in doc.blocks):
        h1 = soup.find("h1")
        title = h1.get_text(" ", strip=True) if h1 else doc.title
        if title:
            doc.blocks.insert(0, Block("heading", " ".join(title.split()), level=1))
    return doc


SUPERSCRIPT = str.maketrans("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")
SUBSCRIPT = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
FOOTNOTE_RE = re.compile(r"\[?(?:\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|[*†‡§a-z])\]?")


def _raise_or_lower(script: Tag) -> None:
    """"10<sup>21</sup>" is 10²¹ and "CO<sub>2</sub>" CO₂, not "1021" and "CO2" run together (a card once asked for
    "1021"); a footnote mark ("<sup><a href="#fn1">1</a></sup>") goes; other text ("19<sup>th</sup>") stays as is."""
    text = script.get_text("", strip=True)
    table = SUPERSCRIPT if script.name == "sup" else SUBSCRIPT
    if script.name == "sup" and (script.find("a") or script.get("class") and "footnote" in " ".join(
            script.get("class")) or text.startswith("[")) and FOOTNOTE_RE.fullmatch(text):
        script.decompose()
    elif text and all(ord(ch) in table for ch in text):
        script.replace_with(text.translate(table))
    else:
        script.replace_with(text)


def _drop_junk(root: Tag) -> None:
    """Remove share bars, related posts, comments and the like: one pass, never descending into what goes."""
    stack = [root]
    while stack:
        node = stack.pop()
        for child in list(node.children):
            if not isinstance(child, Tag):
                continue
            marks = " ".join(child.get("class") or []) + " " + str(child.get("id") or "")
            if JUNK_CLASS_RE.search(marks):
                child.decompose()
            else:
                stack.append(child)


def _content_root(soup: BeautifulSoup) -> Tag:
    articles = soup.find_all("article")
    whole = len((soup.body or soup).get_text())
    if articles:
        biggest = max(articles, key=lambda a: len(a.get_text()))
        if len(biggest.get_text()) >= 0.3 * whole:  # not the teaser cards of "related posts", each an <article>
            return biggest
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if isinstance(main, Tag):
        return main
    candidates = [t for t in soup.find_all(["div", "section"]) if CONTENT_CLASS_RE.search(" ".join(t.get("class") or []))]
    if candidates:
        return max(candidates, key=lambda t: len(t.get_text()))
    return soup.body or soup


MAX_DEPTH = 300


def _start(ol: Tag) -> int:
    """The number an ordered list starts at: `<ol start="4">` continues a list that paragraphs interrupted."""
    value = str(ol.get("start") or "1").strip()
    return int(value) if value.isdigit() and len(value) <= 3 else 1


def _walk(node: Tag, out: list[Block], list_depth: int, marker: str = "", depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise InputError(f"is nested more than {MAX_DEPTH} elements deep; that is not a readable page")
    ordinal = _start(node) - 1 if marker == "1." and node.name == "ol" else 0
    for child in node.children:
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in ("ul", "ol"):
            _walk(child, out, list_depth + 1, marker="1." if name == "ol" else "-", depth=depth + 1)
        elif name == "li":
            ordinal += 1
            own = _own_text(child)
            if own:
                out.append(Block("item", own, depth=max(list_depth, 0),
                                 marker=f"{ordinal}." if marker == "1." else "-"))
            for sub in child.find_all(["ul", "ol"], recursive=False):
                _walk(sub, out, list_depth + 1, marker="1." if sub.name == "ol" else "-", depth=depth + 1)
        elif name == "table":
            _table(child, out, list_depth)
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _clean(child.get_text(""))
            if text:
                out.append(Block("heading", text, level=int(name[1])))
        elif name in BLOCK_TAGS:
            if child.find(["p", "ul", "ol"]) and name in ("blockquote", "dd"):
                _walk(child, out, list_depth, depth=depth + 1)
                continue
            if name == "p" and "\n" in child.get_text(""):
                out.extend(_broken_paragraph(child.get_text("")))
                continue
            text = _clean(child.get_text(""))
            if text:
                out.append(Block("paragraph", text, lead=_bold_lead(child)))
        else:
            if _has_block_children(child):
                _walk(child, out, list_depth, marker, depth=depth + 1)
            else:
                text = _clean(child.get_text(""))
                if text and name in ("div", "section", "span", "strong", "b", "em"):
                    out.append(Block("paragraph", text, lead=text if name in ("strong", "b") else _bold_lead(child)))


def _table(table: Tag, out: list[Block], list_depth: int) -> None:
    """A table of takeaways (some summary sites use one): each body row is an item, "first cell: second cell"."""
    for row in table.find_all("tr"):
        cells = [_clean(c.get_text(" ")) for c in row.find_all("td")]
        cells = [c for c in cells if c]
        if not cells:
            continue  # a header row of <th>
        text = f"{cells[0]}: {' '.join(cells[1:])}" if len(cells) > 1 and len(cells[0].split()) <= 6 \
            else " ".join(cells)
        out.append(Block("item", text, depth=max(list_depth, 0), marker="-"))


def _broken_paragraph(raw: str) -> list[Block]:
    """A paragraph with <br> line breaks: a short label ending in ':' over two or more lines is a heading and its
    list (WordPress's classic editor writes lists this way); any other paragraph is joined back into one."""
    lines = [_clean(line) for line in raw.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) >= 3 and lines[0].endswith(":") and len(lines[0].split()) <= 6:
        return [Block("paragraph", lines[0])] + [Block("item", line, marker="-") for line in lines[1:]]
    text = " ".join(lines)
    return [Block("paragraph", text)] if text else []


CONTAINER_TAGS = sorted(BLOCK_TAGS | {"ul", "ol", "div", "section", "header", "article", "main", "table"})


def _has_block_children(tag: Tag) -> bool:
    return tag.find(CONTAINER_TAGS) is not None  # stops at the first one


def _own_text(li: Tag) -> str:
    """The item's text without its nested lists (those become sub-items)."""
    parts = [c.get_text("") if isinstance(c, Tag) else str(c) for c in li.children
             if not (isinstance(c, Tag) and c.name in ("ul", "ol"))]
    return _clean("".join(parts))


def _bold_lead(tag: Tag) -> str:
    """The text of the <strong>/<b> a paragraph opens with ("<p><strong>Label:</strong> text</p>" -> "Label:"), or
    "". The recogniser reads a run of such paragraphs as labelled points, and a bold question as a question."""
    for child in tag.children:
        if isinstance(child, Tag):
            if child.name in ("strong", "b"):
                return _clean(child.get_text(""))
            return _bold_lead(child) if child.name == "span" else ""  # a wrapper span around the bold run
        if str(child).strip():
            return ""
    return ""


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _read_meta(soup: BeautifulSoup, doc: Document) -> None:
    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if isinstance(tag, Tag) and tag.get("content"):
                return " ".join(str(tag["content"]).split())
        return None
    doc.site = meta("og:site_name")
    doc.url = meta("og:url")
    canonical = soup.find("link", rel="canonical")
    if not doc.url and isinstance(canonical, Tag) and canonical.get("href"):
        doc.url = str(canonical["href"])
    doc.author = meta("author", "article:author")
    published = meta("article:published_time", "date", "pubdate")
    if published:
        doc.published = published[:10] if re.match(r"\d{4}-\d{2}-\d{2}", published) else published
    tags = [str(t["content"]).strip() for t in soup.find_all("meta", attrs={"property": "article:tag"})
            if t.get("content")]
    tags += [a.get_text(" ", strip=True) for a in soup.find_all("a", rel="tag")]
    doc.tags = list(dict.fromkeys(t for t in tags if t))
    title = meta("og:title")
    if not title and soup.title and soup.title.string:
        title = re.split(r"\s+[|–—-]\s+", soup.title.string.strip())[0]
    doc.title = title
