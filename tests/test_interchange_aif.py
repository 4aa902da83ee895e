"""AIF in and out: OVA3 saves and AIFdb files in the shapes real ones have, what is kept and what the report lists,
rebuttal pairs, round trips that keep the I-nodes, RA and CA, and another tool (arguebuf) reading what argmap
writes and writing what argmap reads."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import arguebuf
import pytest

from argmap.interchange import aif, readers
from argmap.interchange.argmap_json import DocumentError, EdgeRecord, MapDocument, NodeRecord
from argmap.interchange.build import GATHERED_QUESTION
from argmap.interchange.services import map_document, map_import

SAMPLES = Path(__file__).parent / "samples" / "interchange"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def texts_by_kind(imported) -> dict[str, str]:
    return {node.text: node.kind for node in imported.document.nodes}


def aif_counts(data: dict) -> Counter:
    return Counter(node["type"] for node in data["nodes"])


def test_an_ova3_save_imports_its_argument_and_lists_the_dialogue_it_leaves_out():
    imported = readers.read("aif", sample("ova3_phones.json"))
    assert imported.counts == {"statements": 4, "measures": 2, "supports": 1, "opposes": 2, "structural": 0}
    assert texts_by_kind(imported) == {
        "Schools should ban phones in lessons.": "question",
        "Phones distract pupils while the teacher explains.": "measure",
        "Pupils need their phones to call their parents.": "measure",
        "Every school office has a phone pupils may use.": "claim",
    }
    assert imported.notes == [
        "An OVA3 save: its argument, the “AIF” part, is read (“OVA”, “text”: layout and text, not imported).",
        "4 locutions (L-nodes), 7 YA and 3 TA nodes, and their 20 links, are the dialogue, not the argument:"
        " not imported.",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"AIF": {"nodes": "none"}, "OVA": {}}, "The OVA3 save's “AIF” part has no lists of “nodes” and “edges”."),
        ({"graph": {"nodes": []}}, aif.NOT_AIF),
        ([1, 2], aif.NOT_AIF),
    ],
)
def test_json_that_is_neither_an_aif_file_nor_an_ova3_save_is_refused_saying_which_shape_it_lacks(data, message):
    with pytest.raises(DocumentError) as refused:
        readers.read("aif", json.dumps(data))
    assert refused.value.problems == [message]


def test_several_conclusions_are_gathered_under_one_question_by_structural_links_only():
    imported = readers.read("aif", sample("aifdb_energy.json"))
    assert imported.counts == {"statements": 10, "measures": 4, "supports": 4, "opposes": 1, "structural": 4}
    nodes = {node.id: node for node in imported.document.nodes}
    question = next(node for node in nodes.values() if node.kind == "question")
    assert question.text == GATHERED_QUESTION
    into_question = [edge for edge in imported.document.edges if edge.target == question.id]
    # No support is invented: every link to the made-up question is marked structural, and only those are.
    assert all(edge.structural for edge in into_question)
    assert all(edge.target == question.id for edge in imported.document.edges if edge.structural)
    assert sorted(nodes[edge.source].text for edge in into_question) == [
        "Britain should build more nuclear power stations.",
        "Nuclear power is a low-carbon source.",
        "Renewables could supply all the electricity Britain needs.",
        "Wind and solar power alone can meet Britain's demand for electricity.",
    ]
    assert imported.notes == [
        "Inferences whose premises argue together (1): each premise becomes a separate support: RA node 10.",
        "MA node 14 says “Nuclear power is a low-carbon source.” (I-node 8) and “Nuclear power stations emit almost"
        " no carbon dioxide.” (I-node 3) rephrase each other; a rephrase is not kept, the statements are.",
        "MA node 15 says “Renewables could supply all the electricity Britain needs.” (I-node 9) and “Wind and solar"
        " power alone can meet Britain's demand for…” (I-node 2) rephrase each other; a rephrase is not kept, the"
        " statements are.",
        "The file has 4 conclusions; they are gathered under one question by links marked as added on import,"
        " which exports leave out.",
    ]


def test_a_rebuttal_pair_is_refused_naming_both_statements_and_both_conflicts():
    with pytest.raises(DocumentError) as refused:
        readers.read("aif", sample("aif_rebuttal_pair.json"))
    assert refused.value.problems == [
        "“Homework makes no difference to results in primary school.” (I-node b) and “Homework improves pupils'"
        " results.” (I-node a) speak to each other (CA node s1 and CA node s2) (a rebuttal pair), which would make"
        " a loop. Choose to import rebuttal pairs without their second direction, or edit the file."
    ]


def test_a_rebuttal_pair_imports_without_its_second_direction_when_asked_and_says_so():
    imported = readers.read("aif", sample("aif_rebuttal_pair.json"), keep_rebuttals=True)
    # The file states two conflicts; one is left out.
    assert imported.counts == {"statements": 3, "measures": 2, "supports": 1, "opposes": 1, "structural": 0}
    assert texts_by_kind(imported)["Homework improves pupils' results."] == "question"
    assert imported.notes == [
        "“Homework makes no difference to results in primary school.” (I-node b) and “Homework improves pupils'"
        " results.” (I-node a) speak to each other (CA node s1 and CA node s2): a rebuttal pair; the second"
        " direction (CA node s2) is left out."
    ]


def exported_again(db_name: str, slug: str, **options) -> tuple[dict, dict]:
    """The sample as a file, and the AIF exported from the map it was saved as."""
    text = sample(db_name)
    map = map_import(document=readers.read("aif", text, **options).document, slug=slug)
    return json.loads(text), aif.to_aif(map_document(map=map))


def i_texts(data: dict) -> list[str]:
    data = data.get("AIF", data)
    return sorted(node["text"] for node in data["nodes"] if node["type"] == "I")


def test_an_ova3_save_saved_as_a_map_exports_the_same_statements_inferences_and_conflicts(db):
    original, exported = exported_again("ova3_phones.json", "phones")
    assert i_texts(exported) == i_texts(original)
    assert aif_counts(exported) == {"I": 4, "RA": 1, "CA": 2}
    assert {key: aif_counts(original["AIF"])[key] for key in ("I", "RA", "CA")} == {"I": 4, "RA": 1, "CA": 2}


def test_a_file_with_several_conclusions_exports_without_the_question_and_links_the_import_added(db):
    original, exported = exported_again("aifdb_energy.json", "energy")
    assert i_texts(exported) == i_texts(original)
    # Three RA nodes and one CA in the file; the linked argument's two premises come back as two RA nodes.
    assert aif_counts(original) == {"I": 9, "RA": 3, "CA": 1, "MA": 2}
    assert aif_counts(exported) == {"I": 9, "RA": 4, "CA": 1}


def document(*texts: str, statuses: tuple[str, ...] = ()) -> MapDocument:
    """A question with each text as a measure under it, supporting or opposing in turn."""
    nodes = [NodeRecord(id="n1", kind="question", text="Was the scheme worth it?")]
    edges = []
    for index, text in enumerate(texts, start=2):
        status = statuses[index - 2] if index - 2 < len(statuses) else "visible"
        nodes.append(NodeRecord(id=f"n{index}", kind="measure", text=text, status=status))
        edges.append(EdgeRecord(source=f"n{index}", target="n1", relation="supports" if index % 2 else "opposes"))
    return MapDocument(map={"title": "Scheme"}, nodes=nodes, edges=edges)


def test_hidden_and_waiting_statements_are_marked_in_the_aif_a_teacher_downloads():
    exported = aif.to_aif(
        document("Shown.", "Taken down.", "Not yet approved.", statuses=("visible", "hidden", "pending"))
    )
    assert i_texts(exported) == [
        "Not yet approved. (waiting for approval)",
        "Shown.",
        "Taken down. (hidden)",
        "Was the scheme worth it?",
    ]


SPECIAL = [
    "Quotes \"double\" and 'single', a backslash \\ and C:\\path\\n",
    "Brackets [like this], braces {key: value}, <Name> first, // not a comment, #1 not a tag",
    "Unicode: Хрущёв, 赫鲁晓夫, emoji 🌾, and a non-breaking\u00a0space",
    "Markdown-like *stars*, _underscores_, `code`, > quote, - list, 1. number",
]


def test_arguebuf_reads_argmaps_aif_with_the_same_atoms_schemes_and_texts():
    exported = aif.to_aif(document(*SPECIAL))
    graph = arguebuf.load.aif(json.loads(json.dumps(exported)))
    assert sorted(node.plain_text for node in graph.atom_nodes.values()) == i_texts(exported)
    assert len(graph.atom_nodes) == 5
    schemes = Counter(type(node.scheme).__name__ for node in graph.scheme_nodes.values())
    assert schemes == {"Support": 2, "Attack": 2}
    assert len(graph.edges) == 8


def test_a_graph_made_with_arguebuf_and_written_as_aif_imports_with_its_statements_and_links():
    graph = arguebuf.Graph()
    claim = arguebuf.AtomNode("Homework should be abolished in primary schools.", id="claim")
    reasons = [
        arguebuf.AtomNode(text, id=f"atom{index}")
        for index, text in enumerate(
            [
                "Young children learn best through play.",
                "Homework widens the gap between pupils whose parents can help and those whose parents can't.",
                "Homework teaches pupils to work on their own.",
            ]
        )
    ]
    for node in [claim, *reasons]:
        graph.add_node(node)
    for index, (reason, scheme) in enumerate(
        zip(reasons, [arguebuf.Support.DEFAULT, arguebuf.Support.DEFAULT, arguebuf.Attack.DEFAULT], strict=True)
    ):
        link = arguebuf.SchemeNode(scheme, id=f"scheme{index}")
        graph.add_node(link)
        graph.add_edge(arguebuf.Edge(reason, link))
        graph.add_edge(arguebuf.Edge(link, claim))
    imported = readers.read("aif", json.dumps(arguebuf.dump.aif(graph)))
    assert imported.counts == {"statements": 4, "measures": 3, "supports": 2, "opposes": 1, "structural": 0}
    assert texts_by_kind(imported)["Homework should be abolished in primary schools."] == "question"
    assert imported.notes == []


def test_a_node_id_used_twice_and_an_edge_to_a_missing_node_are_listed_in_the_report():
    data = {
        "nodes": [
            {"nodeID": 1, "type": "I", "text": "Uniforms should stay."},
            {"nodeID": 2, "type": "I", "text": "Uniforms cost families little."},
            {"nodeID": 2, "type": "I", "text": "A second node with the same id."},
            {"nodeID": 3, "type": "RA", "text": "Default Inference"},
        ],
        "edges": [
            {"edgeID": 10, "fromID": 2, "toID": 3},
            {"edgeID": 11, "fromID": 3, "toID": 1},
            {"edgeID": 12, "fromID": 3, "toID": 99},
        ],
    }
    imported = aif.from_aif(data)
    assert imported.counts == {"statements": 2, "measures": 1, "supports": 1, "opposes": 0, "structural": 0}
    assert imported.notes == [
        "Node ids used twice; the first node of each is read (1): 2.",
        "Edges to or from a node the file does not have are left out (1): edge 12.",
    ]
