"""Other tools' formats, as pure converters over MapDocument: Argdown and CSV out (AIF, in and out, is in
interchange.aif; Kialo's plain-text export, in, in interchange.kialo). Only argmap's own JSON is lossless; these
keep what each format can say.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from argmap.interchange.argmap_json import EdgeRecord, MapDocument, NodeRecord

# How a statement curators added (not in the essay) is marked in formats with no field for it.
ADDED_MARK = "Added: not in the essay"


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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def spreadsheet_safe(text: str) -> str:
    """A cell starting with = + - @ would run as a formula in a spreadsheet: quote it."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
