"""Argdown both ways: argmap's export read back by argmap's reader and by Argdown's own parser (@argdown/core,
through tests/argdown_parse.mjs), a debate file in the shape of real ones, and files outside the map subset."""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from argmap.interchange import argdown, readers
from argmap.interchange.argmap_json import DocumentError, EdgeRecord, MapDocument, NodeRecord
from argmap.maps.models import Map
from argmap.maps.services import contribution_create
from argmap.moderation.services import map_settings_update, node_hide

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).parent / "samples" / "interchange"

# Every case the issue names: brackets, braces, // and /* */, backslashes, a leading <Name>, #tags, + - > < at
# the start, Markdown-like characters, a line break, and what Argdown reads as shortcodes or front matter.
SPECIAL_TEXTS = [
    "Khrushchev: how successful?",
    "See [1] and [Title]: x, plus {key: value} and {a}.",
    "<Name> starts like an argument; <Name>: too",
    "a // not a comment /* nor this */ <!-- nor this -->",
    "back\\slash \\[ and \\\\ double, ending with one \\",
    "#1 is not a tag, #(nor this) nor #this",
    "+ plus first",
    "- minus first",
    "> greater first",
    "< less first",
    "<+ a relation's arrow first",
    "-- dashes ---- like an inference",
    "**bold** *it* _under_ __double__ snake_case `code` @[mention] @<argument>",
    "e.g. 3.5 and 10:30 :smile: .com. ..., end.",
    "http://example.org/path?x=1&y==2 ==== = and === here",
    "(1) numbered (2) [a link](http://example.org)",
    "a.  two  spaces,   three",
    "émigré — “quotes” ‘single’ 🙂 ÷",
    "* star first",
    "1. a list's number first",
    "# a heading first",
    "_ underscore first",
]


def special_document() -> MapDocument:
    """A question with two measures, a chain of claims holding every special text, both relations, a hidden
    and a pending statement, and a conclusion attached to the question only by a structural link."""
    nodes = [NodeRecord(id="n1", kind="question", text=SPECIAL_TEXTS[0])]
    edges: list[EdgeRecord] = []
    for number, text in enumerate(SPECIAL_TEXTS[1:], start=2):
        kind = "measure" if number in (2, 3) else "claim"
        target = "n1" if kind == "measure" else f"n{number - 1}" if number % 3 else "n2"
        status = "hidden" if number == 6 else "pending" if number == 7 else "visible"
        nodes.append(NodeRecord(id=f"n{number}", kind=kind, text=text, status=status))
        edges.append(EdgeRecord(f"n{number}", target, "supports" if number % 2 else "opposes"))
    last = len(nodes) + 1
    nodes.append(NodeRecord(id=f"n{last}", kind="measure", text="A conclusion\nof the file's own, on two lines."))
    edges.append(EdgeRecord(f"n{last}", "n1", "supports", structural=True))
    nodes.append(NodeRecord(id=f"n{last + 1}", kind="claim", text="It speaks to the conclusion."))
    edges.append(EdgeRecord(f"n{last + 1}", f"n{last}", "opposes"))
    title = "Khrushchev: how successful? === a title that YAML and Argdown must both survive"
    return MapDocument(map={"title": title, "question": SPECIAL_TEXTS[0]}, nodes=nodes, edges=edges)


def relations(document: MapDocument, *, by: str = "text") -> set[tuple[str, str, str]]:
    """The document's support and attack relations between texts (as Argdown writes them), without structural
    links and context."""
    text = {node.id: argdown.one_line(node.text) for node in document.nodes}
    return {
        (text[edge.source], edge.relation, text[edge.target])
        for edge in document.edges
        if not edge.structural and edge.relation != "context"
    }


def export(slug: str) -> str:
    out = io.StringIO()
    call_command("export_map", slug, "--format", "argdown", stdout=out)
    return out.getvalue()


def argdown_parser(text: str) -> dict:
    """What Argdown's own parser reads in `text`: statements by title, arguments, relations, errors."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "@argdown" / "core").is_dir():
        pytest.fail("Argdown's parser is not installed: run `make setup` (npm ci installs @argdown/core).")
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "argdown_parse.mjs")],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def argdown_text(statement: dict) -> str:
    """A statement's text as Argdown's parser holds it, without the tags it keeps at the end."""
    text = statement["texts"][0].rstrip()
    for tag in reversed(statement["tags"]):
        text = text.removesuffix(f"#{tag}").rstrip()
    return text


# Export


def test_every_special_text_is_escaped_and_read_back_the_same_by_argmap():
    document = special_document()
    written = argdown.to_argdown(document)
    imported = argdown.from_argdown(written)
    assert sorted(node.text for node in imported.document.nodes) == sorted(
        argdown.one_line(node.text) for node in document.nodes
    )
    assert relations(imported.document) == relations(document)


def test_every_special_text_is_read_back_the_same_by_argdowns_own_parser():
    document = special_document()
    parsed = argdown_parser(argdown.to_argdown(document))
    assert parsed["errors"] == []
    texts = {title: argdown_text(statement) for title, statement in parsed["statements"].items()}
    assert sorted(texts.values()) == sorted(argdown.one_line(node.text) for node in document.nodes)
    read = {
        (texts[relation["from"]], {"support": "supports", "attack": "opposes"}[relation["type"]], texts[relation["to"]])
        for relation in parsed["relations"]
    }
    assert read == relations(document)
    assert parsed["frontMatter"] == {"title": document.map["title"], "question": SPECIAL_TEXTS[0]}


def test_three_hundred_texts_mixed_from_argdowns_syntax_come_back_the_same_through_both_parsers():
    pieces = list("\\[]{}<>#*_@./:=-+()!?,;'\"`~^|&% \tabXY019é🙂")
    pieces += ["//", "/*", "*/", "<!--", "-->", "===", "----", "**", "__", ":)", ".com.", "\n", "  "]
    mixed = random.Random(13)  # the same texts every run
    texts = [argdown.one_line("".join(mixed.choice(pieces) for _ in range(mixed.randint(1, 25)))) for _ in range(300)]
    texts = list(dict.fromkeys(text for text in texts if text))
    nodes = [NodeRecord(id="n1", kind="question", text="Which texts survive?")]
    nodes += [NodeRecord(id=f"n{i}", kind="measure", text=text) for i, text in enumerate(texts, start=2)]
    edges = [EdgeRecord(node.id, "n1", "supports") for node in nodes[1:]]
    written = argdown.to_argdown(MapDocument(map={"title": "Mixed"}, nodes=nodes, edges=edges))
    parsed = argdown_parser(written)
    assert parsed["errors"] == []
    assert sorted(argdown_text(statement) for statement in parsed["statements"].values()) == sorted(
        node.text for node in nodes
    )
    assert sorted(node.text for node in argdown.from_argdown(written).document.nodes) == sorted(
        node.text for node in nodes
    )


def test_a_line_break_inside_a_statement_becomes_a_space():
    written = argdown.to_argdown(special_document())
    assert "[M23]: A conclusion of the file's own, on two lines. #measure" in written
    assert "A conclusion of the file's own, on two lines." in {
        node.text for node in argdown.from_argdown(written).document.nodes
    }


def test_the_front_matter_is_yaml_that_keeps_a_title_with_a_colon():
    written = argdown.to_argdown(special_document())
    front = written.split("===\n")[1]
    assert yaml.safe_load(front.replace("\\x3D", "=")) == yaml.safe_load(front)
    assert yaml.safe_load(front)["title"].startswith("Khrushchev: how successful? ===")
    assert yaml.safe_load(front)["question"] == "Khrushchev: how successful?"


def test_structural_links_are_left_out_and_the_statement_they_attached_is_its_own_tree():
    written = argdown.to_argdown(special_document())
    assert "\n\n[M23]: A conclusion" in written
    assert "    <- [C24]: It speaks to the conclusion. #claim" in written
    imported = argdown.from_argdown(written)
    assert imported.counts["structural"] == 1
    question = next(node for node in imported.document.nodes if node.kind == "question")
    assert question.text == "Khrushchev: how successful?"
    assert len(imported.document.nodes) == len(special_document().nodes)


def test_hidden_and_pending_statements_are_tagged():
    written = argdown.to_argdown(special_document())
    assert "\\#1 is not a tag, \\#(nor this) nor \\#this #claim #hidden" in written
    assert "[C7]: + plus first #claim #pending" in written
    assert written.count("#hidden") == 1
    assert written.count("#pending") == 1


def test_a_chain_of_replies_deeper_than_pythons_recursion_is_written_and_read():
    chain = 1200
    nodes = [NodeRecord(id="n1", kind="question", text="Was it worth it?")]
    nodes += [
        NodeRecord(id=f"n{i}", kind="measure" if i == 2 else "claim", text=f"Reply {i}") for i in range(2, chain + 2)
    ]
    edges = [EdgeRecord(f"n{i}", f"n{i - 1}", "opposes") for i in range(2, chain + 2)]
    written = argdown.to_argdown(MapDocument(map={"title": "Deep"}, nodes=nodes, edges=edges))
    assert argdown.from_argdown(written).counts["opposes"] == chain


def test_hidden_and_pending_marks_are_named_in_the_report_when_read_back():
    written = argdown.to_argdown(special_document())
    lines = written.splitlines()
    hidden = next(number for number, line in enumerate(lines, start=1) if line.endswith("#hidden"))
    pending = next(number for number, line in enumerate(lines, start=1) if line.endswith("#pending"))
    assert (
        f"Statements tagged #hidden or #pending (line {hidden} (#hidden), line {pending} (#pending)) are imported"
        " as shown; hide them on the map if the class should not see them."
    ) in argdown.from_argdown(written).notes


# Import


def test_a_debate_imports_its_statements_relations_and_arguments_conclusions():
    text = (SAMPLES / "debate.argdown").read_text(encoding="utf-8")
    imported = readers.read("argdown", text)
    assert imported.format == "argdown"
    assert imported.counts == {"statements": 16, "measures": 4, "supports": 10, "opposes": 5, "structural": 0}
    document = imported.document
    assert document.map["title"] == "Destalinisation: did Khrushchev succeed?"
    assert document.map["question"] == "Did Khrushchev's destalinisation succeed?"
    texts = {node.text for node in document.nodes}
    # Emphasis, data, tags and comments are taken out of the words.
    assert "The Thaw freed writers and millions of prisoners." in texts
    assert "The Presidium removed Khrushchev in October 1964." in texts
    assert "The speech was secret and blamed Stalin alone, not the system." in texts
    found = relations(document)
    # An argument's premises support its conclusion, and the argument stands for its conclusion.
    assert ("A leader who crushes a rising by force has not given up repression.", "supports",
            "The regime still used force against dissent.") in found  # fmt: skip
    assert ("The regime still used force against dissent.", "supports", "Repression went on after 1956.") in found
    # +> and -> go from the statement above to the indented one.
    assert ("Millions of families moved into new flats, the khrushchyovki.", "supports",
            "Did Khrushchev's destalinisation succeed?") in found  # fmt: skip
    assert ("Destalinisation was partly reversed after 1964.", "opposes",
            "The Thaw freed writers and millions of prisoners.") in found  # fmt: skip
    assert ("The camps were never closed.", "opposes", "Most Gulag prisoners were released by 1960.") in found
    assert imported.notes == [
        "line 46: a contradiction (><) is read as an attack of the indented statement on the one above it; a map"
        " has no relation that goes both ways.",
        "Headings group statements in Argdown; argmap does not keep the groups (lines 9, 22, 39).",
        "line 24: the argument <Hungary> stands for its conclusion; its own description (“Soviet tanks crushed the"
        " Hungarian rising.”) is not kept.",
        "line 31: the argument <Ousted> stands for its conclusion; its own description (“His own colleagues"
        " removed Khrushchev.”) is not kept.",
    ]


def test_the_debate_goes_argdown_to_argmap_to_argdown_keeping_statements_and_relations():
    first = argdown.from_argdown((SAMPLES / "debate.argdown").read_text(encoding="utf-8")).document
    again = argdown.from_argdown(argdown.to_argdown(first)).document
    assert sorted(node.text for node in again.nodes) == sorted(node.text for node in first.nodes)
    assert relations(again) == relations(first)
    assert [(node.text, node.kind) for node in again.nodes if node.kind != "claim"] == [
        (node.text, node.kind) for node in first.nodes if node.kind != "claim"
    ]


def test_argdowns_own_parser_reads_the_debates_statements_as_argmap_does():
    text = (SAMPLES / "debate.argdown").read_text(encoding="utf-8")
    parsed = argdown_parser(text)
    assert parsed["errors"] == []
    theirs = {argdown_text(statement) for statement in parsed["statements"].values()}
    ours = {node.text for node in argdown.from_argdown(text).document.nodes}
    # <Housing> has no premises and conclusion: an argument to Argdown, a statement of its own to argmap.
    assert ours - theirs == {"Millions of families moved into new flats, the khrushchyovki."}
    assert theirs - ours == set()
    assert len(parsed["relations"]) == 11  # argmap adds the four premise–conclusion supports of two arguments


def test_a_plain_line_right_under_a_statement_goes_on_with_its_text():
    text = "[A]: The first line\ngoes on here.\n    <+ [B]: b\n    and more #tag\n\nA new one\non two lines.\n"
    assert argdown_parser(text)["errors"] == []
    imported = argdown.from_argdown(text)
    assert {node.text for node in imported.document.nodes} == {
        "The first line goes on here.",
        "b and more",
        "A new one on two lines.",
        "What does this discussion conclude?",  # two conclusions, gathered under a question
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[A]: a\n    _> [B]: b\n", "line 2: an undercut (_>) attacks an inference"),
        ("[A]: a\n    <_ [B]: b\n", "line 2: an undercut (<_) attacks an inference"),
        ("(1) a\n(2) b\n--\nModus ponens\n--\n(3) c\n", "line 3: an inference with rules or data"),
        ("(1) a\n(2) b\n-- Modus ponens --\n(3) c\n", "line 3: an inference with rules or data"),
        ("[A]: a\n\n    <+ [B]: b\n", "line 3: the relation <+ has no statement above it"),
        ("<+ [B]: b\n", "line 1: the relation <+ has no statement above it"),
        ("(1) a\n(2) b\n(3) c\n\n[D]: d\n", "line 1: numbered statements need a ---- line before the conclusion"),
        ("(1) a\n----\n\n[D]: d\n", "line 4: the ---- line above needs a numbered conclusion"),
        ("----\n(1) a\n", "line 1: a ---- line needs numbered premises"),
        ("* a\n* b\n", "line 1: lists (* or 1.) are outside what argmap reads"),
        ("[A]: a\n\n[B]: b /* open\nnever closed\n", "line 3: the comment /* is never closed with */."),
        ("===\ntitle: [unclosed\n===\n[A]: a\n", "line 2: the front matter is not valid YAML"),
        ("===\ntitle: a\n[A]: a\n", "line 1: the front matter opened with === is never closed"),
        ("[A]: a\n    <+ #tag {data: 1}\n", "line 2: no statement here, only tags or data."),
        ("[A]: a\n[B]: b\n", "line 2: a new statement starts right under the one on line 1"),
    ],
)
def test_a_file_outside_the_map_subset_is_refused_naming_the_line(text, message):
    with pytest.raises(DocumentError) as refused:
        argdown.from_argdown(text)
    assert refused.value.problems[0].startswith(message), refused.value.problems


def test_a_rebuttal_pair_is_refused_or_imported_without_its_second_direction():
    text = "[Q]: q\n    <+ [A]: a\n        <- [B]: b\n            <- [A]\n"
    with pytest.raises(DocumentError) as refused:
        argdown.from_argdown(text)
    assert "speak to each other (line 3 and line 4) (a rebuttal pair)" in refused.value.problems[0]
    imported = argdown.from_argdown(text, keep_rebuttals=True)
    assert imported.counts["opposes"] == 1
    assert "the second direction (line 4) is left out" in imported.notes[0]


def test_several_conclusions_without_a_named_question_are_gathered_under_the_title():
    imported = argdown.from_argdown("===\ntitle: Two views\n===\n[A]: a\n    <+ b\n\n[C]: c\n")
    assert imported.counts == {"statements": 4, "measures": 2, "supports": 1, "opposes": 0, "structural": 2}
    assert imported.document.map["question"] == "Two views"


def test_escapes_are_undone_and_a_statement_named_before_its_text_gets_it():
    imported = argdown.from_argdown("[Q]: Is \\[this\\] \\#1?\n    <+ [Later]\n\n[Later]: Given \\*here\\*.\n")
    assert {node.text for node in imported.document.nodes} == {"Is [this] #1?", "Given *here*."}


# The essay map


def test_the_essay_maps_argdown_keeps_its_statements_and_relations(essay_map: Map):
    written = export(essay_map.slug)
    imported = argdown.from_argdown(written)
    nodes = essay_map.nodes.all()
    edges = [edge for node in nodes for edge in node.outgoing.all()]
    assert len(imported.document.nodes) == len(nodes)
    assert imported.counts["supports"] == sum(edge.relation == "supports" for edge in edges)
    assert imported.counts["opposes"] == sum(edge.relation == "opposes" for edge in edges)
    assert imported.document.map["question"] == essay_map.question


def test_argdowns_own_parser_reads_the_essay_maps_argdown(essay_map: Map):
    parsed = argdown_parser(export(essay_map.slug))
    assert parsed["errors"] == []
    assert len(parsed["statements"]) == essay_map.nodes.count()
    assert len(parsed["relations"]) == sum(
        node.outgoing.exclude(relation="context").count() for node in essay_map.nodes.all()
    )


def test_an_argdown_file_imports_through_the_command(db, tmp_path):
    path = tmp_path / "debate.argdown"
    path.write_text((SAMPLES / "debate.argdown").read_text(encoding="utf-8"), encoding="utf-8")
    out = io.StringIO()
    call_command("import_map", str(path), "--format", "argdown", "--slug", "debate", stdout=out)
    assert "Imported “Destalinisation: did Khrushchev succeed?” as debate: 16 nodes, 15 edges." in out.getvalue()
    map = Map.objects.get(slug="debate")
    assert map.nodes.filter(kind="measure").count() == 4


def test_a_teachers_argdown_download_marks_hidden_and_waiting_statements_and_a_students_leaves_them_out(
    client, class_map, measure, teacher, student, second_student
):
    hidden = contribution_create(
        author=student,
        target=measure,
        kind="claim",
        relation="opposes",
        text="Storms of dust [1963] blew the soil away.",
    )
    node_hide(node=hidden, by=teacher, reason="Unkind wording.")
    map_settings_update(map=class_map, by=teacher, moderation_mode="pre")
    waiting = contribution_create(
        author=student, target=measure, kind="claim", relation="opposes", text="Harvests fell after 1958 // by half."
    )
    assert waiting.status == "pending"
    client.force_login(teacher)
    everything = client.get(f"/maps/{class_map.slug}/download/argdown/?with_hidden=1").content.decode()
    assert "Storms of dust \\[1963\\] blew the soil away. #claim #hidden" in everything
    assert "Harvests fell after 1958 \\// by half. #claim #pending" in everything
    imported = argdown.from_argdown(everything)
    assert len(imported.document.nodes) == class_map.nodes.count()
    assert {hidden.text, waiting.text} <= {node.text for node in imported.document.nodes}
    client.force_login(second_student)
    shown = client.get(f"/maps/{class_map.slug}/download/argdown/").content.decode()
    assert "Storms of dust" not in shown
    assert "Harvests fell" not in shown
    assert "#hidden" not in shown
