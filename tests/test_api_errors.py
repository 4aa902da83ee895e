"""The API's errors: always JSON with a message, never a 500 for bad input, and documented in the schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from argmap.api import exceptions
from argmap.api.parsers import MAX_DEPTH
from argmap.common import MAX_ID
from argmap.maps.models import Node

JSON = "application/json"


def api(map, tail: str = "") -> str:
    return f"/api/maps/{map.slug}/{tail}"


def assert_json_detail(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith(JSON)
    return json.loads(response.content)["detail"]


@pytest.fixture
def student_client(student) -> Client:
    client = Client()
    client.force_login(student)
    return client


# Bodies no request needs


def test_deeply_nested_json_is_a_400_with_a_message_even_signed_out(client, db):
    response = client.post("/api/join/", "[" * 100_000, content_type=JSON)
    assert "nested too deeply" in assert_json_detail(response, 400)


def test_nesting_just_past_the_limit_is_refused_and_at_the_limit_is_read(student_client, class_map):
    too_deep = {"text": "x", "extra": json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)}
    response = student_client.post(api(class_map, "nodes/"), too_deep, content_type=JSON)
    assert "nested too deeply" in assert_json_detail(response, 400)

    deep_enough = {"extra": json.loads("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))}
    response = student_client.post(api(class_map, "nodes/"), deep_enough, content_type=JSON)
    assert response.status_code == 400
    assert "target" in response.json()  # read, then refused field by field


def test_text_that_is_not_unicode_is_a_400_not_a_crash(student_client, class_map, measure):
    reply = {"target": measure.pk, "kind": "claim", "relation": "opposes", "text": "@"}
    body = json.dumps(reply).replace("@", "\\ud800")  # a lone surrogate: JSON can say it, UTF-8 can't
    response = student_client.post(api(class_map, "nodes/"), body, content_type=JSON)
    assert "not valid Unicode" in assert_json_detail(response, 400)


def test_a_body_over_the_upload_limit_is_a_413_in_json(student_client, class_map, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = student_client.post(api(class_map, "nodes/"), {"text": "x" * 2000}, content_type=JSON)
    assert "too large" in assert_json_detail(response, 413)


def test_a_body_that_is_not_json_is_a_415_in_json(student_client, class_map):
    form = "application/x-www-form-urlencoded"
    response = student_client.post(api(class_map, "nodes/"), "text=hello", content_type=form)
    assert_json_detail(response, 415)


def test_malformed_json_is_a_400_in_json(client, db):
    assert "JSON parse error" in assert_json_detail(client.post("/api/join/", "{", content_type=JSON), 400)


# Types exactly as the schema says


@pytest.mark.parametrize("score", ["3", 3.0, True, None])
def test_a_vote_takes_a_json_integer_only(student_client, class_map, measure, score):
    response = student_client.put(api(class_map, f"nodes/{measure.pk}/vote/"), {"score": score}, content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"score": ["Choose how successful it was, from 1 to 5."]}


def test_settings_take_json_booleans_only(client, teacher, class_map):
    client.force_login(teacher)
    response = client.patch(api(class_map, "settings/"), {"is_locked": "yes"}, content_type=JSON)
    assert response.status_code == 400
    assert list(response.json()) == ["is_locked"]


def test_text_is_measured_as_sent_and_numbers_are_not_text(student_client, class_map, measure):
    reply = {"target": measure.pk, "kind": "claim", "relation": "opposes"}
    long = student_client.post(api(class_map, "nodes/"), {**reply, "text": "Too dry. " + " " * 495}, content_type=JSON)
    assert long.json() == {"text": ["Keep it to 500 characters or fewer."]}
    number = student_client.post(api(class_map, "nodes/"), {**reply, "text": 12}, content_type=JSON)
    assert number.json() == {"text": ["Not a valid string."]}
    assert not Node.objects.filter(map=class_map, text__startswith="Too dry").exists()


def test_ids_in_a_body_past_any_id_are_field_errors(student_client, class_map, measure):
    reply = {"target": MAX_ID + 1, "kind": "claim", "relation": "opposes", "text": "Dust storms."}
    response = student_client.post(api(class_map, "nodes/"), reply, content_type=JSON)
    assert response.status_code == 400
    assert list(response.json()) == ["target"]


@pytest.mark.parametrize("nodes", [["²"], [99999999999999999999], [1.5], [], "1,2", [[1]]])
def test_bulk_approve_refuses_anything_but_a_list_of_ids_with_a_field_error(client, teacher, class_map, nodes):
    client.force_login(teacher)
    response = client.post(api(class_map, "moderation/approve/"), {"nodes": nodes}, content_type=JSON)
    assert response.status_code == 400
    assert list(response.json()) == ["nodes"]


def test_a_link_to_a_web_address_only(student_client, class_map, measure):
    evidence = {
        "target": measure.pk,
        "kind": "evidence",
        "relation": "supports",
        "text": "Harvests rose in 1956.",
        "source": {"title": "Report", "url": "javascript:alert(1)"},
    }
    response = student_client.post(api(class_map, "nodes/"), evidence, content_type=JSON)
    assert response.status_code == 400
    assert list(response.json()["source"]) == ["url"]


def test_an_unknown_curation_filter_is_a_400_naming_the_choices(client, admin):
    client.force_login(admin)
    response = client.get("/api/curation/?filter=%C2%B2")
    assert response.status_code == 400
    assert "unreviewed" in response.json()["filter"][0]
    assert client.get("/api/curation/?filter=disputed").status_code == 200


# Addresses that name nothing


@pytest.mark.parametrize(
    "path",
    [
        "/api/nothing/here/",
        "/api/maps/some-map/nodes/99999999999999999999/",
        f"/api/maps/some-map/nodes/{MAX_ID + 1}/vote/",
        "/api/maps/some-map/nodes/0/",
        f"/api/classes/1/students/{2**63}/password/",
    ],
)
def test_an_address_under_api_that_names_nothing_is_a_json_404(student_client, path):
    assert assert_json_detail(student_client.get(path), 404)
    assert assert_json_detail(student_client.post(path, {}, content_type=JSON), 404)


def test_a_post_to_an_unknown_api_address_needs_no_csrf_token_to_get_its_404(db):
    client = Client(enforce_csrf_checks=True)
    assert_json_detail(client.post("/api/nothing/", "{}", content_type=JSON), 404)


def test_an_api_address_without_its_slash_says_so(client, db):
    assert "end with a slash" in assert_json_detail(client.get("/api/maps"), 404)


def test_a_page_address_with_an_id_past_the_range_is_a_404_page(client, teacher, classroom):
    client.force_login(teacher)
    response = client.post(f"/classes/{classroom.pk}/students/{2**63}/password/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith(JSON)
    assert client.get(f"/classes/{2**40}/").status_code == 404


def test_the_wrong_method_is_a_json_405_with_allow(student_client, class_map):
    response = student_client.delete(api(class_map))
    assert_json_detail(response, 405)
    assert "GET" in response["Allow"]


# Django's own error pages answer JSON under /api/, and stay pages elsewhere


def test_a_crash_under_api_is_a_json_500_without_the_cause(db, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("secret table name")

    monkeypatch.setattr("argmap.api.maps.selectors.maps_for_listing", broken)
    response = Client(raise_request_exception=False).get("/api/maps/")
    detail = assert_json_detail(response, 500)
    assert "secret" not in response.content.decode()
    assert "went wrong" in detail


def test_a_crash_on_a_page_is_still_a_page(db, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("secret table name")

    monkeypatch.setattr("argmap.debate.views.selectors.maps_for_listing", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert not response["Content-Type"].startswith(JSON)
    assert "secret" not in response.content.decode()


@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (lambda request: exceptions.bad_request(request, ValueError("x")), 400),
        (lambda request: exceptions.bad_request(request, exceptions.RequestDataTooBig()), 413),
        (lambda request: exceptions.permission_denied(request, PermissionError("x")), 403),
        (lambda request: exceptions.page_not_found(request, LookupError("x")), 404),
        (exceptions.server_error, 500),
    ],
)
def test_djangos_error_handlers_answer_json_under_api_and_pages_elsewhere(db, handler, status):
    response = handler(RequestFactory().get("/api/maps/"))
    assert_json_detail(response, status)
    page = handler(RequestFactory().get("/maps/"))
    assert page.status_code == (400 if status == 413 else status)
    assert not page["Content-Type"].startswith(JSON)


# The schema documents every status an operation answers


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return Client().get("/api/schema/?format=json").json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", method, path, operation


# Operations whose body names a thing by its id, a 404 when it isn't the person's (the class an import goes to).
ID_IN_BODY = {("post", "/api/imports/")}


def test_every_operation_documents_its_errors_with_their_json_shape(schema):
    for name, method, path, operation in operations(schema):
        statuses = {code for code in operation["responses"] if code.startswith(("4", "5"))}
        assert ("404" in statuses) == ("{" in path or (method, path) in ID_IN_BODY), name
        if method != "get":
            assert "400" in statuses, name
            assert "403" in statuses or operation.get("security") == [{}], name  # joining needs no account
        if "requestBody" in operation:
            assert {"413", "415"} <= statuses, name
        assert not {"405", "500"} & statuses, name
        for code in statuses:
            shape = operation["responses"][code]["content"][JSON]["schema"]["$ref"]
            assert shape.endswith("/FieldErrors" if code == "400" else "/Error"), (name, code)


def test_only_real_statuses_are_listed(schema):
    paths = schema["paths"]
    assert "404" not in paths["/api/maps/"]["get"]["responses"]  # no path parameter
    assert "400" in paths["/api/maps/"]["get"]["responses"]  # a page that isn't there
    assert "403" in paths["/api/maps/"]["get"]["responses"]  # a wrong password
    assert {"400", "429"} <= set(paths["/api/join/"]["post"]["responses"])  # a wrong code; too many of them
    assert "403" not in paths["/api/join/"]["post"]["responses"]  # no account, no refusal
    assert "400" in paths["/api/curation/"]["get"]["responses"]  # its ?filter= is checked
    assert "400" not in paths["/api/maps/{slug}/"]["get"]["responses"]  # one map: no pages, no parameter


def test_the_schema_states_the_constraints_the_serializers_check(schema):
    components = schema["components"]["schemas"]
    vote = components["VoteInputRequest"]["properties"]["score"]
    assert (vote["minimum"], vote["maximum"]) == (1, 5)
    merge = components["MergeInputRequest"]
    assert merge["properties"]["duplicates"]["minItems"] == 1
    assert merge["properties"]["duplicates"]["items"]["maximum"] == MAX_ID
    text = components["NodeCreateInputRequest"]["properties"]["text"]
    assert text["maxLength"] == 500
    assert "pattern" in text  # something besides spaces, no NUL
    assert components["NodeEditInputRequest"]["required"] == ["text"]  # PATCH needs the new text
    parameters = schema["paths"]["/api/maps/{slug}/nodes/{node_id}/"]["get"]["parameters"]
    node_id = next(parameter for parameter in parameters if parameter["name"] == "node_id")
    assert node_id["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_ID}
