"""The essay map as teaching material: context apart from evidence, the history the essay leaves out (labelled
wherever students see it), and highlights that stay on each statement's own words."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from argmap.classrooms import permissions
from argmap.maps import graph
from argmap.maps.essay import Anchor, paragraphs_with_passages
from argmap.maps.models import Edge, Map, Node, NodeKind, Relation
from argmap.maps.selectors import map_graph
from argmap.maps.services import contribution_create
from tests.helpers import words

ADDED = "Added: not in the essay"
# The measures a class debates first: each must have something to argue against it.
CORE_MEASURES = [
    "Denouncing Stalin in the 'secret speech' at the 20th Party Congress",
    "Ending the use of terror in political and public life",
    "Releasing victims of terror from the Gulag labour camps and bringing them back into society",
    "Renaming cities that had been named in Stalin's honour",
    "Publicly attacking Stalin's image",  # removing Stalin's body is argued under it
    "Removing Stalin's supporters from the Communist Party",
    "Loosening censorship rules",
    "Reducing the influence and power of the secret police",
    "Making the Soviet Union more welcoming to foreign visitors",
]


def export(slug: str, format: str) -> str:
    out = io.StringIO()
    call_command("export_map", slug, "--format", format, stdout=out)
    return out.getvalue()


def opposed(node: Node) -> bool:
    return node.incoming.filter(relation=Relation.OPPOSES).exists()


# Context does not count


def test_a_context_link_left_out_of_df_quad_changes_no_strength():
    bases = {"measure": 0.5, "fact": 0.75, "motive": 0.75}
    with_fact = graph.df_quad_strengths(bases, [("fact", "measure")], [])
    with_motive_as_support = graph.df_quad_strengths(bases, [("fact", "measure"), ("motive", "measure")], [])
    assert with_motive_as_support["measure"] > with_fact["measure"]  # what context would do if it counted
    assert with_fact["measure"] == pytest.approx(0.5 + 0.5 * 0.75)


def test_a_measures_strength_is_the_same_with_or_without_its_context(essay_map, admin):
    access = permissions.map_access(admin, essay_map)
    virgin_lands = essay_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    context = list(virgin_lands.incoming.filter(relation=Relation.CONTEXT))
    assert len(context) >= 3
    before = map_graph(map=essay_map, access=access).strengths()
    Edge.objects.filter(pk__in=[edge.pk for edge in context]).delete()
    without = map_graph(map=essay_map, access=access).strengths()
    assert without[virgin_lands.pk] == pytest.approx(before[virgin_lands.pk])
    # Counted as support, the same statements would raise it.
    Edge.objects.bulk_create(
        Edge(map=essay_map, from_node_id=edge.from_node_id, to_node_id=edge.to_node_id, relation=Relation.SUPPORTS)
        for edge in context
    )
    as_support = map_graph(map=essay_map, access=access).strengths()
    assert as_support[virgin_lands.pk] > before[virgin_lands.pk]


def test_context_is_counted_apart_from_supporters_and_counterclaims(essay_map, admin):
    seen = map_graph(map=essay_map, access=permissions.map_access(admin, essay_map))
    virgin_lands = essay_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    incoming = virgin_lands.incoming
    assert seen.counts_for(virgin_lands) == {
        "supporting": incoming.filter(relation=Relation.SUPPORTS).count(),
        "opposing": incoming.filter(relation=Relation.OPPOSES).count(),
        "context": incoming.filter(relation=Relation.CONTEXT).count(),
    }
    first = seen.arguments_for(virgin_lands)[0]
    # The background comes first, then the arguments.
    assert first.is_context
    assert not first.is_counter


def test_the_map_shows_context_with_its_own_marker_and_count(client, essay_map):
    virgin_lands = essay_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    proud = essay_map.nodes.get(text__startswith="Khrushchev was proud of his farming background")
    response = client.get(f"/maps/{essay_map.slug}/", {"open": virgin_lands.pk})
    card = response.content.decode().split(f'id="measure-{virgin_lands.pk}"')[1].split('class="card-tools"><')[0]
    context = virgin_lands.incoming.filter(relation=Relation.CONTEXT).count()
    assert f"◆ {context} context" in words(card)
    motive = re.search(rf'id="node-{virgin_lands.pk}-{proud.pk}">(.*?)</p>', card, re.S).group(1)
    assert "◆ Context" in words(motive)
    assert "Supports" not in words(motive)


def test_the_misattached_statements_now_hang_where_they_belong(essay_map):
    def links(text: str) -> set[tuple[str, str]]:
        node = essay_map.nodes.get(text__startswith=text)
        return {(edge.relation, edge.to_node.text) for edge in node.outgoing.select_related("to_node")}

    virgin_lands = "The Virgin Lands scheme to grow grain on new land"
    space = "The space programme: launching the Soviet Union into the space age"
    assert links("Before Khrushchev, Stalin had forced") == {("context", virgin_lands)}
    assert links("Khrushchev made investments in agriculture") == {("supports", virgin_lands)}
    assert {("opposes", space), ("opposes", virgin_lands)} <= links("He was criticised for not focusing")
    for motive in ("Khrushchev badly wanted", "He wanted to close the gap", "Khrushchev was proud", "The campaign was"):
        assert {relation for relation, _ in links(motive)} == {"context"}, motive


def test_students_argue_for_or_against_and_only_the_teacher_gives_context(class_map, student, teacher):
    measure = class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    with pytest.raises(ValidationError) as refused:
        contribution_create(author=student, target=measure, kind="claim", relation="context", text="He grew up poor.")
    assert permissions.WHY_NOT_CONTEXT in str(refused.value)
    node = contribution_create(
        author=teacher, target=measure, kind="claim", relation="context", text="He grew up poor."
    )
    assert node.outgoing.get().relation == Relation.CONTEXT


def test_the_reply_form_offers_context_to_the_teacher_only(client, class_map, student, teacher):
    measure = class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    client.force_login(student)
    assert 'value="context"' not in client.get(measure.get_absolute_url()).content.decode()
    client.force_login(teacher)
    assert 'value="context"' in client.get(measure.get_absolute_url()).content.decode()


def test_the_api_refuses_a_students_context_with_the_pages_words(client, class_map, student):
    measure = class_map.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    client.force_login(student)
    response = client.post(
        f"/api/maps/{class_map.slug}/nodes/",
        {"target": measure.pk, "kind": "claim", "relation": "context", "text": "He grew up poor."},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert permissions.WHY_NOT_CONTEXT in json.dumps(response.json(), ensure_ascii=False)


# The history the essay leaves out


def test_every_measure_has_at_least_one_counterclaim(essay_map):
    measures = essay_map.nodes.filter(kind=NodeKind.MEASURE)
    for text in CORE_MEASURES:
        assert opposed(measures.get(text=text)), text
    assert [measure.text for measure in measures if not opposed(measure)] == []


def test_every_added_statement_has_a_real_source_with_a_page_or_section_and_no_essay_anchor(essay_map):
    added = essay_map.nodes.filter(added_by_curator=True).select_related("source")
    assert added.count() >= 20
    for node in added:
        assert node.source is not None, node.text
        assert node.source.title, node.text
        assert node.source.author, node.text
        assert node.source.year, node.text
        assert node.source.page, node.text
        assert (node.essay_quote, node.essay_start, node.essay_end) == ("", None, None)


def test_every_citation_in_the_library_says_where_to_look(essay_map):
    sources = {node.source for node in essay_map.nodes.select_related("source") if node.source}
    for source in sources:
        assert source.page or source.url, source


@pytest.mark.parametrize(
    "phrase", ["Hungarian uprising", "Novocherkassk", "Pasternak", "Manège", "religion", "1960", "June 1957", "Cuba"]
)
def test_the_history_the_essay_leaves_out_is_on_the_map(essay_map, phrase):
    assert essay_map.nodes.filter(added_by_curator=True, text__contains=phrase).exists()


def test_the_database_refuses_an_added_statement_with_an_essay_anchor(essay_map):
    from django.db import IntegrityError, transaction

    node = essay_map.nodes.filter(added_by_curator=True).first()
    node.essay_quote, node.essay_start, node.essay_end = essay_map.source_document[:10], 0, 10
    with pytest.raises(IntegrityError), transaction.atomic():
        node.save()


# Labelled as added wherever students see it


def test_a_student_sees_the_added_label_on_the_map_the_statement_and_the_essay(client, class_map, student):
    novocherkassk = class_map.nodes.get(text__contains="Novocherkassk")
    from_essay = class_map.nodes.get(text="Khrushchev made investments in agriculture.")
    client.force_login(student)
    on_map = client.get(f"/maps/{class_map.slug}/", {"open": "all"}).content.decode()
    card = re.search(rf'id="node-\d+-{novocherkassk.pk}">(.*?)<div class="card-tools">', on_map, re.S).group(1)
    assert ADDED in words(card)
    essay_card = re.search(rf'id="node-\d+-{from_essay.pk}">(.*?)<div class="card-tools">', on_map, re.S).group(1)
    assert ADDED not in words(essay_card)
    assert f"{class_map.nodes.filter(added_by_curator=True).count()} added: not in the essay" in words(on_map)

    page = words(client.get(novocherkassk.get_absolute_url()).content.decode())
    assert ADDED in page
    assert "Added by curators from a history book: not in the essay" in page
    assert "Where the essay says it" not in page
    assert "Baron, Bloody Saturday in the Soviet Union" in page

    essay = client.get(f"/maps/{class_map.slug}/essay/").content.decode()
    assert "Also on the map, not in the essay" in words(essay)
    for node in class_map.nodes.filter(added_by_curator=True):
        assert node.text in html.unescape(essay)
    assert "Novocherkassk" not in words(essay.split('id="added-heading"')[0])


def test_the_exports_say_which_statements_were_added(essay_map):
    added_texts = set(essay_map.nodes.filter(added_by_curator=True).values_list("text", flat=True))
    document = json.loads(export(essay_map.slug, "json"))
    assert {node["text"] for node in document["nodes"] if node["added_by_curator"]} == added_texts
    assert {edge["relation"] for edge in document["edges"]} == {"supports", "opposes", "context"}

    rows = list(csv.DictReader(io.StringIO(export(essay_map.slug, "csv"))))
    assert {row["text"] for row in rows if row["added_by_curator"] == "yes"} == added_texts
    assert any(row["speaks_to"].startswith("context ") for row in rows)

    aif = json.loads(export(essay_map.slug, "aif"))
    marked = {node["text"] for node in aif["nodes"] if node["text"].endswith(f"({ADDED})")}
    assert len(marked) == len(added_texts)

    argdown = export(essay_map.slug, "argdown")
    assert argdown.count("#not-in-essay") == len(added_texts)
    assert "// context (counts neither way): [C" in argdown
    # A statement that only gives context is written apart, never under a support (<+) arrow.
    proud = next(line for line in argdown.splitlines() if "proud of his farming background" in line)
    assert not proud.lstrip().startswith(("<+", "<-"))


def test_argmap_json_keeps_context_and_the_added_mark_through_an_import(essay_map, tmp_path):
    exported = export(essay_map.slug, "json")
    path = tmp_path / "map.json"
    path.write_text(exported, encoding="utf-8")
    call_command("import_map", str(path), "--format", "json", "--slug", "round-trip", stdout=io.StringIO())
    again = json.loads(export("round-trip", "json"))
    first = json.loads(exported)
    assert again["nodes"] == first["nodes"]
    assert again["edges"] == first["edges"]
    assert Map.objects.get(slug="round-trip").nodes.filter(added_by_curator=True).count() == len(
        [node for node in first["nodes"] if node["added_by_curator"]]
    )


# Precise anchors


def test_a_quote_of_part_of_a_sentence_marks_only_its_words():
    text = "In 1957 Sputnik flew and two years later a rocket landed on the moon."
    sputnik = Anchor(node_id="sputnik", start=0, end=text.index(" and"))
    moon = Anchor(node_id="moon", start=text.index("two"), end=text.index("."))
    measure = Anchor(node_id="measure", start=0, end=len(text))
    (paragraph,) = paragraphs_with_passages(text, [measure, sputnik, moon])
    assert [(s.text, s.innermost) for s in paragraph.segments] == [
        ("In 1957 Sputnik flew", ["sputnik"]),
        (" and ", ["measure"]),
        ("two years later a rocket landed on the moon", ["moon"]),
        (".", ["measure"]),
    ]
    assert paragraph.segments[0].covered_by == ["measure", "sputnik"]


def test_adjacent_quotes_each_open_and_close_their_own_passage():
    text = "One clause; another clause."
    first = Anchor(node_id=1, start=0, end=text.index(";"))
    second = Anchor(node_id=2, start=text.index(";"), end=len(text))
    (paragraph,) = paragraphs_with_passages(text, [first, second])
    assert [(s.text, s.opens, s.closes) for s in paragraph.segments] == [
        ("One clause", [1], [1]),
        ("; another clause.", [2], [2]),
    ]


def test_the_essay_marks_the_moon_landing_disputed_and_leaves_sputnik_alone(client, essay_map):
    sputnik = essay_map.nodes.get(text="In 1957 the satellite Sputnik was launched into space.")
    moon = essay_map.nodes.get(text="Two years after Sputnik, a Soviet rocket landed on the moon.")
    assert (sputnik.curation_status, moon.curation_status) == ("verified", "disputed")
    assert sputnik.essay_quote == "In 1957 the satellite Sputnik was launched into space"
    assert moon.essay_quote == "two years later, a soviet rocket landed on the moon"
    markup = client.get(f"/maps/{essay_map.slug}/essay/").content.decode()
    marks = dict((text, classes) for classes, text in re.findall(r'<mark class="([^"]*)">(.*?)</mark>', markup))
    assert "passage-disputed" not in marks[sputnik.essay_quote]
    assert "passage-disputed" in marks[moon.essay_quote]


def test_no_disputed_mark_covers_the_words_of_a_verified_statement(client, essay_map):
    verified = essay_map.nodes.filter(curation_status="verified", essay_start__isnull=False)
    markup = client.get(f"/maps/{essay_map.slug}/essay/").content.decode()
    disputed_text = " ".join(
        html.unescape(text)
        for classes, text in re.findall(r'<mark class="([^"]*)">(.*?)</mark>', markup)
        if "passage-disputed" in classes
    )
    for node in verified:
        assert node.essay_quote not in disputed_text, node.text
