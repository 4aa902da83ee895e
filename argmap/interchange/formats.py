"""A spreadsheet's format, as a pure converter over MapDocument: CSV out. The other tools' formats have modules
of their own: AIF and OVA (interchange.aif), Argdown (interchange.argdown), Kialo's text export
(interchange.kialo). Only argmap's own JSON is lossless; these keep what each format can say.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from argmap.interchange.argmap_json import MapDocument

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


def spreadsheet_safe(text: str) -> str:
    """A cell starting with = + - @ would run as a formula in a spreadsheet: quote it."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
