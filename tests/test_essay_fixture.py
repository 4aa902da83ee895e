"""The essay map fixture: it loads, it quotes the essay word for word, and it keeps the graph's invariants."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from argmap.maps import graph
from argmap.maps.models import Edge, Node, NodeKind, Relation

# The project's own copy of the essay, so the word-for-word check runs in every clone.
ESSAY_PATH = settings.BASE_DIR / "fixtures" / "destalinisation-essay.txt"
FIXTURE_PATH = settings.BASE_DIR / "fixtures" / "destalinisation.json"


def test_the_map_stores_the_essay_it_was_drawn_from(essay_map):
    assert essay_map.source_document.startswith("To What Extent Was Khruschev Successful")
    assert "By 1963, the USSR had to import 20 million tonnes of grain" in essay_map.source_document


def test_the_fixture_holds_the_essay_word_for_word():
    entries = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    (essay_map,) = [entry for entry in entries if entry["model"] == "maps.map"]
    # The file ends with blank lines; the map keeps the text without them.
    assert essay_map["fields"]["source_document"] == ESSAY_PATH.read_text(encoding="utf-8").rstrip()


def test_every_statement_from_the_essay_quotes_it_verbatim_at_its_offsets(essay_map):
    nodes = list(essay_map.nodes.filter(added_by_curator=False))
    assert len(nodes) == 63
    for node in nodes:
        assert node.essay_quote, f"{node.reference} has no essay quote"
        assert essay_map.source_document[node.essay_start : node.essay_end] == node.essay_quote


def test_statements_added_by_curators_have_no_essay_quote(essay_map):
    added = list(essay_map.nodes.filter(added_by_curator=True))
    assert added
    for node in added:
        assert (node.essay_quote, node.essay_start, node.essay_end) == ("", None, None), node.reference


def test_the_question_is_the_single_root_and_every_node_reaches_it(essay_map):
    question = essay_map.nodes.get(kind=NodeKind.QUESTION)
    pairs = list(Edge.objects.filter(map=essay_map).values_list("from_node_id", "to_node_id"))
    assert graph.unreachable(pairs, essay_map.nodes.values_list("id", flat=True), question.pk) == set()
    assert not any(source == question.pk for source, _ in pairs)
    graph.topological_order(essay_map.nodes.values_list("id", flat=True), pairs)  # raises on a cycle


def test_every_measure_answers_the_question_and_has_a_topic(essay_map):
    question = essay_map.nodes.get(kind=NodeKind.QUESTION)
    measures = essay_map.nodes.filter(kind=NodeKind.MEASURE)
    assert measures.count() >= 12
    for measure in measures:
        assert measure.outgoing.filter(to_node=question, relation=Relation.SUPPORTS).exists()
        assert measure.topic in {"political", "economic", "agricultural", "social", "cultural", "foreign", "scientific"}
    topics = set(measures.values_list("topic", flat=True))
    assert topics == {"political", "economic", "agricultural", "social", "cultural", "foreign", "scientific"}


@pytest.mark.parametrize(
    "phrase",
    [
        "Virgin Lands",
        "Sputnik",
        "Gagarin",
        "Beria",
        "Volgograd",
        "105",
        "Cuban Missile crisis",
        "China",
        "maize",
        "20 million tonnes",
        "1955",
        "eight million",
        "Non-party Bloc",
        "secret police",
        "censorship",
        "In conclusion",
    ],
)
def test_the_essays_facts_each_have_a_node_quoting_them(essay_map, phrase):
    assert Node.objects.filter(map=essay_map, essay_quote__icontains=phrase).exists()


def test_the_essays_criticisms_are_counterclaims(essay_map):
    counterclaims = Node.objects.filter(map=essay_map, outgoing__relation=Relation.OPPOSES).distinct()
    quotes = " ".join(counterclaims.values_list("essay_quote", flat=True))
    for criticism in ("decrease in the quality", "strains within the party", "less effective as a leader", "shattered"):
        assert criticism in quotes
    assert counterclaims.count() >= 10


def test_loading_the_fixture_again_changes_nothing(essay_map):
    from django.core.management import call_command

    before = (Node.objects.count(), Edge.objects.count())
    call_command("loaddata", "destalinisation", verbosity=0)
    assert (Node.objects.count(), Edge.objects.count()) == before
