"""The read-only pages: the list of maps, a map, one statement, and the essay with its passages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from argmap.maps.models import Node, NodeKind, Status
from tests.helpers import words


def test_the_list_shows_public_maps_with_their_counts(client, essay_map, class_map, student, outsider):
    response = client.get("/")
    assert response.status_code == 200
    text = words(response)
    assert "Khrushchev and destalinisation" in text
    assert "19 measures" in text
    assert "(10B History)" not in text
    client.force_login(outsider)
    assert "(10B History)" not in words(client.get("/"))
    client.force_login(student)
    assert "Khrushchev and destalinisation (10B History)" in words(client.get("/"))


def test_the_map_page_shows_the_question_and_every_measure_grouped_by_topic(client, essay_map):
    response = client.get(f"/maps/{essay_map.slug}/")
    assert response.status_code == 200
    text = words(response)
    assert "To what extent was Khrushchev successful in the destalinisation policy?" in text
    for measure in Node.objects.filter(map=essay_map, kind=NodeKind.MEASURE):
        assert measure.text.replace("'", "&#x27;") in response.content.decode()
    for topic in ("Political", "Economic", "Agricultural", "Foreign", "Scientific"):
        assert topic in text
    assert 'href="/maps/destalinisation/essay/"' in response.content.decode()


def test_a_measure_shows_its_counts_of_supporters_and_counterclaims(client, essay_map):
    virgin_lands = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    supporting = virgin_lands.incoming.filter(relation="supports").count()
    opposing = virgin_lands.incoming.filter(relation="opposes").count()
    response = client.get(f"/maps/{essay_map.slug}/")
    card = response.content.decode().split(f'id="measure-{virgin_lands.pk}"')[1].split("</li>")[0]
    assert f"{supporting} supporting" in card
    assert f"{opposing} opposing" in card


def test_without_javascript_a_measure_opens_through_its_link(client, essay_map):
    measure = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    counterclaim = measure.incoming.filter(relation="opposes").first().from_node
    closed = client.get(f"/maps/{essay_map.slug}/")
    assert f'href="?open={measure.pk}#measure-{measure.pk}"' in closed.content.decode()
    assert "Counterclaim" not in words(closed).split("Judgements on the whole question")[0]
    opened = client.get(f"/maps/{essay_map.slug}/", {"open": measure.pk})
    assert counterclaim.text.replace("'", "&#x27;") in opened.content.decode()
    assert "Counterclaim" in words(opened)


def test_htmx_asks_for_just_the_argument_tree(client, essay_map):
    measure = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    response = client.get(f"/maps/{essay_map.slug}/nodes/{measure.pk}/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith(f'<div class="arguments-body" id="arguments-{measure.pk}">')
    assert "Supports" in body
    assert "Counterclaim" in body
    assert response["Vary"] == "HX-Request" or "HX-Request" in response["Vary"]


def test_a_node_page_links_to_its_passage_and_to_what_it_speaks_to(client, essay_map):
    evidence = Node.objects.filter(map=essay_map, kind=NodeKind.EVIDENCE).first()
    target = evidence.outgoing.first().to_node
    response = client.get(f"/maps/{essay_map.slug}/nodes/{evidence.pk}/")
    body = response.content.decode()
    assert f'href="/maps/{essay_map.slug}/essay/?node={evidence.pk}#passage-{evidence.pk}"' in body
    assert f'href="/maps/{essay_map.slug}/nodes/{target.pk}/"' in body
    assert "From the essay" in body


def test_the_essay_highlights_every_quoted_passage_and_links_it_to_its_node(client, essay_map):
    response = client.get(f"/maps/{essay_map.slug}/essay/")
    body = response.content.decode()
    quoted = Node.objects.filter(map=essay_map, essay_start__isnull=False)
    for node in quoted:
        assert f'id="passage-{node.pk}"' in body
        assert f'href="/maps/{essay_map.slug}/nodes/{node.pk}/"' in body
    assert body.count('<mark class="passage') >= 10
    assert "Stalingrad was renamed Volgograd" in body


def test_the_essay_marks_the_passage_of_the_node_it_was_opened_for(client, essay_map):
    node = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    response = client.get(f"/maps/{essay_map.slug}/essay/", {"node": node.pk})
    body = response.content.decode()
    assert "Passage for M" in body
    # Other statements quote the same sentence (the mark says so with passage-nested): the measure's own words
    # are still exactly what is marked current.
    current = re.findall(r'<mark class="passage passage-current[^"]*">(.*?)</mark>', body, re.S)
    assert "".join(current) == node.essay_quote.replace("’", "’")


def test_user_text_is_escaped_on_every_page(client, essay_map):
    measure = Node.objects.filter(map=essay_map, kind=NodeKind.MEASURE).first()
    measure.text = "<script>alert('x')</script>"
    measure.save()
    for url in (f"/maps/{essay_map.slug}/", f"/maps/{essay_map.slug}/nodes/{measure.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert" in body


@pytest.mark.parametrize("suffix", ["", "essay/", "results/", "live/", "node"])
def test_a_class_map_is_a_404_to_visitors_and_other_classes(
    client, class_map, measure, outsider, other_teacher, suffix
):
    url = f"/maps/{class_map.slug}/{suffix}" if suffix != "node" else f"/maps/{class_map.slug}/nodes/{measure.pk}/"
    assert client.get(url).status_code == 404
    for person in (outsider, other_teacher):
        client.force_login(person)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("suffix", ["", "essay/", "results/"])
def test_the_class_and_its_teacher_can_open_their_map(client, class_map, student, teacher, admin, suffix):
    for person in (student, teacher, admin):
        client.force_login(person)
        assert client.get(f"/maps/{class_map.slug}/{suffix}").status_code == 200


def test_hidden_statements_and_what_hangs_from_them_are_not_shown(client, essay_map):
    measure = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    hidden = measure.incoming.first().from_node
    hidden.status = Status.HIDDEN
    hidden.save()
    response = client.get(f"/maps/{essay_map.slug}/", {"open": "all"})
    assert hidden.text.replace("'", "&#x27;") not in response.content.decode()
    assert client.get(f"/maps/{essay_map.slug}/nodes/{hidden.pk}/").status_code == 404


def test_unknown_maps_and_nodes_are_404(client, essay_map):
    assert client.get("/maps/no-such-map/").status_code == 404
    assert client.get(f"/maps/{essay_map.slug}/nodes/999999/").status_code == 404


def test_pages_refuse_writes(client, essay_map):
    assert client.post(f"/maps/{essay_map.slug}/").status_code == 405
    assert client.post(reverse("maps:list")).status_code == 405


@pytest.mark.parametrize("params", [{}, {"open": "all"}])
def test_the_map_page_uses_a_fixed_number_of_queries_for_the_essay_map(
    client, essay_map, django_assert_max_num_queries, params
):
    with django_assert_max_num_queries(3):
        assert client.get(f"/maps/{essay_map.slug}/", params).status_code == 200


@pytest.mark.parametrize("params", [{}, {"open": "all"}])
def test_the_map_page_uses_the_same_queries_for_a_thousand_nodes(
    client, build_map, django_assert_max_num_queries, params
):
    map = build_map(slug="big", measures=10, per_measure=99)
    assert map.nodes.count() == 1001
    with django_assert_max_num_queries(3):
        response = client.get(f"/maps/{map.slug}/", params)
    assert response.status_code == 200
    assert "Statement 9.98" in response.content.decode() if params else "Measure 9" in response.content.decode()


def test_the_essay_and_node_pages_use_a_fixed_number_of_queries(
    client, build_map, essay_map, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get(f"/maps/{essay_map.slug}/essay/")
    map = build_map(slug="big", measures=10, per_measure=99)
    measure = map.nodes.filter(kind=NodeKind.MEASURE).first()
    # The map, its nodes, its links, and the statements merged into this one.
    with django_assert_max_num_queries(4):
        assert client.get(f"/maps/{map.slug}/nodes/{measure.pk}/").status_code == 200


def test_each_measure_shows_the_strength_its_arguments_give_it(client, essay_map):
    from argmap.maps import graph

    measure = Node.objects.get(map=essay_map, kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    nodes = {node.pk: graph.base_score(node.curation_status) for node in essay_map.nodes.all()}
    edges = list(essay_map.edges.values_list("from_node_id", "to_node_id", "relation"))
    expected = graph.df_quad_strengths(
        nodes,
        [(a, b) for a, b, relation in edges if relation == "supports"],
        [(a, b) for a, b, relation in edges if relation == "opposes"],
    )[measure.pk]
    body = client.get(f"/maps/{essay_map.slug}/").content.decode()
    card = body.split(f'id="measure-{measure.pk}"')[1].split("</li>")[0]
    assert f"Argument strength <strong>{round(expected * 100)}%</strong>" in card
