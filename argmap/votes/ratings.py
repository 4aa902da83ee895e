"""The class's ratings of claims and evidence (issue 11): distributions, own ratings and the strengths they give,
each page's worth from one query, so argument cards add none."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from argmap.classrooms import permissions
from argmap.votes.models import Rating
from argmap.votes.selectors import VoteSummary

if TYPE_CHECKING:
    from argmap.classrooms.permissions import MapAccess
    from argmap.maps.models import Map, Node
    from argmap.maps.selectors import MapGraph


# How a rating reads, 1 to 5: how convincing a claim or piece of evidence is.
RATING_SCALE = [
    (1, "Not convincing"),
    (2, "Weak"),
    (3, "Partly convincing"),
    (4, "Convincing"),
    (5, "Very convincing"),
]


@dataclass
class Ratings:
    """The class's ratings of a map's claims and evidence as one person may see them: from one query."""

    summaries: dict[int, VoteSummary]
    own: dict[int, int]
    # Whether the map shows ratings at all: the teacher turned them on, or some were given before they closed.
    in_use: bool

    @property
    def means(self) -> dict[int, float]:
        """node id → mean rating, for MapGraph.strengths_from_ratings."""
        return {pk: summary.mean for pk, summary in self.summaries.items() if summary.mean is not None}


def map_ratings(*, map: Map, rater_id: int | None) -> Ratings:
    """Every statement's rating distribution and this person's own ratings: one query (none on a template map)."""
    summaries: dict[int, VoteSummary] = defaultdict(VoteSummary)
    own: dict[int, int] = {}
    if map.classroom_id is None:
        return Ratings(summaries={}, own={}, in_use=False)
    mine = Q(rater_id=rater_id) if rater_id is not None else Q(pk__in=[])
    rows = (
        Rating.objects.filter(map=map)
        .values("node_id", "score")
        .annotate(count=Count("id"), mine=Count("id", filter=mine))
        .order_by()
    )
    for row in rows:
        summary = summaries[row["node_id"]]
        summary.distribution[row["score"]] = row["count"]
        summary.count += row["count"]
        if row["mine"]:
            own[row["node_id"]] = row["score"]
    for summary in summaries.values():
        summary.mean = sum(score * times for score, times in summary.distribution.items()) / summary.count
    return Ratings(summaries=dict(summaries), own=own, in_use=map.ratings_open or bool(summaries))


def rating_panel(*, access: MapAccess, node: Node, ratings: Ratings) -> dict:
    """What a statement's rating control shows this person: their rating, the form, and the class's ratings."""
    summary = ratings.summaries.get(node.pk) or VoteSummary()
    own = ratings.own.get(node.pk)
    return {
        "node": node,
        "summary": summary,
        "bars": summary.bars(RATING_SCALE),
        "scale": RATING_SCALE,
        "own_rating": own,
        "can_rate": permissions.can_rate(access, node),
        "show_distribution": permissions.can_see_ratings(access, has_rated=own is not None),
    }


def attach_ratings(*, graph: MapGraph, access: MapAccess) -> Ratings:
    """Load the map's ratings once (one query) and give each claim and evidence of graph its rating panel, as
    node.rating (None where ratings are not in use), so argument cards add no query of their own.
    """
    ratings = map_ratings(map=graph.map, rater_id=access.viewer_id)
    for node in graph.nodes.values():
        shown = ratings.in_use and node.kind in permissions.RATED_KINDS
        node.rating = rating_panel(access=access, node=node, ratings=ratings) if shown else None
    return ratings


def rating_strengths(*, graph: MapGraph, ratings: Ratings) -> dict[int, float]:
    """Each statement's argument strength with the class's ratings as base scores (see MapGraph.strengths_from_ratings);
    empty when the map has no ratings in use."""
    return graph.strengths_from_ratings(ratings.means) if ratings.in_use else {}
