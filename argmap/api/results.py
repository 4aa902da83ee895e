"""The results endpoint's answer: the same dashboard as the results page (votes per round, argument strength, both
rankings, why they differ, and a teacher's classes side by side), with a serializer per part so the schema is exact.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from argmap.maps.models import Map, VoteRound
from argmap.votes.dashboard import ClassComparison, ResultRow, ResultsDashboard


class RoundSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    mean = serializers.FloatField(
        allow_null=True, required=False, help_text="Left out while the person may not see this measure's votes yet."
    )
    median = serializers.FloatField(allow_null=True, required=False)
    distribution = serializers.DictField(
        child=serializers.IntegerField(), required=False, help_text="Score (1 to 5) → how many voted it."
    )

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        # Hidden votes leave mean, median and distribution out altogether (not null: null means nobody voted).
        return {key: value for key, value in super().to_representation(instance).items() if key in instance}


class MeasureResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    number = serializers.IntegerField(help_text="The measure's number on the results page and its chart (map order).")
    your_vote = serializers.IntegerField(allow_null=True)
    before = RoundSerializer()
    after = RoundSerializer()
    shift = serializers.FloatField(
        allow_null=True, help_text="Mean after minus mean before; null unless both rounds have votes you may see."
    )
    strength = serializers.FloatField(allow_null=True, help_text="Argument strength, 0 to 1 (DF-QuAD).")
    vote_rank = serializers.IntegerField(
        allow_null=True,
        help_text="Place by the class's mean vote in ranking_round (1 is highest; ties share a place); null for a "
        "measure without votes or whose votes you may not see yet.",
    )
    strength_rank = serializers.IntegerField(
        allow_null=True, help_text="Place by argument strength among the same measures as vote_rank."
    )
    strength_from_ratings = serializers.FloatField(
        allow_null=True,
        help_text="Argument strength with the class's ratings of claims and evidence as base scores, 0 to 1; null "
        "unless ratings are in use on this map.",
    )
    strength_from_ratings_rank = serializers.IntegerField(
        allow_null=True, help_text="Place by strength_from_ratings among the same measures as vote_rank."
    )


class ClassCellSerializer(serializers.Serializer):
    measure = serializers.IntegerField(help_text="The measure's id on this map (the row).")
    count = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    strength = serializers.FloatField(allow_null=True)


class ClassResultSerializer(serializers.Serializer):
    map = serializers.CharField(help_text="The debate's slug.")
    title = serializers.CharField()
    classroom = serializers.CharField(help_text="The class's name, as the results page heads its column.")
    this_map = serializers.BooleanField()
    measures = ClassCellSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    vote_round = serializers.ChoiceField(choices=VoteRound.choices)
    voting_open = serializers.BooleanField()
    labels = serializers.ListField(child=serializers.CharField())
    # Text, not a second enum of the same rounds (drf-spectacular warns about two names for one choice set).
    ranking_round = serializers.CharField(
        help_text="The round vote_rank follows, “before” or “after”: the current one once it has votes."
    )
    strength_problem = serializers.CharField(allow_null=True)
    measures = MeasureResultSerializer(many=True)
    differences = serializers.ListField(
        child=serializers.CharField(), help_text="Plain sentences on the biggest gaps between the two rankings."
    )
    classes = ClassResultSerializer(
        many=True,
        allow_null=True,
        help_text="A teacher's classes debating copies of the same map, side by side; null unless you teach two "
        "or more.",
    )


def results_payload(*, map: Map, dashboard: ResultsDashboard) -> dict[str, Any]:
    """The dashboard as the API answers it: the same numbers the results page shows this person."""
    return ResultsSerializer(
        {
            "vote_round": map.vote_round,
            "voting_open": map.voting_open,
            "labels": [label for _, label in map.vote_scale],
            "ranking_round": dashboard.ranking_round,
            "strength_problem": dashboard.strength_problem or None,
            "measures": [_measure(row, dashboard.own_votes) for row in dashboard.rows],
            "differences": dashboard.notes,
            "classes": _classes(map, dashboard.comparison),
        }
    ).data


def _measure(row: ResultRow, own: dict[int, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": row.node.pk,
        "text": row.node.text,
        "number": row.number,
        "your_vote": own.get(row.node.pk),
        "shift": None if row.hidden_until_vote or row.shift is None else round(row.shift, 4),
        "strength": None if row.strength is None else round(row.strength, 4),
        "vote_rank": row.vote_rank,
        "strength_rank": row.strength_rank,
        "strength_from_ratings": None if row.strength_from_ratings is None else round(row.strength_from_ratings, 4),
        "strength_from_ratings_rank": row.ratings_rank,
    }
    for vote_round, (_, summary, _) in zip(VoteRound.values, row.rounds, strict=True):
        result[vote_round] = {"count": summary.count}
        if not row.hidden_until_vote:
            result[vote_round].update(
                mean=summary.mean,
                median=summary.median,
                distribution={str(score): count for score, count in summary.distribution.items()},
            )
    return result


def _classes(map: Map, comparison: ClassComparison | None) -> list[dict[str, Any]] | None:
    if comparison is None:
        return None
    return [
        {
            "map": column.map.slug,
            "title": column.map.title,
            "classroom": column.name,
            "this_map": column.map.pk == map.pk,
            "measures": [
                {
                    "measure": row.node.pk,
                    "count": cells[index].count,
                    "mean": cells[index].mean,
                    "strength": None if cells[index].strength is None else round(cells[index].strength, 4),
                }
                for row, cells in comparison.rows
                if cells[index] is not None
            ],
        }
        for index, column in enumerate(comparison.columns)
    ]
