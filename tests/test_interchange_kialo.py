"""Kialo's text export in: deep discussions, "-> See" links, long texts kept whole, Markdown links kept as sources,
escapes undone, and refusals that name the claim's number."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.interchange import readers
from argmap.interchange.argmap_json import DocumentError
from argmap.interchange.kialo import readable
from argmap.interchange.services import map_import
from argmap.maps.models import Map

SAMPLES = Path(__file__).parent / "samples" / "interchange"
KHRUSHCHEV = (SAMPLES / "kialo_khrushchev.txt").read_text(encoding="utf-8")


def node_by_start(imported, start: str):
    return next(node for node in imported.document.nodes if node.text.startswith(start))


def test_a_deep_discussion_imports_every_claim_once_with_its_side_and_see_links():
    imported = readers.read("kialo", KHRUSHCHEV)
    # Ten claims written out (two "-> See" lines stand for claims written elsewhere): each line under the thesis
    # is a link, Pro a support and Con an attack, and nothing is added.
    assert imported.counts == {"statements": 10, "measures": 3, "supports": 6, "opposes": 5, "structural": 0}
    assert imported.document.map["title"] == "Was Khrushchev's rule a success?"
    deepest = node_by_start(imported, "The commissions reviewed")
    figures = node_by_start(imported, "Official figures")
    speaks_to = {
        (edge.relation, node.text)
        for edge in imported.document.edges
        for node in imported.document.nodes
        if edge.source == figures.id and edge.target == node.id
    }
    # 1.2.2. answers 1.2., and through "-> See 1.2.2." at 1.1.1.1.1.1.1. also the claim six levels down.
    assert speaks_to == {
        ("opposes", "The Virgin Lands scheme failed after a few good harvests."),
        ("opposes", deepest.text),
    }
    # "-> See 1.1.1.1.1.1." under 1.3. (Pro): the deepest claim supports 1.3. as well.
    assert sum(edge.source == deepest.id for edge in imported.document.edges) == 2


def test_markdown_links_become_their_words_and_the_first_is_kept_as_the_source():
    imported = readers.read("kialo", KHRUSHCHEV)
    deepest = node_by_start(imported, "The commissions reviewed")
    assert deepest.text == "The commissions reviewed over 600,000 cases in two years."
    assert deepest.kind == "evidence"
    assert (deepest.source["title"], deepest.source["url"]) == (
        "600,000 cases",
        "https://example.org/gulag/rehabilitation",
    )
    permit = node_by_start(imported, "Former prisoners")
    assert permit.text == "Former prisoners needed a residence permit to live in the big cities."
    assert permit.source["url"] == "https://example.org/wiki/Propiska_(permit)"
    figures = node_by_start(imported, "Official figures")
    # The second link of a claim keeps its address in the text: nothing the author cited is lost.
    assert figures.text == (
        "Official figures [from 1958] were inflated by local party bosses; see Taubman and the CIA's estimates"
        " (https://example.org/cia/1960)."
    )
    assert (figures.source["title"], figures.source["url"]) == ("Taubman", "https://example.org/taubman")
    assert (
        "Links in Kialo's texts became their words; each statement's first link is kept as its source (4 statements)."
        in imported.notes
    )
    assert "Statements with several links keep the others' addresses in their text (1): 1.2.2." in imported.notes


def test_escapes_are_undone_and_a_text_over_several_lines_is_joined():
    imported = readers.read("kialo", KHRUSHCHEV)
    assert (
        node_by_start(imported, "De-Stalinisation").text
        == "De-Stalinisation freed millions from the camps (the Gulag)."
    )
    assert node_by_start(imported, "Living standards").text == (
        "Living standards rose: *five* million flats were built _in a decade_."
    )
    long = node_by_start(imported, "The scheme ploughed up")
    assert "little rain that had never been farmed before. Farms were run by young volunteers" in long.text
    assert "\n" not in long.text


def test_a_long_text_is_kept_whole_and_the_report_says_which():
    imported = readers.read("kialo", KHRUSHCHEV)
    long = node_by_start(imported, "The scheme ploughed up")
    assert len(long.text) == 609
    assert long.text.endswith("which historians such as Filtzer see as proof that the scheme failed.")
    assert "Statements longer than a student may type (500 characters) are kept whole (1): 1.2.1." in imported.notes


def test_the_discussion_saved_as_a_map_keeps_long_texts_and_sources(db):
    map = map_import(document=readers.read("kialo", KHRUSHCHEV).document, slug="khrushchev")
    assert map.nodes.count() == 10
    assert map.edges.count() == 11
    assert max(len(text) for text in map.nodes.values_list("text", flat=True)) == 609
    assert sorted(map.nodes.filter(kind="evidence").values_list("source__url", flat=True)) == [
        "https://example.org/filtzer/soviet-agriculture",
        "https://example.org/gulag/rehabilitation",
        "https://example.org/taubman",
        "https://example.org/wiki/Propiska_(permit)",
    ]
    assert Map.objects.filter(slug="khrushchev").exists()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "1. Thesis.\n1.1. Pro: A reason.\n1.1.1. Pro: A deeper reason.\n1.1.1.1. Con: -> See 1.\n",
            "These statements make a loop (1.1., 1.1.1.1., 1.1.1.): “A reason.” → “Thesis.” → “A deeper reason.” →"
            " “A reason.”. A map can't go round in circles.",
        ),
        (
            "1. Thesis.\n1.1. Pro: -> See 1.4.\n",
            "1.1.: “-> See 1.4.” points to 1.4., which is not a statement in the file.",
        ),
        ("1. Thesis.\n1.1.2. Con: An orphan.\n", "1.1.2.: it answers 1.1., which is not in the file."),
        (
            "1. Thesis.\n1.1. Pro: First.\n1.1.1. Con: -> See 1.2.\n1.2. Pro: Second.\n1.2.1. Con: -> See 1.1.\n",
            "“Second.” (1.2.) and “First.” (1.1.) speak to each other (1.1.1. and 1.2.1.) (a rebuttal pair), which"
            " would make a loop. Choose to import rebuttal pairs without their second direction, or edit the file.",
        ),
        (
            "1. Thesis.\n1.1. Pro: " + "word " * 4001 + "\n",
            "1.1.: the statement has 20,004 characters; an imported statement may have 20,000 at most.",
        ),
        ("1. Thesis.\n1.1. Con:\n", "1.1.: the statement has no text."),
    ],
)
def test_a_discussion_that_cannot_be_a_map_is_refused_naming_the_claims(text, problem):
    with pytest.raises(DocumentError) as refused:
        readers.read("kialo", text)
    assert refused.value.problems == [problem]


def test_a_numbered_line_inside_a_text_continues_it():
    imported = readers.read("kialo", "1. Thesis.\n1.1. Pro: Output rose in\n1956. That year was dry.\n")
    assert node_by_start(imported, "Output").text == "Output rose in 1956. That year was dry."


def test_a_link_in_the_thesis_is_kept_as_the_questions_source():
    imported = readers.read("kialo", "1. Was the [Thaw](https://example.org/thaw) real?\n1.1. Pro: Yes.\n")
    question = node_by_start(imported, "Was the")
    assert question.kind == "question"
    assert (question.text, question.source["url"]) == ("Was the Thaw real?", "https://example.org/thaw")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (
            "Solzhenitsyn's *One Day in the Life of Ivan Denisovich* appeared in 1962.",
            "Solzhenitsyn's One Day in the Life of Ivan Denisovich appeared in 1962.",
        ),
        ("**Bold** claims and _quiet_ ones.", "Bold claims and quiet ones."),
        ("snake_case_names and 2 * 3 * 4 stay as they are.", "snake_case_names and 2 * 3 * 4 stay as they are."),
        (r"An escaped \*star\* is a star.", "An escaped *star* is a star."),
    ],
)
def test_markdown_emphasis_is_read_as_the_words_it_marks(written, read):
    assert readable(written)[0] == read
