"""Other tools' formats: AIF, Argdown and CSV out, AIF and Kialo in, through the commands and the converters."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from argmap.interchange import aif, formats
from argmap.interchange.argmap_json import DocumentError
from argmap.maps.models import Map

KIALO = """Discussion Title: Was the Virgin Lands scheme worth it?

1. The Virgin Lands scheme was worth it.
1.1. Pro: Grain output rose sharply in 1956.
1.1.1. Con: The 1956 harvest depended on good weather
that did not last.
1.2. Con: Soil erosion ruined much of the new land by 1963.
1.2.1. Pro: -> See 1.1.1.
"""


def export(slug: str, format: str) -> str:
    out = io.StringIO()
    call_command("export_map", slug, "--format", format, stdout=out)
    return out.getvalue()


def import_text(tmp_path, text: str, format: str, *args: str) -> str:
    path = tmp_path / f"map.{format}"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_map", str(path), "--format", format, *args, stdout=out)
    return out.getvalue()


def test_aif_turns_each_link_into_a_support_or_conflict_node(essay_map):
    exported = json.loads(export(essay_map.slug, "aif"))
    kinds = [node["type"] for node in exported["nodes"]]
    assert kinds.count("I") == essay_map.nodes.count()
    assert kinds.count("RA") == essay_map.edges.filter(relation="supports").count()
    assert kinds.count("CA") == essay_map.edges.filter(relation="opposes").count()
    # Context links are neither inference nor conflict: AIF has no scheme for them, so they are left out.
    argued = essay_map.edges.exclude(relation="context").count()
    assert len(exported["edges"]) == 2 * argued < 2 * essay_map.edges.count()


def test_an_aif_export_imports_back_with_the_same_statements_and_its_support_and_conflict(essay_map, tmp_path):
    output = import_text(tmp_path, export(essay_map.slug, "aif"), "aif", "--slug", "from-aif")
    assert "Imported" in output
    copy = Map.objects.get(slug="from-aif")
    # Statements curators added say so in their text: AIF has no field for where a statement came from.
    exported = {
        node.text: f"{node.text} (Added: not in the essay)" if node.added_by_curator else node.text
        for node in essay_map.nodes.all()
    }
    assert set(exported.values()) <= set(copy.nodes.values_list("text", flat=True))

    def links(map, name=lambda text: text):
        edges = map.edges.exclude(relation="context").values_list("from_node__text", "to_node__text", "relation")
        return sorted((name(source), name(target), relation) for source, target, relation in edges)

    # Every support and conflict comes back; context links, left out of AIF, do not. Statements that only gave
    # context are roots in the AIF file, so the import gathers them under a question of its own.
    between_statements = [link for link in links(copy) if link[1] in exported.values()]
    assert between_statements == links(essay_map, exported.get)
    assert not copy.edges.filter(relation="context").exists()


def test_a_kialo_discussion_becomes_a_map_with_measures_counterclaims_and_links(db, tmp_path):
    assert "Imported “Was the Virgin Lands scheme worth it?”" in import_text(tmp_path, KIALO, "kialo")
    map = Map.objects.get(slug="was-the-virgin-lands-scheme-worth-it")
    kinds = dict(map.nodes.values_list("text", "kind"))
    assert kinds == {
        "The Virgin Lands scheme was worth it.": "question",
        "Grain output rose sharply in 1956.": "measure",
        "The 1956 harvest depended on good weather that did not last.": "claim",
        "Soil erosion ruined much of the new land by 1963.": "measure",
    }
    weather = map.nodes.get(text__startswith="The 1956 harvest")
    assert sorted(weather.outgoing.values_list("to_node__text", "relation")) == [
        ("Grain output rose sharply in 1956.", "opposes"),
        ("Soil erosion ruined much of the new land by 1963.", "supports"),
    ]


def test_argdown_writes_the_tree_once_and_names_a_statement_reached_twice(db, tmp_path):
    import_text(tmp_path, KIALO, "kialo", "--slug", "virgin")
    text = export("virgin", "argdown")
    assert "[Q1]: The Virgin Lands scheme was worth it. #question" in text
    assert "    <- [M4]: Soil erosion ruined much of the new land by 1963. #measure" in text
    assert text.count("The 1956 harvest depended on good weather") == 1
    assert text.rstrip().endswith("<+ [C3]")


def test_csv_has_a_row_per_statement_with_what_it_speaks_to(essay_map):
    rows = list(csv.reader(io.StringIO(export(essay_map.slug, "csv"))))
    assert rows[0] == formats.CSV_COLUMNS
    assert len(rows) == essay_map.nodes.count() + 1
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["n2"][1] == "measure"
    assert by_id["n2"][4] == "supports n1"
    disputed = [row for row in rows[1:] if row[6] == "disputed"]
    assert disputed
    assert all(row[7] for row in disputed)


def test_a_formula_like_cell_is_quoted_for_spreadsheets():
    assert formats.spreadsheet_safe("=SUM(A1)") == "'=SUM(A1)"
    assert formats.spreadsheet_safe("Plain text") == "Plain text"


@pytest.mark.parametrize(
    ("text", "format", "message"),
    [
        ('{"nodes": "none"}', "aif", "lists of “nodes” and “edges”"),
        ('{"nodes": [], "edges": []}', "aif", "no statements"),
        ("Just some notes\nwithout numbers", "kialo", "numbered “1.”"),
        ("{not json", "aif", "not valid JSON"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(db, tmp_path, text, format, message):
    maps = set(Map.objects.values_list("pk", flat=True))
    with pytest.raises(CommandError, match=message):
        import_text(tmp_path, text, format)
    assert set(Map.objects.values_list("pk", flat=True)) == maps


def test_an_aif_loop_is_refused_by_the_same_checks_as_argmap_files():
    data = {
        "nodes": [
            {"nodeID": "a", "type": "I", "text": "A"},
            {"nodeID": "b", "type": "I", "text": "B"},
            {"nodeID": "c", "type": "I", "text": "C"},
            {"nodeID": "s1", "type": "RA"},
            {"nodeID": "s2", "type": "RA"},
            {"nodeID": "s3", "type": "RA"},
        ],
        "edges": [
            {"fromID": "a", "toID": "s1"},
            {"fromID": "s1", "toID": "b"},
            {"fromID": "b", "toID": "s2"},
            {"fromID": "s2", "toID": "a"},
            {"fromID": "c", "toID": "s3"},
            {"fromID": "s3", "toID": "a"},
        ],
    }
    with pytest.raises(DocumentError):
        aif.from_aif(data)
