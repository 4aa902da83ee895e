"""Reads for the results dashboard: the class's vote and the arguments' strength side by side, why the two orders
differ, the chart's points, and a teacher's classes on the same template map side by side.

Apart from votes/selectors.py (the votes themselves, the ratings) so each stays small enough to read in one sitting.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Avg, Count

from argmap.classrooms.permissions import can_see_votes, debates_to_compare, map_access, node_statuses_visible_to
from argmap.maps.models import CurationStatus, Edge, Node, NodeKind, Status, VoteRound
from argmap.maps.selectors import MapGraph, map_graph
from argmap.votes.chart import Chart, scatter
from argmap.votes.models import Vote
from argmap.votes.ranking import ArgumentFacts, Standing, difference_note, notable_differences, ordinal, ranks
from argmap.votes.ratings import map_ratings, rating_strengths
from argmap.votes.selectors import VoteSummary, own_votes, vote_summaries

if TYPE_CHECKING:
    from argmap.classrooms.permissions import MapAccess, Person
    from argmap.maps.models import Map

ROUNDS = [(VoteRound.BEFORE, "Before"), (VoteRound.AFTER, "After")]


@dataclass
class ResultRow:
    """One measure on the results page: its number (its place on the map, as the chart labels it), both rounds,
    the shift between them, its argument strength, and its place by vote and by strength.
    """

    node: Node
    number: int
    rounds: list[tuple[str, VoteSummary, list[dict[str, object]]]]
    current: VoteSummary
    ranked: VoteSummary
    shift: float | None
    hidden_until_vote: bool
    strength: float | None
    facts: ArgumentFacts
    vote_rank: int | None = None
    strength_rank: int | None = None
    # Argument strength with the class's ratings of claims and evidence as base scores, once ratings are in use.
    strength_from_ratings: float | None = None
    ratings_rank: int | None = None

    @property
    def mean(self) -> float | None:
        """The mean vote the ranking uses: None when this person may not see it yet, or nobody voted."""
        return None if self.hidden_until_vote else self.ranked.mean

    @property
    def strength_percent(self) -> int | None:
        return None if self.strength is None else round(100 * self.strength)

    @property
    def ratings_percent(self) -> int | None:
        return None if self.strength_from_ratings is None else round(100 * self.strength_from_ratings)

    @property
    def vote_place(self) -> str:
        return ordinal(self.vote_rank) if self.vote_rank else ""

    @property
    def strength_place(self) -> str:
        return ordinal(self.strength_rank) if self.strength_rank else ""


@dataclass
class ClassColumn:
    map: Map
    name: str


@dataclass
class ClassCell:
    count: int
    mean: float | None
    strength: float | None

    @property
    def strength_percent(self) -> int | None:
        return None if self.strength is None else round(100 * self.strength)


@dataclass
class ClassComparison:
    """A teacher's debates that began from the same map, side by side: rows follow the page's measures."""

    columns: list[ClassColumn]
    rows: list[tuple[ResultRow, list[ClassCell | None]]]


@dataclass
class ResultsDashboard:
    rows: list[ResultRow]
    ranking_round: str
    by_vote: list[ResultRow]
    by_strength: list[ResultRow]
    # Empty unless the class rates claims and evidence: then the third order, by strength from those ratings.
    by_ratings: list[ResultRow]
    notes: list[str]
    chart: Chart | None
    strength_problem: str
    has_after: bool
    comparison: ClassComparison | None = None
    # measure id → this person's vote in the map's current round.
    own_votes: dict[int, int] = field(default_factory=dict)

    @property
    def ranking_round_label(self) -> str:
        return VoteRound(self.ranking_round).label

    @property
    def chart_rows(self) -> list[ResultRow]:
        """The measures on the chart, in number order: the table beside it."""
        return sorted(self.by_vote, key=lambda row: row.number)


def ranking_round(*, map: Map, summaries: dict[str, dict[int, VoteSummary]]) -> str:
    """The round the ranking follows: the map's current one once anyone has voted in it, else "before"."""
    if map.vote_round == VoteRound.AFTER and any(summary.count for summary in summaries[VoteRound.AFTER].values()):
        return VoteRound.AFTER
    return VoteRound.BEFORE


def argument_facts(graph: MapGraph, measure: Node) -> ArgumentFacts:
    """What stands under a measure as this person sees the map, for the note on why its places differ."""
    counts = graph.counts_for(measure)
    beneath: dict[int, Node] = {}
    stack = list(graph.arguments_for(measure))
    while stack:
        argument = stack.pop()
        if not argument.is_context:
            beneath[argument.node.pk] = argument.node
            stack.extend(argument.children)
    evidence = [node for node in beneath.values() if node.kind == NodeKind.EVIDENCE]
    return ArgumentFacts(
        supporting=counts["supporting"],
        opposing=counts["opposing"],
        evidence=len(evidence),
        disputed=sum(node.curation_status == CurationStatus.DISPUTED for node in evidence),
        verified=sum(node.curation_status == CurationStatus.VERIFIED for node in evidence),
    )


def results_dashboard(*, map: Map, access: MapAccess, person: Person) -> ResultsDashboard:
    """Everything the results page and the results API show this person, in a fixed number of queries: the
    votes (two), their own votes (one), the map as they see it (two or three), the class's ratings of its claims
    and evidence (one), and for a teacher with several
    classes on the same template map those classes side by side (four more, however many classes).
    """
    summaries = vote_summaries(map=map)
    own = own_votes(map=map, voter_id=access.viewer_id, round=map.vote_round) if access.is_member else {}
    graph = map_graph(map=map, access=access)
    strengths = graph.strengths()
    rated_strengths = rating_strengths(graph=graph, ratings=map_ratings(map=map, rater_id=access.viewer_id))
    round_ranked = ranking_round(map=map, summaries=summaries)
    scale = map.vote_scale
    rows = []
    measures = sorted(
        (node for node in graph.nodes.values() if node.kind == NodeKind.MEASURE and node.status == Status.VISIBLE),
        key=lambda node: node.pk,
    )
    for number, measure in enumerate(measures, start=1):
        before = summaries[VoteRound.BEFORE].get(measure.pk) or VoteSummary()
        after = summaries[VoteRound.AFTER].get(measure.pk) or VoteSummary()
        shift = after.mean - before.mean if before.mean is not None and after.mean is not None else None
        rows.append(
            ResultRow(
                node=measure,
                number=number,
                rounds=[
                    (label, summary, summary.bars(scale))
                    for (_, label), summary in zip(ROUNDS, (before, after), strict=True)
                ],
                current=after if map.vote_round == VoteRound.AFTER else before,
                ranked=after if round_ranked == VoteRound.AFTER else before,
                shift=shift,
                hidden_until_vote=not can_see_votes(access, has_voted=measure.pk in own),
                strength=strengths.get(measure.pk),
                strength_from_ratings=rated_strengths.get(measure.pk),
                facts=argument_facts(graph, measure),
            )
        )
    # Both orders over the same measures: those with a mean this person may see and a strength. A measure whose
    # votes are still hidden from them takes no place, so its place gives nothing away.
    compared = [row for row in rows if row.mean is not None and row.strength is not None]
    vote_ranks = ranks({row.number: row.mean for row in compared})
    strength_ranks = ranks({row.number: row.strength for row in compared})
    for row in compared:
        row.vote_rank, row.strength_rank = vote_ranks[row.number], strength_ranks[row.number]
    rated = [row for row in compared if row.strength_from_ratings is not None]
    for number, place in ranks({row.number: row.strength_from_ratings for row in rated}).items():
        rows[number - 1].ratings_rank = place
    standings = [
        Standing(row.number, row.node.text, row.vote_rank, row.strength_rank, row.facts)
        for row in compared
        if row.vote_rank is not None and row.strength_rank is not None
    ]
    chart = scatter([(row.number, row.strength, row.mean) for row in compared]) if compared else None
    return ResultsDashboard(
        rows=rows,
        ranking_round=round_ranked,
        by_vote=sorted(compared, key=lambda row: (row.vote_rank, row.number)),
        by_strength=sorted(compared, key=lambda row: (row.strength_rank, row.number)),
        by_ratings=sorted(rated, key=lambda row: (row.ratings_rank, row.number)),
        notes=[difference_note(standing) for standing in notable_differences(standings)],
        chart=chart,
        strength_problem=graph.strength_problem,
        has_after=map.vote_round == VoteRound.AFTER or any(row.rounds[1][1].count for row in rows),
        comparison=class_comparison(map=map, person=person, rows=rows),
        own_votes=own,
    )


def class_comparison(*, map: Map, person: Person, rows: list[ResultRow]) -> ClassComparison | None:
    """A teacher's classes that debate copies of the same map, side by side: per measure of this page, each
    class's mean vote (in the round its ranking follows) and argument strength (as the teacher sees that map).
    Four queries whatever the number of classes; None unless the teacher has two or more such debates.
    """
    debates = list(debates_to_compare(person, map).select_related("classroom").order_by("classroom__name", "title"))
    if len(debates) < 2:
        return None
    ids = [debate.pk for debate in debates]
    nodes: dict[int, dict[int, Node]] = defaultdict(dict)
    for node in Node.objects.filter(map_id__in=ids).only(
        "id", "map_id", "kind", "status", "curation_status", "origin_id"
    ):
        nodes[node.map_id][node.pk] = node
    edges: dict[int, list[Edge]] = defaultdict(list)
    for edge in Edge.objects.filter(map_id__in=ids).only(
        "id", "map_id", "from_node_id", "to_node_id", "relation", "status"
    ):
        edges[edge.map_id].append(edge)
    votes: dict[int, dict[str, dict[int, VoteSummary]]] = defaultdict(
        lambda: {round: defaultdict(VoteSummary) for round in VoteRound.values}
    )
    aggregates = Vote.objects.filter(map_id__in=ids).values("map_id", "round", "measure_id")
    for row in aggregates.annotate(count=Count("id"), mean=Avg("score")).order_by():
        summary = votes[row["map_id"]][row["round"]][row["measure_id"]]
        summary.count, summary.mean = row["count"], float(row["mean"])
    # A measure is the same measure in every copy: the template's statement it was copied from.
    keys = {row.node.origin_id or row.node.pk: index for index, row in enumerate(rows)}
    cells: list[list[ClassCell | None]] = [[None] * len(debates) for _ in rows]
    columns = []
    names = [debate.classroom.name for debate in debates]
    for column, debate in enumerate(debates):
        access = map_access(person, debate)
        statuses = node_statuses_visible_to(access)
        seen = {pk: node for pk, node in nodes[debate.pk].items() if node.status in statuses}
        links = [e for e in edges[debate.pk] if e.from_node_id in seen and e.to_node_id in seen]
        if not access.can_moderate:
            links = [e for e in links if e.status != Status.HIDDEN]
        strengths = MapGraph(map=debate, nodes=seen, edges=links).strengths()
        summaries = votes[debate.pk]
        round_ranked = ranking_round(map=debate, summaries=summaries)
        for pk, node in seen.items():
            index = keys.get(node.origin_id or pk)
            if index is None or node.kind != NodeKind.MEASURE or node.status != Status.VISIBLE:
                continue
            summary = summaries[round_ranked].get(pk) or VoteSummary()
            cells[index][column] = ClassCell(count=summary.count, mean=summary.mean, strength=strengths.get(pk))
        name = debate.classroom.name
        columns.append(ClassColumn(map=debate, name=f"{name}: {debate.title}" if names.count(name) > 1 else name))
    return ClassComparison(columns=columns, rows=list(zip(rows, cells, strict=True)))
