"""Every page about a map reads in the same small number of queries whether the map holds 40 statements or 2,000.

Issue 12: "queries per page constant from 40 to 2,000 nodes". Each page is read on a class map of about 40 nodes
and on one of about 2,000 (a public map of each size for a visitor), both carrying the same per-person parts: the
students' votes and ratings, their points waiting for approval, a flag and a hidden statement. The maps are built
once for the module, inside a transaction rolled back when the module ends; each test runs in a savepoint of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.classrooms.models import Classroom
from argmap.classrooms.services import classroom_create
from argmap.maps.models import Map, Node, NodeKind, Relation
from argmap.maps.services import contribution_create
from argmap.moderation.services import flag_raise, map_settings_update, node_hide
from argmap.votes.services import rating_cast, vote_cast
from tests.generated import generated_map
from tests.helpers import add_student, words

# Sizes: a question, `measures` measures and a binary tree of `per_measure` statements under each.
SIZES = {"40 nodes": (4, 9), "2,000 nodes": (20, 99)}
SMALL = "40 nodes"
MY_POINT = "My point, waiting for the teacher."
CLASSMATES_POINT = "Point by a classmate, waiting for the teacher."
TEACHERS_POINT = "The teacher's point, added while the page was open."


# The maps are built once per module (a module-scoped fixture): pytest-xdist keeps the module on one worker.
pytestmark = pytest.mark.xdist_group("query-scale")


@dataclass
class World:
    """One size's maps and the people reading them."""

    class_map: Map
    public_map: Map
    teacher: object
    student: object
    second_student: object
    measures: list[Node]
    deep: Node  # the last statement of the last measure's tree: as deep as the map goes

    def node_count(self) -> int:
        return self.class_map.nodes.count()


def _generate(*, slug: str, measures: int, per_measure: int, classroom: Classroom | None = None) -> Map:
    """A map shaped as everywhere else (tests/generated.py), in the class when one is given."""
    return generated_map(slug=slug, measures=measures, per_measure=per_measure, classroom=classroom)


def _statement(map: Map, text: str) -> Node:
    return Node.objects.select_related("map").get(map=map, text=text)


def _world(label: str, teacher, classroom: Classroom, student, second_student) -> World:
    measures, per_measure = SIZES[label]
    key = label.split()[0].replace(",", "")
    class_map = _generate(slug=f"scale-{key}", measures=measures, per_measure=per_measure, classroom=classroom)
    public_map = _generate(slug=f"scale-public-{key}", measures=measures, per_measure=per_measure)
    class_map.owner = teacher
    class_map.save(update_fields=["owner"])
    measure_nodes = list(class_map.nodes.filter(kind=NodeKind.MEASURE).select_related("map").order_by("id"))

    # The per-person parts, the same at both sizes: votes, ratings, waiting points, a flag, a hidden statement.
    map_settings_update(map=class_map, by=teacher, ratings_open=True)
    vote_cast(voter=student, measure=measure_nodes[0], score=4)
    vote_cast(voter=student, measure=measure_nodes[1], score=2)
    vote_cast(voter=second_student, measure=measure_nodes[0], score=5)
    for rater, text, score in ((student, "0.1", 3), (student, "1.2", 5), (second_student, "0.1", 1)):
        rating_cast(rater=rater, node=_statement(class_map, f"Statement {text}"), score=score)
    flag_raise(node=_statement(class_map, "Statement 0.3"), by=second_student, reason="wrong")
    node_hide(node=_statement(class_map, "Statement 1.4"), by=teacher, reason="Off the point.")
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    deep = _statement(class_map, f"Statement {measures - 1}.{per_measure - 1}")
    for author, target, text in (
        (student, deep, MY_POINT),
        (second_student, _statement(class_map, "Measure 0"), CLASSMATES_POINT),
    ):
        contribution_create(author=author, target=target, kind=NodeKind.CLAIM, relation=Relation.SUPPORTS, text=text)
    class_map.refresh_from_db()
    # Read again, holding the map as it now is (pre-moderated, ratings open) for the tests' own votes.
    measure_nodes = list(class_map.nodes.filter(kind=NodeKind.MEASURE).select_related("map").order_by("id"))
    return World(class_map, public_map, teacher, student, second_student, measure_nodes, deep)


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker) -> Iterator[dict[str, World]]:
    """Both sizes' maps, built once for the module and rolled back after its last test."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            teacher = _teacher()
            classroom = classroom_create(teacher=teacher, name="Scale class")
            student = add_student(classroom, "Scale Student", "scale-student")
            second_student = add_student(classroom, "Scale Classmate", "scale-classmate")
            built = {label: _world(label, teacher, classroom, student, second_student) for label in SIZES}
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _teacher():
    return get_user_model().objects.create_user(
        username="scale-teacher", password="teach-pass-1", display_name="Scale Teacher", is_teacher=True
    )


def _client(world: World, viewer: str) -> Client:
    client = Client()
    if viewer != "visitor":
        client.force_login(getattr(world, viewer))
    return client


def _slug(world: World) -> dict[str, object]:
    return {"slug": world.class_map.slug}


@dataclass(frozen=True)
class Page:
    """A page read by one person: its URL name and arguments, and how the counted request is made."""

    name: str
    viewer: str
    kwargs: Callable[[World], dict[str, object]] = _slug
    query: str = ""
    # Runs before the counted request, reading the page once uncounted: the headers to send with the counted one.
    prepare: Callable[[World, Client, str], dict[str, str]] | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # What the counted answer must show, so the per-person parts are really on the page being counted.
    shows: tuple[str, ...] = ()
    # The most queries the page may take at any size (a little above what it takes now, on SQLite).
    budget: int = 15


def _changed_since_last_poll(world: World, client: Client, url: str) -> dict[str, str]:
    etag = client.get(url)["ETag"]
    vote_cast(voter=world.second_student, measure=world.measures[1], score=3)
    return {"If-None-Match": etag}


def _statement_added_since_last_poll(world: World, client: Client, url: str) -> dict[str, str]:
    etag = client.get(url)["ETag"]
    contribution_create(
        author=world.teacher,
        target=_statement(world.class_map, "Statement 0.1"),
        kind=NodeKind.CLAIM,
        relation=Relation.OPPOSES,
        text=TEACHERS_POINT,
    )
    return {"If-None-Match": etag}


def _unchanged_since_last_poll(world: World, client: Client, url: str) -> dict[str, str]:
    return {"If-None-Match": client.get(url)["ETag"]}


PAGES = {
    "map page as a student": Page("maps:detail", "student", shows=("Your vote: 4", "Your vote: 2")),
    "map page as the teacher": Page("maps:detail", "teacher", shows=("2 waiting", "1 flagged")),
    "public map page as a visitor": Page(
        "maps:detail",
        "visitor",
        kwargs=lambda world: {"slug": world.public_map.slug},
        shows=("Measure 0",),
        budget=5,
    ),
    "map page with every measure open": Page(
        "maps:detail", "student", query="?open=all", shows=(MY_POINT, "How convincing is this?")
    ),
    "map page with every measure open, as the teacher": Page(
        "maps:detail", "teacher", query="?open=all", shows=(MY_POINT, CLASSMATES_POINT)
    ),
    "live poll, map changed": Page(
        "maps:live", "student", prepare=_changed_since_last_poll, shows=("votes before the debate",)
    ),
    "live poll, a statement added": Page(
        "maps:live", "student", query="?open=all", prepare=_statement_added_since_last_poll, shows=("point, added",)
    ),
    # At most the session, the person, the map's revision and their membership; none when Redis answers it.
    "live poll, map unchanged": Page("maps:live", "student", prepare=_unchanged_since_last_poll, status=304, budget=4),
    "a statement deep in the tree": Page(
        "maps:node",
        "student",
        kwargs=lambda world: {"slug": world.class_map.slug, "node_id": world.deep.pk},
        shows=(MY_POINT,),
    ),
    "graph page": Page("maps:graph", "student", shows=("Statement 0.1",)),
    "graph live update": Page("maps:graph_live", "student", prepare=_changed_since_last_poll, shows=("Statement 0.1",)),
    "a statement deep in the tree, as the teacher": Page(
        "maps:node",
        "teacher",
        kwargs=lambda world: {"slug": world.class_map.slug, "node_id": world.deep.pk},
        shows=(MY_POINT,),
    ),
    "API map": Page("api:map", "student", shows=(MY_POINT,)),
    "API map as the teacher": Page("api:map", "teacher", shows=(MY_POINT, CLASSMATES_POINT)),
    "API statements list": Page("api:nodes", "student", shows=("Statement 0.1",)),
    "API statements found by words, strongest first": Page(
        "api:nodes", "student", query="?q=statement&sort=strongest", shows=("Statement 0.1",)
    ),
    "statements found by words": Page("maps:find", "student", query="?q=statement", shows=("Statement 0.1",)),
    "a statement in the graph's side panel": Page(
        "maps:graph_node",
        "student",
        kwargs=lambda world: {"slug": world.class_map.slug, "node_id": world.deep.pk},
        headers={"HX-Request": "true"},
        shows=(MY_POINT,),
    ),
    "the map as a CSV file": Page(
        "maps:download", "student", kwargs=lambda world: {"slug": world.class_map.slug, "format": "csv"}
    ),
    "participation": Page("moderation:participation", "teacher", shows=("Scale Classmate",)),
    "results as a student": Page("maps:results", "student", shows=("Measure 0",)),
    "results as the teacher": Page("maps:results", "teacher", shows=("Measure 0",)),
    "moderation queue": Page("moderation:queue", "teacher", shows=(MY_POINT, CLASSMATES_POINT, "Statement 0.3")),
}


def _queries(world: World, page: Page) -> list[str]:
    """The SQL of one reading of page on world's maps, after one uncounted reading (a page with its own
    preparation reads itself there), so nothing read once per process or once per revision of the map (a content
    type, a cache filling) is counted, at either size.
    """
    client = _client(world, page.viewer)
    url = reverse(page.name, kwargs=page.kwargs(world)) + page.query
    headers = page.prepare(world, client, url) if page.prepare else {}
    if not page.prepare:
        assert client.get(url, headers=page.headers).status_code == page.status
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers={**page.headers, **headers})
    assert response.status_code == page.status
    body = response.content.decode()
    missing = [text for text in page.shows if text not in body and text not in words(body)]
    assert not missing, f"{url} does not show {missing}"
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("title", PAGES)
def test_a_page_reads_in_the_same_few_queries_whatever_the_size_of_the_map(db, worlds, title, size, record_property):
    page = PAGES[title]
    # The small map first: at 2,000 nodes it is the count to match.
    small = _queries(worlds[SMALL], page)
    queries = small if size == SMALL else _queries(worlds[size], page)
    # In the JUnit XML report (--junitxml), for the table in docs/benchmarks.md.
    record_property("queries", len(queries))
    assert len(queries) <= page.budget, f"{title}: {len(queries)} queries, over its budget of {page.budget}"
    assert len(queries) == len(small), _repeated(small, queries)


def test_the_maps_are_of_the_sizes_named(db, worlds):
    assert {label: world.node_count() for label, world in worlds.items()} == {"40 nodes": 43, "2,000 nodes": 2003}


def _repeated(small: list[str], large: list[str]) -> str:
    """The statements the larger map ran more often, so a failure says which read repeats per node."""
    grown = Counter(sql[:160] for sql in large) - Counter(sql[:160] for sql in small)
    return f"{len(small)} queries at 40 nodes, {len(large)} at 2,000; more of: {dict(grown)}"
