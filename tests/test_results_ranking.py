"""The results dashboard's pure parts: ranking two ways, the note on why the orders differ, the chart's geometry."""

from __future__ import annotations

import pytest

from argmap.votes import chart
from argmap.votes.ranking import ArgumentFacts, Standing, difference_note, notable_differences, ordinal, ranks


def test_ranks_put_the_highest_first_and_ties_share_a_place():
    assert ranks({"a": 3.5, "b": 4.0, "c": 3.5, "d": 1.0}) == {"b": 1, "a": 2, "c": 2, "d": 4}
    assert ranks({}) == {}


@pytest.mark.parametrize(
    ("number", "words"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (21, "21st")]
)
def test_places_read_as_ordinals(number, words):
    assert ordinal(number) == words


def test_a_measure_the_class_rates_above_its_disputed_evidence_is_explained_by_the_dispute():
    standing = Standing("x", "Raising living standards", 1, 5, ArgumentFacts(supporting=3, evidence=4, disputed=3))
    assert difference_note(standing) == (
        "The class rates “Raising living standards” higher than its arguments support "
        "(1st by vote, 5th by argument strength): 3 of the 4 pieces of evidence under it are disputed."
    )


def test_a_measure_the_class_rates_above_its_counterclaims_is_explained_by_them():
    standing = Standing("x", "Maize", 2, 9, ArgumentFacts(opposing=2))
    assert difference_note(standing).endswith(": 2 counterclaims speak against it and none for it.")


def test_a_measure_the_class_rates_below_its_verified_evidence_is_explained_by_it():
    standing = Standing("x", "Secret police", 14, 3, ArgumentFacts(supporting=2, evidence=2, verified=2))
    assert difference_note(standing) == (
        "The class rates “Secret police” lower than its arguments support "
        "(14th by vote, 3rd by argument strength): both pieces of evidence under it are verified."
    )


def test_a_measure_with_unanswered_support_is_explained_by_the_count():
    standing = Standing("x", "Space", 9, 1, ArgumentFacts(supporting=3))
    assert difference_note(standing).endswith(": 3 points speak for it and no counterclaim against it.")


def test_only_the_biggest_gaps_of_two_places_or_more_get_a_note_biggest_first():
    facts = ArgumentFacts()
    standings = [
        Standing("small", "Small", 1, 2, facts),
        Standing("big", "Big", 2, 9, facts),
        Standing("middle", "Middle", 6, 3, facts),
        Standing("bigger", "Bigger", 9, 1, facts),
        Standing("also", "Also", 3, 5, facts),
    ]
    assert [standing.key for standing in notable_differences(standings)] == ["bigger", "big", "middle"]


def test_the_chart_places_strength_across_and_the_mean_vote_up():
    drawn = chart.scatter([(1, 0.0, 1.0), (2, 1.0, 5.0), (3, 0.5, 3.0)])
    by_number = {point.number: point for point in drawn.points}
    # The plot runs from LEFT to WIDTH - RIGHT across and from HEIGHT - BOTTOM (a vote of 1) up to TOP (5).
    assert (by_number[1].x, by_number[1].y) == (chart.LEFT, chart.HEIGHT - chart.BOTTOM)
    assert (by_number[2].x, by_number[2].y) == (chart.WIDTH - chart.RIGHT, chart.TOP)
    middle_x = chart.LEFT + (chart.WIDTH - chart.RIGHT - chart.LEFT) / 2
    middle_y = chart.TOP + (chart.HEIGHT - chart.BOTTOM - chart.TOP) / 2
    assert (by_number[3].x, by_number[3].y) == (middle_x, middle_y)
    assert [tick.text for tick in drawn.x_ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert [tick.text for tick in drawn.y_ticks] == ["1", "2", "3", "4", "5"]
    assert drawn.agreement == (chart.LEFT, chart.HEIGHT - chart.BOTTOM, chart.WIDTH - chart.RIGHT, chart.TOP)


def test_labels_of_points_on_top_of_each_other_do_not_overlap():
    drawn = chart.scatter([(1, 0.5, 3.0), (2, 0.5, 3.0), (3, 0.51, 3.02)])
    labels = [(point.label_x, point.label_y) for point in drawn.points]
    assert len(set(labels)) == 3
    for index, (x, y) in enumerate(labels):
        for other_x, other_y in labels[index + 1 :]:
            assert abs(y - other_y) >= chart.LABEL_GAP or abs(x - other_x) >= 3 * chart.LABEL_GAP
