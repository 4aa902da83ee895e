"""Hostile query parameters on every page and endpoint, as every kind of person: never a 500.

The routes come from the URL resolver and the parameter names from the code (every `GET.get("…")` and
`query_params.get("…")`), so a new page or a new parameter is swept without touching this file; a new kind
of URL argument fails the sweep until it has a real value below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib import admin as django_admin
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from argmap.common import IdConverter
from argmap.interchange.services import import_preview
from argmap.maps.models import NodeKind, Source
from argmap.maps.services import contribution_create
from argmap.moderation.services import flag_raise

HOSTILE = [
    "²",  # a digit to str.isdigit(), which int() refuses
    "٣",  # an Arabic-Indic three, which int() reads
    "99999999999999999999",  # past any database's integers
    "9" * 5000,  # past Python's limit for turning text into an int
    "",
    "-1",
    "1.5",
    "\x00",
    "1,²,-1,99999999999999999999,",
]
ARGMAP = Path(__file__).resolve().parent.parent / "argmap"
READS = re.compile(r"""(?:GET|query_params)\.(?:get|getlist)\(\s*["'](\w+)["']""")
# Parameters Django's admin reads on its lists: search, ordering, page, the error flag, filters.
ADMIN_PARAMETERS = ["q", "o", "p", "e", "all", "_changelist_filters", "_popup", "_to_field"]


def parameter_names() -> list[str]:
    names = {name for path in ARGMAP.rglob("*.py") for name in READS.findall(path.read_text(encoding="utf-8"))}
    assert {"open", "node", "filter", "next", "code"} <= names  # the scan still finds what the pages read
    return sorted(names)


def routes() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern

    for route, pattern in walk(get_resolver().url_patterns, ""):
        if not route.startswith(("admin/", "^api/")) and route != "favicon.ico":
            yield route, pattern


@pytest.fixture
def scene(classroom, class_map, essay_map, teacher, student, second_student, admin):
    """Real things for every URL argument: the class's map for its members, the public map for a visitor."""
    admin.is_superuser = True
    admin.save()
    measure = class_map.nodes.filter(kind=NodeKind.MEASURE).earliest("pk")
    point = contribution_create(
        author=student, target=measure, kind=NodeKind.CLAIM, relation="opposes", text="Dust storms ruined it."
    )
    flag = flag_raise(node=point, by=second_student, reason="unkind")
    public_measure = essay_map.nodes.filter(kind=NodeKind.MEASURE).earliest("pk")
    draft = import_preview(by=teacher, text="1. A thesis\n1.1. Pro: A reason", format="kialo", classroom=classroom)
    members = {
        "slug": class_map.slug,
        "node_id": measure.pk,
        "classroom_id": classroom.pk,
        "user_id": student.pk,
        "flag_id": flag.pk,
        "source_id": Source.objects.earliest("pk").pk,
        "action": "approve",
        "token_key": "nothing",
        "key": "a1",  # a notification's key
        "format": "csv",  # a map's download
        "file_format": "csv",  # the same through the API
        "draft_id": draft.draft.pk,  # a file the teacher sent for import
    }
    return {
        "visitor": (None, {**members, "slug": essay_map.slug, "node_id": public_measure.pk}),
        "student": (student, members),
        "teacher": (teacher, members),
        "admin": (admin, members),
    }


def url_for(route: str, pattern: URLPattern, values: dict[str, object]) -> str:
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"{route}: give the sweep a real value for {', '.join(sorted(missing))}"
    path = route
    for name in pattern.pattern.converters:
        path = re.sub(rf"<\w+:{name}>", str(values[name]), path)
    return "/" + path


@pytest.fixture
def reads(monkeypatch) -> set[str]:
    """The query parameter names the views read, as they read them (get, getlist, [ ])."""
    names: set[str] = set()
    for method in ("get", "getlist", "__getitem__"):
        original = getattr(QueryDict, method)

        def recording(self, key, *args, _original=original, **kwargs):
            names.add(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryDict, method, recording)
    return names


def swept(client: Client, url: str, names: list[str], reads: set[str]) -> list[str]:
    """GET the url with each hostile value in every parameter it reads, and with them repeated; what 500s.

    A first request with every name tells which ones the page reads; a page that reads none gets one
    hostile request, not a dozen.
    """
    reads.clear()
    if client.get(url, dict.fromkeys(names, "1")).status_code == 405:
        return []  # a form's target: it reads no query parameter
    read = sorted(reads & set(names))
    queries = [dict.fromkeys(read or names, value) for value in (HOSTILE if read else HOSTILE[:1])]
    queries.append({name: ["1", "²", "99999999999999999999"] for name in read or names})
    failures = []
    for query in queries:
        response = client.get(url, query)
        if response.status_code >= 500:
            failures.append(f"{url} {query!r:.80}: {response.status_code}")
        elif (
            url.startswith("/api/")
            and not url.startswith(("/api/schema/", "/api/docs/"))
            # A download answers its file (CSV, Argdown…, the graph's SVG); a refusal there is JSON like any other.
            and not (("/download/" in url or url.endswith(".svg")) and response.status_code == 200)
        ):
            assert response["Content-Type"].startswith("application/json"), url
    # Bytes that are not UTF-8 and a lone %, as a browser would never send them.
    response = client.generic("GET", url, QUERY_STRING="open=%ff%fe&node=%&filter=%C2")
    if response.status_code >= 500:
        failures.append(f"{url} raw bytes: {response.status_code}")
    return failures


@pytest.mark.parametrize("person", ["visitor", "student", "teacher", "admin"])
def test_no_page_or_endpoint_answers_500_to_hostile_query_parameters(scene, reads, person):
    user, values = scene[person]
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    names = parameter_names()
    failures = []
    for route, pattern in routes():
        failures += swept(client, url_for(route, pattern, values), names, reads)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("person", ["student", "teacher"])
def test_no_form_answers_500_to_hostile_fields(scene, reads, person):
    """Every page that takes a POST, with each hostile value in every field it reads (an empty post tells which)."""
    user, values = scene[person]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    failures = []
    for route, pattern in routes():
        url = url_for(route, pattern, values)
        if url.startswith("/api/") or route.startswith("accounts/logout"):
            continue  # the API's bodies are JSON (tests/test_api_errors.py, schemathesis); signing out ends the sweep
        reads.clear()
        if client.post(url, {}).status_code == 405:
            continue
        names = sorted(reads - {"next"}) or ["nodes"]
        for value in HOSTILE:
            response = client.post(url, {name: value for name in names})
            if response.status_code >= 500:
                failures.append(f"POST {url} {names} = {value!r:.40}: {response.status_code}")
        response = client.post(url, {name: ["1", "²", "99999999999999999999"] for name in names})
        if response.status_code >= 500:
            failures.append(f"POST {url} {names} repeated: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_sweep_finds_the_parameters_a_page_reads(scene, reads):
    user, values = scene["teacher"]
    client = Client()
    client.force_login(user)
    client.get(f"/maps/{values['slug']}/essay/", {"node": "1", "unrelated": "1"})
    assert "node" in reads
    assert "unrelated" not in reads


def test_no_admin_page_answers_500_to_hostile_query_parameters(scene, reads):
    user, _ = scene["admin"]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    failures = []
    for model, model_admin in django_admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        failures += swept(client, base, ADMIN_PARAMETERS + _filter_parameters(model_admin), reads)
        first = model_admin.get_queryset(_request(user)).order_by("pk").first()
        for object_id in [*(first.pk for _ in [0] if first), "99999999999999999999", "²", "-1"]:
            failures += swept(client, f"{base}{object_id}/change/", ["_changelist_filters", "_popup"], reads)
    assert not failures, "\n".join(failures)


def test_every_address_with_an_id_takes_it_through_the_bounded_converter():
    # Django's <int:…> takes any number of digits, and a number past the database's range was a 500.
    for route, pattern in routes():
        for name, converter in pattern.pattern.converters.items():
            if name.endswith("_id"):
                assert isinstance(converter, IdConverter), f"{route}: use <id:{name}>, not another converter"


def _filter_parameters(model_admin) -> list[str]:
    """The query parameters of a list's filters: `status__exact`, `map__id__exact`, `has_source`…"""
    names = []
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            names += [f"{entry}__exact", f"{entry}__id__exact", f"{entry}__isnull"]
        elif hasattr(entry, "parameter_name"):
            names.append(entry.parameter_name)
    return names


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request
