"""The API for the class's ratings of claims and evidence (issue 11): rate one, read them with both strengths."""

from __future__ import annotations

import pytest

from argmap.maps.models import Edge, NodeKind, Relation
from argmap.moderation.services import map_settings_update
from argmap.votes.models import Rating
from argmap.votes.services import rating_cast
from tests.api.helpers import JSON, api, revision_of


@pytest.fixture
def claim(class_map, teacher, measure):
    map_settings_update(map=class_map, by=teacher, ratings_open=True)
    edge = Edge.objects.filter(to_node=measure, relation=Relation.SUPPORTS, from_node__kind=NodeKind.CLAIM).first()
    return edge.from_node


def rate(client, node, score):
    return client.put(api(node.map, f"nodes/{node.pk}/rating/"), {"score": score}, content_type=JSON)


def test_a_student_rates_and_changing_it_keeps_one(client, claim, student):
    client.force_login(student)
    revision = revision_of(claim.map)
    assert rate(client, claim, 2).json() == {"node": claim.pk, "score": 2}
    assert revision_of(claim.map) == revision + 1
    assert rate(client, claim, 4).json() == {"node": claim.pk, "score": 4}
    assert list(Rating.objects.values_list("node", "rater", "score")) == [(claim.pk, student.pk, 4)]


@pytest.mark.parametrize("score", [0, 6, "many", "", None])
def test_a_score_outside_1_to_5_is_refused_under_score(client, claim, student, score):
    client.force_login(student)
    response = rate(client, claim, score)
    assert response.status_code == 400
    assert response.json() == {"score": ["Choose how convincing it is, from 1 to 5."]}


def test_the_teacher_is_refused_with_the_reason(client, claim, teacher):
    client.force_login(teacher)
    response = rate(client, claim, 3)
    assert response.status_code == 403
    assert "only students rate" in str(response.json())


def test_a_measure_is_not_rated(client, claim, measure, student):
    client.force_login(student)
    response = rate(client, measure, 3)
    assert response.status_code == 400
    assert response.json() == {"node": ["Only claims and evidence can be rated."]}


def test_another_class_gets_a_404(client, claim, outsider):
    client.force_login(outsider)
    assert rate(client, claim, 3).status_code == 404
    assert client.get(api(claim.map, "ratings/")).status_code == 404


def test_the_ratings_and_both_strengths_are_read_back(client, claim, measure, student, second_student, teacher):
    rating_cast(rater=second_student, node=claim, score=1)
    client.force_login(student)
    body = client.get(api(claim.map, "ratings/")).json()
    assert body["ratings_open"] is True
    row = next(row for row in body["statements"] if row["node"] == claim.pk)
    # Not rated yet: the count, but not how the class rated it (the vote rule).
    assert (row["count"], row["mean"], row["distribution"], row["your_rating"], row["you_may_rate"]) == (
        1,
        None,
        None,
        None,
        True,
    )
    rate(client, claim, 3)
    body = client.get(api(claim.map, "ratings/")).json()
    row = next(row for row in body["statements"] if row["node"] == claim.pk)
    assert (row["count"], row["mean"], row["your_rating"]) == (2, 2.0, 3)
    assert row["distribution"] == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 0}
    strengths = next(m for m in body["measures"] if m["measure"] == measure.pk)
    # The claim's base score from the ratings is (2 − 1) / 4 = 0.25, below its curation score of 0.5.
    assert strengths["strength_from_ratings"] < strengths["strength"]


def test_the_settings_api_turns_ratings_on_and_says_so(client, class_map, teacher):
    client.force_login(teacher)
    response = client.patch(api(class_map, "settings/"), {"ratings_open": True}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["ratings_open"] is True
    assert "rate how convincing each claim and piece of evidence is" in response.json()["students_can"]
