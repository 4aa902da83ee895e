"""The curation API: admins only, and the same rules as the curation page."""

from __future__ import annotations

import pytest

from argmap.curation.models import CurationRecord
from argmap.maps.models import Node, Source
from tests.api.helpers import results

JSON = "application/json"


@pytest.fixture
def evidence(essay_map) -> Node:
    return essay_map.nodes.get(kind="evidence", text__startswith="Khrushchev made investments in agriculture")


@pytest.mark.parametrize("person", ["student", "teacher"])
def test_only_admins_may_curate(client, request, evidence, person):
    client.force_login(request.getfixturevalue(person))
    for response in (
        client.get("/api/curation/"),
        client.post(f"/api/curation/nodes/{evidence.pk}/verdict/", {"status": "verified"}, content_type=JSON),
        client.post("/api/sources/", {"title": "A book"}, content_type=JSON),
    ):
        assert response.status_code == 403
        assert response.json() == {"detail": "Only admins curate evidence and sources."}
    assert not CurationRecord.objects.exists()


def test_a_verdict_reaches_every_class_copy_and_is_recorded(client, admin, evidence, class_map):
    client.force_login(admin)
    response = client.post(
        f"/api/curation/nodes/{evidence.pk}/verdict/",
        {"status": "disputed", "note": "No source given."},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["curation_status"] == "disputed"
    copy = class_map.nodes.get(origin=evidence)
    assert (copy.curation_status, copy.curator_note) == ("disputed", "No source given.")
    record = CurationRecord.objects.get(node=evidence)
    assert (record.actor, record.before["curation_status"], record.after["curation_status"]) == (
        admin,
        "unverified",
        "disputed",
    )


def test_disputing_without_a_note_is_refused_under_note(client, admin, evidence):
    client.force_login(admin)
    response = client.post(f"/api/curation/nodes/{evidence.pk}/verdict/", {"status": "disputed"}, content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"note": ["Say why it is disputed, so students can see what to check."]}


def test_sources_are_added_changed_and_attached_with_history(client, admin, evidence, class_map):
    client.force_login(admin)
    created = client.post("/api/sources/", {"title": "Khrushchev Remembers", "year": 1970}, content_type=JSON)
    assert created.status_code == 201
    source_id = created.json()["id"]
    changed = client.patch(f"/api/sources/{source_id}/", {"author": "Nikita Khrushchev"}, content_type=JSON)
    assert changed.json()["author"] == "Nikita Khrushchev"
    attached = client.post(f"/api/curation/nodes/{evidence.pk}/source/", {"source": source_id}, content_type=JSON)
    assert attached.json()["source"]["title"] == "Khrushchev Remembers"
    assert class_map.nodes.get(origin=evidence).source_id == source_id
    assert [record.change for record in CurationRecord.objects.filter(source_id=source_id).order_by("id")] == [
        "created",
        "edited",
    ]
    bad = client.post("/api/sources/", {"title": "X", "year": 3000}, content_type=JSON)
    assert bad.status_code == 400
    assert "year" in bad.json()
    assert Source.objects.filter(title="X").count() == 0


def test_the_review_list_shows_public_statements_once(client, admin, evidence, class_map):
    client.force_login(admin)
    texts = [item["text"] for item in results(client.get("/api/curation/?filter=unreviewed"))]
    assert texts.count(evidence.text) == 1
