"""Other tools' formats, as pure converters over MapDocument: AIF (AIFdb JSON), Argdown and CSV out; AIF and
Kialo's plain-text export in. Only argmap's own JSON is lossless; these keep what each format can say.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from typing import Any

from argmap.interchange.argmap_json import DocumentError, EdgeRecord, MapDocument, NodeRecord
from argmap.interchange.build import Imported, Link, Statement, document_from_links

SCHEME = {"supports": ("RA", "Default Inference"), "opposes": ("CA", "Default Conflict")}
# How a statement curators added (not in the essay) is marked in formats with no field for it.
ADDED_MARK = "Added: not in the essay"


# AIF


def to_aif(document: MapDocument) -> dict[str, Any]:
    """AIFdb JSON: statements are I-nodes; each link becomes an RA (support) or CA (conflict) node between them.

    A context link (an aim, a motive, background) is neither inference nor conflict, and AIF has no scheme for
    it: it is left out, so no tool reads it as support; the statement itself stays, as an I-node. A statement
    curators added says so in its text, AIF having no field for where a statement came from.
    """
    nodes = [
        {"nodeID": node.id, "text": _marked(node, f"{node.text} ({ADDED_MARK})"), "type": "I", "timestamp": ""}
        for node in document.nodes
    ]
    edges = []
    links = [edge for edge in document.edges if edge.relation in SCHEME]
    for index, edge in enumerate(links, start=1):
        kind, text = SCHEME[edge.relation]
        scheme_id = f"s{index}"
        nodes.append({"nodeID": scheme_id, "text": text, "type": kind, "timestamp": ""})
        edges.append({"edgeID": f"e{2 * index - 1}", "fromID": edge.source, "toID": scheme_id})
        edges.append({"edgeID": f"e{2 * index}", "fromID": scheme_id, "toID": edge.target})
    return {"nodes": nodes, "edges": edges, "locutions": []}


def from_aif(data: Any, *, title: str = "", keep_rebuttals: bool = False) -> Imported:
    """A map from AIFdb JSON. The conclusion nothing else concludes from becomes the question, what speaks
    to it directly the measures, the rest claims. Several top conclusions are gathered under one question.
    """
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise DocumentError(["An AIF file is a JSON object with lists of “nodes” and “edges”."])
    kinds = {str(node.get("nodeID")): node.get("type") for node in data["nodes"] if isinstance(node, dict)}
    texts = {
        str(node.get("nodeID")): str(node.get("text") or "").strip() for node in data["nodes"] if isinstance(node, dict)
    }
    into: dict[str, list[str]] = defaultdict(list)
    out_of: dict[str, list[str]] = defaultdict(list)
    for edge in data["edges"]:
        if isinstance(edge, dict):
            into[str(edge.get("toID"))].append(str(edge.get("fromID")))
            out_of[str(edge.get("fromID"))].append(str(edge.get("toID")))
    links: list[Link] = []
    for scheme_id, kind in kinds.items():
        if kind not in ("RA", "CA"):
            continue
        relation = "supports" if kind == "RA" else "opposes"
        premises = [node for node in into[scheme_id] if kinds.get(node) == "I"]
        conclusions = [node for node in out_of[scheme_id] if kinds.get(node) == "I"]
        links += [
            Link(premise, conclusion, relation, where=f"{kind} node {scheme_id}")
            for premise in premises
            for conclusion in conclusions
        ]
    statements = [
        Statement(node_id, texts[node_id], where=f"I-node {node_id}")
        for node_id, kind in kinds.items()
        if kind == "I" and texts[node_id]
    ]
    if not statements:
        raise DocumentError(["The AIF file has no statements (I-nodes with text)."])
    return document_from_links(statements, links, title=title, notes=[], keep_rebuttals=keep_rebuttals)


# Kialo

KIALO_LINE = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.\s+(?:(?P<side>Pro|Con):\s+)?(?P<text>.*)$")


def from_kialo(text: str, *, keep_rebuttals: bool = False) -> Imported:
    """A map from Kialo's plain-text export: 1. is the thesis (the question), 1.n. Pro:/Con: its arguments
    (the measures), deeper ones claims. Lines that continue a text are joined to it; "-> See 1.2.3." links
    an argument to one written elsewhere.
    """
    title = ""
    entries: dict[str, dict[str, str]] = {}
    order: list[str] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.lower().startswith("discussion title:"):
            title = line.split(":", 1)[1].strip()
            continue
        match = KIALO_LINE.match(line)
        if match:
            current = match.group("number")
            entries[current] = {"side": match.group("side") or "", "text": match.group("text").strip()}
            order.append(current)
        elif line and current:
            entries[current]["text"] = f"{entries[current]['text']} {line}".strip()
    if "1" not in entries:
        raise DocumentError(["A Kialo export starts with the thesis, numbered “1.”."])
    texts: dict[str, str] = {}
    links: list[Link] = []
    problems: list[str] = []
    for number in order:
        entry = entries[number]
        see = re.match(r"^->\s*See\s+(\d+(?:\.\d+)*)\.?$", entry["text"])
        source = see.group(1) if see else number
        if not see:
            texts[number] = entry["text"]
        elif source not in entries or re.match(r"^->\s*See\b", entries[source]["text"]):
            problems.append(f"{number}.: “-> See {source}.” points to {source}., which is not a statement in the file.")
        if number != "1":
            parent = number.rsplit(".", 1)[0]
            if parent not in entries:
                problems.append(f"{number}.: it answers {parent}., which is not in the file.")
            elif re.match(r"^->\s*See\b", entries[parent]["text"]):
                problems.append(f"{number}.: it answers {parent}., which is a “-> See” line, not a statement.")
            links.append(Link(source, parent, "opposes" if entry["side"] == "Con" else "supports", where=f"{number}."))
    if problems:
        raise DocumentError(problems)
    statements = [Statement(number, texts[number], where=f"{number}.") for number in order if number in texts]
    return document_from_links(
        statements, links, title=title, notes=[], keep_rebuttals=keep_rebuttals, question_key="1"
    )


# Argdown


def to_argdown(document: MapDocument) -> str:
    """Argdown: the question first, then what supports (<+) and attacks (<-) each statement, indented.
    A statement reached twice is written in full once and named by its title after that.

    Argdown has no relation for context (an aim, a motive, background), so a context link is a comment under
    the statement it speaks to, and a statement that only gives context is written on its own after the tree:
    no Argdown tool reads it as support. Statements curators added carry the tag #not-in-essay.
    """
    by_id = {node.id: node for node in document.nodes}
    incoming: dict[str, list[EdgeRecord]] = defaultdict(list)
    for edge in document.edges:
        incoming[edge.target].append(edge)
    question = next(node for node in document.nodes if node.kind == "question")
    lines = ["===", f"title: {_one_line(document.map.get('title') or '')}", "===", ""]
    written: set[str] = set()

    def title(node: NodeRecord) -> str:
        return f"{node.kind[0].upper()}{node.id[1:] if node.id.startswith('n') else node.id}"

    def write(node_id: str, depth: int, prefix: str) -> None:
        node = by_id[node_id]
        indent = "    " * depth
        if node_id in written:
            lines.append(f"{indent}{prefix}[{title(node)}]")
            return
        written.add(node_id)
        tags = f"#{node.kind}" + (" #not-in-essay" if node.added_by_curator else "")
        lines.append(f"{indent}{prefix}[{title(node)}]: {_one_line(node.text)} {tags}")
        for edge in incoming.get(node_id, []):
            if edge.relation == "context":
                lines.append(f"{indent}    // context (counts neither way): [{title(by_id[edge.source])}]")
            else:
                write(edge.source, depth + 1, "<+ " if edge.relation == "supports" else "<- ")

    write(question.id, 0, "")
    for edge in document.edges:
        if edge.relation == "context" and edge.source not in written:
            lines.append("")
            write(edge.source, 0, "")
    return "\n".join(lines) + "\n"


# CSV


CSV_COLUMNS = [
    "id",
    "kind",
    "text",
    "status",
    "speaks_to",
    "essay_quote",
    "curation_status",
    "curator_note",
    "source",
    "added_by_curator",
]


def to_csv(document: MapDocument) -> str:
    """One row per statement: what it speaks to as "supports n3; opposes n7; context n2", with its quote and
    curation, and "yes" under added_by_curator for a statement that is not in the essay.
    """
    speaks: dict[str, list[str]] = defaultdict(list)
    for edge in document.edges:
        speaks[edge.source].append(f"{edge.relation} {edge.target}")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for node in document.nodes:
        citation = (node.source or {}).get("title", "")
        writer.writerow(
            [
                node.id,
                node.kind,
                spreadsheet_safe(node.text),
                node.status,
                "; ".join(speaks[node.id]),
                spreadsheet_safe(node.essay_quote),
                node.curation_status,
                spreadsheet_safe(node.curator_note),
                spreadsheet_safe(citation),
                "yes" if node.added_by_curator else "",
            ]
        )
    return buffer.getvalue()


def _marked(node: NodeRecord, marked: str) -> str:
    return marked if node.added_by_curator else node.text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def spreadsheet_safe(text: str) -> str:
    """A cell starting with = + - @ would run as a formula in a spreadsheet: quote it."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
