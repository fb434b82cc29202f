"""The takeaway-set YAML format: strict loading with line numbers, stable writing.

We parse with PyYAML's SafeLoader in two steps (compose, then construct) so that every validation error can name the
line of the offending node, and so that anchors/aliases (the billion-laughs trick) and absurd nesting are refused
before anything is built. The writer emits keys in a fixed order with ids, so the same set always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..errors import InputError
from .model import FORMAT_VERSION, Section, Source, Takeaway, TakeawaySet, split_paragraphs
from .builder import split_label

MAX_NODES = 200_000
MAX_DEPTH = 20

TOP_KEYS = {"version", "id", "title", "language", "source", "intro", "tldw", "takeaways", "sections", "thoughts",
            "truncated"}
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
SOURCE_KEYS = {"site", "url", "author", "published", "tags"}
TAKEAWAY_KEYS = {"id", "label", "text", "items"}
SECTION_KEYS = {"id", "heading", "paragraphs"}


class _Checked:
    """Values of the document with the line of each node, addressed by field path."""

    def __init__(self, path: str, lines: dict[tuple, int]) -> None:
        self.path = path
        self.lines = lines

    def fail(self, where: tuple, problem: str) -> InputError:
        # The node itself, or the nearest enclosing one that exists (a missing field points at its parent).
        line = next((self.lines[where[:n]] for n in range(len(where), -1, -1) if where[:n] in self.lines), None)
        field = _field_path(where)
        return InputError(f"{field}: {problem}" if field else problem, path=self.path, line=line)


def _field_path(where: tuple) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))  # "?" makes a None key
    return out


def _check_depth(text: str, path: str) -> None:
    """Refuse deep nesting from the event stream, before the composer builds nodes: the composer recurses once per
    level and would hit Python's recursion limit on flow-style nesting (`[[[[...`) before _index_nodes could
    count it. The parser itself is a state machine and does not recurse."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH + 1:
                raise InputError(f"nesting deeper than {MAX_DEPTH} levels", path=path,
                                 line=event.start_mark.line + 1)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def load_yaml_set(text: str, path: str) -> TakeawaySet:
    loader = None
    try:
        _check_depth(text, path)
        loader = yaml.SafeLoader(text)  # the reader checks characters already here
        node = loader.get_single_node()
        if node is None:
            raise InputError("file is empty", path=path)
        lines: dict[tuple, int] = {}
        _index_nodes(node, (), lines, path, set(), 0)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", path=path, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {' '.join(str(exc).split())}", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()
    return set_from_data(data, _Checked(path, lines))


def _index_nodes(node: yaml.Node, where: tuple, lines: dict[tuple, int], path: str, seen: set[int], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InputError(f"nesting deeper than {MAX_DEPTH} levels", path=path, line=node.start_mark.line + 1)
    if id(node) in seen:
        raise InputError("anchors and aliases (&name / *name) are not supported", path=path,
                         line=node.start_mark.line + 1)
    seen.add(id(node))
    if len(seen) > MAX_NODES:
        raise InputError(f"document has more than {MAX_NODES} values", path=path)
    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark.line)
            lines[where + (key,)] = key_node.start_mark.line + 1
            _index_nodes(value_node, where + (key,), lines, path, seen, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _index_nodes(child, where + (i,), lines, path, seen, depth + 1)


def set_from_data(data: Any, c: _Checked) -> TakeawaySet:
    if not isinstance(data, dict):
        raise c.fail((), f"expected a mapping with 'version' and 'title' at the top, got {_kind(data)}")
    _no_unknown(data, TOP_KEYS, (), c)
    if "version" not in data:
        raise c.fail((), f"missing 'version' (this format is version {FORMAT_VERSION})")
    if data["version"] != FORMAT_VERSION:
        raise c.fail(("version",), f"unknown version {data['version']!r} (this StudyApp reads version {FORMAT_VERSION})")
    title = _text(data.get("title"), ("title",), c, required=True)
    source = _source(data.get("source"), c)
    takeaways = [_takeaway(t, ("takeaways", i), c) for i, t in enumerate(_list(data.get("takeaways"), ("takeaways",), c))]
    sections = [_section(s, ("sections", i), c) for i, s in enumerate(_list(data.get("sections"), ("sections",), c))]
    if not takeaways and not sections:
        raise c.fail(("takeaways",), "a set needs at least one takeaway or one summary section")
    tldw_raw = data.get("tldw")
    tldw_is_list = isinstance(tldw_raw, list)
    tldw = _paragraphs(tldw_raw, ("tldw",), c)
    truncated = data.get("truncated", False)
    if not isinstance(truncated, bool):
        raise c.fail(("truncated",), f"expected true or false, got {_kind(truncated)}")
    set_id = data.get("id")
    if set_id is not None and not isinstance(set_id, str):
        raise c.fail(("id",), f"expected text, got {_kind(set_id)}")
    language = data.get("language")
    if language is not None and not (isinstance(language, str) and LANGUAGE_RE.match(language)):
        raise c.fail(("language",), f"expected a two-letter language code such as en, got {language!r}")
    return TakeawaySet(title=title, source=source, intro=_paragraphs(data.get("intro"), ("intro",), c), tldw=tldw,
                       tldw_is_list=tldw_is_list, takeaways=takeaways, sections=sections,
                       thoughts=_paragraphs(data.get("thoughts"), ("thoughts",), c), truncated=truncated,
                       language=language, id=set_id or "")


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def _no_unknown(data: dict, allowed: set[str], where: tuple, c: _Checked) -> None:
    for key in data:
        if key not in allowed:
            raise c.fail(where + (key,), f"unknown field (expected one of: {', '.join(sorted(allowed))})")


def _text(value: Any, where: tuple, c: _Checked, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise c.fail(where, "is missing or empty")
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise c.fail(where, f"expected text, got {_kind(value)}")
    return " ".join(str(value).split())


def _list(value: Any, where: tuple, c: _Checked) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise c.fail(where, f"expected a list, got {_kind(value)}")
    return value


def _paragraphs(value: Any, where: tuple, c: _Checked) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return split_paragraphs(value)
    return [_text(p, where + (i,), c, required=True) for i, p in enumerate(_list(value, where, c))]


def _source(value: Any, c: _Checked) -> Source:
    if value is None:
        return Source()
    if not isinstance(value, dict):
        raise c.fail(("source",), f"expected a mapping (site, url, author, published, tags), got {_kind(value)}")
    _no_unknown(value, SOURCE_KEYS, ("source",), c)
    tags = value.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    tags = [_text(t, ("source", "tags", i), c, required=True) for i, t in enumerate(_list(tags, ("source", "tags"), c))]
    return Source(site=_text(value.get("site"), ("source", "site"), c) or None,
                  url=_text(value.get("url"), ("source", "url"), c) or None,
                  author=_text(value.get("author"), ("source", "author"), c) or None,
                  published=_text(value.get("published"), ("source", "published"), c) or None,
                  tags=tags)


def _takeaway(value: Any, where: tuple, c: _Checked) -> Takeaway:
    if isinstance(value, str):
        label, text = split_label(" ".join(value.split()))
        if not text:
            raise c.fail(where, "is empty")
        return Takeaway(text=text, label=label)
    if not isinstance(value, dict):
        raise c.fail(where, f"expected text or a mapping with 'text', got {_kind(value)}")
    _no_unknown(value, TAKEAWAY_KEYS, where, c)
    items = [_text(v, where + ("items", i), c, required=True)
             for i, v in enumerate(_list(value.get("items"), where + ("items",), c))]
    return Takeaway(text=_text(value.get("text"), where + ("text",), c, required=True),
                    label=_text(value.get("label"), where + ("label",), c) or None,
                    items=items, id=_text(value.get("id"), where + ("id",), c))


def _section(value: Any, where: tuple, c: _Checked) -> Section:
    if not isinstance(value, dict):
        raise c.fail(where, f"expected a mapping with 'heading' and 'paragraphs', got {_kind(value)}")
    _no_unknown(value, SECTION_KEYS, where, c)
    paragraphs = _paragraphs(value.get("paragraphs"), where + ("paragraphs",), c)
    if not paragraphs:
        raise c.fail(where + ("paragraphs",), "a section needs at least one paragraph")
    return Section(heading=_text(value.get("heading"), where + ("heading",), c, required=True),
                   paragraphs=paragraphs, id=_text(value.get("id"), where + ("id",), c))


def set_to_data(ts: TakeawaySet) -> dict:
    source = {k: v for k, v in (("site", ts.source.site), ("url", ts.source.url), ("author", ts.source.author),
                                ("published", ts.source.published), ("tags", list(ts.source.tags))) if v}
    data: dict[str, Any] = {"version": FORMAT_VERSION, "id": ts.id, "title": ts.title}
    if ts.language:
        data["language"] = ts.language
    if source:
        data["source"] = source
    if ts.intro:
        data["intro"] = list(ts.intro)
    if ts.tldw:
        data["tldw"] = list(ts.tldw) if ts.tldw_is_list else "\n\n".join(ts.tldw)
    data["takeaways"] = []
    for t in ts.takeaways:
        item: dict[str, Any] = {"id": t.id}
        if t.label:
            item["label"] = t.label
        item["text"] = t.text
        if t.items:
            item["items"] = list(t.items)
        data["takeaways"].append(item)
    data["sections"] = [{"id": s.id, "heading": s.heading, "paragraphs": list(s.paragraphs)} for s in ts.sections]
    if ts.thoughts:
        data["thoughts"] = list(ts.thoughts)
    if ts.truncated:
        data["truncated"] = True
    return data


def dump_yaml_set(ts: TakeawaySet, *, for_storage: bool = False) -> str:
    """The set in our YAML format, byte-stable for the same set.

    `for_storage`: the collection keeps each set as YAML that it only ever loads back, so there libyaml's C
    emitter is used (ten times faster; a 1,000-takeaway import spent a third of its time here). Its output loads
    to the same set but escapes characters outside the Basic Multilingual Plane (emoji) and NEL, so files people
    read are written by the pure-Python emitter."""
    header = "# StudyApp takeaway set (format: docs/takeaway-format.md). Keep each id when you edit a text.\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper) if for_storage else yaml.SafeDumper
    return header + yaml.dump(set_to_data(ts), Dumper=dumper, sort_keys=False, allow_unicode=True, width=110,
                              default_flow_style=False)
