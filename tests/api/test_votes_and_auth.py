"""The maps API for votes and results, and how clients sign in (session with CSRF, or HTTP Basic)."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from argmap.maps.models import Map, Node, NodeKind, VoteRound
from argmap.votes.models import Vote
from argmap.votes.services import vote_cast
from tests.api.helpers import JSON, add, api, counterclaim, maize, revision_of

# Voting


def vote(client, measure: Node, score):
    return client.put(api(measure.map, f"nodes/{measure.pk}/vote/"), {"score": score}, content_type=JSON)


def test_a_student_votes_and_changing_the_vote_keeps_one(client, measure, student):
    client.force_login(student)
    revision = revision_of(measure.map)
    response = vote(client, measure, 2)
    assert response.status_code == 200
    assert response.json() == {"measure": measure.pk, "round": "before", "score": 2}
    assert revision_of(measure.map) == revision + 1
    assert vote(client, measure, 5).json() == {"measure": measure.pk, "round": "before", "score": 5}
    assert list(Vote.objects.filter(voter=student).values_list("measure", "round", "score")) == [
        (measure.pk, "before", 5)
    ]


@pytest.mark.parametrize("score", [0, 6, -1, "many", "", None])
def test_a_score_outside_1_to_5_is_refused_under_score(client, measure, student, score):
    client.force_login(student)
    response = vote(client, measure, score)
    assert response.status_code == 400
    assert response.json() == {"score": ["Choose how successful it was, from 1 to 5."]}
    assert not Vote.objects.exists()


def test_a_score_that_is_not_a_whole_number_is_refused(client, measure, student):
    client.force_login(student)
    response = vote(client, measure, 2.5)
    assert response.status_code == 400
    assert list(response.json()) == ["score"]
    assert not Vote.objects.exists()


def test_a_vote_body_that_is_not_an_object_is_refused_with_a_400(client, measure, student):
    client.force_login(student)
    response = client.put(api(measure.map, f"nodes/{measure.pk}/vote/"), [3], content_type=JSON)
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_closed_voting_is_refused_with_the_reason(client, measure, student):
    Map.objects.filter(pk=measure.map_id).update(voting_open=False)
    client.force_login(student)
    response = vote(client, measure, 4)
    assert response.status_code == 403
    assert response.json() == {"detail": "Voting is closed for this map."}
    assert not Vote.objects.exists()


def test_a_teacher_may_not_vote(client, measure, teacher):
    client.force_login(teacher)
    response = vote(client, measure, 4)
    assert response.status_code == 403
    assert response.json() == {"detail": "Teachers see the votes; only students vote."}
    assert not Vote.objects.exists()


def test_only_a_measure_takes_votes(client, measure, student):
    claim = measure.incoming.first().from_node
    client.force_login(student)
    response = vote(client, claim, 4)
    assert response.status_code == 400
    assert response.json() == {"measure": ["You can only vote on a measure."]}
    assert not Vote.objects.exists()


def test_visitors_and_other_classes_may_not_vote(client, measure, outsider):
    assert vote(client, measure, 4).status_code in (401, 403)
    client.force_login(outsider)
    assert vote(client, measure, 4).status_code == 404
    assert not Vote.objects.exists()


def test_a_vote_is_cast_with_put_only(client, measure, student):
    client.force_login(student)
    url = api(measure.map, f"nodes/{measure.pk}/vote/")
    assert client.get(url).status_code == 405
    assert client.post(url, {"score": 3}, content_type=JSON).status_code == 405
    assert not Vote.objects.exists()


# Results


def results(client, map: Map) -> dict:
    response = client.get(api(map, "results/"))
    assert response.status_code == 200
    return response.json()


def measure_result(body: dict, measure: Node) -> dict:
    return next(entry for entry in body["measures"] if entry["id"] == measure.pk)


def test_the_teacher_sees_counts_mean_median_and_distribution_per_round(
    client, measure, teacher, student, second_student
):
    vote_cast(voter=student, measure=measure, score=2)
    vote_cast(voter=second_student, measure=measure, score=5)
    Map.objects.filter(pk=measure.map_id).update(vote_round=VoteRound.AFTER)
    measure.map.refresh_from_db()
    vote_cast(voter=student, measure=measure, score=4)
    client.force_login(teacher)
    body = results(client, measure.map)
    assert (body["vote_round"], body["voting_open"]) == ("after", True)
    assert body["labels"] == ["Failure", "Mostly unsuccessful", "Mixed", "Mostly successful", "Complete success"]
    assert len(body["measures"]) == measure.map.nodes.filter(kind=NodeKind.MEASURE).count()
    entry = measure_result(body, measure)
    assert entry["your_vote"] is None
    assert entry["before"] == {
        "count": 2,
        "mean": 3.5,
        "median": 3.5,
        "distribution": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1},
    }
    assert entry["after"] == {
        "count": 1,
        "mean": 4.0,
        "median": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    }
    unvoted = measure_result(body, maize(measure.map))
    assert unvoted["before"] == {"count": 0, "mean": None, "median": None, "distribution": dict.fromkeys("12345", 0)}


def test_a_student_who_has_not_voted_sees_only_the_count_while_voting_is_open(client, measure, student, second_student):
    vote_cast(voter=second_student, measure=measure, score=4)
    client.force_login(student)
    entry = measure_result(results(client, measure.map), measure)
    assert (entry["before"], entry["after"], entry["your_vote"]) == ({"count": 1}, {"count": 0}, None)

    assert vote(client, measure, 2).status_code == 200
    entry = measure_result(results(client, measure.map), measure)
    assert entry["your_vote"] == 2
    assert entry["before"] == {
        "count": 2,
        "mean": 3.0,
        "median": 3.0,
        "distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0},
    }
    # Voting on one measure shows that measure's votes only.
    assert measure_result(results(client, measure.map), maize(measure.map))["before"] == {"count": 0}


def test_once_voting_closes_every_student_sees_the_distribution(client, measure, student, second_student):
    vote_cast(voter=second_student, measure=measure, score=4)
    Map.objects.filter(pk=measure.map_id).update(voting_open=False)
    client.force_login(student)
    entry = measure_result(results(client, measure.map), measure)
    assert entry["before"]["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}
    assert entry["before"]["mean"] == 4.0


def test_results_are_read_only(client, class_map, teacher):
    client.force_login(teacher)
    assert client.post(api(class_map, "results/"), {}, content_type=JSON).status_code == 405


# Signing in: the session with its CSRF token, or HTTP Basic


def test_a_session_write_without_the_csrf_token_is_refused_and_with_it_succeeds(measure, student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    response = add(client, measure.map, **counterclaim(measure))
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()

    # The token the pages carry for htmx, as a script would take it from the cookie they set.
    assert client.get(f"/maps/{measure.map.slug}/").status_code == 200
    token = client.cookies["csrftoken"].value
    response = client.post(
        api(measure.map, "nodes/"), counterclaim(measure), content_type=JSON, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201
    assert Node.objects.get(text="Dust storms ruined the new farms.").author == student


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_http_basic_works_without_a_csrf_token(measure, student):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        api(measure.map, "nodes/"),
        counterclaim(measure),
        content_type=JSON,
        HTTP_AUTHORIZATION=basic("sam", "learn-pass-1"),
    )
    assert response.status_code == 201
    assert Node.objects.get(text="Dust storms ruined the new farms.").author == student
    response = client.put(
        api(measure.map, f"nodes/{measure.pk}/vote/"),
        {"score": 3},
        content_type=JSON,
        HTTP_AUTHORIZATION=basic("sam", "learn-pass-1"),
    )
    assert response.status_code == 200
    assert Vote.objects.get(voter=student).score == 3
    response = client.get(api(measure.map), HTTP_AUTHORIZATION=basic("sam", "learn-pass-1"))
    assert response.status_code == 200
    assert response.json()["you_may"]["vote"] is True


def test_http_basic_with_a_wrong_password_is_refused(measure, student):
    client = Client()
    response = client.post(
        api(measure.map, "nodes/"), counterclaim(measure), content_type=JSON, HTTP_AUTHORIZATION=basic("sam", "wrong")
    )
    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Invalid username/password."}
    assert not Node.objects.filter(text="Dust storms ruined the new farms.").exists()
