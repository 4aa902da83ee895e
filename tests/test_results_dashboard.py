"""The results dashboard as a person sees it: both rankings, why they differ, the chart with its table, a teacher's
classes side by side (only their own), and the same numbers from the results API.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from argmap.classrooms.permissions import debates_to_compare, map_access
from argmap.classrooms.services import classroom_create, debate_start
from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.selectors import map_graph
from argmap.votes import chart
from argmap.votes.services import rating_cast, vote_cast
from tests.helpers import add_student


def results_url(map: Map) -> str:
    return f"/maps/{map.slug}/results/"


def api_results(client, map: Map) -> dict:
    response = client.get(f"/api/maps/{map.slug}/results/")
    assert response.status_code == 200
    return response.json()


def measures_of(map: Map) -> list[Node]:
    """The map's measures in the order the page numbers them (No. 1, No. 2, …)."""
    measures = list(map.nodes.filter(kind=NodeKind.MEASURE, status="visible").order_by("id"))
    for measure in measures:
        measure.map = map
    return measures


@pytest.fixture
def voted(class_map, student, second_student):
    """Two students vote on the first three measures: No. 1 low, No. 2 high, No. 3 in the middle."""
    first, second, third = measures_of(class_map)[:3]
    for voter in (student, second_student):
        vote_cast(voter=voter, measure=first, score=1)
        vote_cast(voter=voter, measure=second, score=5)
        vote_cast(voter=voter, measure=third, score=3)
    return first, second, third


@pytest.fixture
def second_debate(teacher, essay_map) -> Map:
    """The same teacher's other class, debating its own copy of the essay map."""
    other_class = classroom_create(teacher=teacher, name="10C History")
    return debate_start(classroom=other_class, by=teacher, source=essay_map)


@pytest.fixture
def strangers_debate(other_teacher, other_classroom, essay_map) -> Map:
    """Another teacher's class on the same template map: never shown beside this teacher's classes."""
    return debate_start(classroom=other_classroom, by=other_teacher, source=essay_map)


def test_the_measures_are_ranked_by_the_class_vote_and_by_strength(client, class_map, teacher, voted):
    first, second, third = voted
    client.force_login(teacher)
    body = api_results(client, class_map)
    entries = {entry["id"]: entry for entry in body["measures"]}
    assert [entries[m.pk]["vote_rank"] for m in (second, third, first)] == [1, 2, 3]
    strengths = {m.pk: entries[m.pk]["strength"] for m in (first, second, third)}
    expected = {
        m.pk: sorted(strengths.values(), reverse=True).index(strengths[m.pk]) + 1 for m in (first, second, third)
    }
    assert {pk: entries[pk]["strength_rank"] for pk in expected} == expected
    # Measures nobody voted on take no place.
    assert all(entry["vote_rank"] is None for entry in body["measures"] if entry["id"] not in strengths)
    assert body["ranking_round"] == "before"

    page = client.get(results_url(class_map)).content.decode()
    by_vote = page.split('id="by-vote-heading"')[1].split("</ol>")[0]
    assert by_vote.index(escape(second.text)) < by_vote.index(escape(third.text)) < by_vote.index(escape(first.text))
    assert "mean 5.0" in by_vote
    assert "mean 1.0" in by_vote


def test_the_page_explains_the_biggest_gap_between_the_two_orders(client, class_map, teacher, student):
    # The class rates the weakest-argued measure top and the best-argued one bottom.
    graph = map_graph(map=class_map, access=map_access(teacher, class_map))
    by_strength = sorted(measures_of(class_map), key=lambda m: (graph.strengths()[m.pk], m.pk))
    weakest, middle, strongest = by_strength[0], by_strength[len(by_strength) // 2], by_strength[-1]
    assert graph.strengths()[weakest.pk] < graph.strengths()[middle.pk] < graph.strengths()[strongest.pk]
    for measure, score in ((weakest, 5), (middle, 3), (strongest, 1)):
        vote_cast(voter=student, measure=measure, score=score)
    client.force_login(teacher)
    notes = api_results(client, class_map)["differences"]
    assert notes[0].startswith(f"The class rates “{weakest.text}” higher than its arguments support (1st by vote, 3rd")
    assert any(
        note.startswith(f"The class rates “{strongest.text}” lower than its arguments support") for note in notes
    )
    page = client.get(results_url(class_map)).content.decode()
    assert escape(notes[0]) in page


def test_the_chart_draws_each_measure_where_its_strength_and_mean_vote_put_it(client, class_map, teacher, voted):
    client.force_login(teacher)
    page = client.get(results_url(class_map)).content.decode()
    svg = re.search(r'<svg class="chart-svg".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-caption"' in svg
    assert 'id="chart-caption"' in page
    assert "style=" not in svg
    entries = {entry["number"]: entry for entry in api_results(client, class_map)["measures"]}
    points = re.findall(r'id="point-(\d+)">\s*<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert sorted(int(number) for number, _, _ in points) == [1, 2, 3]
    for number, x, y in points:
        entry = entries[int(number)]
        assert float(x) == chart.x_for(entry["strength"])
        assert float(y) == chart.y_for(entry["before"]["mean"])
    # The table beside the chart holds the same numbers.
    table = page.split('id="chart-table-caption"')[1].split("</table>")[0]
    for number in (1, 2, 3):
        entry = entries[number]
        row = table.split(f'id="chart-row-{number}"')[1].split("</tr>")[0]
        assert f"{round(100 * entry['strength'])}%" in row
        assert f"{entry['before']['mean']:.1f}" in row


def test_a_student_who_has_not_voted_sees_no_place_and_no_point_for_the_measure(client, class_map, voted):
    client.force_login(add_student(class_map.classroom, "New Pupil", "newbie"))
    body = api_results(client, class_map)
    assert all(entry["vote_rank"] is None and entry["shift"] is None for entry in body["measures"])
    assert body["differences"] == []
    page = client.get(results_url(class_map)).content.decode()
    assert "chart-svg" not in page
    assert "vote on a measure to see where the class puts it" in page


def test_a_teacher_with_two_classes_on_the_map_sees_both_side_by_side_and_no_one_elses(
    client, class_map, second_debate, strangers_debate, teacher, student, outsider, voted
):
    first = voted[0]
    second_copy = second_debate.nodes.get(origin=first.origin_id)
    second_copy.map = second_debate
    pupil = add_student(second_debate.classroom, "Kim L", "kim")
    vote_cast(voter=pupil, measure=second_copy, score=4)
    stranger_copy = strangers_debate.nodes.get(origin=first.origin_id)
    stranger_copy.map = strangers_debate
    vote_cast(voter=outsider, measure=stranger_copy, score=2)

    client.force_login(teacher)
    page = client.get(results_url(class_map)).content.decode()
    classes = page.split('id="classes-heading"')[1].split("</table>")[0]
    assert "10B History" in classes
    assert "10C History" in classes
    assert "11A History" not in classes
    assert results_url(second_debate) in classes
    assert results_url(strangers_debate) not in classes
    row = classes.split(escape(first.text))[1].split("</tr>")[0]
    assert "mean <strong>1.0</strong>" in row
    assert "mean <strong>4.0</strong>" in row
    assert "2.0" not in row

    body = api_results(client, class_map)
    assert [(c["classroom"], c["this_map"]) for c in body["classes"]] == [("10B History", True), ("10C History", False)]
    cell = next(cell for cell in body["classes"][1]["measures"] if cell["measure"] == first.pk)
    assert (cell["count"], cell["mean"]) == (1, 4.0)
    # From the other class's results page, the same two classes.
    assert [c["map"] for c in api_results(client, second_debate)["classes"]] == [class_map.slug, second_debate.slug]


def test_students_and_other_teachers_see_no_classes_side_by_side(
    client, class_map, second_debate, strangers_debate, student, other_teacher, teacher
):
    client.force_login(student)
    assert api_results(client, class_map)["classes"] is None
    assert 'id="classes"' not in client.get(results_url(class_map)).content.decode()
    client.force_login(other_teacher)
    assert api_results(client, strangers_debate)["classes"] is None
    assert client.get(results_url(class_map)).status_code == 404
    assert list(debates_to_compare(other_teacher, class_map)) == []
    assert set(debates_to_compare(teacher, class_map)) == {class_map, second_debate}


def test_a_vote_in_the_other_class_changes_the_teachers_etag(client, class_map, second_debate, teacher):
    client.force_login(teacher)
    etag = client.get(results_url(class_map))["ETag"]
    assert client.get(results_url(class_map), headers={"If-None-Match": etag}).status_code == 304
    measure = measures_of(second_debate)[0]
    vote_cast(voter=add_student(second_debate.classroom, "Kim L", "kim"), measure=measure, score=4)
    assert client.get(results_url(class_map), headers={"If-None-Match": etag}).status_code == 200


def test_the_classes_side_by_side_are_read_in_the_same_number_of_queries_however_many(client, teacher, essay_map):
    debates = [
        debate_start(classroom=classroom_create(teacher=teacher, name=f"Class {n}"), by=teacher, source=essay_map)
        for n in range(2)
    ]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert "Class 1" in client.get(results_url(debates[0])).content.decode()
        return len(queries)

    client.force_login(teacher)
    client.get(results_url(debates[0]))
    two = count()
    for n in range(2, 5):
        debates.append(
            debate_start(classroom=classroom_create(teacher=teacher, name=f"Class {n}"), by=teacher, source=essay_map)
        )
    assert count() == two


def test_once_the_class_rates_arguments_a_third_order_shows_strength_from_the_ratings(
    client, class_map, teacher, student, second_student, voted
):
    Map.objects.filter(pk=class_map.pk).update(ratings_open=True)
    class_map.refresh_from_db()
    first = voted[0]
    claim = first.incoming.filter(from_node__kind__in=("claim", "evidence")).first().from_node
    claim.map = class_map
    rating_cast(rater=student, node=claim, score=5)
    client.force_login(teacher)
    page = client.get(results_url(class_map)).content.decode()
    assert "By strength from the class&#x27;s ratings" in page or "By strength from the class's ratings" in page
    entry = next(e for e in api_results(client, class_map)["measures"] if e["id"] == first.pk)
    assert entry["strength_from_ratings"] is not None
    assert entry["strength_from_ratings_rank"] in (1, 2, 3)


def test_each_measure_shows_how_minds_moved_from_before_to_after(client, class_map, teacher, student):
    measure = measures_of(class_map)[0]
    vote_cast(voter=student, measure=measure, score=2)
    Map.objects.filter(pk=class_map.pk).update(vote_round="after")
    measure.map.refresh_from_db()
    vote_cast(voter=student, measure=measure, score=4)
    client.force_login(teacher)
    card = client.get(results_url(class_map)).content.decode().split(f'id="result-{measure.pk}"')[1].split("</li>")[0]
    assert "Before the debate: 1 vote" in card
    assert "After the debate: 1 vote" in card
    assert "Shift from before to after: mean 2.0 → 4.0, <strong>+2.0</strong> (more successful)" in card
    body = api_results(client, class_map)
    entry = next(entry for entry in body["measures"] if entry["id"] == measure.pk)
    assert (body["ranking_round"], entry["shift"], entry["vote_rank"]) == ("after", 2.0, 1)
