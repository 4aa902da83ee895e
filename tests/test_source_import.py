"""Importing sources from a CSV file, through the service and the admin page: every row checked, all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from argmap.curation.models import CurationRecord
from argmap.curation.services import ImportFailed, ImportProblem, sources_import_csv
from argmap.maps.models import Source
from tests.helpers import words

IMPORT_URL = "/admin/maps/source/import-csv/"
GOOD = (
    "title,author,year,publisher,url,page,quote,status,curator_note\n"
    "Khrushchev Remembers,Nikita Khrushchev,1970,Little Brown,https://archive.org/details/khrushchevremembe00khru,"
    'ch. 12,"We were all afraid, even of our own shadows.",verified,Memoir: his own account.\n'
    "The Thaw,Ilya Ehrenburg,1954,,,,,,\n"
)
BAD = (
    "title,year,url,status\n"
    "Khrushchev Remembers,1970,,\n"
    ",1956,,\n"
    "Khrushchev's Cold War,soon,,\n"
    "Stalin's Children,2003,not a link,\n"
    "The Thaw,1954,,maybe\n"
)


def problems_of(text: str, by) -> list[tuple[int, str]]:
    with pytest.raises(ImportFailed) as failure:
        sources_import_csv(text=text, by=by)
    return [(problem.line, problem.message) for problem in failure.value.problems]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


# Through the service


def test_a_good_file_creates_each_source_with_a_history_row(admin):
    created = sources_import_csv(text=GOOD, by=admin)
    assert [source.title for source in created] == ["Khrushchev Remembers", "The Thaw"]
    memoir = Source.objects.get(title="Khrushchev Remembers")
    assert (memoir.author, memoir.year, memoir.publisher) == ("Nikita Khrushchev", 1970, "Little Brown")
    assert memoir.page == "ch. 12"
    assert memoir.url == "https://archive.org/details/khrushchevremembe00khru"
    assert memoir.quote == "We were all afraid, even of our own shadows."
    assert (memoir.status, memoir.curator_note) == ("verified", "Memoir: his own account.")
    thaw = Source.objects.get(title="The Thaw")
    assert (thaw.year, thaw.publisher, thaw.status) == (1954, "", "unverified")
    for source in created:
        record = source.history.get()
        assert (record.actor, record.change) == (admin, "created")
        assert record.after["title"] == source.title
    assert memoir.history.get().after["year"] == 1970


def test_each_bad_row_is_reported_with_its_line_and_nothing_from_the_file_is_saved(admin):
    before = Source.objects.count()
    problems = problems_of(BAD, admin)
    assert [line for line, _ in problems] == [3, 4, 5, 6]
    assert problems[0][1] == "title: A source needs a title."
    assert problems[1][1] == "year: “soon” is not a year."
    assert problems[2][1] == "url: That link is not a web address (http:// or https://)."
    assert problems[3][1] == "status: Status must be unverified, verified or disputed."
    assert Source.objects.count() == before
    assert not Source.objects.filter(title="Khrushchev Remembers").exists()
    assert CurationRecord.objects.count() == 0


def test_a_problem_says_every_field_that_is_wrong_in_its_row(admin):
    [(line, message)] = problems_of("title,year,url\n,3000,ftp://example.org\n", admin)
    assert line == 2
    assert "title: A source needs a title." in message
    assert "year: 3000 is not a year a source could be from." in message
    assert "url: That link is not a web address" in message


def test_blank_lines_are_skipped_but_still_counted_as_lines(admin):
    problems = problems_of("title,year\n\nThe Thaw,1954\n\n,1956\n", admin)
    assert problems == [(5, "title: A source needs a title.")]


def test_a_quote_over_two_lines_does_not_shift_the_line_of_a_later_problem(admin):
    text = 'title,quote\nKhrushchev Remembers,"We were afraid,\nall of us."\nThe Thaw,\n,orphan quote\n'
    assert problems_of(text, admin) == [(5, "title: A source needs a title.")]


def test_a_bad_row_whose_quote_spans_two_lines_is_reported_at_the_line_where_it_starts(admin):
    text = 'title,quote\n,"We were afraid,\nall of us."\n'
    assert problems_of(text, admin) == [(2, "title: A source needs a title.")]


def test_a_row_with_more_cells_than_columns_is_reported_not_cut_short(admin):
    # An unquoted comma in a title splits it: a person expects to be told, not to get half a title.
    text = "title,author\nOne Hell of a Gamble: Khrushchev, Castro, and Kennedy,Fursenko and Naftali\n"
    problems = problems_of(text, admin)
    assert [line for line, _ in problems] == [2]
    assert not Source.objects.filter(title="One Hell of a Gamble: Khrushchev").exists()


def test_a_file_without_a_title_column_is_refused_at_line_one(admin):
    before = Source.objects.count()
    assert problems_of("author,year\nNikita Khrushchev,1970\n", admin) == [
        (1, "The first row must name the columns, with at least “title”.")
    ]
    assert Source.objects.count() == before


def test_a_file_with_an_unknown_column_is_refused_at_line_one(admin):
    before = Source.objects.count()
    assert problems_of("title,colour\nThe Thaw,red\n", admin) == [(1, "Unknown column(s): colour.")]
    assert Source.objects.count() == before


def test_an_empty_file_is_refused(admin):
    before = Source.objects.count()
    [(line, message)] = problems_of("", admin)
    assert line == 1
    assert "title" in message
    assert problems_of("title,author\n", admin) == [(2, "The file has no sources under its header row.")]
    assert Source.objects.count() == before


def test_a_byte_order_mark_and_loosely_written_column_names_are_fine(admin):
    created = sources_import_csv(text="\ufeff Title , AUTHOR \r\nThe Thaw,Ilya Ehrenburg\r\n", by=admin)
    assert [(source.title, source.author) for source in created] == [("The Thaw", "Ilya Ehrenburg")]


def test_a_problem_reads_as_its_line_and_message():
    assert str(ImportProblem(4, "year: “soon” is not a year.")) == "Line 4: year: “soon” is not a year."


def test_only_admins_may_import(teacher, student):
    before = Source.objects.count()
    for person in (teacher, student):
        with pytest.raises(PermissionDenied):
            sources_import_csv(text=GOOD, by=person)
    assert Source.objects.count() == before


# Through the admin page


def test_the_import_page_shows_its_form_and_the_library_links_to_it(client, superuser):
    client.force_login(superuser)
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert "Import sources from a CSV file" in words(page)
    assert 'type="file"' in page.content.decode()
    assert f'href="{IMPORT_URL}"' in client.get("/admin/maps/source/").content.decode()


def test_a_good_upload_imports_the_sources_and_says_how_many(client, superuser):
    client.force_login(superuser)
    response = client.post(IMPORT_URL, {"file": upload("sources.csv", GOOD.encode())})
    assert response.status_code == 302
    assert response["Location"] == "/admin/maps/source/"
    assert "Imported 2 sources." in words(client.get(response["Location"]))
    assert CurationRecord.objects.filter(change="created", actor=superuser).count() == 2


def test_an_upload_saved_with_a_byte_order_mark_is_imported(client, admin):
    client.force_login(admin)
    response = client.post(IMPORT_URL, {"file": upload("sources.csv", GOOD.encode("utf-8-sig"))})
    assert response.status_code == 302
    assert Source.objects.filter(title="Khrushchev Remembers", author="Nikita Khrushchev").exists()


def test_the_import_page_lists_each_problem_with_its_line_and_saves_nothing(client, admin):
    before = Source.objects.count()
    client.force_login(admin)
    response = client.post(IMPORT_URL, {"file": upload("sources.csv", BAD.encode())})
    assert response.status_code == 200
    text = words(response)
    assert "Line 3: title: A source needs a title." in text
    assert "Line 4: year: “soon” is not a year." in text
    assert "Line 5: url: That link is not a web address" in text
    assert "Line 6: status: Status must be unverified, verified or disputed." in text
    assert Source.objects.count() == before


def test_the_import_page_names_a_missing_title_column(client, admin):
    before = Source.objects.count()
    client.force_login(admin)
    response = client.post(IMPORT_URL, {"file": upload("sources.csv", b"author\nNikita Khrushchev\n")})
    assert "Line 1: The first row must name the columns, with at least “title”." in words(response)
    assert Source.objects.count() == before


def test_a_file_that_is_not_utf8_gets_a_clear_message(client, admin):
    before = Source.objects.count()
    client.force_login(admin)
    content = "title,author\nKhrushchev Remembers,Nikita Khrushchëv\n".encode("cp1252")
    response = client.post(IMPORT_URL, {"file": upload("sources.csv", content)})
    assert response.status_code == 200
    assert "The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”." in words(response)
    assert Source.objects.count() == before


def test_an_empty_upload_or_none_at_all_is_refused_by_the_form(client, admin):
    before = Source.objects.count()
    client.force_login(admin)
    empty = client.post(IMPORT_URL, {"file": upload("sources.csv", b"")})
    assert empty.status_code == 200
    assert "The submitted file is empty." in words(empty)
    missing = client.post(IMPORT_URL, {"file": ""})  # what a browser sends when no file was chosen
    assert "This field is required." in words(missing)
    assert Source.objects.count() == before
