"""The admin obeys the graph: links, maps, statements and classes are only shown there, with the way to the
site where the services change them; and a map whose links loop says so instead of showing no strengths.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.test import RequestFactory
from django.urls import reverse

from argmap.classrooms.models import Classroom
from argmap.curation.services import node_curate
from argmap.maps.models import Edge, Map, Node, NodeKind, Relation
from argmap.maps.selectors import STRENGTH_LOOP
from argmap.moderation.models import AuditEntry
from tests.helpers import words

ADMIN_MODELS = sorted(
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in apps.get_models()
    if django_admin.site.is_registered(model) and model.__module__.startswith("argmap.")
)


@pytest.fixture
def reply(measure) -> Edge:
    """A link from a statement of the class's map to the measure it speaks to (for or against: context counts
    neither way, so a loop through it would not stop argument strength)."""
    return Edge.objects.filter(to_node=measure).exclude(relation=Relation.CONTEXT).select_related("from_node").first()


# Links


def test_the_admin_refuses_to_add_a_link(client, superuser, class_map, measure):
    client.force_login(superuser)
    count = Edge.objects.count()
    question = class_map.nodes.get(kind=NodeKind.QUESTION)
    assert client.get("/admin/maps/edge/add/").status_code == 403
    form = {"map": class_map.pk, "from_node": question.pk, "to_node": measure.pk, "relation": "supports"}
    assert client.post("/admin/maps/edge/add/", {**form, "status": "visible"}).status_code == 403
    assert Edge.objects.count() == count


def test_a_post_that_re_points_a_link_in_the_admin_changes_nothing(client, superuser, class_map, reply):
    client.force_login(superuser)
    other = class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="maize")
    revision = Map.objects.get(pk=class_map.pk).revision
    form = {
        "map": class_map.pk,
        "from_node": reply.from_node_id,
        "to_node": other.pk,
        "relation": reply.relation,
        "status": reply.status,
    }
    response = client.post(f"/admin/maps/edge/{reply.pk}/change/", form)
    assert response.status_code == 403
    reply.refresh_from_db()
    assert reply.to_node_id != other.pk
    assert Map.objects.get(pk=class_map.pk).revision == revision


def test_the_link_page_leads_to_the_statement_on_the_site_where_it_is_moved(client, superuser, reply):
    client.force_login(superuser)
    response = client.get(f"/admin/maps/edge/{reply.pk}/change/")
    assert response.status_code == 200
    assert f'href="{reply.from_node.get_absolute_url()}"' in response.content.decode()
    assert "Open the statement on the site" in words(response)
    assert 'name="_save"' not in response.content.decode()


def test_links_can_be_searched_by_the_words_of_either_end(client, superuser, reply):
    client.force_login(superuser)
    words = reply.from_node.text[:30]
    response = client.get("/admin/maps/edge/", {"q": words})
    assert response.status_code == 200
    assert f"/admin/maps/edge/{reply.pk}/change/" in response.content.decode()


# Maps


def test_the_map_form_cannot_lock_a_map_or_close_its_voting(client, superuser, class_map):
    client.force_login(superuser)
    before = Map.objects.get(pk=class_map.pk)
    form = {
        "title": "Renamed",
        "slug": class_map.slug,
        "question": class_map.question,
        "visibility": class_map.visibility,
        "classroom": class_map.classroom_id,
        "measure_label": class_map.measure_label,
        "moderation_mode": "pre",
        "is_locked": "on",
        "is_anonymous": "on",
        "vote_round": "after",
        "vote_prompt": class_map.vote_prompt,
        "vote_labels": '["a", "b", "c", "d", "e"]',
    }
    response = client.post(f"/admin/maps/map/{class_map.pk}/change/", form)
    assert response.status_code == 403
    after = Map.objects.get(pk=class_map.pk)
    settings = ("title", "moderation_mode", "is_locked", "voting_open", "vote_round", "is_anonymous", "revision")
    assert [getattr(after, name) for name in settings] == [getattr(before, name) for name in settings]
    assert not AuditEntry.objects.filter(map=class_map).exists()


def test_the_admin_makes_no_maps(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/maps/map/add/").status_code == 403


def test_the_map_page_in_the_admin_shows_the_settings_and_leads_to_the_settings_page(client, superuser, class_map):
    client.force_login(superuser)
    response = client.get(f"/admin/maps/map/{class_map.pk}/change/")
    assert response.status_code == 200
    settings_page = reverse("moderation:settings", kwargs={"slug": class_map.slug})
    assert f'href="{settings_page}"' in response.content.decode()
    text = words(response)
    assert "settings page on the site" in text
    assert "Moderation mode" in text
    assert 'name="is_locked"' not in response.content.decode()
    # The page it leads to works for the same admin, and saves through the audited service.
    assert client.get(settings_page).status_code == 200


# Statements, classes and people


def test_statements_are_only_shown_in_the_admin_with_the_way_to_the_site(client, superuser, measure):
    client.force_login(superuser)
    response = client.get(f"/admin/maps/node/{measure.pk}/change/")
    assert response.status_code == 200
    assert f'href="{measure.get_absolute_url()}"' in response.content.decode()
    topic = measure.topic
    form = {"topic": "economic", "essay_quote": "", "map": measure.map_id, "kind": measure.kind}
    assert client.post(f"/admin/maps/node/{measure.pk}/change/", form).status_code == 403
    assert Node.objects.get(pk=measure.pk).topic == topic
    assert client.get("/admin/maps/node/add/").status_code == 403


def test_a_claims_admin_page_leads_to_its_curation(client, superuser, reply):
    client.force_login(superuser)
    claim = reply.from_node
    assert claim.kind in (NodeKind.CLAIM, NodeKind.EVIDENCE)
    response = client.get(f"/admin/maps/node/{claim.pk}/change/")
    curation = reverse("admin:curation_evidencenode_change", args=[claim.origin_id])
    assert f'href="{curation}"' in response.content.decode()
    assert client.get(curation).status_code == 200


def test_classes_and_their_members_are_only_shown_in_the_admin(client, superuser, classroom, student):
    client.force_login(superuser)
    response = client.get(f"/admin/classrooms/classroom/{classroom.pk}/change/")
    assert response.status_code == 200
    assert f'href="{classroom.get_absolute_url()}"' in response.content.decode()
    assert student.display_name in words(response)
    form = {"name": classroom.name, "teacher": classroom.teacher_id, "join_code": "ZZZZZZ", "joining_open": "on"}
    assert client.post(f"/admin/classrooms/classroom/{classroom.pk}/change/", form).status_code == 403
    assert Classroom.objects.get(pk=classroom.pk).join_code == classroom.join_code
    assert client.get("/admin/classrooms/classroom/add/").status_code == 403


def test_a_persons_name_and_teacher_flag_are_only_shown_in_the_user_admin(client, superuser, student):
    client.force_login(superuser)
    response = client.get(f"/admin/accounts/user/{student.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert student.display_name in words(response)
    assert 'name="display_name"' not in page
    assert 'name="is_teacher"' not in page
    assert 'name="is_active"' in page  # deactivating an account stays Django's own


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_every_admin_list_and_page_of_the_project_opens_for_an_admin(client, superuser, class_map, label):
    evidence = class_map.nodes.filter(kind=NodeKind.EVIDENCE).first().origin
    node_curate(node=evidence, by=superuser, status="verified", note="Checked against the source.")
    client.force_login(superuser)
    model = apps.get_model(label)
    model_admin = django_admin.site.get_model_admin(model)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    app_label, model_name = label.split(".")
    assert client.get(f"/admin/{app_label}/{model_name}/").status_code == 200
    obj = model_admin.get_queryset(request).first()
    assert obj is not None
    assert client.get(f"/admin/{app_label}/{model_name}/{obj.pk}/change/").status_code == 200
    add = client.get(f"/admin/{app_label}/{model_name}/add/")
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)


def test_only_sources_and_people_can_still_be_added_in_the_admin(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    addable = {
        label
        for label in ADMIN_MODELS
        if django_admin.site.get_model_admin(apps.get_model(label)).has_add_permission(request)
    }
    assert addable == {"maps.source", "accounts.user"}


# A map whose links loop


@pytest.fixture
def looped(class_map, reply) -> Edge:
    """The measure made to support its own supporter: a loop only data that went around the services can make."""
    return Edge.objects.create(
        map=class_map, from_node=reply.to_node, to_node=reply.from_node, relation=Relation.SUPPORTS
    )


@pytest.mark.parametrize("person", ["teacher", "student"])
def test_a_map_with_a_loop_says_so_instead_of_showing_strengths(client, request, class_map, looped, person):
    client.force_login(request.getfixturevalue(person))
    for page in (class_map.get_absolute_url(), reverse("maps:results", kwargs={"slug": class_map.slug})):
        response = client.get(page)
        assert response.status_code == 200
        text = words(response)
        assert STRENGTH_LOOP.replace("'", "&#x27;") in response.content.decode()
        assert "Argument strength can" in text
        assert not re.search(r"Argument strength (on the map: )?\d+%", text)


def test_the_api_says_why_a_looped_map_has_no_strengths(client, class_map, looped, student):
    client.force_login(student)
    response = client.get(f"/api/maps/{class_map.slug}/")
    assert response.status_code == 200
    body = response.json()
    assert body["strengths"] is None
    assert body["strength_problem"] == STRENGTH_LOOP


def test_a_map_without_a_loop_shows_its_strengths_and_no_problem(client, class_map, measure, student):
    client.force_login(student)
    page = words(client.get(class_map.get_absolute_url()))
    assert re.search(r"Argument strength \d+%", page)
    assert "can't be worked out" not in page
    body = client.get(f"/api/maps/{class_map.slug}/").json()
    assert body["strength_problem"] is None
    assert 0 <= body["strengths"][str(measure.pk)] <= 1
    assert set(body["strengths"]) == {str(node["id"]) for node in body["nodes"]}
