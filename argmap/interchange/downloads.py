"""A map as one person sees it, to take out of the page: argmap's JSON, AIF, Argdown and a reader's CSV.

Built from the graph map_graph gives that person, so a download holds exactly what their page shows: no
hidden statement, no classmate's waiting point, and authors named as the page names them (a pseudonym on an
anonymous map).
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from argmap.interchange import aif, argdown, argmap_json
from argmap.interchange.argmap_json import MapDocument
from argmap.interchange.formats import spreadsheet_safe
from argmap.interchange.services import document_from
from argmap.maps.models import Relation
from argmap.maps.search import measures_of

if TYPE_CHECKING:
    from argmap.maps.selectors import MapGraph

STATUS_WORDS = {"visible": "shown", "pending": "waiting for approval", "hidden": "hidden"}
CSV_COLUMNS = ["Id", "Kind", "Measure", "Text", "Author", "Status", "Supports", "Opposes", "Gives context to"]


def graph_document(*, graph: MapGraph) -> MapDocument:
    """The person's view of the map as an interchange document (statements numbered n1, n2… in map order)."""
    return document_from(
        map=graph.map,
        nodes=sorted(graph.nodes.values(), key=lambda node: node.pk),
        edges=sorted(graph.edges, key=lambda edge: edge.pk),
        author_of=lambda node: getattr(node, "shown_author", "") or None,
    )


def reading_csv(*, graph: MapGraph) -> str:
    """One row per statement, for a spreadsheet: its kind, the measure(s) it argues about, its words, its
    author as the page shows them, its status, and what it supports, opposes or gives context to (by id).
    Every cell a person typed is formula-safe.
    """
    nodes = sorted(graph.nodes.values(), key=lambda node: node.pk)
    local_id = {node.pk: f"n{index}" for index, node in enumerate(nodes, start=1)}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for node in nodes:
        speaks = {relation: [] for relation in Relation.values}
        for edge in graph.outgoing.get(node.pk, ()):
            speaks.setdefault(edge.relation, []).append(local_id[edge.to_node_id])
        kind = graph.map.measure_label if node.kind == "measure" else node.get_kind_display()
        writer.writerow(
            [
                local_id[node.pk],
                kind.lower(),
                spreadsheet_safe("; ".join(measure.text for measure in measures_of(graph, node))),
                spreadsheet_safe(node.text),
                spreadsheet_safe(getattr(node, "shown_author", "") or ("curators" if node.added_by_curator else "")),
                STATUS_WORDS.get(node.status, node.status),
                " ".join(speaks[Relation.SUPPORTS]),
                " ".join(speaks[Relation.OPPOSES]),
                " ".join(speaks.get(Relation.CONTEXT, [])),
            ]
        )
    return buffer.getvalue()


# format → (file name ending, content type, writer)
DOWNLOADS = {
    "json": (
        ".json",
        "application/json",
        lambda graph: json.dumps(argmap_json.dump(graph_document(graph=graph)), ensure_ascii=False, indent=2),
    ),
    "aif": (
        ".aif.json",
        "application/json",
        lambda graph: json.dumps(aif.to_aif(graph_document(graph=graph)), ensure_ascii=False, indent=2),
    ),
    "argdown": (".argdown", "text/plain", lambda graph: argdown.to_argdown(graph_document(graph=graph))),
    "csv": (".csv", "text/csv", lambda graph: "\ufeff" + reading_csv(graph=graph)),
}
