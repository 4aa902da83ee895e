"""Find and sort, and take it out of the page: searching a map by words, sorting a statement's arguments, and
downloading the map (JSON, AIF, Argdown, CSV) as the person sees it; the same search and ordering in the API."""

from __future__ import annotations

import csv
import io
import json

import pytest

from argmap.classrooms.models import Membership
from argmap.interchange import argmap_json
from argmap.maps.models import Node
from argmap.maps.services import contribution_create
from argmap.moderation.services import map_settings_update, node_hide
from tests.helpers import words


def point(author, target, text: str, *, relation: str = "opposes", kind: str = "claim") -> Node:
    return contribution_create(author=author, target=target, kind=kind, relation=relation, text=text, post_anyway=True)


@pytest.fixture
def waiting(class_map, measure, teacher, student) -> Node:
    """Sam's point that waits for the teacher's approval on a pre-moderated map."""
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    return point(student, measure, "Dust storms ruined the steppe farms in 1963.")


@pytest.fixture
def hidden(class_map, measure, teacher, student) -> Node:
    """Sam's point the teacher hid: Sam still sees it, with the reason; classmates don't."""
    storms = point(student, measure, "Storms of dust blew the steppe soil away.")
    node_hide(node=storms, by=teacher, reason="Unkind wording.")
    return storms


def find(client, map, query: str, **headers) -> str:
    return client.get(f"/maps/{map.slug}/find/", {"q": query}, **headers).content.decode()


# Search


def test_a_search_lists_each_statement_holding_the_words_with_its_measure(client, class_map, measure, student):
    claim = class_map.nodes.get(text__startswith="The Virgin Lands scheme was the most prominent")
    client.force_login(student)
    page = find(client, class_map, "VIRGIN lands")
    assert "2 statements with “VIRGIN lands”." in words(page)
    assert f'<a href="/maps/{class_map.slug}/nodes/{measure.pk}/">{measure.text}</a>' in page
    assert f'<a href="/maps/{class_map.slug}/nodes/{claim.pk}/">{claim.text}</a>' in page
    assert f"About: {measure.text}" in words(page)
    assert "Argument strength" in words(page)


def test_case_punctuation_and_apostrophes_do_not_matter(client, class_map, student):
    client.force_login(student)
    assert "Stalin's body was removed" in words(find(client, class_map, "STALINS body, removed"))


def test_nothing_found_says_so_and_no_words_find_nothing(client, class_map, student):
    client.force_login(student)
    assert "Nothing in this map says “zebra crossing”. Try fewer or different words." in words(
        find(client, class_map, "zebra crossing")
    )
    assert "search-item" not in find(client, class_map, " ,.; ")


def test_a_waiting_point_is_found_by_its_author_and_the_teacher_only(
    client, class_map, waiting, student, second_student, teacher
):
    for person, sees in ((student, True), (teacher, True), (second_student, False)):
        client.force_login(person)
        page = find(client, class_map, "steppe farms")
        assert (waiting.text in page) is sees, person
    client.force_login(student)
    assert "Waiting for approval" in words(find(client, class_map, "steppe farms"))


def test_a_hidden_statement_is_found_by_nobody_but_the_teacher(client, class_map, hidden, second_student, teacher):
    client.force_login(second_student)
    assert hidden.text not in find(client, class_map, "steppe soil")
    client.force_login(teacher)
    assert hidden.text in find(client, class_map, "steppe soil")


def test_with_htmx_the_search_answers_the_results_alone(client, class_map, student):
    client.force_login(student)
    page = find(client, class_map, "virgin lands", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results")
    assert page.lstrip().startswith('<p class="search-count">2 statements with')
    assert "search-results" not in page
    assert "<html" not in page


def test_the_map_page_has_a_labelled_search_box_that_works_without_javascript(client, class_map, student):
    client.force_login(student)
    page = client.get(f"/maps/{class_map.slug}/").content.decode()
    assert f'action="/maps/{class_map.slug}/find/"' in page
    assert '<label for="search-q">Find statements in this map</label>' in page
    assert 'name="q"' in page


def test_a_class_map_can_not_be_searched_from_outside(client, class_map, outsider):
    client.force_login(outsider)
    assert client.get(f"/maps/{class_map.slug}/find/", {"q": "virgin"}).status_code == 404
    client.logout()
    assert client.get(f"/maps/{class_map.slug}/find/", {"q": "virgin"}).status_code == 404


# Sorting a statement's arguments


def direct_arguments(page: str, ids: set[int]) -> list[int]:
    """The statements among ids in the order the page shows them."""
    found = sorted((page.find(f"/nodes/{pk}/"), pk) for pk in ids if page.find(f"/nodes/{pk}/") >= 0)
    return [pk for _, pk in found]


def test_a_statements_arguments_sort_by_newest_strongest_or_most_replied(
    client, class_map, measure, student, second_student
):
    first = point(student, measure, "Dust storms ruined the farms.", relation="supports")
    second = point(second_student, measure, "Harvests fell after 1958 on the new land.", relation="supports")
    point(student, first, "Kazakhstan lost topsoil in 1962.", relation="supports", kind="evidence")
    point(second_student, first, "The storms were worst in 1963.", relation="supports", kind="evidence")
    point(student, second, "Yields fell in Altai.", relation="opposes", kind="evidence")
    client.force_login(student)
    url = f"/maps/{class_map.slug}/nodes/{measure.pk}/"
    ids = {first.pk, second.pk}
    assert direct_arguments(client.get(url, {"sort": "newest"}).content.decode(), ids) == [second.pk, first.pk]
    assert direct_arguments(client.get(url, {"sort": "replies"}).content.decode(), ids) == [first.pk, second.pk]
    # first has two supporters (strength up), second an attacker (strength down)
    assert direct_arguments(client.get(url, {"sort": "strongest"}).content.decode(), ids) == [first.pk, second.pk]
    page = client.get(url, {"sort": "newest"}).content.decode()
    assert '<label for="sort-node">Sort the arguments</label>' in page
    assert '<option value="newest" selected>Newest first</option>' in page


def test_an_unknown_sort_keeps_the_essays_order(client, class_map, measure, student):
    client.force_login(student)
    url = f"/maps/{class_map.slug}/nodes/{measure.pk}/"
    point(student, measure, "Dust storms ruined the farms.", relation="opposes")
    essay_order = direct_arguments(client.get(url).content.decode(), set(Node.objects.values_list("pk", flat=True)))
    assert len(essay_order) > 5
    for odd in ("²", "loudest", ""):
        page = client.get(url, {"sort": odd}).content.decode()
        assert direct_arguments(page, set(essay_order)) == essay_order


def test_the_map_page_sorts_each_measures_arguments_too(client, class_map, measure, student, second_student):
    older = point(student, measure, "Dust storms ruined the farms.", relation="supports")
    newer = point(second_student, measure, "Harvests fell after 1958 on the new land.", relation="supports")
    client.force_login(student)
    page = client.get(f"/maps/{class_map.slug}/", {"open": measure.pk, "sort": "newest"}).content.decode()
    assert direct_arguments(page, {older.pk, newer.pk}) == [newer.pk, older.pk]
    assert '<label for="sort-map">Sort the arguments</label>' in page
    # The live updates keep the order: the poller asks for the same sort.
    assert "&amp;sort=newest" in page.split('id="live-poller"', 1)[1].split(">", 1)[0]


# Downloads


def download(client, map, format: str):
    return client.get(f"/maps/{map.slug}/download/{format}/")


def test_the_json_download_is_argmaps_own_format_and_holds_only_what_the_person_sees(
    client, class_map, waiting, hidden, second_student, teacher
):
    client.force_login(second_student)
    response = download(client, class_map, "json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{class_map.slug}.json"'
    assert "no-store" in response["Cache-Control"]
    document = argmap_json.parse(json.loads(response.content))
    texts = {node.text for node in document.nodes}
    assert "The Virgin Lands scheme to grow grain on new land" in texts
    assert waiting.text not in texts
    assert hidden.text not in texts
    client.force_login(teacher)
    texts = {node.text for node in argmap_json.parse(json.loads(download(client, class_map, "json").content)).nodes}
    assert waiting.text not in texts, "the teacher's download, too, holds what the map shows unless they ask"
    everything = client.get(f"/maps/{class_map.slug}/download/json/?with_hidden=1")
    statuses = {node.text: node.status for node in argmap_json.parse(json.loads(everything.content)).nodes}
    assert (statuses[waiting.text], statuses[hidden.text]) == ("pending", "hidden")


def test_the_csv_download_has_a_row_per_statement_with_its_measure_author_and_links(
    client, class_map, measure, student, second_student
):
    point(student, measure, "=HYPERLINK(1) Dust storms ruined the farms.")
    client.force_login(second_student)
    response = download(client, class_map, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = list(csv.reader(io.StringIO(response.content.decode().removeprefix("\ufeff"))))
    assert header == ["Id", "Kind", "Measure", "Text", "Author", "Status", "Supports", "Opposes", "Gives context to"]
    assert len(rows) == class_map.nodes.filter(status="visible").count()
    by_text = {row[3]: row for row in rows}
    row = by_text["'=HYPERLINK(1) Dust storms ruined the farms."]
    measure_id = by_text[measure.text][0]
    assert row[1:3] == ["claim", measure.text]
    assert row[4:8] == ["Sam K", "shown", "", measure_id]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_on_an_anonymous_map_the_download_names_classmates_as_the_page_does(
    client, class_map, measure, teacher, student, second_student
):
    point(student, measure, "Dust storms ruined the farms.")
    map_settings_update(map=class_map, by=teacher, is_anonymous=True)
    pseudonym = Membership.objects.get(classroom_id=class_map.classroom_id, user=student).pseudonym
    client.force_login(second_student)
    text = download(client, class_map, "csv").content.decode()
    assert "Sam K" not in text
    assert pseudonym in text
    assert "Sam K" not in download(client, class_map, "json").content.decode()


def test_aif_and_argdown_downloads_hold_the_class_map(client, class_map, measure, student):
    point(student, measure, "Dust storms ruined the farms.")
    client.force_login(student)
    aif = json.loads(download(client, class_map, "aif").content)
    assert "Dust storms ruined the farms." in {node.get("text") for node in aif["nodes"]}
    argdown = download(client, class_map, "argdown")
    assert argdown["Content-Disposition"] == f'attachment; filename="{class_map.slug}.argdown"'
    assert "Dust storms ruined the farms." in argdown.content.decode()


def test_an_unknown_format_and_a_map_out_of_scope_are_404s(client, class_map, student, outsider):
    client.force_login(student)
    assert download(client, class_map, "pdf").status_code == 404
    client.force_login(outsider)
    assert download(client, class_map, "json").status_code == 404


def test_the_map_page_offers_each_download_and_a_print_view(client, class_map, student):
    client.force_login(student)
    page = client.get(f"/maps/{class_map.slug}/").content.decode()
    for format in ("json", "aif", "argdown", "csv"):
        assert f'href="/maps/{class_map.slug}/download/{format}/" download' in page
    assert f'href="/maps/{class_map.slug}/?open=all" class="print-link"' in page


# The API: the same search and ordering


def api_nodes(client, map, **params):
    return client.get(f"/api/maps/{map.slug}/nodes/", params)


def test_the_api_finds_statements_by_words_with_their_measure(client, class_map, measure, waiting, second_student):
    client.force_login(second_student)
    found = api_nodes(client, class_map, q="virgin lands").json()["results"]
    assert found[0]["id"] == measure.pk
    assert all(node["measures"] == [measure.pk] for node in found)
    assert api_nodes(client, class_map, q="steppe farms").json()["results"] == []


def test_the_api_lists_a_statements_arguments_sorted(client, class_map, measure, student, second_student):
    older = point(student, measure, "Dust storms ruined the farms.", relation="supports")
    newer = point(second_student, measure, "Harvests fell after 1958 on the new land.", relation="opposes")
    client.force_login(student)
    listed = api_nodes(client, class_map, replies_to=measure.pk, sort="newest").json()["results"]
    assert [node["id"] for node in listed][:2] == [newer.pk, older.pk]
    assert [node["relation"] for node in listed][:2] == ["opposes", "supports"]
    found = api_nodes(client, class_map, replies_to=measure.pk, sort="newest", q="dust storms").json()["results"]
    assert found[0]["id"] == older.pk


def test_the_api_refuses_a_sort_or_a_statement_it_can_not_read_per_field(client, class_map, hidden, second_student):
    client.force_login(second_student)
    response = api_nodes(client, class_map, sort="loudest")
    assert response.status_code == 400
    assert response.json() == {"sort": ["Choose one of: newest, strongest, replies."]}
    hidden_from_her = api_nodes(client, class_map, replies_to=hidden.pk)
    assert hidden_from_her.status_code == 404
    assert hidden_from_her.json() == {"detail": "No such statement in this map."}


def test_the_api_downloads_the_same_file_as_the_page(client, class_map, waiting, hidden, second_student):
    client.force_login(second_student)
    for format in ("json", "aif", "argdown", "csv"):
        api = client.get(f"/api/maps/{class_map.slug}/download/{format}/")
        page = download(client, class_map, format)
        assert api.status_code == 200
        assert api["Content-Disposition"] == page["Content-Disposition"]
        assert api.content == page.content
    assert client.get(f"/api/maps/{class_map.slug}/download/pdf/").status_code == 404
