"""argmap's own JSON format: lossless, and it round-trips (export → import → export gives the same JSON).

Pure conversion between plain records and JSON-ready dicts, with validation that names every problem
by its place in the document. Reading and writing the database is the job of interchange.services.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from argmap.common import walk_json
from argmap.maps import graph

FORMAT = "argmap"
VERSION = 1

NODE_KINDS = ("question", "measure", "claim", "evidence")
STATUSES = ("pending", "visible", "hidden")
# "context": aims, motives, background; shown under a statement, counted neither for nor against it.
RELATIONS = ("supports", "opposes", "context")
VISIBILITIES = ("public", "class")
MODERATION_MODES = ("open", "pre")
CURATION_STATUSES = ("unverified", "verified", "disputed")
TEXT_MAX_LENGTH = 500
# A statement brought from another tool is kept whole, though longer than what a student may type (500):
# Kialo's and AIFdb's longest run to a few thousand characters.
IMPORTED_TEXT_MAX_LENGTH = 20_000
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
# The longest each text may be, as the models' max_length says (PostgreSQL refuses more; SQLite saved it).
MAP_LIMITS = {"title": 200, "question": TEXT_MAX_LENGTH, "source_title": 200, "measure_label": 40}
NODE_LIMITS = {"text": IMPORTED_TEXT_MAX_LENGTH, "topic": 40}
SOURCE_LIMITS = {"title": 300, "author": 200, "publisher": 200, "url": 500, "page": 60}
# A map a class reads has a few hundred statements, a large Kialo debate some thousands; nothing argmap writes
# nests deeper than four levels.
MAX_NODES = 25_000
MAX_DEPTH = 32

MAP_FIELDS = (
    "slug",
    "title",
    "question",
    "description",
    "source_title",
    "source_document",
    "visibility",
    "measure_label",
    "moderation_mode",
    "is_anonymous",
    "voting_open",
    "is_locked",
)
SOURCE_FIELDS = ("title", "author", "year", "publisher", "url", "page", "quote", "status", "curator_note")


@dataclass
class NodeRecord:
    id: str
    kind: str
    text: str
    status: str = "visible"
    topic: str = ""
    essay_quote: str = ""
    essay_start: int | None = None
    essay_end: int | None = None
    author: str | None = None
    source: dict[str, Any] | None = None
    curation_status: str = "unverified"
    curator_note: str = ""
    # Added by curators from a source, not drawn from the essay: never has an essay anchor.
    added_by_curator: bool = False


@dataclass
class EdgeRecord:
    source: str
    target: str
    relation: str
    status: str = "visible"
    # A link the map needs but the file it came from did not state (several conclusions gathered under one
    # question): shown as added on import, and left out of the AIF and Argdown exports.
    structural: bool = False


@dataclass
class MapDocument:
    map: dict[str, Any]
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)


class DocumentError(ValueError):
    """The document cannot be imported; `problems` lists each one with where it is."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def dump(document: MapDocument) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "map": {name: document.map.get(name) for name in MAP_FIELDS},
        "nodes": [asdict(node) for node in document.nodes],
        "edges": [asdict(edge) for edge in document.edges],
    }


def loads(text: str) -> Any:
    """The JSON in a file, or DocumentError for JSON nested deeper than any argmap, AIF or Kialo file needs
    (json.loads itself gives up with RecursionError at about a thousand levels). Malformed JSON raises
    json.JSONDecodeError, whose line and column the caller reports."""
    try:
        data = json.loads(text)
    except RecursionError as error:
        raise DocumentError([TOO_DEEP]) from error
    if any(depth > MAX_DEPTH for _, depth in walk_json(data)):
        raise DocumentError([TOO_DEEP])
    return data


TOO_DEEP = f"The file nests [ ] and {{ }} more than {MAX_DEPTH} levels deep; a map file needs four."


def parse(data: Any) -> MapDocument:
    """A validated MapDocument, or DocumentError listing every problem found."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise DocumentError(["The file must hold one JSON object with map, nodes and edges."])
    if data.get("format") != FORMAT:
        problems.append(f'format: expected "{FORMAT}", found {_shown(data.get("format"))}.')
    if data.get("version") != VERSION:
        problems.append(f"version: expected {VERSION}, found {_shown(data.get('version'))}.")
    map_data = data.get("map")
    if not isinstance(map_data, dict):
        raise DocumentError([*problems, "map: missing, or not an object."])
    map_fields = _parse_map(map_data, problems)
    nodes = _parse_nodes(data.get("nodes"), map_fields.get("source_document", ""), problems)
    edges = _parse_edges(data.get("edges"), {node.id for node in nodes}, problems)
    if not problems:
        _check_graph(nodes, edges, problems)
    if problems:
        raise DocumentError(problems)
    return MapDocument(map=map_fields, nodes=nodes, edges=edges)


def _parse_map(data: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "slug": data.get("slug") or "",
        "title": _text(data, "title", "map", problems, limit=MAP_LIMITS["title"]),
        "question": _text(data, "question", "map", problems, limit=MAP_LIMITS["question"]),
        "description": _optional_str(data, "description", "map", problems),
        "source_title": _optional_str(data, "source_title", "map", problems, limit=MAP_LIMITS["source_title"]),
        "source_document": _optional_str(data, "source_document", "map", problems),
        "visibility": _choice(data, "visibility", VISIBILITIES, "public", "map", problems),
        "measure_label": _optional_str(data, "measure_label", "map", problems, limit=MAP_LIMITS["measure_label"])
        or "measure",
        "moderation_mode": _choice(data, "moderation_mode", MODERATION_MODES, "open", "map", problems),
    }
    for flag, default in (("is_anonymous", False), ("voting_open", True), ("is_locked", False)):
        value = data.get(flag, default)
        if not isinstance(value, bool):
            problems.append(f"map.{flag}: expected true or false.")
        fields[flag] = value
    if fields["slug"] and not SLUG_PATTERN.match(str(fields["slug"])):
        problems.append("map.slug: use letters, digits, hyphens and underscores only (80 at most).")
    return fields


def _parse_nodes(data: Any, source_document: str, problems: list[str]) -> list[NodeRecord]:
    if not isinstance(data, list) or not data:
        problems.append("nodes: expected a non-empty list.")
        return []
    if len(data) > MAX_NODES:
        problems.append(f"nodes: a map has at most {MAX_NODES} statements; this file has {len(data)}.")
        return []
    nodes: list[NodeRecord] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        where = f"nodes[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object.")
            continue
        node_id = item.get("id")
        if not isinstance(node_id, str) or not node_id:
            problems.append(f"{where}.id: expected a non-empty string.")
            continue
        if node_id in seen:
            problems.append(f"{where}.id: {_shown(node_id)} is used twice.")
        seen.add(node_id)
        node = NodeRecord(
            id=node_id,
            kind=_choice(item, "kind", NODE_KINDS, None, where, problems),
            text=_text(item, "text", where, problems, limit=NODE_LIMITS["text"]),
            status=_choice(item, "status", STATUSES, "visible", where, problems),
            topic=_optional_str(item, "topic", where, problems, limit=NODE_LIMITS["topic"]),
            essay_quote=_optional_str(item, "essay_quote", where, problems),
            essay_start=item.get("essay_start"),
            essay_end=item.get("essay_end"),
            author=item.get("author") if isinstance(item.get("author"), str) else None,
            source=_parse_source(item.get("source"), where, problems),
            curation_status=_choice(item, "curation_status", CURATION_STATUSES, "unverified", where, problems),
            curator_note=_optional_str(item, "curator_note", where, problems),
            added_by_curator=_flag(item, "added_by_curator", where, problems),
        )
        _check_anchor(node, source_document, where, problems)
        if node.added_by_curator and (node.essay_quote or node.essay_start is not None):
            problems.append(f"{where}: a statement added by curators is not in the essay, so it has no essay quote.")
        nodes.append(node)
    questions = [node for node in nodes if node.kind == "question"]
    if len(questions) != 1:
        problems.append(f"nodes: a map needs exactly one question node; found {len(questions)}.")
    return nodes


def _check_anchor(node: NodeRecord, source_document: str, where: str, problems: list[str]) -> None:
    start, end = node.essay_start, node.essay_end
    if start is None and end is None:
        return
    if not (_whole_number(start) and _whole_number(end) and 0 <= start < end <= len(source_document)):
        problems.append(f"{where}: essay_start and essay_end must be offsets inside the map's source_document.")
    elif source_document[start:end] != node.essay_quote:
        problems.append(f"{where}.essay_quote: does not match the source document at {start}–{end}.")


def _parse_source(data: Any, where: str, problems: list[str]) -> dict[str, Any] | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not data["title"].strip():
        problems.append(f"{where}.source: expected an object with at least a title.")
        return None
    source: dict[str, Any] = {
        name: _optional_str(data, name, f"{where}.source", problems, limit=SOURCE_LIMITS.get(name))
        for name in SOURCE_FIELDS
        if name not in ("year", "status")
    }
    source["title"] = source["title"].strip()
    source["status"] = _choice(data, "status", CURATION_STATUSES, "unverified", f"{where}.source", problems)
    source["year"] = year = data.get("year")
    this_year = datetime.date.today().year
    if year is not None and not (_whole_number(year) and 1 <= year <= this_year):
        problems.append(f"{where}.source.year: expected a year from 1 to {this_year}; found {_shown(year)}.")
    if source["url"] and urlsplit(source["url"]).scheme.lower() not in ("http", "https"):
        problems.append(f"{where}.source.url: expected a web address starting http:// or https://.")
    return source


def _parse_edges(data: Any, node_ids: set[str], problems: list[str]) -> list[EdgeRecord]:
    if not isinstance(data, list):
        problems.append("edges: expected a list.")
        return []
    edges: list[EdgeRecord] = []
    pairs: set[tuple[str, str]] = set()
    for index, item in enumerate(data):
        where = f"edges[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected an object.")
            continue
        edge = EdgeRecord(
            source=item.get("source"),
            target=item.get("target"),
            relation=_choice(item, "relation", RELATIONS, None, where, problems),
            status=_choice(item, "status", STATUSES, "visible", where, problems),
            structural=_flag(item, "structural", where, problems),
        )
        ends = [end for end in ("source", "target") if not isinstance(getattr(edge, end), str)]
        for end in ("source", "target"):
            if end in ends or getattr(edge, end) not in node_ids:
                problems.append(f"{where}.{end}: no node has the id {_shown(getattr(edge, end))}.")
        if ends:
            continue
        if edge.source == edge.target:
            problems.append(f"{where}: a node can't support or oppose itself.")
        if (edge.source, edge.target) in pairs:
            problems.append(f"{where}: {edge.source} → {edge.target} appears twice.")
        pairs.add((edge.source, edge.target))
        edges.append(edge)
    return edges


def _check_graph(nodes: list[NodeRecord], edges: list[EdgeRecord], problems: list[str]) -> None:
    pairs = [(edge.source, edge.target) for edge in edges]
    loop = graph.find_cycle(pairs)
    if loop:
        problems.append(f"edges: {loop[-2]} → {loop[-1]} closes a loop: {' → '.join(loop)}.")
        return
    question = next(node.id for node in nodes if node.kind == "question")
    if any(edge.source == question for edge in edges):
        problems.append("edges: the question is the root; it can't point at another node.")
    stranded = graph.unreachable(pairs, [node.id for node in nodes], question)
    if stranded:
        problems.append(f"nodes: {', '.join(sorted(stranded))} do not lead to the question.")


def _flag(data: dict[str, Any], name: str, where: str, problems: list[str]) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        problems.append(f"{where}.{name}: expected true or false.")
        return False
    return value


def _text(data: dict[str, Any], name: str, where: str, problems: list[str], *, limit: int) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}.{name}: expected non-empty text.")
        return ""
    return _storable(value.strip(), f"{where}.{name}", problems, limit=limit)


def _optional_str(data: dict[str, Any], name: str, where: str, problems: list[str], *, limit: int | None = None) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}.{name}: expected text.")
        return ""
    return _storable(value, f"{where}.{name}", problems, limit=limit)


def _storable(value: str, place: str, problems: list[str], *, limit: int | None) -> str:
    """The text if the database can keep it: within its field's length, no NUL character (PostgreSQL refuses
    it), nothing that isn't Unicode (a lone surrogate such as \\ud800 can't be written as UTF-8)."""
    if limit is not None and len(value) > limit:
        problems.append(f"{place}: {limit} characters at most (found {len(value)}).")
    if "\x00" in value:
        problems.append(f"{place}: holds a NUL character (\\u0000), which can't be stored.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        problems.append(f"{place}: holds a lone surrogate (like \\ud800), which is not text.")
    return value


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    """A value from the file, as a problem quotes it: short, whatever it is."""
    shown = json.dumps(value, ensure_ascii=True)
    return shown if len(shown) <= 40 else f"{shown[:37]}..."


def _choice(
    data: dict[str, Any], name: str, choices: tuple[str, ...], default: str | None, where: str, problems: list[str]
) -> str:
    value = data.get(name, default)
    if not isinstance(value, str) or value not in choices:
        problems.append(f"{where}.{name}: expected one of {', '.join(choices)}; found {_shown(value)}.")
        return default or ""
    return value
