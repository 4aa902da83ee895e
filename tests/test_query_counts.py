"""Every list page and list endpoint reads in the same number of queries whether its list is short or long."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from argmap.classrooms.models import Role
from argmap.classrooms.services import classroom_create, debate_start, membership_add
from argmap.curation.services import node_curate
from argmap.maps.models import Edge, Map, Node, NodeKind, Relation, Source, Visibility
from argmap.maps.services import Citation, contribution_create
from argmap.moderation.services import (
    flag_dismiss,
    flag_raise,
    map_settings_update,
    node_approve,
    node_hide,
    node_reject,
)
from argmap.votes.services import rating_cast, vote_cast

FEW, MORE = 2, 5


class Scene:
    """What a row builds on: the shared fixtures, made only when a row asks for them, and a counter that
    gives every item a row adds a name of its own.
    """

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request
        self._numbers = count(1)
        # The essay anchors that the "maps:essay" row took off and puts back, n at a time.
        self.essay_nodes: list[tuple[int, str, int, int]] = []

    def fixture(self, name: str):
        return self._request.getfixturevalue(name)

    def number(self) -> int:
        return next(self._numbers)


# What a row adds to its list: `n` more items, and for each, something that must then be on the page.
Grow = Callable[[Scene, int], list[str]]


def _pupil(scene: Scene, name: str):
    """A new student of the teacher's class."""
    user = get_user_model().objects.create_user(
        username=name.lower().replace(" ", "-"), password="learn-pass-1", display_name=name
    )
    membership_add(classroom=scene.fixture("classroom"), user=user, role=Role.STUDENT)
    return user


def _class_activity(scene: Scene, n: int) -> list[tuple[str, str]]:
    """n new students each cite a source under the measure, vote on it and flag the fixture student's
    point; (name, text) of each.
    """
    measure = scene.fixture("measure")
    flagged = scene.fixture("students_point")
    made = []
    for _ in range(n):
        number = scene.number()
        name, text = f"Pupil {number}", f"Contribution {number} from the class"
        pupil = _pupil(scene, name)
        contribution_create(
            author=pupil,
            target=measure,
            kind=NodeKind.EVIDENCE,
            relation=Relation.SUPPORTS,
            text=text,
            citation=Citation(title=f"Book {number}"),
            post_anyway=True,  # near copies of each other on purpose
        )
        vote_cast(voter=pupil, measure=measure, score=number % 5 + 1)
        flag_raise(node=flagged, by=pupil, reason="wrong")
        made.append((name, text))
    return made


def contributions(scene: Scene, n: int) -> list[str]:
    return [text for _, text in _class_activity(scene, n)]


def rated_contributions(scene: Scene, n: int) -> list[str]:
    """As contributions, with ratings on (issue 11) and each new point rated by the fixture student and by its
    classmates before it, so every card has a rating control and a distribution to show."""
    made = contributions(scene, n)
    points = list(Node.objects.filter(map=scene.fixture("class_map"), text__in=made))
    raters = [scene.fixture("student"), *get_user_model().objects.filter(display_name__startswith="Pupil ")[:3]]
    for point in points:
        for rater in raters:
            if rater.pk != point.author_id:
                rating_cast(rater=rater, node=point, score=point.pk % 5 + 1)
    return made


def _ratings_open(scene: Scene) -> None:
    map_settings_update(map=scene.fixture("class_map"), by=scene.fixture("teacher"), ratings_open=True)


def participants(scene: Scene, n: int) -> list[str]:
    return [name for name, _ in _class_activity(scene, n)]


def measures(scene: Scene, n: int) -> list[str]:
    """n more measures on the class map, each with the fixture student's vote."""
    class_map = scene.fixture("class_map")
    question = class_map.nodes.get(kind=NodeKind.QUESTION)
    texts = []
    for _ in range(n):
        text = f"Measure {scene.number()} of the generated list"
        measure = Node.objects.create(map=class_map, kind=NodeKind.MEASURE, text=text, topic="economic")
        Edge.objects.create(map=class_map, from_node=measure, to_node=question, relation=Relation.SUPPORTS)
        measure.map = class_map
        vote_cast(voter=scene.fixture("student"), measure=measure, score=3)
        texts.append(text)
    return texts


def _strip_essay_anchors(scene: Scene) -> None:
    """The class map with no statement quoting the essay yet: `essay_anchors` puts them back, n at a time."""
    nodes = scene.fixture("class_map").nodes.filter(essay_start__isnull=False).order_by("essay_start", "id")
    scene.essay_nodes = list(nodes.values_list("id", "essay_quote", "essay_start", "essay_end"))
    nodes.update(essay_quote="", essay_start=None, essay_end=None)


def essay_anchors(scene: Scene, n: int) -> list[str]:
    restored, scene.essay_nodes = scene.essay_nodes[:n], scene.essay_nodes[n:]
    for pk, quote, start, end in restored:
        Node.objects.filter(pk=pk).update(essay_quote=quote, essay_start=start, essay_end=end)
    return [f'id="passage-{pk}"' for pk, *_ in restored]


def _pre_moderated(scene: Scene) -> None:
    map_settings_update(map=scene.fixture("class_map"), by=scene.fixture("teacher"), moderation_mode="pre")


def queue_items(scene: Scene, n: int) -> list[str]:
    """For each of n new students: a cited point still waiting, one approved and flagged, one rejected."""
    teacher, measure = scene.fixture("teacher"), scene.fixture("measure")
    texts = []
    for _ in range(n):
        number = scene.number()
        pupil = _pupil(scene, f"Pupil {number}")
        waiting, flagged, rejected = (f"{state} point {number}" for state in ("Waiting", "Flagged", "Rejected"))
        for text in (waiting, flagged, rejected):
            contribution_create(
                author=pupil,
                target=measure,
                kind=NodeKind.EVIDENCE,
                relation=Relation.SUPPORTS,
                text=text,
                citation=Citation(title=f"Book {text}"),
                post_anyway=True,  # near copies of each other on purpose
            )
        node_approve(node=_node(flagged), by=teacher)
        flag_raise(node=_node(flagged), by=scene.fixture("student"), reason="unkind", note=f"Note {number}")
        node_reject(node=_node(rejected), by=teacher, reason=f"Reason {number}")
        texts += [waiting, flagged, rejected]
    return texts


def _node(text: str) -> Node:
    return Node.objects.select_related("map").get(text=text)


def audit_entries(scene: Scene, n: int) -> list[str]:
    """n students' points hidden by the teacher, each with its reason."""
    reasons = []
    for _ in range(n):
        number = scene.number()
        point = contribution_create(
            author=_pupil(scene, f"Pupil {number}"),
            target=scene.fixture("measure"),
            kind=NodeKind.CLAIM,
            relation=Relation.OPPOSES,
            text=f"Point {number} to hide",
            post_anyway=True,  # near copies of each other on purpose
        )
        reasons.append(f"Reason {number} for hiding")
        node_hide(node=point, by=scene.fixture("teacher"), reason=reasons[-1])
    return reasons


def maps(scene: Scene, n: int) -> list[str]:
    """n public maps and n maps of the teacher's class, each with a question and a measure."""
    titles = []
    for _ in range(n):
        number = scene.number()
        for visibility, classroom in ((Visibility.PUBLIC, None), (Visibility.CLASS, scene.fixture("classroom"))):
            title = f"{visibility.label} map {number}"
            _map_with_a_measure(slug=f"{visibility}-{number}", title=title, visibility=visibility, classroom=classroom)
            titles.append(title)
    return titles


def _map_with_a_measure(**fields) -> Map:
    map = Map.objects.create(question="Was it worth it?", **fields)
    question = Node.objects.create(map=map, kind=NodeKind.QUESTION, text=map.question)
    measure = Node.objects.create(map=map, kind=NodeKind.MEASURE, text="A measure", topic="political")
    Edge.objects.create(map=map, from_node=measure, to_node=question, relation=Relation.SUPPORTS)
    return map


def classes(scene: Scene, n: int) -> list[str]:
    """n more classes of the teacher, each with the fixture student, a new one and a debate."""
    teacher, student = scene.fixture("teacher"), scene.fixture("student")
    names = []
    for _ in range(n):
        number = scene.number()
        classroom = classroom_create(teacher=teacher, name=f"Class {number}")
        membership_add(classroom=classroom, user=student, role=Role.STUDENT)
        newcomer = get_user_model().objects.create_user(username=f"newcomer-{number}", display_name="Newcomer")
        membership_add(classroom=classroom, user=newcomer, role=Role.STUDENT)
        _map_with_a_measure(slug=f"debate-{number}", title="Debate", visibility=Visibility.CLASS, classroom=classroom)
        names.append(classroom.name)
    return names


def class_members(scene: Scene, n: int) -> list[str]:
    """n new students in the teacher's class, and n debates of it."""
    shown = []
    for _ in range(n):
        number = scene.number()
        shown.append(_pupil(scene, f"Pupil {number}").name)
        slug = f"debate-{number}"
        _map_with_a_measure(
            slug=slug, title="Debate", visibility=Visibility.CLASS, classroom=scene.fixture("classroom")
        )
        shown.append(slug)
    return shown


def evidence_to_review(scene: Scene, n: int) -> list[str]:
    """n pieces of evidence without a source on the public essay map, each flagged as wrong in the class's
    copy, and n sources in the library (the page offers them; the API lists only the evidence).
    """
    essay_map, class_map = scene.fixture("essay_map"), scene.fixture("class_map")
    measure = scene.fixture("measure")
    shown = []
    for _ in range(n):
        number = scene.number()
        text = f"Evidence {number} to review"
        evidence = Node.objects.create(map=essay_map, kind=NodeKind.EVIDENCE, text=text)
        Edge.objects.create(map=essay_map, from_node=evidence, to_node=measure.origin, relation=Relation.SUPPORTS)
        copy = Node.objects.create(map=class_map, kind=NodeKind.EVIDENCE, text=text, origin=evidence)
        Edge.objects.create(map=class_map, from_node=copy, to_node=measure, relation=Relation.SUPPORTS)
        copy.map = class_map
        flag_raise(node=copy, by=scene.fixture("student"), reason="wrong")
        Source.objects.create(title=f"Library book {number}")
        shown.append(text)
    return shown


def sources(scene: Scene, n: int) -> list[str]:
    """n sources in the library, each cited by a statement."""
    essay_map = scene.fixture("essay_map")
    titles = []
    for _ in range(n):
        title = f"Library book {scene.number()}"
        Node.objects.create(
            map=essay_map, kind=NodeKind.EVIDENCE, text=title, source=Source.objects.create(title=title)
        )
        titles.append(title)
    return titles


def news(scene: Scene, n: int) -> list[str]:
    """n more notifications for the fixture student: a new classmate replies to her point and flags it, and the
    teacher keeps it (the flag dismissed)."""
    point, teacher = scene.fixture("students_point"), scene.fixture("teacher")
    texts = []
    for _ in range(n):
        number = scene.number()
        pupil, text = _pupil(scene, f"Pupil {number}"), f"Reply {number} to the student"
        contribution_create(
            author=pupil, target=point, kind=NodeKind.CLAIM, relation=Relation.SUPPORTS, text=text, post_anyway=True
        )
        flag_dismiss(flag=flag_raise(node=point, by=pupil, reason="wrong"), by=teacher)
        texts.append(text)
    return texts


@pytest.fixture
def students_point(measure, student) -> Node:
    """A visible point of the fixture student, that classmates flag."""
    return contribution_create(
        author=student, target=measure, kind=NodeKind.CLAIM, relation=Relation.OPPOSES, text="Too dry to farm."
    )


def _class_map(scene: Scene) -> dict[str, object]:
    return {"slug": scene.fixture("class_map").slug}


def _measure(scene: Scene) -> dict[str, object]:
    return {"slug": scene.fixture("class_map").slug, "node_id": scene.fixture("measure").pk}


def _class_map_csv(scene: Scene) -> dict[str, object]:
    return {"slug": scene.fixture("class_map").slug, "format": "csv"}


def _class_map_csv_api(scene: Scene) -> dict[str, object]:
    return {"slug": scene.fixture("class_map").slug, "file_format": "csv"}


def _classroom(scene: Scene) -> dict[str, object]:
    return {"classroom_id": scene.fixture("classroom").pk}


def _nothing(scene: Scene) -> dict[str, object]:
    return {}


@dataclass(frozen=True)
class Route:
    kwargs: Callable[[Scene], dict[str, object]]
    grow: Grow
    viewers: tuple[str, ...]
    query: str = ""
    setup: Callable[[Scene], None] | None = None


# Keyed by URL name: every page and endpoint that shows a list, and what makes its list longer.
ROUTES: dict[str, Route] = {
    "maps:list": Route(_nothing, maps, viewers=("student", "teacher", "admin")),
    "maps:detail": Route(
        _class_map, rated_contributions, viewers=("student", "teacher"), query="?open=all", setup=_ratings_open
    ),
    "maps:live": Route(_class_map, contributions, viewers=("student", "teacher"), query="?open=all"),
    "maps:node": Route(_measure, rated_contributions, viewers=("student", "teacher"), setup=_ratings_open),
    "maps:find": Route(_class_map, contributions, viewers=("student", "teacher"), query="?q=contribution+class"),
    "maps:download": Route(_class_map_csv, contributions, viewers=("student", "teacher")),
    "maps:essay": Route(_class_map, essay_anchors, viewers=("student",), setup=_strip_essay_anchors),
    "maps:results": Route(_class_map, measures, viewers=("student", "teacher")),
    "maps:graph": Route(_class_map, contributions, viewers=("student", "teacher")),
    "maps:graph_live": Route(_class_map, contributions, viewers=("student",)),
    "maps:graph_svg": Route(_class_map, contributions, viewers=("student",)),
    "api:graph_svg": Route(_class_map, contributions, viewers=("teacher",)),
    "moderation:pick": Route(_measure, contributions, viewers=("teacher",), query="?for=move&q=contribution+class"),
    "moderation:queue": Route(_class_map, queue_items, viewers=("teacher",), setup=_pre_moderated),
    "moderation:live": Route(_class_map, queue_items, viewers=("teacher",), query="?queue=1", setup=_pre_moderated),
    "moderation:audit": Route(_class_map, audit_entries, viewers=("teacher",)),
    "moderation:participation": Route(_class_map, participants, viewers=("teacher",)),
    "moderation:participation_csv": Route(_class_map, participants, viewers=("teacher",)),
    "classrooms:list": Route(_nothing, classes, viewers=("teacher", "student")),
    "classrooms:detail": Route(_classroom, class_members, viewers=("teacher",)),
    "curation:list": Route(_nothing, evidence_to_review, viewers=("admin",)),
    "api:maps": Route(_nothing, maps, viewers=("student", "teacher", "admin")),
    "api:map": Route(_class_map, contributions, viewers=("student", "teacher")),
    "api:download": Route(_class_map_csv_api, contributions, viewers=("student",)),
    "api:nodes": Route(_class_map, contributions, viewers=("student",), query="?q=contribution&sort=newest"),
    "api:results": Route(_class_map, measures, viewers=("student", "teacher")),
    "api:ratings": Route(_class_map, rated_contributions, viewers=("student", "teacher"), setup=_ratings_open),
    "api:queue": Route(_class_map, queue_items, viewers=("teacher",), setup=_pre_moderated),
    "api:audit": Route(_class_map, audit_entries, viewers=("teacher",)),
    "api:participation": Route(_class_map, participants, viewers=("teacher",)),
    "api:curation": Route(_nothing, evidence_to_review, viewers=("admin",)),
    "api:sources": Route(_nothing, sources, viewers=("admin",)),
    "api:classes": Route(_nothing, classes, viewers=("teacher", "student")),
    "api:class": Route(_classroom, class_members, viewers=("teacher",)),
    "notifications:list": Route(_nothing, news, viewers=("student",)),
    "api:notifications": Route(_nothing, news, viewers=("student",)),
}

CASES = [
    pytest.param(name, viewer, id=f"{name} as {viewer}") for name, route in ROUTES.items() for viewer in route.viewers
]


def _read(client, url: str, expected: list[str]) -> list[str]:
    """The SQL of one request for url, after checking that the page shows every expected item."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    missing = [item for item in expected if item not in body and escape(item) not in body]
    assert not missing, f"{url} does not show {missing}"
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(("name", "viewer"), CASES)
def test_the_list_is_read_in_the_same_number_of_queries_however_long_it_is(db, request, client, name, viewer):
    route = ROUTES[name]
    scene = Scene(request)
    if route.setup:
        route.setup(scene)
    client.force_login(scene.fixture(viewer))
    url = reverse(name, kwargs=route.kwargs(scene)) + route.query
    few = route.grow(scene, FEW)
    client.get(url)  # once first, so nothing read once per process (a cache filling) is counted
    short = _read(client, url, few)
    more = route.grow(scene, MORE)
    long = _read(client, url, few + more)
    assert len(long) == len(short), _repeated(short, long)


def _repeated(short: list[str], long: list[str]) -> str:
    """The statements the longer list ran more often, so a failure says which read repeats per item."""
    shape = Counter(sql[:120] for sql in short)
    grown = Counter(sql[:120] for sql in long) - shape
    return f"{len(short)} queries for {FEW} items, {len(long)} for {FEW + MORE}; more of: {dict(grown)}"


def test_a_verdict_bumps_every_map_holding_the_statement_in_one_update(admin, teacher, classroom, essay_map):
    """However many classes copied a statement, its verdict touches their maps in one UPDATE, each once."""
    statements = iter(Node.objects.filter(map=essay_map, kind=NodeKind.EVIDENCE).order_by("id"))
    holders = Map.objects.filter(Q(pk=essay_map.pk) | Q(copied_from=essay_map))

    def curate() -> list[str]:
        before = dict(holders.values_list("pk", "revision"))
        with CaptureQueriesContext(connection) as queries:
            node_curate(node=next(statements), by=admin, status="verified")
        assert dict(holders.values_list("pk", "revision")) == {pk: revision + 1 for pk, revision in before.items()}
        return [query["sql"] for query in queries.captured_queries]

    debate_start(classroom=classroom, by=teacher, source=essay_map)
    one_copy = curate()
    for number in range(3):
        debate_start(classroom=classroom, by=teacher, source=essay_map, title=f"Debate {number}")
    assert holders.count() == 5
    four_copies = curate()
    assert len(four_copies) == len(one_copy)
    assert sum(sql.startswith('UPDATE "maps_map"') for sql in four_copies) == 1
