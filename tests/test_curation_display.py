"""What students see of curation: badges, notes and citations on their class's pages, the export, the scores."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command

from argmap.curation import services
from argmap.maps import graph
from argmap.maps.models import Map, Node, NodeKind, Source
from tests.helpers import words

SCRIPT_NOTE = '<script>alert("gotcha")</script> Check the date & the figure.'
ESCAPED_SCRIPT = "&lt;script&gt;alert(&quot;gotcha&quot;)&lt;/script&gt; Check the date &amp; the figure."


def card(response, node: Node) -> str:
    """The markup of the node's card on the map page."""
    found = re.search(rf'id="node-\d+-{node.pk}">(.*?)<div class="card-tools">', response.content.decode(), re.S)
    assert found, f"no card for {node.text!r}"
    return found.group(1)


def export(slug: str) -> str:
    out = io.StringIO()
    call_command("export_map", slug, "--format", "json", stdout=out)
    return out.getvalue()


@pytest.fixture
def five_million(class_map) -> Node:
    """The class's copy of disputed evidence."""
    return class_map.nodes.get(text="Five million prisoners were released from labour camps.")


@pytest.fixture
def sputnik(class_map) -> Node:
    """The class's copy of verified evidence."""
    return class_map.nodes.get(text="In 1957 the satellite Sputnik was launched into space.")


@pytest.fixture
def party_discussions(class_map) -> Node:
    """The class's copy of evidence no one has reviewed."""
    return class_map.nodes.get(text="Khrushchev made investments in agriculture.")


# The class's pages


def test_a_student_sees_disputed_evidence_with_its_badge_and_note_on_the_map(client, student, class_map, five_million):
    client.force_login(student)
    response = client.get(f"/maps/{class_map.slug}/", {"open": "all"})
    assert response.status_code == 200
    shown = words(card(response, five_million))
    assert "Disputed" in shown
    assert five_million.curator_note in shown
    assert "Verified" not in shown
    assert "argument-disputed" in response.content.decode()


def test_the_map_page_with_every_badge_takes_a_fixed_number_of_queries(
    client, student, class_map, django_assert_max_num_queries
):
    client.force_login(student)
    # Session, person, map, membership, statements, links, votes (3), the class's ratings of the arguments (1).
    with django_assert_max_num_queries(10):
        response = client.get(f"/maps/{class_map.slug}/", {"open": "all"})
    assert words(response.content.decode()).count("Disputed") >= 10


def test_a_student_sees_disputed_evidence_with_its_badge_note_and_citation_on_its_page(
    client, student, class_map, five_million
):
    client.force_login(student)
    response = client.get(f"/maps/{class_map.slug}/nodes/{five_million.pk}/")
    assert response.status_code == 200
    text = words(response.content.decode())
    assert "Disputed" in text
    assert f"Why it is disputed: {five_million.curator_note}" in text
    assert "Source: Anne Applebaum, Gulag: A History" in text


def test_the_essay_marks_a_disputed_passage_and_its_label(client, student, class_map, five_million):
    client.force_login(student)
    response = client.get(f"/maps/{class_map.slug}/essay/", {"node": five_million.pk})
    assert response.status_code == 200
    markup = response.content.decode()
    marked = re.search(r'<mark class="passage passage-current passage-disputed">([^<]*)</mark>', markup)
    assert marked
    assert marked.group(1) == five_million.essay_quote
    assert f"{five_million.reference}⚠" in markup
    assert f"{five_million.reference} (disputed)" in words(markup)
    assert five_million.curator_note in words(markup)


def test_the_essay_leaves_a_passage_no_one_disputes_unmarked(client, student, class_map, party_discussions):
    client.force_login(student)
    markup = client.get(f"/maps/{class_map.slug}/essay/", {"node": party_discussions.pk}).content.decode()
    marked = re.search(r'<mark class="passage passage-current([^"]*)">', markup)
    assert marked
    assert "passage-disputed" not in marked.group(1)
    assert f"{party_discussions.reference}⚠" not in markup


def test_a_student_sees_verified_evidence_as_verified(client, student, class_map, sputnik):
    client.force_login(student)
    on_map = words(card(client.get(f"/maps/{class_map.slug}/", {"open": "all"}), sputnik))
    assert "Verified" in on_map
    assert "Disputed" not in on_map
    page = words(client.get(f"/maps/{class_map.slug}/nodes/{sputnik.pk}/").content.decode())
    assert f"Verified {sputnik.text}" in page
    assert f"Curator's note: {sputnik.curator_note}" in page
    assert "Source: Asif A. Siddiqi, Challenge to Apollo" in page


def test_a_student_sees_evidence_no_one_has_reviewed_as_unreviewed(client, student, class_map, party_discussions):
    client.force_login(student)
    on_map = words(card(client.get(f"/maps/{class_map.slug}/", {"open": "all"}), party_discussions))
    assert "Unreviewed" in on_map
    page = words(client.get(f"/maps/{class_map.slug}/nodes/{party_discussions.pk}/").content.decode())
    assert "Unreviewed" in page
    assert "Verified" not in page
    assert "Disputed" not in page
    assert "Source:" not in page


def test_a_verdict_given_after_the_copy_was_made_shows_escaped_in_the_class(
    client, admin, student, essay_map, class_map, party_discussions
):
    services.node_curate(node=party_discussions.origin, by=admin, status="disputed", note=SCRIPT_NOTE)
    client.force_login(student)
    pages = {
        "map": client.get(f"/maps/{class_map.slug}/", {"open": "all"}),
        "node": client.get(f"/maps/{class_map.slug}/nodes/{party_discussions.pk}/"),
        "essay": client.get(f"/maps/{class_map.slug}/essay/", {"node": party_discussions.pk}),
    }
    for name, response in pages.items():
        markup = response.content.decode()
        assert response.status_code == 200, name
        assert ESCAPED_SCRIPT in markup, name
        assert '<script>alert("gotcha")' not in markup, name
        assert "Disputed" in words(markup), name
    assert "passage-disputed" in pages["essay"].content.decode()


# The export


def test_the_json_export_holds_each_statements_curation(essay_map):
    nodes = {node["text"]: node for node in json.loads(export(essay_map.slug))["nodes"]}
    assert all({"curation_status", "curator_note"} <= set(node) for node in nodes.values())
    disputed = nodes["Five million prisoners were released from labour camps."]
    assert disputed["curation_status"] == "disputed"
    assert disputed["curator_note"].startswith("An overstatement rather than a fantasy")
    assert disputed["source"]["title"] == "Gulag: A History"
    assert nodes["In 1957 the satellite Sputnik was launched into space."]["curation_status"] == "verified"
    assert nodes["Khrushchev made investments in agriculture."]["curation_status"] == "unverified"


def test_the_export_of_a_class_copy_carries_a_verdict_given_after_it_was_made(admin, class_map, party_discussions):
    services.node_curate(node=party_discussions.origin, by=admin, status="disputed", note=SCRIPT_NOTE)
    nodes = {node["text"]: node for node in json.loads(export(class_map.slug))["nodes"]}
    assert nodes[party_discussions.text]["curation_status"] == "disputed"
    assert nodes[party_discussions.text]["curator_note"] == SCRIPT_NOTE


def test_curation_survives_export_then_import_then_export(admin, essay_map, tmp_path):
    node = essay_map.nodes.get(text="For example, party discussions could be held in private.")
    services.node_curate(node=node, by=admin, status="disputed", note=SCRIPT_NOTE)
    sources = Source.objects.count()
    first = export(essay_map.slug)
    path = tmp_path / "map.json"
    path.write_text(first, encoding="utf-8")
    call_command("import_map", str(path), "--format", "json", "--slug", "copy", stdout=io.StringIO())
    second = json.loads(export("copy"))
    assert second["map"].pop("slug") == "copy"
    original = json.loads(first)
    original["map"].pop("slug")
    assert second == original
    imported = Node.objects.get(map__slug="copy", text=node.text)
    assert (imported.curation_status, imported.curator_note) == ("disputed", SCRIPT_NOTE)
    assert Source.objects.count() == sources  # the citations are the library's own, not duplicates


# The essay map as it ships


def test_the_essay_map_ships_with_real_sources_attached_to_its_statements(essay_map):
    attached = Source.objects.filter(nodes__map=essay_map).distinct()
    assert attached.count() >= 8
    assert all(source.title and source.author for source in attached)


@pytest.mark.parametrize("phrase", ["five million", "landed on the moon", "Stalinisation"])
def test_the_essay_maps_shakiest_statements_ship_disputed_with_a_note(essay_map, phrase):
    # A word match, so "destalinisation" does not count as saying "Stalinisation".
    saying = [
        node
        for node in Node.objects.filter(map=essay_map, kind__in=(NodeKind.CLAIM, NodeKind.EVIDENCE))
        if re.search(rf"\b{phrase}\b", node.text, re.I)
    ]
    assert saying, phrase
    for node in saying:
        assert node.curation_status == "disputed", node.text
        assert node.curator_note.strip(), node.text


def test_the_essay_map_ships_with_sixteen_disputed_statements_each_with_a_note(essay_map):
    disputed = list(essay_map.nodes.filter(curation_status="disputed"))
    assert len(disputed) == 16
    assert all(node.curator_note.strip() for node in disputed)


def test_a_class_copy_keeps_the_curation_and_points_at_the_public_statements(essay_map, class_map):
    for copy in class_map.nodes.select_related("origin"):
        assert copy.origin.map == essay_map
        assert (copy.curation_status, copy.curator_note, copy.source_id, copy.text) == (
            copy.origin.curation_status,
            copy.origin.curator_note,
            copy.origin.source_id,
            copy.origin.text,
        )
    assert Map.objects.get(pk=class_map.pk).nodes.count() == essay_map.nodes.count()


# Base scores


def test_verified_evidence_starts_stronger_than_unreviewed_and_disputed_weaker():
    assert graph.base_score("verified") == 0.75
    assert graph.base_score("unverified") == 0.5
    assert graph.base_score("disputed") == 0.25
    assert graph.base_score("verified") > graph.base_score("unverified") > graph.base_score("disputed")
    assert graph.base_score("something else") == 0.5
    assert graph.BASE_SCORES == {"verified": 0.75, "unverified": 0.5, "disputed": 0.25}


@pytest.mark.parametrize("status", ["verified", "unverified", "disputed"])
def test_a_statement_with_no_arguments_keeps_its_base_score(status):
    assert graph.df_quad_strengths({"evidence": graph.base_score(status)}, [], []) == {
        "evidence": graph.base_score(status)
    }


def test_verified_evidence_makes_the_claim_it_supports_stronger_than_disputed_evidence_does():
    def claim_strength(evidence_status: str) -> float:
        bases = {"claim": graph.base_score("unverified"), "evidence": graph.base_score(evidence_status)}
        return graph.df_quad_strengths(bases, [("evidence", "claim")], [])["claim"]

    assert claim_strength("verified") == pytest.approx(0.875)
    assert claim_strength("disputed") == pytest.approx(0.625)
    assert claim_strength("verified") > claim_strength("unverified") > claim_strength("disputed")


def test_disputed_evidence_against_a_claim_weakens_it_less_than_verified_evidence_does():
    def claim_strength(evidence_status: str) -> float:
        bases = {"claim": 0.5, "evidence": graph.base_score(evidence_status)}
        return graph.df_quad_strengths(bases, [], [("evidence", "claim")])["claim"]

    assert claim_strength("disputed") == pytest.approx(0.375)
    assert claim_strength("verified") == pytest.approx(0.125)
    assert claim_strength("disputed") > claim_strength("verified")
