"""The pages and the API agree: each row of the parity table, run through both from the same fresh state, stores
the same change or is refused with the same message; and every write of the API has a row.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from argmap.api import urls as api_urls
from argmap.classrooms.models import Classroom
from tests.parity.helpers import API, PAGE, Outcome, Row, World, describe, run
from tests.parity.rows import ROWS

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# API operations with no row, each with why. Reads change nothing, so there is no outcome for a page to agree with;
# what each person may read is tested per endpoint (tests/api/test_maps_read.py and the others).
NO_ROW_NEEDED = {
    ("GET", "api:schema"): "documentation: the OpenAPI schema describes the API itself",
    ("GET", "api:docs"): "documentation: Swagger UI over that schema",
    ("GET", "api:maps"): "read: the maps a person may open",
    ("GET", "api:map"): "read: a map as the person sees it",
    ("GET", "api:nodes"): "read: a map's statements found by words or sorted, as the person sees them",
    ("GET", "api:download"): "read: a map as the person sees it, in one file",
    ("GET", "api:graph_svg"): "read: a map as the person sees it, drawn as a graph in an SVG file",
    ("GET", "api:node"): "read: one statement",
    ("GET", "api:results"): "read: the vote results",
    ("GET", "api:ratings"): "read: the class's ratings of claims and evidence, and both strengths",
    ("GET", "api:queue"): "read: the moderation queue",
    ("GET", "api:settings"): "read: the map's settings",
    ("GET", "api:audit"): "read: the audit log",
    ("GET", "api:participation"): "read: participation per student",
    ("GET", "api:curation"): "read: evidence that needs review",
    ("GET", "api:sources"): "read: the source library",
    ("GET", "api:classes"): "read: a person's classes",
    ("GET", "api:class"): "read: one class with its students",
    ("GET", "api:my_data"): "read: a person's own data to download",
    ("GET", "api:notifications"): "read: a student's own notifications",
    ("GET", "api:import"): "read: the preview of a file its person sent for import",
}


@pytest.fixture
def world(
    teacher, other_teacher, student, second_student, outsider, admin, classroom, other_classroom, class_map, essay_map
) -> World:
    return World(
        teacher=teacher,
        other_teacher=other_teacher,
        student=student,
        second_student=second_student,
        outsider=outsider,
        admin=admin,
        class_map_id=class_map.pk,
        essay_map_id=essay_map.pk,
        classroom_id=classroom.pk,
        other_classroom_id=other_classroom.pk,
        join_codes=dict(Classroom.objects.values_list("pk", "join_code")),
        password_hashes=dict(get_user_model().objects.values_list("pk", "password")),
    )


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_the_pages_and_the_api_agree(row: Row, world: World):
    page = run(row, PAGE, world)
    if row.api is None:
        pytest.fail(report(row, page, None, ["the pages offer this and the API has no operation for it"]))
    api = run(row, API, world)
    problems = disagreements(row, page, api)
    assert not problems, report(row, page, api, problems)


def test_every_write_of_the_api_has_a_parity_row():
    operations = api_operations()
    called = {(row.api.method, row.api.url_name) for row in ROWS if row.api}
    stored = {(row.api.method, row.api.url_name) for row in ROWS if row.api and not row.expect.refused}
    assert called <= set(operations), f"rows call what the API does not have: {sorted(called - set(operations))}"
    assert set(NO_ROW_NEEDED) <= set(operations), f"stale exclusions: {sorted(set(NO_ROW_NEEDED) - set(operations))}"
    assert all(method == "GET" for method, _ in NO_ROW_NEEDED), "only reads may go without a row"
    missing = [
        f"{method} {route} ({name})"
        for (method, name), route in sorted(operations.items())
        if method in WRITE_METHODS and (method, name) not in stored
    ]
    assert not missing, "API writes with no parity row where they succeed:\n" + "\n".join(missing)
    unexplained = sorted(op for op in operations if op not in called and op not in NO_ROW_NEEDED)
    assert not unexplained, f"API operations with neither a row nor a reason to have none: {unexplained}"


def api_operations() -> dict[tuple[str, str], str]:
    """Every (method, URL name) of argmap/api/urls.py, with its route."""
    operations = {}
    for pattern in api_urls.urlpatterns:
        view = pattern.callback.view_class
        for method in ("get", *(write.lower() for write in WRITE_METHODS)):
            if hasattr(view, method):
                operations[(method.upper(), f"{api_urls.app_name}:{pattern.name}")] = f"/api/{pattern.pattern}"
    return operations


def disagreements(row: Row, page: Outcome, api: Outcome) -> list[str]:
    """What differs between the two runs, or from what a teacher or student would expect."""
    problems = [problem for outcome in (page, api) for problem in unexpected(row, outcome)]
    if page.changes != api.changes:
        problems.append("the page and the API stored different changes")
    if page.refused and api.refused and not row.expect.not_found:
        unsaid = [message for message in api.messages if message not in page.words]
        if unsaid or not api.messages:
            problems.append(f"the page does not say what the API says: {unsaid or 'the API gave no message'}")
    return problems


def unexpected(row: Row, outcome: Outcome) -> list[str]:
    who = f"the {'page' if outcome.interface == PAGE else 'API'}"
    expect = row.expect
    if expect.not_found:
        problems = [] if outcome.status == 404 else [f"{who} answered {outcome.status}, not 404"]
        return problems + ([f"{who} stored a change where it should store nothing"] if outcome.changes else [])
    if expect.refused:
        problems = [] if outcome.refused else [f"{who} accepted it ({outcome.status}) where it should refuse"]
        return problems + ([f"{who} stored a change where it should store nothing"] if outcome.changes else [])
    if outcome.refused:
        return [f"{who} refused it ({outcome.status}): {outcome.says}"]
    if set(outcome.changes) != expect.tables:
        return [
            f"{who} changed {', '.join(sorted(outcome.changes)) or 'nothing'}, not {', '.join(sorted(expect.tables))}"
        ]
    return []


def report(row: Row, page: Outcome, api: Outcome | None, problems: list[str]) -> str:
    def summary(outcome: Outcome) -> str:
        verdict = "refused" if outcome.refused else "accepted"
        return f"{verdict} ({outcome.status})" + (f": {outcome.says}" if outcome.says else "")

    lines = [
        f"{row.name}, by {row.actor or 'someone not signed in'}",
        f"  expected: {row.expect}",
        f"  page: {summary(page)}",
        f"  API:  {summary(api) if api else 'no operation'}",
        "  problems:",
        *(f"    - {problem}" for problem in problems),
        "  the page changed:",
        describe(page.changes),
    ]
    if api:
        lines += ["  the API changed:", describe(api.changes)]
    return "\n".join(lines)
