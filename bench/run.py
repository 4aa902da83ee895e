"""make bench: time the pages a class hits hardest, on a scratch database, and print a table.

Uses DATABASE_URL when it is set (point it at a scratch PostgreSQL database), else a temporary SQLite
file. Speed is measured here and never asserted in tests.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = tempfile.mkdtemp(prefix="argmap-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "argmap.settings")

import django

django.setup()

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from argmap.accounts.models import User
from argmap.classrooms.models import Role
from argmap.classrooms.permissions import map_access
from argmap.classrooms.services import classroom_create, debate_start, membership_add
from argmap.maps import drawing, selectors
from argmap.maps.models import Edge, Map, Node, NodeKind, Relation
from argmap.maps.services import contribution_create
from argmap.votes.services import vote_cast

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
CLASS_SIZE = 30


def build_big_map(measures: int = 10, per_measure: int = 99, slug: str = "bench-big") -> Map:
    map = Map.objects.create(slug=slug, title="Generated", question="Generated question?")
    question = Node.objects.create(map=map, kind=NodeKind.QUESTION, text=map.question)
    nodes = []
    for m in range(measures):
        nodes.append(Node(map=map, kind=NodeKind.MEASURE, text=f"Measure {m}", topic="political"))
        nodes += [Node(map=map, kind=NodeKind.CLAIM, text=f"Statement {m}.{c}") for c in range(per_measure)]
    created = Node.objects.bulk_create(nodes)
    edges = []
    for m in range(measures):
        block = created[m * (per_measure + 1) : (m + 1) * (per_measure + 1)]
        edges.append(Edge(map=map, from_node=block[0], to_node=question, relation=Relation.SUPPORTS))
        for index, statement in enumerate(block[1:]):
            parent = block[0] if index < 2 else block[1:][(index - 2) // 2]
            relation = Relation.OPPOSES if index % 2 else Relation.SUPPORTS
            edges.append(Edge(map=map, from_node=statement, to_node=parent, relation=relation))
    Edge.objects.bulk_create(edges)
    return map


def build_graph_map(measures: int = 20, per_measure: int = 99) -> Map:
    """A 2,000-node map for the graph view: a tree under each measure, and every tenth statement also speaking to
    the next measure, so links skip layers and the layout has to bend them."""
    map = build_big_map(measures=measures, per_measure=per_measure, slug="bench-graph")
    nodes = list(map.nodes.exclude(kind=NodeKind.QUESTION).order_by("id"))
    blocks = [nodes[m * (per_measure + 1) : (m + 1) * (per_measure + 1)] for m in range(measures)]
    extra = [
        Edge(map=map, from_node=statement, to_node=blocks[(m + 1) % measures][0], relation=Relation.SUPPORTS)
        for m, block in enumerate(blocks)
        for index, statement in enumerate(block[1:])
        if index % 10 == 5
    ]
    Edge.objects.bulk_create(extra)
    Map.objects.filter(pk=map.pk).update(revision=map.revision + 1)
    map.refresh_from_db()
    return map


def time_layout(map: Map) -> list[tuple[str, list[float]]]:
    """The graph view's layout of map, laid out afresh (the cache emptied first) and read from the cache."""
    graph = selectors.map_graph(map=map, access=map_access(AnonymousUser(), map))
    uncached = []
    for _ in range(max(3, RUNS // 6)):
        cache.delete(drawing.layout_cache_key(graph))
        started = time.perf_counter()
        drawing.map_layout(graph)
        uncached.append((time.perf_counter() - started) * 1000)
    cached = []
    for _ in range(RUNS):
        started = time.perf_counter()
        drawing.map_layout(graph)
        cached.append((time.perf_counter() - started) * 1000)
    size = f"{len(graph.nodes):,}"
    return [(f"layout, {size} nodes, uncached", uncached), (f"layout, {size} nodes, cached", cached)]


def measure(client: Client, url: str, headers: dict[str, str] | None = None) -> tuple[list[float], int, int]:
    timings = []
    status = 0
    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=headers or {})
    query_count = len(queries)
    for _ in range(RUNS):
        started = time.perf_counter()
        status = client.get(url, headers=headers or {}).status_code
        timings.append((time.perf_counter() - started) * 1000)
    return timings, status, query_count


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("loaddata", "destalinisation", verbosity=0)
    essay = Map.objects.get(slug="destalinisation")
    teacher = User.objects.create_user(username="bench-teacher", password="x", is_teacher=True)
    classroom = classroom_create(teacher=teacher, name="Bench class")
    debate = debate_start(classroom=classroom, by=teacher, source=essay)
    students = []
    for index in range(CLASS_SIZE):
        student = User.objects.create_user(username=f"bench-{index}", password="x", display_name=f"Student {index}")
        membership_add(classroom=classroom, user=student, role=Role.STUDENT)
        students.append(student)
    measures = list(debate.nodes.filter(kind=NodeKind.MEASURE))
    for index, student in enumerate(students):
        contribution_create(
            author=student,
            target=measures[index % len(measures)],
            kind="claim",
            relation="opposes",
            text=f"Counterpoint {index}",
            post_anyway=True,  # near copies of each other: the bench measures pages, not the duplicate check
        )
        for number, item in enumerate(measures):
            vote_cast(voter=student, measure=item, score=1 + (index + number) % 5)
    big = build_big_map()
    graph_map = build_graph_map()

    client = Client()
    client.force_login(students[0])
    etag = client.get(f"/maps/{debate.slug}/live/")["ETag"]
    rows = [
        ("essay map page (visitor)", Client(), f"/maps/{essay.slug}/", None),
        ("class map page, all open", client, f"/maps/{debate.slug}/?open=all", None),
        ("live poll, unchanged (304)", client, f"/maps/{debate.slug}/live/", {"If-None-Match": etag}),
        ("live poll, changed (200)", client, f"/maps/{debate.slug}/live/", None),
        ("results page (30 students)", client, f"/maps/{debate.slug}/results/", None),
        ("essay page", Client(), f"/maps/{essay.slug}/essay/", None),
        ("1,001-node map, all open", Client(), f"/maps/{big.slug}/?open=all", None),
        ("API: class map as JSON", client, f"/api/maps/{debate.slug}/", None),
        ("graph page, class map", client, f"/maps/{debate.slug}/graph/", None),
        ("graph page, 2,001-node map", Client(), f"/maps/{graph_map.slug}/graph/", None),
    ]
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"argmap bench: {RUNS} runs each, {database}, class of {CLASS_SIZE}\n")
    print(f"{'page':<30} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    print("-" * 65)
    for name, person, url, headers in rows:
        timings, status, queries = measure(person, url, headers)
        p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{name:<30} {status:>6} {queries:>7} {statistics.median(timings):>10.1f} {p95:>8.1f}")
    # The graph view's layered layout alone (no database): what a change to a big map costs, and what the cache
    # saves every other reader of the same map.
    for name, timings in time_layout(graph_map):
        p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{name:<30} {'-':>6} {0:>7} {statistics.median(timings):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
