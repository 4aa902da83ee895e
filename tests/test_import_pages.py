"""Importing a map from the pages and the API: a file read into a preview, nothing saved until its person confirms,
into a class they teach (or, for admins, as a public map); downloads leave hidden and waiting statements out
unless the teacher asks for them, and then mark them."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from argmap.interchange.models import ImportDraft
from argmap.maps.models import Edge, Map, Node, NodeKind, Relation, Status, Visibility
from argmap.maps.services import node_create
from argmap.moderation.services import node_hide
from tests.helpers import words

KIALO = """Discussion Title: Was the Virgin Lands scheme worth it?

1. The Virgin Lands scheme was worth it.
1.1. Pro: Grain output rose sharply in the first years.
1.1.1. Con: The harvests collapsed after 1960 when the soil eroded.
1.2. Con: It drew money away from the older farming regions.
1.2.1. Pro: -> See 1.1.1.
"""


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def download(client: Client, map: Map, format: str, *, everything: bool = False) -> str:
    answer = client.get(f"/maps/{map.slug}/download/{format}/" + ("?with_hidden=1" if everything else ""))
    assert answer.status_code == 200, answer.content[:300]
    return answer.content.decode("utf-8")


def test_a_teacher_previews_a_kialo_file_then_imports_it_into_their_class(teacher, classroom):
    client = signed_in(teacher)
    form = client.get(f"/maps/import/?class={classroom.pk}")
    assert form.status_code == 200
    assert "10B History" in words(form)
    maps_before = Map.objects.count()

    answer = client.post("/maps/import/", {"file": upload("virgin-lands.txt", KIALO), "destination": str(classroom.pk)})
    assert answer.status_code == 302
    preview = client.get(answer["Location"])
    shown = words(preview)
    assert "Was the Virgin Lands scheme worth it?" in shown
    assert "4 statements" in shown
    assert "2 measures" in shown
    assert "1 opposing links" not in shown
    assert "2 opposing links" in shown
    assert "it becomes a debate of 10B History" in shown
    assert Map.objects.count() == maps_before, "a preview saves no map"

    imported = client.post(answer["Location"])
    map = Map.objects.get(title="Was the Virgin Lands scheme worth it?")
    assert imported["Location"] == map.get_absolute_url()
    assert (map.visibility, map.classroom, map.owner) == (Visibility.CLASS, classroom, teacher)
    assert map.nodes.count() == 4
    assert map.edges.count() == 4
    assert "is imported for 10B History" in words(client.get(map.get_absolute_url()))

    again = client.post(answer["Location"], follow=True)
    assert "imported already" in words(again)
    assert Map.objects.filter(title=map.title).count() == 1


def test_pasted_text_works_like_a_file_and_a_bad_file_names_its_place(teacher, classroom):
    client = signed_in(teacher)
    answer = client.post("/maps/import/", {"text": KIALO, "format": "kialo", "destination": str(classroom.pk)})
    assert answer.status_code == 302
    broken = KIALO.replace("1.2.1. Pro: -> See 1.1.1.", "1.2.1. Pro: -> See 1.9.")
    refused = client.post("/maps/import/", {"text": broken, "format": "kialo", "destination": str(classroom.pk)})
    assert refused.status_code == 422
    assert "1.2.1." in words(refused)
    assert "1.9." in words(refused)
    empty = client.post("/maps/import/", {"destination": str(classroom.pk)})
    assert "Choose a file, or paste its text" in words(empty)
    assert ImportDraft.objects.count() == 1


def test_students_and_other_teachers_cannot_import_into_a_class(
    teacher, classroom, student, other_teacher, other_classroom
):
    assert signed_in(student).get("/maps/import/").status_code == 403
    other = signed_in(other_teacher)
    refused = other.post("/maps/import/", {"text": KIALO, "destination": str(classroom.pk)})
    assert refused.status_code == 404, "another teacher's class is not there for them"
    public = other.post("/maps/import/", {"text": KIALO, "destination": "public"})
    assert public.status_code == 403
    assert "public maps are imported by admins" in words(public)
    draft = signed_in(teacher).post("/maps/import/", {"text": KIALO, "destination": str(classroom.pk)})
    assert other.get(draft["Location"]).status_code == 404, "a draft is its person's own"
    assert other.post(draft["Location"]).status_code == 404
    assert not Map.objects.filter(title__startswith="Was the Virgin Lands").exists()


def test_an_admin_imports_a_public_map_but_not_a_class_map_file_as_public(admin, teacher, classroom, class_map):
    client = signed_in(admin)
    answer = client.post("/maps/import/", {"text": KIALO, "destination": "public"})
    client.post(answer["Location"])
    assert Map.objects.get(title="Was the Virgin Lands scheme worth it?").visibility == Visibility.PUBLIC
    class_file = download(signed_in(teacher), class_map, "json")
    refused = client.post("/maps/import/", {"text": class_file, "destination": "public"})
    assert refused.status_code == 422
    assert "This file is a class's map: import it into one of your classes" in words(refused)


def _class_map_with_contributions(class_map, student, teacher) -> None:
    measure = class_map.nodes.filter(kind=NodeKind.MEASURE).first()
    node_create(
        map=class_map,
        kind="claim",
        text="Prices in the shops [did] not fall {at all}",
        target=measure,
        relation="opposes",
        author=student,
    )
    waiting = node_create(
        map=class_map,
        kind="claim",
        text="A point for the teacher",
        target=measure,
        relation="supports",
        author=student,
        status=Status.PENDING,
    )
    hidden = node_create(
        map=class_map, kind="claim", text="Something rude", target=measure, relation="supports", author=student
    )
    node_hide(node=hidden, by=teacher, reason="Off topic")
    assert waiting.status == Status.PENDING


def test_a_class_maps_json_round_trips_byte_for_byte_through_an_import_into_a_class(
    teacher, classroom, class_map, student
):
    """The class map's own download, with its hidden and waiting statements, imported into the class and
    downloaded again: the same file, but for the new map's slug (and no crash on the class's visibility)."""
    _class_map_with_contributions(class_map, student, teacher)
    client = signed_in(teacher)
    first = download(client, class_map, "json", everything=True)
    answer = client.post(
        "/maps/import/",
        {"file": upload("class.json", first), "destination": str(classroom.pk), "title": class_map.title},
    )
    assert answer.status_code == 302, words(answer)
    copy_url = client.post(answer["Location"])["Location"]
    copy = Map.objects.get(slug=copy_url.strip("/").split("/")[-1])
    assert copy.pk != class_map.pk
    assert copy.classroom == classroom
    second = download(client, copy, "json", everything=True)
    assert second.replace(f'"slug": "{copy.slug}"', f'"slug": "{class_map.slug}"') == first
    assert copy.nodes.filter(status=Status.HIDDEN).count() == 1
    assert copy.nodes.filter(status=Status.PENDING).count() == 1


def test_downloads_leave_out_hidden_and_waiting_statements_unless_the_teacher_asks(teacher, class_map, student):
    _class_map_with_contributions(class_map, student, teacher)
    client = signed_in(teacher)
    shown = json.loads(download(client, class_map, "json"))
    assert {node["status"] for node in shown["nodes"]} == {"visible"}
    assert "Something rude" not in json.dumps(shown)
    assert "A point for the teacher" not in json.dumps(shown)
    everything = json.loads(download(client, class_map, "json", everything=True))
    statuses = {node["text"]: node["status"] for node in everything["nodes"]}
    assert statuses["Something rude"] == "hidden"
    assert statuses["A point for the teacher"] == "pending"
    assert len(everything["nodes"]) == len(shown["nodes"]) + 2
    assert "Something rude" in download(client, class_map, "csv", everything=True)
    assert "Something rude" not in download(client, class_map, "csv")
    page = words(client.get(class_map.get_absolute_url()))
    assert "with hidden and waiting" in page
    pupil = signed_in(student)
    assert "with hidden and waiting" not in words(pupil.get(class_map.get_absolute_url()))
    assert pupil.get(f"/maps/{class_map.slug}/download/json/?with_hidden=1").status_code == 403
    own = json.loads(download(pupil, class_map, "json"))
    assert "A point for the teacher" not in json.dumps(own), "a download holds what the map shows everyone"


def test_the_api_previews_and_imports_the_same_way(teacher, classroom, other_teacher):
    client = signed_in(teacher)
    answer = client.post("/api/imports/", {"text": KIALO, "classroom": classroom.pk}, content_type="application/json")
    assert answer.status_code == 201, answer.json()
    preview = answer.json()
    assert preview["counts"] == {"statements": 4, "measures": 2, "supports": 2, "opposes": 2, "structural": 0}
    assert preview["format"] == "kialo"
    assert preview["destination"] == "a debate of 10B History"
    assert client.get(f"/api/imports/{preview['id']}/").json()["counts"] == preview["counts"]
    assert signed_in(other_teacher).get(f"/api/imports/{preview['id']}/").status_code == 404
    made = client.post(f"/api/imports/{preview['id']}/confirm/")
    assert made.status_code == 201
    map = Map.objects.get(slug=made.json()["slug"])
    assert map.classroom == classroom
    assert Edge.objects.filter(map=map, relation=Relation.OPPOSES).count() == 2
    again = client.post(f"/api/imports/{preview['id']}/confirm/")
    assert again.status_code == 400
    assert "imported already" in json.dumps(again.json())
    broken = client.post(
        "/api/imports/",
        {"text": "1. Only a thesis\n1.1. Pro: -> See 1.5.", "format": "kialo", "classroom": classroom.pk},
        content_type="application/json",
    )
    assert broken.status_code == 400
    assert "1.5." in json.dumps(broken.json()["text"], ensure_ascii=False)
    elsewhere = signed_in(other_teacher).post(
        "/api/imports/", {"text": KIALO, "classroom": classroom.pk}, content_type="application/json"
    )
    assert elsewhere.status_code == 404


@pytest.mark.parametrize(
    ("file_name", "start", "expected"),
    [
        ("map.json", '{"format": "argmap", "version": 1}', "json"),
        ("aifdb.json", '{"nodes": [], "edges": []}', "aif"),
        ("ova.json", '{"AIF": {"nodes": []}}', "aif"),
        ("debate.txt", "Discussion Title: X\n\n1. Thesis", "kialo"),
        ("debate.argdown", "[A]: text", "argdown"),
        ("notes.txt", "===\ntitle: X\n===\n[A]: text", "argdown"),
        ("numbered.txt", "[Thesis]: text\n1. a list is not Kialo", "argdown"),
        ("kialo.txt", "\ufeff\n1. Thesis\n1.1. Pro: A reason", "kialo"),
    ],
)
def test_the_format_is_worked_out_from_the_file(file_name, start, expected):
    from argmap.interchange.services import detect_format

    assert detect_format(file_name=file_name, text=start) == expected


def test_imported_authors_are_names_only(teacher, classroom, class_map, student):
    _class_map_with_contributions(class_map, student, teacher)
    client = signed_in(teacher)
    first = download(client, class_map, "json")
    answer = client.post("/maps/import/", {"text": first, "destination": str(classroom.pk)})
    copy_url = client.post(answer["Location"])["Location"]
    node = Node.objects.get(map__slug=copy_url.strip("/").split("/")[-1], text__startswith="Prices in the shops")
    assert node.author is None
    assert node.credited_to == "Sam K"


TWO_CONCLUSIONS = {
    "nodes": [
        {"nodeID": "1", "type": "I", "text": "Khrushchev freed the prisoners of the camps."},
        {"nodeID": "2", "type": "I", "text": "Millions came home from the Gulag after 1956."},
        {"nodeID": "3", "type": "RA", "text": "Default Inference"},
        {"nodeID": "4", "type": "I", "text": "The Secret Speech shocked the party."},
    ],
    "edges": [{"edgeID": "1", "fromID": "2", "toID": "3"}, {"edgeID": "2", "fromID": "3", "toID": "1"}],
}


def test_conclusions_gathered_on_import_are_shown_as_such_and_left_out_of_the_aif(admin):
    client = signed_in(admin)
    answer = client.post(
        "/maps/import/",
        {"text": json.dumps(TWO_CONCLUSIONS), "destination": "public", "title": "The thaw"},
    )
    assert "2 links added to gather the conclusions under one question" in words(client.get(answer["Location"]))
    map = Map.objects.get(slug=client.post(answer["Location"])["Location"].strip("/").split("/")[-1])
    assert map.edges.filter(structural=True).count() == 2
    page = client.get(map.get_absolute_url()).content.decode()
    assert page.count("Put under the question on import") == 2
    assert client.get(f"/maps/{map.slug}/graph/").content.decode().count("graph-link-structural") == 2
    picture = client.get(f"/maps/{map.slug}/graph.svg").content.decode()
    assert picture.count("graph-link-structural") == 2
    assert "Added on import to gather the file's conclusions" in picture
    assert ElementTree.fromstring(picture.encode()).tag.endswith("svg"), "the file stays well-formed SVG"
    gathered = map.nodes.get(text="The Secret Speech shocked the party.")
    its_page = words(client.get(gathered.get_absolute_url()))
    assert "Put under it on import (no argument)" in its_page
    assert "Supports" not in its_page.split("It speaks to", 1)[1].split("What speaks to it", 1)[0]
    aif = json.loads(download(client, map, "aif"))
    assert sorted(node["text"] for node in aif["nodes"] if node["type"] == "I") == sorted(
        node["text"] for node in TWO_CONCLUSIONS["nodes"] if node["type"] == "I"
    )
    assert [node["type"] for node in aif["nodes"]].count("RA") == 1


def test_a_files_words_are_shown_as_text_in_the_preview(teacher, classroom):
    hostile = (
        'Discussion Title: <script>alert("t")</script>\n\n1. <img src=x onerror=alert(1)> thesis\n'
        "1.1. Pro: <b hx-get=/x>bold</b> {{ 7*7 }}\n"
    )
    client = signed_in(teacher)
    answer = client.post("/maps/import/", {"text": hostile, "destination": str(classroom.pk)})
    page = client.get(answer["Location"]).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<b hx-get" not in page
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page
