"""A pupil downloads everything they gave argmap (JSON and CSV, and through the API), and nothing of anyone else."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.maps.models import NodeKind
from argmap.maps.services import contribution_create, link_create, node_edit
from argmap.moderation.services import flag_raise, map_settings_update, node_hide
from argmap.votes.services import vote_cast
from tests.helpers import words

MINE = "Grain output rose by half between 1953 and 1958."
EARLIER = "Grain output rose."
UNKIND = "Alex never reads the sources."


@pytest.fixture
def activity(class_map, measure, teacher, student, second_student):
    """The student wrote (and reworded), linked, voted and flagged; a classmate wrote something later hidden."""
    mine = contribution_create(author=student, target=measure, kind="claim", relation="supports", text=EARLIER)
    node_edit(editor=student, node=mine, text=MINE)
    maize = class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="maize")
    link_create(author=student, from_node=mine, to_node=maize, relation="opposes")
    vote_cast(voter=student, measure=measure, score=4)
    unkind = contribution_create(author=second_student, target=measure, kind="claim", relation="opposes", text=UNKIND)
    flag_raise(node=unkind, by=student, reason="unkind", note="It's about a person.")
    node_hide(node=unkind, by=teacher, reason="Unkind.")
    return {"mine": mine, "maize": maize, "unkind": unkind}


def _download(client, person, kind: str):
    client.force_login(person)
    return client.get(f"/accounts/my-data/argmap-my-data.{kind}")


def test_the_page_says_what_is_held_and_offers_two_downloads(client, student, activity):
    client.force_login(student)
    response = client.get("/accounts/my-data/")
    assert response.status_code == 200
    page = words(response)
    assert "1 statement you wrote" in page
    assert "2 links you made between statements" in page  # the reply's own link, and the one made after
    assert "1 vote you cast" in page
    assert "1 flag you raised" in page
    markup = response.content.decode()
    assert 'href="/accounts/my-data/argmap-my-data.json"' in markup
    assert 'href="/accounts/my-data/argmap-my-data.csv"' in markup
    assert 'href="/accounts/my-data/"' in client.get("/accounts/").content.decode()


def test_the_json_download_holds_what_they_wrote_linked_voted_and_flagged(client, student, activity, measure):
    response = _download(client, student, "json")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="argmap-my-data.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["sign_in_name"] == student.username
    assert data["account"]["name"] == "Sam K"
    assert [(c["class"], c["role"]) for c in data["classes"]] == [("10B History", "student")]
    assert [(s["text"], s["status"]) for s in data["statements"]] == [(MINE, "visible")]
    assert [w["text"] for w in data["earlier_wordings"]] == [EARLIER]
    links = {(link["from"]["text"], link["relation"], link["to"]["text"]) for link in data["links"]}
    assert (MINE, "supports", measure.text) in links
    assert (MINE, "opposes", activity["maize"].text) in links
    assert [(v["measure"]["text"], v["score"], v["round"]) for v in data["votes"]] == [(measure.text, 4, "before")]
    assert [(f["reason"], f["note"]) for f in data["flags"]] == [("unkind", "It's about a person.")]


def test_it_holds_no_classmates_name_nor_the_words_of_a_statement_the_class_cannot_see(client, student, activity):
    download = _download(client, student, "json").content.decode()
    assert "Alex P" not in download
    assert UNKIND not in download
    assert "(a statement you can't see now)" in download
    assert UNKIND not in _download(client, student, "csv").content.decode()


def test_the_csv_download_opens_in_a_spreadsheet_one_row_per_thing_they_did(client, student, activity):
    response = _download(client, student, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="argmap-my-data.csv"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["record", "map", "when", "statement", "text", "details"]
    kinds = [row[0] for row in rows[1:]]
    assert kinds == ["account", "class", "statement", "earlier wording", "link", "link", "vote", "flag"]
    assert [row[4] for row in rows if row[0] == "statement"] == [MINE]
    assert [row[5] for row in rows if row[0] == "vote"] == ["score 4 of 5, before round"]


def test_a_cell_that_would_run_as_a_formula_is_quoted(client, student, measure):
    contribution_create(author=student, target=measure, kind="claim", relation="supports", text="=HYPERLINK(1)")
    rows = list(csv.reader(io.StringIO(_download(client, student, "csv").content.decode().lstrip("\ufeff"))))
    assert [row[4] for row in rows if row[0] == "statement"] == ["'=HYPERLINK(1)"]


def test_the_api_gives_the_same_data_as_the_json_download(client, student, activity):
    download = json.loads(_download(client, student, "json").content)
    response = client.get("/api/me/data/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    api = response.json()
    assert {key: value for key, value in api.items() if key != "exported_at"} == {
        key: value for key, value in download.items() if key != "exported_at"
    }


def test_a_teacher_downloads_their_own_data_too(client, teacher, class_map, measure):
    map_settings_update(map=class_map, by=teacher, voting_open=False)
    data = json.loads(_download(client, teacher, "json").content)
    assert [(c["class"], c["role"]) for c in data["classes"]] == [("10B History", "teacher")]
    assert data["votes"] == []


def test_someone_signed_out_gets_nothing(client, db):
    for page in ("/accounts/my-data/", "/accounts/my-data/argmap-my-data.json", "/accounts/my-data/argmap-my-data.csv"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert client.get("/api/me/data/").status_code in (401, 403)


def test_the_downloads_take_a_get(client, student):
    client.force_login(student)
    assert client.post("/accounts/my-data/argmap-my-data.json").status_code == 405
    assert client.post("/api/me/data/").status_code == 405


def test_the_download_takes_the_same_number_of_queries_however_much_they_wrote(client, student, measure):
    client.force_login(student)
    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/my-data/argmap-my-data.json")
    for number in range(5):
        statement = contribution_create(
            author=student, target=measure, kind="claim", relation="supports", text=f"Point number {number}."
        )
        node_edit(editor=student, node=statement, text=f"Point number {number}, reworded.")
    vote_cast(voter=student, measure=measure, score=2)
    with CaptureQueriesContext(connection) as many:
        client.get("/accounts/my-data/argmap-my-data.json")
    assert len(many) == len(few)
