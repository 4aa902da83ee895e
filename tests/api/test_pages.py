"""Every API list comes a page at a time in one shape, a bad page is a 400 a student can read, and a page
costs the same queries however long the list is."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.maps.models import Map, Node, NodeKind, Relation, Status, Visibility
from argmap.maps.services import contribution_create
from argmap.moderation.models import AuditAction, AuditEntry
from argmap.moderation.services import node_approve, node_hide
from tests.api.helpers import api


def _maps(count: int) -> None:
    Map.objects.bulk_create(
        Map(slug=f"map-{number:03}", title=f"Map {number:03}", question="Why?", visibility=Visibility.PUBLIC)
        for number in range(count)
    )


def _audit(map: Map, teacher, count: int) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(map=map, actor=teacher, action=AuditAction.SETTINGS, reason=f"Reason {number}")
        for number in range(count)
    )


def _points(student, measure: Node, count: int, *, start: int = 0) -> list[Node]:
    return [
        contribution_create(
            author=student,
            target=measure,
            kind=NodeKind.CLAIM,
            relation=Relation.OPPOSES,
            text=f"Point number {number} about the harvest.",
            post_anyway=True,
        )
        for number in range(start, start + count)
    ]


def test_a_list_answers_its_first_page_with_the_count_and_the_way_on(client, db):
    _maps(60)
    listed = Map.objects.filter(visibility=Visibility.PUBLIC).count()
    body = client.get("/api/maps/").json()
    assert body["count"] == listed
    assert len(body["results"]) == 50
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/maps/?page=2"
    second = client.get(body["next"]).json()
    assert second["previous"] == "http://testserver/api/maps/"
    assert second["next"] is None
    slugs = [entry["slug"] for entry in body["results"] + second["results"]]
    assert len(slugs) == len(set(slugs)) == listed  # every map once, on one page or the other
    titles = [entry["title"] for entry in body["results"] + second["results"]]
    assert titles == sorted(titles)


def test_page_size_picks_how_many_and_the_links_keep_it_and_the_other_parameters(client, db, measure, student):
    _points(student, measure, 5)
    client.force_login(student)
    url = api(measure.map, "nodes/?sort=newest&page_size=2")
    first = client.get(url).json()
    assert [node["text"] for node in first["results"]] == [
        "Point number 4 about the harvest.",
        "Point number 3 about the harvest.",
    ]
    for part in ("sort=newest", "page_size=2", "page=2"):
        assert part in first["next"]
    second = client.get(first["next"]).json()
    assert [node["text"] for node in second["results"]][:2] == [
        "Point number 2 about the harvest.",
        "Point number 1 about the harvest.",
    ]
    assert second["count"] == first["count"]


def test_a_search_is_no_longer_cut_at_fifty_the_pages_hold_every_match(client, db, measure, student):
    _points(student, measure, 55)
    client.force_login(student)
    first = client.get(api(measure.map, "nodes/?q=harvest+number")).json()
    assert first["count"] == 55
    second = client.get(first["next"]).json()
    texts = {node["text"] for node in first["results"] + second["results"]}
    assert len(texts) == 55


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=0", "page", "Choose a page by its number: a whole number, 1 for the first page."),
        ("page=two", "page", "Choose a page by its number: a whole number, 1 for the first page."),
        ("page=-1", "page", "Choose a page by its number: a whole number, 1 for the first page."),
        ("page=2", "page", "There is no page 2: everything fits on page 1."),
        ("page=" + "9" * 5000, "page", "There is no such page: everything fits on page 1."),
        ("page_size=0", "page_size", "Choose how many to show on a page: a whole number from 1 to 200."),
        ("page_size=201", "page_size", "Choose how many to show on a page: a whole number from 1 to 200."),
        ("page_size=ten", "page_size", "Choose how many to show on a page: a whole number from 1 to 200."),
    ],
)
def test_a_bad_page_is_a_400_with_the_reason_under_its_name(client, teacher, classroom, query, field, message):
    client.force_login(teacher)
    response = client.get(f"/api/classes/?{query}")
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_a_bad_page_and_a_bad_size_are_told_together(client, teacher, classroom):
    client.force_login(teacher)
    response = client.get("/api/classes/?page=x&page_size=x")
    assert response.status_code == 400
    assert set(response.json()) == {"page", "page_size"}


def test_past_the_last_page_names_it(client, class_map, teacher):
    _audit(class_map, teacher, 7)
    client.force_login(teacher)
    response = client.get(api(class_map, "audit/?page_size=3&page=4"))
    assert response.status_code == 400
    assert response.json() == {"page": ["There is no page 4: the last page is 3."]}
    last = client.get(api(class_map, "audit/?page_size=3&page=3")).json()
    assert [entry["reason"] for entry in last["results"]] == ["Reason 0"]  # the oldest, on the last page


def test_an_empty_list_has_a_first_page(client, teacher):
    client.force_login(teacher)
    assert client.get("/api/classes/").json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_the_queue_is_one_list_with_its_counts_and_one_part_on_request(client, class_map, measure, student, teacher):
    Map.objects.filter(pk=class_map.pk).update(moderation_mode="pre")
    waiting, hidden = _points(student, measure, 2)
    Node.objects.filter(pk=waiting.pk).update(status=Status.PENDING)
    Node.objects.filter(pk=hidden.pk).update(status=Status.PENDING)
    hidden.refresh_from_db()
    node_hide(node=hidden, by=teacher, reason="Unkind")
    client.force_login(teacher)
    body = client.get(api(class_map, "moderation/")).json()
    assert body["counts"] == {"pending": 1, "flagged": 0}
    assert [(item["queue"], item["id"]) for item in body["results"]] == [("pending", waiting.pk), ("hidden", hidden.pk)]
    only = client.get(api(class_map, "moderation/?queue=hidden")).json()
    assert (only["count"], [item["id"] for item in only["results"]]) == (1, [hidden.pk])
    assert only["counts"] == {"pending": 1, "flagged": 0}  # whatever part is asked for
    refused = client.get(api(class_map, "moderation/?queue=lost"))
    assert refused.status_code == 400
    assert refused.json() == {"queue": ["Choose one of: pending, flagged, hidden."]}


def test_notifications_come_a_page_at_a_time_with_every_unread_counted(client, class_map, measure, student, teacher):
    Map.objects.filter(pk=class_map.pk).update(moderation_mode="pre")
    points = _points(student, measure, 3)
    for point in points:
        Node.objects.filter(pk=point.pk).update(status=Status.PENDING)
        point.refresh_from_db()
        node_approve(node=point, by=teacher)
    client.force_login(student)
    first = client.get("/api/me/notifications/?page_size=2").json()
    assert (first["count"], first["unread_count"], len(first["results"])) == (3, 3, 2)
    assert list(first) == ["count", "next", "previous", "unread_count", "results"]
    second = client.get(first["next"]).json()
    keys = [item["key"] for item in first["results"] + second["results"]]
    assert len(set(keys)) == 3
    assert second["unread_count"] == 3


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_a_page_of_the_audit_log_costs_the_same_however_long_the_log(client, class_map, teacher):
    client.force_login(teacher)
    url = api(class_map, "audit/?page_size=5")
    _audit(class_map, teacher, 3)
    client.get(url)
    short = _queries(client, url)
    _audit(class_map, teacher, 300)
    assert _queries(client, url) == short
    assert _queries(client, url + "&page=40") == short


def test_a_page_of_a_maps_statements_costs_the_same_however_many_there_are(client, class_map, measure, student):
    client.force_login(student)
    url = api(class_map, "nodes/?q=harvest&page_size=5")
    _points(student, measure, 3)
    client.get(url)
    short = _queries(client, url)
    _points(student, measure, 30, start=3)
    assert _queries(client, url) == short


def test_the_schema_documents_every_list_as_pages_and_the_whole_map_as_one_document(client, db):
    schema = client.get("/api/schema/?format=json").json()
    paged = {
        path
        for path, operations in schema["paths"].items()
        if "get" in operations
        and {"page", "page_size"} <= {parameter["name"] for parameter in operations["get"].get("parameters", [])}
    }
    assert paged == {
        "/api/maps/",
        "/api/maps/{slug}/nodes/",
        "/api/maps/{slug}/moderation/",
        "/api/maps/{slug}/audit/",
        "/api/maps/{slug}/participation/",
        "/api/curation/",
        "/api/sources/",
        "/api/classes/",
        "/api/me/notifications/",
    }
    components = schema["components"]["schemas"]
    for path in paged:
        operation = schema["paths"][path]["get"]
        reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = components[reference.rsplit("/", 1)[1]]
        assert {"count", "next", "previous", "results"} <= set(page["required"]), path
        assert "400" in operation["responses"], path
        size = next(parameter for parameter in operation["parameters"] if parameter["name"] == "page_size")
        assert (size["schema"]["minimum"], size["schema"]["maximum"]) == (1, 200)
    assert "counts" in components["PaginatedQueueItemList"]["required"]
    assert "unread_count" in components["PaginatedNotificationOutputList"]["required"]
    whole_map = schema["paths"]["/api/maps/{slug}/"]["get"]
    assert "page" not in {parameter["name"] for parameter in whole_map.get("parameters", [])}
