"""Imports as they grow: a generated Kialo discussion and a generated AIF file of 2,000 to 16,000 links, each read,
checked and saved as a new map, timed step by step. Reading and checking must grow about linearly (one pass for
loops, no pair-by-pair search) and saving must make the same few queries whatever the size (bulk inserts).

Run alone, on a database of its own (created afresh, like the bench's): BENCH_DATABASE_URL=… python bench/imports.py.
`make bench` runs it as one of its sections (bench/run.py), on the bench's scratch database.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES = (2_000, 4_000, 8_000, 16_000)
CHILDREN = 4  # claims under each claim of the generated debates


def kialo_text(links: int) -> str:
    """A Kialo export with a thesis and `links` claims, four under each claim, Pro and Con in turn, every tenth
    with a Markdown link and escapes, as Kialo writes them."""
    numbers = ["1"]
    lines = ["Discussion Title: A generated debate", "", "1. The generated thesis holds."]
    for index in range(1, links + 1):
        parent = numbers[(index - 1) // CHILDREN]
        number = f"{parent}.{(index - 1) % CHILDREN + 1}"
        numbers.append(number)
        side = "Pro" if index % 2 else "Con"
        text = f"Claim {index} \\(generated\\) answers {parent}."
        if index % 10 == 0:
            text += f" See [report {index}](https://example.org/reports/{index})."
        lines.append(f"{number}. {side}: {text}")
    return "\n".join(lines) + "\n"


def aif_text(links: int) -> str:
    """An AIFdb file with `links` + 1 I-nodes and `links` RA and CA nodes, four premises or attackers under each
    statement, all leading to one conclusion."""
    nodes = [{"nodeID": "1", "text": "The generated conclusion holds.", "type": "I", "timestamp": ""}]
    edges = []
    for index in range(1, links + 1):
        parent = (index - 1) // CHILDREN
        kind = "RA" if index % 2 else "CA"
        statement, scheme = str(index * 2 + 1), str(index * 2)
        nodes.append({"nodeID": statement, "text": f"Statement {index} speaks to {parent}.", "type": "I"})
        nodes.append(
            {"nodeID": scheme, "text": "Default Inference" if kind == "RA" else "Default Conflict", "type": kind}
        )
        edges.append({"edgeID": f"a{index}", "fromID": statement, "toID": scheme})
        edges.append({"edgeID": f"b{index}", "fromID": scheme, "toID": str(parent * 2 + 1)})
    return json.dumps({"nodes": nodes, "edges": edges, "locutions": []})


GENERATORS = {"kialo": kialo_text, "aif": aif_text}


@dataclass
class Timing:
    format: str
    links: int
    read: float  # seconds: parsed, built and validated
    saved: float  # seconds: written by map_import
    queries: int  # queries map_import made


def time_import(format: str, links: int) -> Timing:
    """One generated file of this size, read, checked and saved as a new map (then deleted again)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from argmap.interchange import readers
    from argmap.interchange.services import map_import

    text = GENERATORS[format](links)
    started = time.perf_counter()
    imported = readers.read(format, text)
    read = time.perf_counter() - started
    edges = sum(not edge.structural for edge in imported.document.edges)
    if edges != links:
        raise RuntimeError(f"the {format} file of {links:,} links imported {edges:,}")
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        map = map_import(document=imported.document, slug=f"bench-import-{format}-{links}")
        saved = time.perf_counter() - started
    map.delete()
    return Timing(format, links, read, saved, len(captured.captured_queries))


def timings() -> list[Timing]:
    return [time_import(format, links) for format in GENERATORS for links in SIZES]


def table(rows: list[Timing]) -> str:
    """A row per format and size: seconds to read and check, to save, in all, and per thousand links."""
    from bench.report import table as markdown_table

    return markdown_table(
        ["file", "links", "read and checked (s)", "saved (s)", "in all (s)", "s per 1,000 links", "queries to save"],
        [
            [
                {"kialo": "Kialo text", "aif": "AIF JSON"}[row.format],
                f"{row.links:,}",
                f"{row.read:.2f}",
                f"{row.saved:.2f}",
                f"{row.read + row.saved:.2f}",
                f"{(row.read + row.saved) / row.links * 1000:.3f}",
                str(row.queries),
            ]
            for row in rows
        ],
    )


def section(rows: list[Timing]) -> str:
    """The part of the bench's report on imports: what was timed, and the table."""
    return (
        "Imports of generated files (a Kialo discussion, four claims under each, every tenth with a link; an AIF"
        " file of RA and CA nodes), read and checked, then saved as a new map by map_import:\n\n" + table(rows)
    )


def main() -> None:
    from bench import scratch

    os.environ.update(scratch.production_environment())
    scratch.fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(section(timings()))


if __name__ == "__main__":
    try:
        main()
    finally:
        from bench import scratch

        scratch.remove_folder()
