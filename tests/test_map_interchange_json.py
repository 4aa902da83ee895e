"""export_map and import_map in argmap's JSON format: lossless, round-tripping, and refusing bad files whole."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from argmap.maps.models import Edge, Map, Node, Source, Status


def export(slug: str) -> str:
    out = io.StringIO()
    call_command("export_map", slug, "--format", "json", stdout=out)
    return out.getvalue()


def import_file(path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_map", str(path), "--format", "json", *args, stdout=out)
    return out.getvalue()


def test_the_export_holds_the_map_its_nodes_and_its_edges(essay_map):
    document = json.loads(export(essay_map.slug))
    assert document["format"] == "argmap"
    assert document["map"]["question"] == essay_map.question
    assert len(document["nodes"]) == essay_map.nodes.count()
    assert len(document["edges"]) == essay_map.edges.count()
    node = document["nodes"][0]
    assert set(node) >= {"id", "kind", "text", "status", "essay_quote"}
    assert node["kind"] == "question"
    edge = document["edges"][0]
    assert set(edge) >= {"source", "target", "relation"}
    by_id = {n["id"]: n for n in document["nodes"]}
    assert by_id[edge["target"]]["kind"] in {"question", "measure", "claim", "evidence"}


def test_export_then_import_then_export_gives_identical_json(essay_map, tmp_path):
    first = export(essay_map.slug)
    path = tmp_path / "map.json"
    path.write_text(first, encoding="utf-8")
    assert "Imported" in import_file(path, "--slug", "copy")
    second = json.loads(export("copy"))
    assert second["map"].pop("slug") == "copy"
    original = json.loads(first)
    original["map"].pop("slug")
    assert second == original


def test_import_into_an_empty_database_reproduces_the_file_exactly(essay_map, tmp_path):
    first = export(essay_map.slug)
    Map.objects.all().delete()  # test only: the interface never deletes
    path = tmp_path / "map.json"
    path.write_text(first, encoding="utf-8")
    import_file(path)
    assert export(essay_map.slug) == first


def test_hidden_nodes_and_sources_survive_the_round_trip_but_authors_are_never_taken_from_the_file(
    essay_map, student, tmp_path
):
    node = essay_map.nodes.filter(kind="evidence").first()
    node.status = Status.HIDDEN
    node.author = student
    node.source = Source.objects.create(title="Khrushchev Remembers", author="Nikita Khrushchev", year=1970)
    node.save()
    path = tmp_path / "map.json"
    path.write_text(export(essay_map.slug), encoding="utf-8")
    import_file(path, "--slug", "copy")
    copy = Node.objects.get(map__slug="copy", text=node.text)
    assert (copy.status, copy.source) == (Status.HIDDEN, node.source)
    assert copy.author is None  # the file names sam; an import credits nobody (a file could name anyone)


def test_an_existing_slug_is_refused(essay_map, tmp_path):
    path = tmp_path / "map.json"
    path.write_text(export(essay_map.slug), encoding="utf-8")
    with pytest.raises(CommandError, match="already exists"):
        import_file(path)


def _document(essay_map) -> dict:
    return json.loads(export(essay_map.slug))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["edges"].append({"source": "n1", "target": "n2", "relation": "supports"}), "closes a loop"),
        (lambda d: d["edges"].append({"source": "n5", "target": "n5", "relation": "supports"}), "itself"),
        (lambda d: d["edges"].append({"source": "n5", "target": "n404", "relation": "supports"}), "n404"),
        (lambda d: d["nodes"][3].update(kind="opinion"), "nodes[3].kind"),
        (lambda d: d["nodes"][3].update(text="   "), "nodes[3].text"),
        (lambda d: d["nodes"][3].update(essay_quote="Not in the essay."), "nodes[3].essay_quote"),
        (lambda d: d["nodes"].append({"id": "n999", "kind": "claim", "text": "Floating"}), "n999 do not lead"),
        (lambda d: d.update(format="kialo"), "format"),
    ],
)
def test_a_bad_file_is_refused_with_where_and_nothing_is_saved(essay_map, tmp_path, change, message):
    document = _document(essay_map)
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    counts = (Map.objects.count(), Node.objects.count(), Edge.objects.count())
    with pytest.raises(CommandError, match="cannot be imported") as error:
        import_file(path, "--slug", "bad")
    assert message in str(error.value)
    assert (Map.objects.count(), Node.objects.count(), Edge.objects.count()) == counts


def test_a_file_that_is_not_json_is_refused_with_its_position(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "argmap",', encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        import_file(path)


def test_exporting_an_unknown_map_says_so(db):
    with pytest.raises(CommandError, match="No map has the slug"):
        export("nothing-here")
