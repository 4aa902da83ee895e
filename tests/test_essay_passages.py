"""Cutting the essay into paragraphs and highlighted passages."""

from __future__ import annotations

from argmap.maps.essay import Anchor, paragraphs_with_passages

TEXT = "Title line\n\nFirst sentence. Second sentence.\nThird one."


def test_each_non_empty_line_is_a_paragraph_and_unquoted_text_is_kept_whole():
    paragraphs = paragraphs_with_passages(TEXT, [])
    assert ["".join(s.text for s in p.segments) for p in paragraphs] == [
        "Title line",
        "First sentence. Second sentence.",
        "Third one.",
    ]
    assert not any(s.is_quoted for p in paragraphs for s in p.segments)


def test_overlapping_quotes_are_cut_where_each_begins_and_ends():
    first = TEXT.index("First")
    second = TEXT.index("Second")
    end = TEXT.index("\nThird")
    anchors = [Anchor(node_id=1, start=first, end=end), Anchor(node_id=2, start=second, end=end)]
    paragraph = paragraphs_with_passages(TEXT, anchors)[1]
    assert [(s.text, s.covered_by, s.opens, s.closes) for s in paragraph.segments] == [
        ("First sentence. ", [1], [1], []),
        ("Second sentence.", [1, 2], [2], [1, 2]),
    ]


def test_anchors_outside_the_text_are_ignored():
    paragraphs = paragraphs_with_passages(TEXT, [Anchor(node_id=9, start=5, end=10_000)])
    assert not any(s.is_quoted for p in paragraphs for s in p.segments)
