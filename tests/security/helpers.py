"""What the route matrix runs on: every URL of the site, the people who knock, the objects the URLs name, and
the outcome classes an answer falls into.

The table itself (route → who gets what) lives in test_route_matrix.py; this module only builds and sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from argmap.classrooms.models import Classroom
from argmap.curation.models import CurationRecord
from argmap.curation.services import node_curate, source_save
from argmap.maps.models import Edge, Map, Node, NodeKind, Source
from argmap.maps.services import contribution_create
from argmap.moderation.models import Flag
from argmap.moderation.services import flag_raise, map_settings_update, node_hide

JSON = "application/json"

# The people who knock, in the order the failure reports list them.
ROLES = ("visitor", "student", "other_student", "teacher", "other_teacher", "staff", "superuser")
ROLE_WORDS = {
    "visitor": "a visitor (signed out)",
    "student": "a student of the class",
    "other_student": "a student of another class",
    "teacher": "the class's teacher",
    "other_teacher": "another class's teacher",
    "staff": "a staff admin (curator)",
    "superuser": "a superuser (the seeded admin)",
}

# Outcome classes. Each expected outcome is one of these; `matches` says whether an answer falls in it.
OK = "200"
SIGN_IN = "redirect to sign in"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
REDIRECT = "redirect elsewhere"
# Got past the door: the view's own work answered (200, 201, 204), refused the empty or minimal input (400, 422),
# or redirected back with a message (a page's usual answer to a form). Used for writes, where who gets in matters,
# not what the empty form says.
IN = "in (2xx, 400, 422 or a redirect back)"

REDIRECTS = {301, 302, 303, 307, 308}
SIGN_IN_PATHS = {reverse(settings.LOGIN_URL), reverse("admin:login")}


def answer_class(response: HttpResponse) -> str:
    """The outcome class of an answer, with a redirect split by where it goes."""
    if response.status_code in REDIRECTS:
        return SIGN_IN if urlsplit(response["Location"]).path in SIGN_IN_PATHS else REDIRECT
    return str(response.status_code)


def matches(expected: str, response: HttpResponse) -> bool:
    got = answer_class(response)
    if expected == IN:
        return got == REDIRECT or response.status_code in (200, 201, 204, 400, 422)
    return got == expected


def describe(response: HttpResponse) -> str:
    """An answer in a few words: its status, and where a redirect goes."""
    if response.status_code in REDIRECTS:
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


# Every URL pattern of the site.


@dataclass(frozen=True)
class Route:
    key: str  # the URL name ("maps:detail"), or the pattern itself for the few unnamed ones
    pattern: str  # the full pattern, from the root ("maps/<slug:slug>/")
    kwargs: tuple[str, ...]  # the names the pattern captures
    callback: Callable[..., Any]
    named: bool

    @property
    def is_api(self) -> bool:
        return self.key.startswith("api:")

    def url(self, values: dict[str, object]) -> str:
        missing = [name for name in self.kwargs if name not in values]
        assert not missing, f"{self.key}: the scene gives no value for {missing}"
        kwargs = {name: values[name] for name in self.kwargs}
        if self.named:
            return reverse(self.key, kwargs=kwargs)
        return "/" + _fill(self.pattern, kwargs)


def _fill(pattern: str, kwargs: dict[str, object]) -> str:
    """An unnamed pattern's URL: each <converter:name> or (?P<name>…) replaced by its value."""
    filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern)
    filled = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), filled)
    return filled.replace("^", "").replace("$", "")


def site_routes() -> dict[str, Route]:
    """Every URL pattern the site answers, the API's and the admin's included, keyed by name."""
    routes: dict[str, Route] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
                walk(entry, prefix + str(entry.pattern), inner)
                continue
            assert isinstance(entry, URLPattern)
            pattern = prefix + str(entry.pattern)
            key = f"{namespace}:{entry.name}" if entry.name and namespace else entry.name or pattern
            names = tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern) + re.findall(r"\(\?P<(\w+)>", pattern))
            assert key not in routes, f"two patterns share the name {key}"
            routes[key] = Route(key=key, pattern=pattern, kwargs=names, callback=entry.callback, named=bool(entry.name))

    walk(get_resolver(), "", "")
    return routes


def api_methods(route: Route) -> set[str]:
    """The methods an API view answers (those it defines a handler for)."""
    view = route.callback.view_class
    return {method.upper() for method in ("get", "post", "put", "patch", "delete") if hasattr(view, method)}


# The objects the URLs name.


@dataclass
class World:
    """The people and objects of one test: a class's map with a classmate's point, pending and hidden points,
    a flag, a public map, a library source, a curation record; ids for every kind of URL."""

    people: dict[str, Any]
    class_map: Map
    essay_map: Map
    classroom: Classroom
    other_classroom: Classroom
    measure: Node
    other_measure: Node
    point: Node  # a classmate's visible claim under the measure (written by the second student)
    second_point: Node  # another of the classmate's claims, the duplicate a merge would fold in
    pending: Node  # a classmate's claim waiting for approval
    hidden: Node  # a classmate's claim the teacher hid
    flag: Flag  # raised by the student on the classmate's point
    public_measure: Node
    public_other_measure: Node
    public_point: Node  # a claim of the public essay map
    source: Source
    record: CurationRecord
    group: Group
    edge: Edge
    other_student: Any
    student: Any


def build_world(
    *,
    teacher,
    other_teacher,
    student,
    second_student,
    outsider,
    admin,
    superuser,
    classroom,
    other_classroom,
    class_map,
    essay_map,
) -> World:
    measure = class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    other_measure = class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="maize")

    def claim(text: str) -> Node:
        return contribution_create(author=second_student, target=measure, kind="claim", relation="opposes", text=text)

    point = claim("Dust storms ruined the new farms.")
    second_point = claim("The dust storms wrecked the farms on the new land.")
    hidden = claim("Nobody wanted to go to Kazakhstan.")
    node_hide(node=hidden, by=teacher, reason="Not about the measure")
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    pending = claim("The harvests of 1956 were the best ever.")
    map_settings_update(map=class_map, by=teacher, moderation_mode="open")
    flag = flag_raise(node=point, by=student, reason="unkind", note="")

    public_claim = essay_map.nodes.filter(kind=NodeKind.CLAIM, origin__isnull=True).order_by("pk").first()
    source = source_save(by=admin, title="Khrushchev Remembers", author="Nikita Khrushchev", year=1970)
    node_curate(node=public_claim, by=admin, status="verified", note="Matches the speech.")
    return World(
        people={
            "visitor": None,
            "student": student,
            "other_student": outsider,
            "teacher": teacher,
            "other_teacher": other_teacher,
            "staff": admin,
            "superuser": superuser,
        },
        class_map=class_map,
        essay_map=essay_map,
        classroom=classroom,
        other_classroom=other_classroom,
        measure=measure,
        other_measure=other_measure,
        point=point,
        second_point=second_point,
        pending=pending,
        hidden=hidden,
        flag=flag,
        public_measure=essay_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands"),
        public_other_measure=essay_map.nodes.get(kind=NodeKind.MEASURE, text__contains="maize"),
        public_point=public_claim,
        source=source,
        record=CurationRecord.objects.filter(node=public_claim).latest("pk"),
        group=Group.objects.create(name="Curators"),
        edge=Edge.objects.get(from_node=point, to_node=measure),
        other_student=outsider,
        student=student,
    )


def admin_object_ids(world: World) -> dict[str, object]:
    """The object each model admin's change, delete and history pages show, by its URL-name prefix."""
    return {
        "auth_group": world.group.pk,
        "accounts_user": world.student.pk,
        "maps_map": world.class_map.pk,
        "maps_node": world.point.pk,
        "maps_edge": world.edge.pk,
        "classrooms_classroom": world.classroom.pk,
        "maps_source": world.source.pk,
        "curation_evidencenode": world.public_point.pk,
        "curation_curationrecord": world.record.pk,
    }


# Sending.


class Knocker:
    """Sends one request as one role, each from the same starting state: every request runs in a savepoint that
    is rolled back, with an empty cache, from a client carrying that role's session cookie (so signing out in
    one request does not sign out the next)."""

    def __init__(self, world: World) -> None:
        self.cookies: dict[str, dict[str, str]] = {}
        for role, person in world.people.items():
            client = Client()
            if person is not None:
                client.force_login(person)
            self.cookies[role] = {name: morsel.value for name, morsel in client.cookies.items()}

    def send(self, role: str, method: str, url: str, data: dict | None, *, as_json: bool) -> HttpResponse:
        client = Client(raise_request_exception=False)  # a crash is an answer to report, not an error of the test
        client.cookies = SimpleCookie(self.cookies[role])
        send = getattr(client, method.lower())
        with transaction.atomic():
            cache.clear()
            if as_json:
                response = send(url, data or {}, content_type=JSON)
            elif method in ("GET", "POST"):
                response = send(url, data or {})
            else:
                response = send(url)
            transaction.set_rollback(True)
        return response


def each_role(expectations: dict[str, str]) -> Iterator[tuple[str, str]]:
    for role in ROLES:
        yield role, expectations[role]
