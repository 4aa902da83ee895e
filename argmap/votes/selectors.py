"""Vote counts, means, medians and distributions, computed by the database in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Avg, Count

from argmap.classrooms.permissions import can_see_votes, can_vote_on
from argmap.maps.models import VoteRound
from argmap.votes.models import SCORE_MAX, SCORE_MIN, Vote

if TYPE_CHECKING:
    from argmap.classrooms.permissions import MapAccess
    from argmap.maps.models import Map, Node


@dataclass
class VoteSummary:
    """How one measure was voted in one round."""

    count: int = 0
    mean: float | None = None
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(SCORE_MIN, SCORE_MAX + 1), 0))

    @property
    def median(self) -> float | None:
        if not self.count:
            return None
        ordered = [score for score, times in sorted(self.distribution.items()) for _ in range(times)]
        middle = len(ordered) // 2
        return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    def bars(self, labels: list[tuple[int, str]]) -> list[dict[str, object]]:
        """Per score: label, count and share of the votes, for bars drawn in HTML and CSS."""
        return [
            {
                "score": score,
                "label": label,
                "count": self.distribution.get(score, 0),
                "percent": round(100 * self.distribution.get(score, 0) / self.count) if self.count else 0,
            }
            for score, label in labels
        ]


def vote_summaries(*, map: Map, measure: Node | None = None) -> dict[str, dict[int, VoteSummary]]:
    """round → measure id → summary, for every round (of one measure when given, as a vote's answer needs): two
    queries whatever the size of the class."""
    summaries: dict[str, dict[int, VoteSummary]] = {round: defaultdict(VoteSummary) for round in VoteRound.values}
    votes = Vote.objects.filter(map=map) if measure is None else Vote.objects.filter(map=map, measure=measure)
    for row in votes.values("round", "measure_id").annotate(count=Count("id"), mean=Avg("score")).order_by():
        summary = summaries[row["round"]][row["measure_id"]]
        summary.count, summary.mean = row["count"], float(row["mean"])
    for row in votes.values("round", "measure_id", "score").annotate(count=Count("id")).order_by():
        summaries[row["round"]][row["measure_id"]].distribution[row["score"]] = row["count"]
    return summaries


def own_votes(*, map: Map, voter_id: int | None, round: str) -> dict[int, int]:
    """measure id → the score this person gave in this round: one query."""
    if voter_id is None:
        return {}
    return dict(Vote.objects.filter(map=map, voter_id=voter_id, round=round).values_list("measure_id", "score"))


def vote_panel(*, access: MapAccess, measure: Node, summary: VoteSummary | None, own_vote: int | None) -> dict:
    """What a measure's vote panel shows this person: their vote, the form, and the class's votes."""
    summary = summary or VoteSummary()
    map = access.map
    return {
        "node": measure,
        "summary": summary,
        "bars": summary.bars(map.vote_scale),
        "own_vote": own_vote,
        "can_vote": can_vote_on(access, measure),
        "show_distribution": can_see_votes(access, has_voted=own_vote is not None),
    }
