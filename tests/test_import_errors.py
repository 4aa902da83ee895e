"""Bad input to the admin's forms, its CSV import and import_map is a message naming the place, never a 500
or a traceback; the limits are the models' own."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from argmap.curation import services
from argmap.curation.models import CurationRecord
from argmap.curation.services import ImportFailed, sources_import_csv
from argmap.interchange import argmap_json
from argmap.interchange.management.commands import import_map
from argmap.maps.models import TEXT_MAX_LENGTH, Map, Node, NodeKind, Source
from tests.helpers import words

IMPORT_URL = "/admin/maps/source/import-csv/"


@pytest.fixture
def evidence(essay_map) -> Node:
    return essay_map.nodes.filter(kind=NodeKind.EVIDENCE, curation_status="unverified").earliest("pk")


# The admin's change forms


def source_form(**changes: str) -> dict[str, str]:
    form = {"title": "Khrushchev Remembers", "year": "1970", "status": "unverified", "curator_note": ""}
    return {**form, **changes, "history-TOTAL_FORMS": "0", "history-INITIAL_FORMS": "0"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year": "3000"}, "3000 is not a year a source could be from."),
        ({"year": "99999999999999999999"}, "99999999999999999999 is not a year a source could be from."),
        ({"status": "disputed"}, "Say why the source is disputed."),
        ({"title": "Khrushchev\x00Remembers"}, "Null characters are not allowed."),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_the_source_form_shows_what_is_wrong_beside_the_field_and_saves_nothing(client, superuser, changes, message):
    client.force_login(superuser)
    response = client.post("/admin/maps/source/add/", source_form(**changes))
    assert response.status_code == 200
    assert message in words(response)
    assert not Source.objects.filter(title="Khrushchev Remembers").exists()


def evidence_form(**changes: str) -> dict[str, str]:
    form = {"source": "", "curation_status": "verified", "curator_note": ""}
    return {**form, **changes, "curation_history-TOTAL_FORMS": "0", "curation_history-INITIAL_FORMS": "0"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"curator_note": "n" * 1001}, "Keep the note to 1000 characters or fewer (this one has 1001)."),
        ({"curation_status": "disputed"}, "Say why it is disputed, so students can see what to check."),
        ({"source": "99999999999999999999"}, "Select a valid choice."),
        ({"curator_note": "Checked\x00"}, "Null characters are not allowed."),
    ],
)
def test_the_evidence_form_shows_what_is_wrong_beside_the_field_and_changes_nothing(
    client, superuser, evidence, changes, message
):
    client.force_login(superuser)
    response = client.post(f"/admin/curation/evidencenode/{evidence.pk}/change/", evidence_form(**changes))
    assert response.status_code == 200
    assert message in words(response)
    evidence.refresh_from_db()
    assert evidence.curation_status == "unverified"
    assert CurationRecord.objects.count() == 0


# The CSV import


def problems_of(text: str, by) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        sources_import_csv(text=text, by=by)
    return [str(problem) for problem in failure.value.problems]


def test_a_cell_longer_than_the_csv_limit_is_reported_at_its_line(admin):
    text = f"title,quote\nThe Thaw,\nKhrushchev Remembers,{'x' * (csv.field_size_limit() + 1)}\n"
    assert problems_of(text, admin) == ["Line 3: A cell on this line is longer than 131,072 characters."]


def test_a_nul_character_is_reported_at_its_line(admin):
    problems = problems_of("title,author\nThe Thaw,Ehrenburg\nKhrushchev Remembers,Nikita\x00\n", admin)
    assert len(problems) == 1
    assert problems[0].startswith("Line 3: This line holds a NUL character")


def test_a_quote_never_closed_is_reported_at_the_line_where_it_opens(admin):
    text = 'title,quote\nThe Thaw,"We were afraid\nKhrushchev Remembers,\n'
    assert problems_of(text, admin) == [
        'Line 2: A quoted cell starts on this line and is never closed: add the closing quote (").'
    ]


def test_a_quote_ending_inside_a_cell_is_reported(admin):
    problems = problems_of('title\nThe Thaw\n"Khrushchev" Remembers\n', admin)
    assert problems == [
        'Line 3: A quote ends in the middle of a cell: quote the whole cell, and write a quote inside it as "".'
    ]


def test_too_many_rows_are_refused_before_any_is_saved(admin, monkeypatch):
    monkeypatch.setattr(services, "CSV_MAX_ROWS", 3)
    text = "title\n" + "".join(f"Book {number}\n" for number in range(5))
    assert problems_of(text, admin) == ["Line 5: Import at most 3 sources at a time."]
    assert not Source.objects.filter(title__startswith="Book ").exists()


def test_a_file_over_the_size_limit_is_refused_by_the_service(admin, monkeypatch):
    monkeypatch.setattr(services, "CSV_MAX_BYTES", 1024 * 1024)
    text = "title\n" + "The Thaw\n" * (1024 * 1024 // 9 + 1)
    assert problems_of(text, admin) == ["Line 1: The file is larger than 1 MB: split it."]


def test_an_upload_over_two_megabytes_is_refused_by_the_form_with_its_size(client, admin, monkeypatch):
    client.force_login(admin)
    content = b"title\n" + b"The Thaw\n" * (2 * 1024 * 1024 // 9 + 1)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("big.csv", content, content_type="text/csv")})
    assert response.status_code == 200
    assert "The file is 2.0 MB; import at most 2 MB at a time (split it into several files)." in words(response)
    assert not Source.objects.filter(title="The Thaw", history__actor=admin).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'title,quote\nThe Thaw,"open\n', "Line 2: A quoted cell starts on this line and is never closed"),
        (b"title\nThe \x00Thaw\n", "Line 2: This line holds a NUL character"),
        (b"title,quote\nThe Thaw," + b"x" * 140_000 + b"\n", "Line 2: A cell on this line is longer than"),
    ],
)
def test_the_import_page_reports_a_malformed_file_with_its_line(client, admin, content, message):
    client.force_login(admin)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("bad.csv", content, content_type="text/csv")})
    assert response.status_code == 200
    assert message in words(response)
    assert not Source.objects.filter(title="The Thaw").exists()


# import_map


def essay_document(essay_map) -> dict:
    out = io.StringIO()
    call_command("export_map", essay_map.slug, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def run_import(tmp_path, text: str, *args: str) -> str:
    path = tmp_path / "map.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_map", str(path), *args, stdout=out)
    return out.getvalue()


def refused(tmp_path, text: str, *args: str) -> str:
    counts = (Map.objects.count(), Node.objects.count(), Source.objects.count())
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, text, *args)
    assert (Map.objects.count(), Node.objects.count(), Source.objects.count()) == counts
    message = str(error.value)
    assert "Traceback" not in message
    return message


def evidence_index(document: dict) -> int:
    return next(index for index, node in enumerate(document["nodes"]) if node["kind"] == "evidence")


@pytest.mark.parametrize("format", ["json", "aif"])
def test_deeply_nested_json_is_refused_with_a_sentence(db, tmp_path, format):
    message = refused(tmp_path, "[" * 100_000, "--format", format)
    assert message == f"The file cannot be imported:\n  {argmap_json.TOO_DEEP}"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d, e: d["map"].update(title="T" * 201), "map.title: 200 characters at most (found 201)."),
        (lambda d, e: d["map"].update(measure_label="m" * 41), "map.measure_label: 40 characters at most (found 41)."),
        (lambda d, e: d["nodes"][e].update(topic="t" * 41), "].topic: 40 characters at most (found 41)."),
        (lambda d, e: d["nodes"][e].update(text="Dust\x00storms"), "].text: holds a NUL character"),
        (lambda d, e: d["map"].update(description="\ud800"), "map.description: holds a lone surrogate"),
        (
            lambda d, e: d["nodes"][e].update(source={"title": "Memoir", "year": -1970}),
            "].source.year: expected a year",
        ),
        (lambda d, e: d["nodes"][e].update(source={"title": "M" * 301}), "].source.title: 300 characters at most"),
        (
            lambda d, e: d["nodes"][e].update(source={"title": "Memoir", "author": ["K"]}),
            "].source.author: expected text.",
        ),
        (
            lambda d, e: d["nodes"][e].update(source={"title": "Memoir", "url": "javascript:alert(1)"}),
            "].source.url: expected a web address starting http:// or https://.",
        ),
        (
            lambda d, e: d["edges"].append({"source": ["n1"], "target": "n2", "relation": "supports"}),
            "no node has the id",
        ),
        (lambda d, e: d["nodes"][e].update(kind=[[["claim"]]]), "].kind: expected one of question, measure, claim"),
    ],
)
def test_a_file_the_database_could_not_keep_is_refused_naming_the_place(essay_map, tmp_path, change, message):
    document = essay_document(essay_map)
    change(document, evidence_index(document))
    text = json.dumps(document)
    assert message in refused(tmp_path, text, "--slug", "bad")


def test_a_class_map_is_not_imported_as_a_public_one(essay_map, tmp_path):
    document = essay_document(essay_map)
    document["map"]["visibility"] = "class"
    message = refused(tmp_path, json.dumps(document), "--slug", "class-copy")
    assert message == "map.visibility: an import makes a public map; this file is a class's map (“class”)."


def test_statements_imported_have_no_author_whatever_the_file_says(essay_map, admin, tmp_path):
    document = essay_document(essay_map)
    for node in document["nodes"]:
        node["author"] = admin.username
    run_import(tmp_path, json.dumps(document), "--slug", "credited")
    assert not Node.objects.filter(map__slug="credited", author__isnull=False).exists()


KIALO = """Discussion Title: Virgin Lands

1. The Virgin Lands campaign succeeded.
1.1. Pro: Grain output rose in 1956.
1.2. Con: Dust storms ruined the soil.
"""


def test_a_kialo_see_line_to_a_missing_number_is_refused_naming_both(db, tmp_path):
    message = refused(tmp_path, KIALO + "1.3. Pro: -> See 1.9.\n", "--format", "kialo")
    assert message == (
        "The file cannot be imported:\n  1.3.: “-> See 1.9.” points to 1.9., which is not a statement in the file."
    )


def test_a_kialo_line_whose_parent_is_missing_is_refused(db, tmp_path):
    message = refused(tmp_path, KIALO + "1.4.2. Con: It rained.\n", "--format", "kialo")
    assert "1.4.2.: it answers 1.4., which is not in the file." in message


def test_a_good_kialo_file_still_imports(db, tmp_path):
    assert "Imported" in run_import(tmp_path, KIALO + "1.3. Pro: -> See 1.1.\n", "--format", "kialo")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db, tmp_path, monkeypatch):
    monkeypatch.setattr(import_map, "MAX_BYTES", 1024 * 1024)
    message = refused(tmp_path, "x" * (1024 * 1024 + 1))
    assert message.endswith("map.txt is larger than 1 MB; a map's file is far smaller.")


def test_a_file_that_is_not_utf8_says_where(db, tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"title": "Chr\xfcschtschow"}')
    with pytest.raises(CommandError, match=r"is not UTF-8 text \(byte 15\)"):
        call_command("import_map", str(path))


def test_the_limits_are_the_models_own():
    def limits(model, names):
        return {name: model._meta.get_field(name).max_length for name in names}

    assert limits(Map, argmap_json.MAP_LIMITS) == argmap_json.MAP_LIMITS
    assert limits(Source, argmap_json.SOURCE_LIMITS) == argmap_json.SOURCE_LIMITS
    assert limits(Node, ["topic"]) == {"topic": argmap_json.NODE_LIMITS["topic"]}
    # A statement from another tool is kept whole (Node.text has no length limit), though a student types 500.
    assert argmap_json.NODE_LIMITS["text"] == argmap_json.IMPORTED_TEXT_MAX_LENGTH > TEXT_MAX_LENGTH
