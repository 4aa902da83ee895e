"""The graph view's layered layout (argmap/maps/layout.py), without a database: no two boxes overlap, every link
runs up from the arguing statement to what it speaks to, and the same map always gets the same picture."""

from __future__ import annotations

import random

import pytest

from argmap.maps import layout


def generated(size: int, *, seed: int = 7) -> tuple[dict[int, tuple[str, ...]], list[tuple[int, int]]]:
    """A question (id 1), measures under it, then statements that each speak to one to three earlier ones,
    some of them far above: links that skip layers, and statements that support two things at once."""
    rng = random.Random(seed)
    texts = {1: layout.wrap("To what extent was Khrushchev successful in the destalinisation policy?")}
    links: list[tuple[int, int]] = []
    for node_id in range(2, size + 1):
        words = " ".join(rng.choice(["thaw", "gulag", "reform", "grain", "Hungary", "speech"]) for _ in range(25))
        texts[node_id] = layout.wrap(words[: rng.randint(10, 150)])
        if node_id <= 8:
            links.append((node_id, 1))
            continue
        for target in rng.sample(range(2, node_id), k=min(node_id - 2, rng.choice([1, 1, 1, 2, 3]))):
            links.append((node_id, target))
    return texts, links


def overlaps(a: layout.Box, b: layout.Box) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.bottom and b.y < a.bottom


@pytest.mark.parametrize("size", [1, 2, 12, 90, 400])
def test_no_two_boxes_overlap(size):
    texts, links = generated(size)
    result = layout.layered_layout(texts, links, root=1)
    boxes = sorted(result.boxes.values(), key=lambda box: (box.y, box.x))
    assert len(boxes) == size
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            if other.y >= box.bottom:
                break
            assert not overlaps(box, other), (box, other)
        assert box.x >= 0
        assert box.x + box.width <= result.width
        assert box.y >= 0
        assert box.bottom <= result.height


@pytest.mark.parametrize("size", [12, 90, 400])
def test_every_link_runs_up_from_the_arguing_statement_to_what_it_speaks_to(size):
    texts, links = generated(size)
    result = layout.layered_layout(texts, links, root=1)
    assert {(line.source, line.target) for line in result.lines} == set(links)
    for line in result.lines:
        source, target = result.boxes[line.source], result.boxes[line.target]
        assert source.layer > target.layer
        assert source.y > target.bottom  # drawn below it, not merely in a later layer
        assert line.points[0][1] == source.y
        assert line.points[-1][1] == target.bottom
        heights = [y for _, y in line.points]
        assert heights == sorted(heights, reverse=True)  # never turns back down
        assert line.path.startswith("M")


def test_the_question_is_on_top_and_the_measures_right_beneath_it():
    texts, links = generated(40)
    result = layout.layered_layout(texts, links, root=1)
    assert result.boxes[1].layer == 0
    assert {result.boxes[measure].layer for measure in range(2, 9)} == {1}
    assert min(box.y for box in result.boxes.values()) == result.boxes[1].y


def test_the_same_map_always_gets_the_same_picture():
    texts, links = generated(300)
    first = layout.layered_layout(texts, links, root=1)
    again = layout.layered_layout(dict(reversed(list(texts.items()))), list(reversed(links)), root=1)
    assert first == again


def test_a_statement_speaking_to_nothing_hangs_below_the_question():
    result = layout.layered_layout({1: ("Q",), 2: ("M",), 3: ("adrift",)}, [(2, 1)], root=1)
    assert result.boxes[3].layer == 1
    assert [(line.source, line.target) for line in result.lines] == [(2, 1)]


def test_a_long_chain_is_laid_out_without_recursion_trouble():
    texts = {node_id: ("x",) for node_id in range(1, 2001)}
    links = [(node_id, node_id - 1) for node_id in range(2, 2001)]
    assert layout.layers_of(texts, links, 1)[2000] == 1999


def test_long_words_are_wrapped_and_long_text_ends_with_an_ellipsis():
    lines = layout.wrap("Destalinisation " * 30 + "Supercalifragilisticexpialidociousnessandmore")
    assert len(lines) == layout.MAX_LINES
    assert all(len(line) <= layout.CHARS_PER_LINE for line in lines)
    assert lines[-1].endswith("…")
    assert layout.wrap("  short   text ") == ("short text",)
