"""The classes API: your classes, creating one, its join code, students, debates, joining, and the API's docs."""

from __future__ import annotations

import re

import pytest
import yaml
from django.contrib.auth import authenticate, get_user_model
from django.test import Client

from argmap.classrooms.models import Classroom, Membership, Role
from argmap.maps.models import Edge, Map, Node, Visibility
from tests.api.helpers import results

JSON = "application/json"
UNAMBIGUOUS = set("ABCDEFGHJKMNPQRTUVWXYZ2346789")


def class_url(classroom: Classroom, tail: str = "") -> str:
    return f"/api/classes/{classroom.pk}/{tail}"


# Listing and creating classes


def test_a_teacher_lists_her_classes_with_their_join_codes_and_debates(client, classroom, class_map, teacher):
    client.force_login(teacher)
    response = client.get("/api/classes/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": classroom.pk,
                "name": "10B History",
                "teacher": "Ms Rivera",
                "join_code": classroom.join_code,
                "joining_open": True,
                "debates": [class_map.slug],
            }
        ],
    }


def test_a_student_lists_their_class_without_its_join_code(client, classroom, other_classroom, student):
    client.force_login(student)
    [listed] = results(client.get("/api/classes/"))
    assert (listed["id"], listed["name"], listed["teacher"]) == (classroom.pk, "10B History", "Ms Rivera")
    assert listed["join_code"] is None


def test_a_visitor_may_not_list_classes(client, classroom):
    response = client.get("/api/classes/")
    assert response.status_code in (401, 403)
    assert classroom.join_code not in response.content.decode()


def test_a_teacher_creates_a_class_with_a_fresh_join_code(client, teacher):
    client.force_login(teacher)
    response = client.post("/api/classes/", {"name": "  9C   History "}, content_type=JSON)
    assert response.status_code == 201
    classroom = Classroom.objects.get(teacher=teacher)
    assert response.json() == {
        "id": classroom.pk,
        "name": "9C History",
        "teacher": "Ms Rivera",
        "join_code": classroom.join_code,
        "joining_open": True,
        "debates": [],
    }
    assert len(classroom.join_code) == 6
    assert set(classroom.join_code) <= UNAMBIGUOUS
    assert Membership.objects.filter(classroom=classroom, user=teacher, role=Role.TEACHER).exists()


def test_a_class_needs_a_name(client, teacher):
    client.force_login(teacher)
    for body in ({"name": "   "}, {}):
        response = client.post("/api/classes/", body, content_type=JSON)
        assert response.status_code == 400
        assert list(response.json()) == ["name"]
    assert not Classroom.objects.exists()


def test_a_student_may_not_create_a_class_and_is_told_why(client, classroom, student):
    client.force_login(student)
    response = client.post("/api/classes/", {"name": "My own class"}, content_type=JSON)
    assert response.status_code == 403
    assert response.json() == {"detail": "Only teachers can create classes. Students join a class with its code."}
    assert not Classroom.objects.filter(name="My own class").exists()


def test_a_visitor_may_not_create_a_class(client, db):
    response = client.post("/api/classes/", {"name": "9C History"}, content_type=JSON)
    assert response.status_code in (401, 403)
    assert not Classroom.objects.exists()


def test_the_classes_endpoint_takes_only_get_and_post(client, classroom, teacher):
    client.force_login(teacher)
    assert client.put("/api/classes/", {"name": "x"}, content_type=JSON).status_code == 405
    assert client.delete("/api/classes/").status_code == 405
    assert list(Classroom.objects.values_list("name", flat=True)) == ["10B History"]


# One class


def test_the_teacher_sees_the_class_with_its_students(client, classroom, teacher, student, second_student):
    client.force_login(teacher)
    response = client.get(class_url(classroom))
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["join_code"]) == ("10B History", classroom.join_code)
    assert body["students"] == [
        {"id": second_student.pk, "name": "Alex P", "username": "alex"},
        {"id": student.pk, "name": "Sam K", "username": "sam"},
    ]


def test_an_admin_sees_any_class_with_its_join_code_and_students(client, classroom, admin, student):
    client.force_login(admin)
    body = client.get(class_url(classroom)).json()
    assert body["join_code"] == classroom.join_code
    assert [entry["username"] for entry in body["students"]] == ["sam"]


def test_a_student_sees_the_class_but_neither_its_students_nor_its_code(client, classroom, student, second_student):
    client.force_login(student)
    response = client.get(class_url(classroom))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "10B History"
    assert body["join_code"] is None
    assert "students" not in body
    assert "alex" not in response.content.decode()


@pytest.mark.parametrize("person", ["outsider", "other_teacher"])
def test_another_class_gets_a_404(client, request, classroom, student, person):
    client.force_login(request.getfixturevalue(person))
    response = client.get(class_url(classroom))
    assert response.status_code == 404
    assert classroom.join_code not in response.content.decode()


def test_one_class_is_read_only(client, classroom, teacher):
    client.force_login(teacher)
    assert client.patch(class_url(classroom), {"name": "Renamed"}, content_type=JSON).status_code == 405
    assert client.delete(class_url(classroom)).status_code == 405
    assert Classroom.objects.filter(pk=classroom.pk, name="10B History").exists()


# The join code


def test_the_teacher_rotates_the_join_code_and_the_old_one_stops_working(client, classroom, teacher):
    old = classroom.join_code
    client.force_login(teacher)
    response = client.post(class_url(classroom, "join-code/"), content_type=JSON)
    assert response.status_code == 200
    classroom.refresh_from_db()
    assert response.json() == {"join_code": classroom.join_code}
    assert classroom.join_code != old
    assert set(classroom.join_code) <= UNAMBIGUOUS
    assert join(Client(), old, "Late Comer").status_code == 400
    assert join(Client(), classroom.join_code, "Late Comer").status_code == 201


@pytest.mark.parametrize("person", ["other_teacher", "student", "outsider"])
def test_nobody_but_the_teacher_rotates_the_code(client, request, classroom, person):
    old = classroom.join_code
    client.force_login(request.getfixturevalue(person))
    response = client.post(class_url(classroom, "join-code/"), content_type=JSON)
    assert response.status_code == 404
    assert old not in response.content.decode()
    classroom.refresh_from_db()
    assert classroom.join_code == old


def test_a_visitor_may_not_rotate_the_code(client, classroom):
    old = classroom.join_code
    assert client.post(class_url(classroom, "join-code/"), content_type=JSON).status_code in (401, 403)
    classroom.refresh_from_db()
    assert classroom.join_code == old


def test_the_code_is_rotated_with_post_only(client, classroom, teacher):
    old = classroom.join_code
    client.force_login(teacher)
    assert client.get(class_url(classroom, "join-code/")).status_code == 405
    assert client.put(class_url(classroom, "join-code/"), {}, content_type=JSON).status_code == 405
    classroom.refresh_from_db()
    assert classroom.join_code == old


# Students made in a batch


def add_students(client, classroom: Classroom, names: list[str]):
    return client.post(class_url(classroom, "students/"), {"names": names}, content_type=JSON)


def test_the_teacher_adds_students_and_each_first_password_signs_in(client, classroom, teacher):
    client.force_login(teacher)
    response = add_students(client, classroom, ["Dana  Q", "Eli R"])
    assert response.status_code == 201
    credentials = response.json()
    assert [entry["name"] for entry in credentials] == ["Dana Q", "Eli R"]
    for entry in credentials:
        assert set(entry) == {"name", "username", "password"}
        user = authenticate(username=entry["username"], password=entry["password"])
        assert user is not None
        assert user.name == entry["name"]
        assert Membership.objects.filter(classroom=classroom, user=user, role=Role.STUDENT).exists()
    assert credentials[0]["username"] != credentials[1]["username"]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Dana Q", "Eli R", "dana q"], "Each name must be different: “Dana Q” is in the list more than once."),
        (["Dana Q", "sam k"], "Someone in this class is already called “sam k”. Add an initial."),
    ],
)
def test_duplicate_names_are_refused_and_nobody_is_added(client, classroom, teacher, student, names, message):
    client.force_login(teacher)
    users = get_user_model().objects.count()
    response = add_students(client, classroom, names)
    assert response.status_code == 400
    assert response.json() == {"names": [message]}
    assert get_user_model().objects.count() == users
    assert not Membership.objects.filter(user__display_name="Dana Q").exists()


def test_an_empty_list_of_names_is_refused(client, classroom, teacher):
    client.force_login(teacher)
    users = get_user_model().objects.count()
    for names in ([], ["   "]):
        response = add_students(client, classroom, names)
        assert response.status_code == 400
        assert list(response.json()) == ["names"]
    assert get_user_model().objects.count() == users


@pytest.mark.parametrize("person", ["other_teacher", "student"])
def test_nobody_but_the_teacher_adds_students(client, request, classroom, person):
    client.force_login(request.getfixturevalue(person))
    users = get_user_model().objects.count()
    assert add_students(client, classroom, ["Dana Q"]).status_code == 404
    assert get_user_model().objects.count() == users


def test_students_are_added_with_post_only(client, classroom, teacher):
    client.force_login(teacher)
    assert client.get(class_url(classroom, "students/")).status_code == 405
    assert add_students(Client(), classroom, ["Dana Q"]).status_code in (401, 403)
    assert not get_user_model().objects.filter(display_name="Dana Q").exists()


# Debates


def start(client, classroom: Classroom, **data):
    return client.post(class_url(classroom, "debates/"), data, content_type=JSON)


def test_the_teacher_starts_a_debate_that_copies_the_public_map(client, classroom, teacher, essay_map):
    client.force_login(teacher)
    response = start(client, classroom, source="destalinisation", title="Khrushchev, our debate")
    assert response.status_code == 201
    debate = Map.objects.get(slug=response.json()["slug"])
    assert response.json() == {"slug": debate.slug, "title": "Khrushchev, our debate"}
    assert (debate.classroom, debate.visibility, debate.copied_from) == (classroom, Visibility.CLASS, essay_map)
    assert Node.objects.filter(map=debate).count() == Node.objects.filter(map=essay_map).count()
    assert Edge.objects.filter(map=debate).count() == Edge.objects.filter(map=essay_map).count()
    assert client.get(class_url(classroom)).json()["debates"] == [debate.slug]
    assert client.get(f"/api/maps/{debate.slug}/").status_code == 200


def test_a_debate_without_a_title_is_named_after_the_map_and_the_class(client, classroom, teacher, essay_map):
    client.force_login(teacher)
    response = start(client, classroom, source="destalinisation")
    assert response.status_code == 201
    assert response.json()["title"] == f"{essay_map.title} (10B History)"


@pytest.mark.parametrize("source", ["no-such-map", "class-map"])
def test_only_a_public_map_can_start_a_debate(client, classroom, other_classroom, other_teacher, essay_map, source):
    if source == "class-map":
        from argmap.classrooms.services import debate_start

        source = debate_start(classroom=other_classroom, by=other_teacher, source=essay_map).slug
    maps = Map.objects.count()
    client.force_login(other_teacher)
    response = start(client, other_classroom, source=source)
    assert response.status_code == 400
    assert response.json() == {"source": ["No public map has that slug."]}
    assert Map.objects.count() == maps


@pytest.mark.parametrize("person", ["other_teacher", "student"])
def test_nobody_but_the_teacher_starts_a_debate(client, request, classroom, essay_map, person):
    client.force_login(request.getfixturevalue(person))
    assert start(client, classroom, source="destalinisation").status_code == 404
    assert not Map.objects.filter(classroom=classroom).exists()


def test_debates_are_started_with_post_only(client, classroom, teacher, essay_map):
    client.force_login(teacher)
    assert client.get(class_url(classroom, "debates/")).status_code == 405
    assert start(Client(), classroom, source="destalinisation").status_code in (401, 403)
    assert not Map.objects.filter(classroom=classroom).exists()


# Joining a class with its code


def join(client, code: str, name: str, password: str = "river-stone-42"):
    return client.post("/api/join/", {"join_code": code, "display_name": name, "password": password}, content_type=JSON)


def test_a_student_joins_with_the_code_and_signs_in_with_their_password(client, classroom):
    code = f" {classroom.join_code[:3].lower()}-{classroom.join_code[3:].lower()} "
    response = join(client, code, "  Dana   Q ")
    assert response.status_code == 201
    user = get_user_model().objects.get(username=response.json()["username"])
    assert response.json() == {"username": user.username, "display_name": "Dana Q"}
    assert Membership.objects.filter(classroom=classroom, user=user, role=Role.STUDENT).exists()
    assert authenticate(username=user.username, password="river-stone-42") == user


def test_joining_needs_no_csrf_token_even_when_signed_in(classroom, student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    assert join(client, classroom.join_code, "Dana Q").status_code == 201


@pytest.mark.parametrize(
    ("code", "name", "password", "field"),
    [
        ("ZZZZZZ", "Dana Q", "river-stone-42", "join_code"),
        ("", "Dana Q", "river-stone-42", "join_code"),
        (None, "Dana Q", "password", "password"),
        (None, "Dana Q", "rs42", "password"),
        (None, "Sam K", "river-stone-42", "display_name"),
        (None, "  ", "river-stone-42", "display_name"),
    ],
)
def test_a_bad_join_is_refused_under_its_field_and_nobody_is_added(
    client, classroom, student, code, name, password, field
):
    users = get_user_model().objects.count()
    response = join(client, classroom.join_code if code is None else code, name, password)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert all(message for message in response.json()[field])
    assert get_user_model().objects.count() == users


def test_join_errors_speak_to_the_student(client, classroom, student):
    assert join(client, "ZZZZZZ", "Dana Q").json() == {
        "join_code": ["No class has that code. Check it with your teacher."]
    }
    assert join(client, classroom.join_code, "sam k").json() == {
        "display_name": ["Someone in this class is already called “sam k”. Add an initial."]
    }
    assert "This password is too common." in join(client, classroom.join_code, "Dana Q", "password").json()["password"]


def test_a_class_closed_to_joining_refuses_its_code(client, classroom):
    Classroom.objects.filter(pk=classroom.pk).update(joining_open=False)
    response = join(client, classroom.join_code, "Dana Q")
    assert response.status_code == 400
    assert response.json() == {"join_code": ["This class is not taking new students. Ask your teacher."]}
    assert not get_user_model().objects.filter(display_name="Dana Q").exists()


def test_joining_takes_post_only(client, classroom):
    assert client.get("/api/join/").status_code == 405
    assert client.put("/api/join/", {}, content_type=JSON).status_code == 405


# The schema and its docs page

API_PATHS = {
    "/api/maps/": {"get"},
    "/api/imports/": {"post"},
    "/api/imports/{draft_id}/": {"get"},
    "/api/imports/{draft_id}/confirm/": {"post"},
    "/api/maps/{slug}/": {"get"},
    "/api/maps/{slug}/nodes/": {"get", "post"},
    "/api/maps/{slug}/download/{file_format}/": {"get"},
    "/api/maps/{slug}/graph.svg": {"get"},
    "/api/maps/{slug}/nodes/{node_id}/": {"get", "patch"},
    "/api/maps/{slug}/nodes/{node_id}/vote/": {"put"},
    "/api/maps/{slug}/nodes/{node_id}/rating/": {"put"},
    "/api/maps/{slug}/ratings/": {"get"},
    "/api/maps/{slug}/links/": {"post"},
    "/api/maps/{slug}/results/": {"get"},
    "/api/classes/": {"get", "post"},
    "/api/classes/{classroom_id}/": {"get"},
    "/api/classes/{classroom_id}/join-code/": {"post"},
    "/api/classes/{classroom_id}/joining/": {"post"},
    "/api/classes/{classroom_id}/students/": {"post"},
    "/api/classes/{classroom_id}/debates/": {"post"},
    "/api/classes/{classroom_id}/students/{user_id}/password/": {"post"},
    "/api/classes/{classroom_id}/students/{user_id}/unlock/": {"post"},
    "/api/join/": {"post"},
    "/api/classes/{classroom_id}/archive/": {"post"},
    "/api/classes/{classroom_id}/restore/": {"post"},
    "/api/me/data/": {"get"},
    "/api/me/notifications/": {"get"},
    "/api/me/notifications/read/": {"post"},
    "/api/me/notifications/{key}/read/": {"post"},
    "/api/maps/{slug}/moderation/": {"get"},
    "/api/maps/{slug}/moderation/approve/": {"post"},
    "/api/maps/{slug}/nodes/{node_id}/moderation/": {"post"},
    "/api/maps/{slug}/nodes/{node_id}/flags/": {"post"},
    "/api/maps/{slug}/flags/{flag_id}/dismiss/": {"post"},
    "/api/maps/{slug}/nodes/{node_id}/merge/": {"post"},
    "/api/maps/{slug}/nodes/{node_id}/move/": {"post"},
    "/api/maps/{slug}/settings/": {"get", "patch"},
    "/api/maps/{slug}/audit/": {"get"},
    "/api/maps/{slug}/participation/": {"get"},
    "/api/curation/": {"get"},
    "/api/curation/nodes/{node_id}/verdict/": {"post"},
    "/api/curation/nodes/{node_id}/source/": {"post"},
    "/api/sources/": {"get", "post"},
    "/api/sources/{source_id}/": {"patch"},
}


def test_the_schema_is_an_openapi_document_listing_every_endpoint(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "argmap API"
    assert {path: set(operations) - {"parameters"} for path, operations in document["paths"].items()} == API_PATHS
    assert {"basicAuth", "cookieAuth"} <= set(document["components"]["securitySchemes"])


def test_the_schema_is_also_served_as_json(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert set(response.json()["paths"]) == set(API_PATHS)


def test_the_docs_page_loads_only_same_origin_scripts(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<title>argmap API</title>" in page
    scripts = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", page)
    assert scripts
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page), "an inline script"
    for src in scripts:
        assert not re.match(r"(https?:)?//", src), src
        script = client.get(src)
        assert script.status_code == 200, src
        script.close()
    policy = response["Content-Security-Policy"]
    script_src = next(part.split()[1:] for part in policy.split(";") if part.split()[0] == "script-src")
    assert script_src == ["'self'"]


def test_the_teacher_gives_a_student_a_new_password_through_the_api(
    client, classroom, teacher, student, second_student, outsider
):
    from django.contrib.auth import authenticate

    client.force_login(teacher)
    response = client.post(f"/api/classes/{classroom.pk}/students/{student.pk}/password/")
    assert response.status_code == 200
    assert authenticate(username=student.username, password=response.json()["password"]) is not None
    assert client.post(f"/api/classes/{classroom.pk}/students/{outsider.pk}/password/").status_code == 404
    client.force_login(second_student)
    refused = client.post(f"/api/classes/{classroom.pk}/students/{student.pk}/password/")
    assert refused.status_code == 404
