"""Queries per page as maps grow: generated class maps of about 40, 500 and 2,000 statements, each page asked
through Django's test client (in this process, on the bench's database and cache) once to warm what a first
visitor warms, then once more with its queries counted. Counts are exact where request rates are noisy: a page
whose count grows with the map will not hold up in a big class, whatever the rates say today.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from argmap.accounts.models import User
from argmap.classrooms.models import Classroom
from argmap.classrooms.permissions import map_access
from argmap.maps import drawing, selectors
from argmap.maps.models import Map, NodeKind
from argmap.votes.services import vote_cast
from bench.servers import PROXY_HEADERS
from tests.generated import generated_map as generate

# (measures, statements under each): 1 + measures × (statements + 1) nodes with the question.
SIZES = [(3, 12), (5, 99), (20, 99)]


def generated_map(*, classroom: Classroom, teacher: User, measures: int, per_measure: int) -> Map:
    """A class's map of the tests' generated shape (tests/generated.py): under each measure, a binary tree of
    claims and evidence, supporting and opposing in turn."""
    size = 1 + measures * (per_measure + 1)
    return generate(
        slug=f"generated-{size}",
        title=f"Generated, {size:,} statements",
        measures=measures,
        per_measure=per_measure,
        classroom=classroom,
        owner=teacher,
    )


def counted(client: Client, path: str, headers: dict[str, str] | None = None) -> tuple[int, int, int]:
    """(status, queries, bytes) of the second of two identical requests."""
    client.get(path, headers=headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response.status_code, len(queries), len(response.content)


def student_client(student: User) -> Client:
    # Django's test client calls the host "testserver", which production settings do not allow.
    client = Client(SERVER_NAME="127.0.0.1", headers=PROXY_HEADERS)
    client.force_login(student)
    return client


@dataclass(frozen=True)
class Count:
    status: int
    queries: int
    size: int

    def __str__(self) -> str:
        kilobytes = self.size / 1024
        return f"{self.queries} ({kilobytes:,.1f} KB)" if kilobytes < 10 else f"{self.queries} ({kilobytes:,.0f} KB)"


def page_counts(map: Map, student: User, other: User) -> dict[str, Count]:
    """Queries of each page of map for student, who has voted on every measure; `other` votes in between so
    the changed poll has something to show."""
    measures = list(map.nodes.filter(kind=NodeKind.MEASURE).order_by("id"))
    for number, measure in enumerate(measures):
        vote_cast(voter=student, measure=measure, score=1 + number % 5)
    client = student_client(student)
    base = map.get_absolute_url()
    live = f"{base}live/"
    etag = client.get(live)["ETag"]
    vote_cast(voter=other, measure=measures[0], score=3)
    pages = {
        "class map page, a student": (base, None),
        "live poll, changed (200)": (live, {"If-None-Match": etag}),
        "live poll, unchanged (304)": (live, {"If-None-Match": client.get(live)["ETag"]}),
        "node page (a measure)": (f"{base}nodes/{measures[0].pk}/", None),
        "API map, a student": (f"/api/maps/{map.slug}/", None),
        "graph page, a student": (f"{base}graph/", None),
    }
    return {name: Count(*counted(client, path, headers)) for name, (path, headers) in pages.items()}


def layout_timings(map: Map, person: User, runs: int = 10) -> dict[str, float]:
    """The graph view's layered layout of map alone, in ms (median): laid out afresh (its cache entry deleted
    first), and read back from the cache as every later reader of the same map does."""
    graph = selectors.map_graph(map=map, access=map_access(person, map))
    fresh, cached = [], []
    for _ in range(3):
        cache.delete(drawing.layout_cache_key(graph))
        fresh.append(_timed(lambda: drawing.map_layout(graph)))
    for _ in range(runs):
        cached.append(_timed(lambda: drawing.map_layout(graph)))
    return {"fresh": statistics.median(fresh), "cached": statistics.median(cached)}


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000
