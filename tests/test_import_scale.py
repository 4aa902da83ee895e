"""Imports that scale: reading and checking a file does work in proportion to its size (counted in function calls,
never timed), and saving it makes the same number of queries whatever its size. Times are measured by
`make bench` (bench/imports.py)."""

from __future__ import annotations

import cProfile
import json
import math
import pstats

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.interchange import readers
from argmap.interchange.services import map_import
from argmap.maps import graph


def kialo_text(claims: int) -> str:
    """A discussion with `claims` claims under the thesis, three under each, Pro and Con in turn, no links."""
    numbers = ["1"]
    lines = ["Discussion Title: Generated", "", "1. The thesis."]
    for index in range(1, claims + 1):
        numbers.append(f"{numbers[(index - 1) // 3]}.{(index - 1) % 3 + 1}")
        lines.append(f"{numbers[-1]}. {'Pro' if index % 2 else 'Con'}: Claim \\({index}\\).")
    return "\n".join(lines)


def aif_text(links: int) -> str:
    """An AIFdb file with `links` RA and CA nodes, three under each statement, all leading to one conclusion."""
    nodes = [{"nodeID": "i0", "type": "I", "text": "The conclusion."}]
    edges = []
    for index in range(1, links + 1):
        nodes.append({"nodeID": f"i{index}", "type": "I", "text": f"Statement {index}."})
        nodes.append({"nodeID": f"s{index}", "type": "RA" if index % 2 else "CA", "text": "Default"})
        edges.append({"fromID": f"i{index}", "toID": f"s{index}"})
        edges.append({"fromID": f"s{index}", "toID": f"i{(index - 1) // 3}"})
    return json.dumps({"nodes": nodes, "edges": edges, "locutions": []})


FILES = {"kialo": kialo_text, "aif": aif_text}


def calls_to_read(format: str, size: int) -> int:
    text = FILES[format](size)
    profile = cProfile.Profile()
    imported = profile.runcall(readers.read, format, text)
    assert len(imported.document.edges) == size
    return pstats.Stats(profile).total_calls


@pytest.mark.parametrize("format", FILES)
def test_reading_four_times_the_file_does_about_four_times_the_work(format):
    # A pair-by-pair check (each new link searched against all the others) would do sixteen times the work.
    assert calls_to_read(format, 4_000) < 4.5 * calls_to_read(format, 1_000)


@pytest.mark.parametrize("format", FILES)
def test_saving_a_file_makes_as_many_queries_for_2000_statements_as_for_100(db, format):
    counts, inserts = [], []
    for size in (100, 2_000):
        document = readers.read(format, FILES[format](size)).document
        with CaptureQueriesContext(connection) as queries:
            map = map_import(document=document, slug=f"{format}-{size}")
        assert map.nodes.count() == size + 1
        sql = [query["sql"] for query in queries.captured_queries]
        counts.append(sum(not statement.startswith("INSERT") for statement in sql))
        inserts.append(sum(statement.startswith("INSERT") for statement in sql))
    assert counts[0] == counts[1]
    # Bulk inserts: one statement per table on PostgreSQL; SQLite caps a statement's parameters (999), so there
    # the rows go in batches of a few dozen, still never one statement per row.
    limit = connection.features.max_query_params
    if limit is None:
        assert inserts[0] == inserts[1]
    else:
        assert inserts[1] <= inserts[0] + 3 * math.ceil(2_000 * 20 / limit) < 2_000


def test_a_loop_is_found_in_a_chain_far_deeper_than_pythons_recursion_limit():
    chain = [(index, index + 1) for index in range(100_000)]
    assert graph.find_cycle(chain) is None
    loop = graph.find_cycle([*chain, (100_000, 99_998)])
    assert loop == [99_998, 99_999, 100_000, 99_998]
