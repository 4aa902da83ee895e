"""Reads of the argument graph that pages, commands and the API share, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Value

from argmap.classrooms import permissions
from argmap.classrooms.models import ClassStatus, Membership
from argmap.maps import graph
from argmap.maps.models import Edge, Map, Node, NodeKind, Relation, Status
from argmap.text import duplicate_key, similarity

if TYPE_CHECKING:
    from argmap.classrooms.permissions import MapAccess, Person

TOPIC_ORDER = ["political", "social", "cultural", "economic", "agricultural", "foreign", "scientific"]

# Shown instead of the strengths when a loop (only possible in data that went around the services) stops
# DF-QuAD, which works from the leaves up: pages and the API say the same words.
STRENGTH_LOOP = (
    "Argument strength can't be worked out for this map: its links go round in a loop. "
    "Your teacher can fix it by moving a statement."
)


@dataclass
class Argument:
    """One node as it stands under another: the link's relation, and what stands under it in turn."""

    node: Node
    relation: str
    children: list[Argument]
    repeated: bool = False

    @property
    def is_counter(self) -> bool:
        return self.relation == Relation.OPPOSES

    @property
    def is_context(self) -> bool:
        return self.relation == Relation.CONTEXT


@dataclass
class MapGraph:
    map: Map
    nodes: dict[int, Node]
    edges: list[Edge]
    incoming: dict[int, list[Edge]] = field(default_factory=dict)
    outgoing: dict[int, list[Edge]] = field(default_factory=dict)
    # Statements with a reply, counting replies this person may not see (a classmate's waiting point).
    replied: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        incoming: dict[int, list[Edge]] = defaultdict(list)
        outgoing: dict[int, list[Edge]] = defaultdict(list)
        for edge in self.edges:
            incoming[edge.to_node_id].append(edge)
            outgoing[edge.from_node_id].append(edge)
        self.incoming, self.outgoing = dict(incoming), dict(outgoing)

    def shown_only(self) -> MapGraph:
        """The same map with only what is shown on it: no hidden statement or link, nothing waiting for approval
        (a download's default, whoever asks)."""
        nodes = {pk: node for pk, node in self.nodes.items() if node.status == Status.VISIBLE}
        edges = [
            edge
            for edge in self.edges
            if edge.status == Status.VISIBLE and edge.from_node_id in nodes and edge.to_node_id in nodes
        ]
        nodes, edges = _reaching_question(nodes, edges)
        return MapGraph(map=self.map, nodes=nodes, edges=edges, replied=self.replied)

    @property
    def question(self) -> Node | None:
        return next((node for node in self.nodes.values() if node.kind == NodeKind.QUESTION), None)

    @property
    def measures(self) -> list[Node]:
        return [node for node in self.nodes.values() if node.kind == NodeKind.MEASURE]

    def measures_by_topic(self) -> list[tuple[str, list[Node]]]:
        groups: dict[str, list[Node]] = defaultdict(list)
        for measure in self.measures:
            groups[measure.topic or ""].append(measure)
        ordered = sorted(groups, key=lambda topic: (TOPIC_ORDER.index(topic) if topic in TOPIC_ORDER else 99, topic))
        return [(topic, groups[topic]) for topic in ordered]

    def question_arguments(self) -> list[Argument]:
        """What speaks to the question directly, measures aside (general judgements, the conclusion)."""
        question = self.question
        if question is None:
            return []
        return [argument for argument in self.arguments_for(question) if argument.node.kind != NodeKind.MEASURE]

    def arguments_for(self, node: Node, order: str = "") -> list[Argument]:
        """The tree of supporters and attackers under node; a node reached twice is shown once in full.

        order (one of ARGUMENT_ORDERS) sorts each level: the essay's reading order by default, else the newest,
        the strongest or the most replied to first (ties in reading order).
        """
        seen: set[int] = {node.pk}
        sort_key = self._argument_order(order)

        def build(target_id: int) -> list[Argument]:
            arguments = []
            for edge in sorted(self.incoming.get(target_id, ()), key=sort_key):
                child = self.nodes[edge.from_node_id]
                repeated = child.pk in seen
                seen.add(child.pk)
                children = [] if repeated else build(child.pk)
                arguments.append(Argument(node=child, relation=edge.relation, children=children, repeated=repeated))
            return arguments

        return build(node.pk)

    def _argument_order(self, order: str) -> Callable[[Edge], tuple]:
        reading = _reading_order(self.nodes)
        first = self._node_order(order)
        return lambda edge: (first(self.nodes[edge.from_node_id]), reading(edge))

    def _node_order(self, order: str) -> Callable[[Node], float]:
        """What ARGUMENT_ORDERS' order puts first, as a number to sort by (smallest first)."""
        if order == "newest":
            return lambda node: -node.created_at.timestamp()
        if order == "strongest":
            strengths = self.strengths()
            return lambda node: -strengths.get(node.pk, 0.0)
        if order == "replies":
            return lambda node: -len(self.incoming.get(node.pk, ()))
        return lambda node: 0

    def ordered_nodes(self, order: str = "") -> list[Node]:
        """Every statement, sorted as order (one of ARGUMENT_ORDERS) says; in the map's order (by id) otherwise."""
        first = self._node_order(order)
        return sorted(self.nodes.values(), key=lambda node: (first(node), node.pk))

    def counts_for(self, node: Node) -> dict[str, int]:
        """Direct supporters and attackers of node, and apart from them what gives it context."""
        relations = [edge.relation for edge in self.incoming.get(node.pk, ())]
        return {
            "supporting": relations.count(Relation.SUPPORTS),
            "opposing": relations.count(Relation.OPPOSES),
            "context": relations.count(Relation.CONTEXT),
        }

    def targets_of(self, node: Node) -> list[tuple[str, Node]]:
        """What node speaks to, with the relation ("structural" for a link an import added, which argues nothing)."""
        return [
            ("structural" if edge.structural else edge.relation, self.nodes[edge.to_node_id])
            for edge in self.outgoing.get(node.pk, ())
        ]

    def strengths(self) -> dict[int, float]:
        """Each statement's strength under DF-QuAD: curation sets the base scores, links do the rest.
        Empty when it can't be worked out: strength_problem says why.
        """
        return self._strengths_or_problem[0]

    def strengths_from_ratings(self, mean_ratings: Mapping[int, float]) -> dict[int, float]:
        """Each statement's strength under DF-QuAD with the class's ratings as base scores: a rated claim or
        evidence starts at (mean − 1) / 4, anything unrated (measures, the question, statements nobody rated)
        at its curation base score. mean_ratings is node id → mean rating (1 to 5), as
        argmap.votes.selectors.rating_means gives it. Empty when a loop stops DF-QuAD (see strength_problem).
        """
        if self.strength_problem:
            return {}
        curation = {pk: graph.base_score(node.curation_status) for pk, node in self.nodes.items()}
        return graph.df_quad_strengths(graph.rated_base_scores(curation, mean_ratings), *self._supports_and_attacks())

    def _supports_and_attacks(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        # Context links (aims, motives, background) are left out on purpose: they count neither way.
        supports = [(e.from_node_id, e.to_node_id) for e in self.edges if e.relation == Relation.SUPPORTS]
        attacks = [(e.from_node_id, e.to_node_id) for e in self.edges if e.relation == Relation.OPPOSES]
        return supports, attacks

    @property
    def strength_problem(self) -> str:
        """Why the strengths can't be worked out, in words for the page; "" when they can."""
        return self._strengths_or_problem[1]

    @cached_property
    def _strengths_or_problem(self) -> tuple[dict[int, float], str]:
        bases = {pk: graph.base_score(node.curation_status) for pk, node in self.nodes.items()}
        supports, attacks = self._supports_and_attacks()
        try:
            return graph.df_quad_strengths(bases, supports, attacks), ""
        except ValueError:  # a loop can only come from data edited outside the services
            return {}, STRENGTH_LOOP

    def kind_counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in NodeKind.values}
        for node in self.nodes.values():
            counts[node.kind] += 1
        counts["counterclaims"] = len({edge.from_node_id for edge in self.edges if edge.relation == Relation.OPPOSES})
        counts["context"] = len({edge.from_node_id for edge in self.edges if edge.relation == Relation.CONTEXT})
        counts["added"] = sum(1 for node in self.nodes.values() if node.added_by_curator)
        return counts


RELATION_ORDER = {Relation.CONTEXT: 0, Relation.SUPPORTS: 1, Relation.OPPOSES: 2}

# How a statement's arguments can be sorted (MapGraph.arguments_for), as the pages' control and the API's
# ?sort= name them; "" is the essay's reading order (context, supporters, counterclaims).
ARGUMENT_ORDERS = {
    "": "As in the essay",
    "newest": "Newest first",
    "strongest": "Strongest first",
    "replies": "Most replied to",
}


def _reading_order(nodes: dict[int, Node]):
    def key(edge: Edge) -> tuple[int, int, int]:
        node = nodes[edge.from_node_id]
        # Context first (the aims and background a reader needs), then supporters, then counterclaims; each in
        # the order the essay makes them, statements added by curators after the essay's.
        return (
            RELATION_ORDER.get(edge.relation, 3),
            node.essay_start if node.essay_start is not None else 10**9,
            node.pk,
        )

    return key


def map_graph(*, map: Map, access: MapAccess) -> MapGraph:
    """The nodes and links of map that this person may see, in a fixed number of queries (two, three on
    an anonymous map) whatever the map's size.

    Moderators see everything. Others see what is visible, plus their own contributions that wait for
    approval or were turned down (with the teacher's reason). A hidden node takes its links with it, and
    what hung only from it no longer reaches the question, so it disappears too, until it is restored.
    """
    queryset = Node.objects.filter(_visible_nodes(access)).filter(map=map).select_related("author", "source")
    if access.can_moderate:
        queryset = queryset.annotate(open_flag_count=Count("flags", filter=Q(flags__status="open")))
    nodes = {node.pk: node for node in queryset}
    all_edges = list(Edge.objects.filter(map=map).annotate(from_status=F("from_node__status")))
    replied = {
        edge.to_node_id
        for edge in all_edges
        if permissions.counts_as_reply(edge_status=edge.status, from_status=edge.from_status)
    }
    edges = all_edges if access.can_moderate else [edge for edge in all_edges if edge.status != Status.HIDDEN]
    edge_list = [edge for edge in edges if edge.from_node_id in nodes and edge.to_node_id in nodes]
    if not access.can_moderate:
        nodes, edge_list = _reaching_question(nodes, edge_list)
    names = author_names(map=map, access=access)
    gathered = {edge.from_node_id for edge in edge_list if edge.structural}
    for node in nodes.values():
        node.map = map
        node.shown_author = names(node)
        # Put under the question by an import (the file stated no such link): shown as such, never as support.
        node.gathered_on_import = node.pk in gathered
        # What this person may do to each statement, asked of the permissions module once, so the
        # templates show a control exactly when the service would accept the action.
        node.can_reply = permissions.can_reply_to(access, node)
        node.can_edit_own = permissions.can_edit_own(access, node, has_replies=node.pk in replied)
        node.can_flag = permissions.can_flag(access, node)
        node.can_hide = permissions.can_hide(access, node)
        node.can_restore = permissions.can_restore(access, node)
    return MapGraph(map=map, nodes=nodes, edges=edge_list, replied=replied)


def _reaching_question(nodes: dict[int, Node], edges: list[Edge]) -> tuple[dict[int, Node], list[Edge]]:
    """The statements that still reach the question through these links, and the links between them: what hung
    only from a statement left out goes with it."""
    root = next((node.pk for node in nodes.values() if node.kind == NodeKind.QUESTION), None)
    pairs = [(edge.from_node_id, edge.to_node_id) for edge in edges]
    stranded = graph.unreachable(pairs, nodes, root) if root is not None else set()
    nodes = {pk: node for pk, node in nodes.items() if pk not in stranded}
    return nodes, [edge for edge in edges if edge.from_node_id in nodes and edge.to_node_id in nodes]


def node_has_replies(*, node: Node) -> bool:
    """Whether anyone has replied to node, counted as map_graph counts it: one query."""
    edges = Edge.objects.filter(to_node=node).values_list("status", "from_node__status")
    return any(permissions.counts_as_reply(edge_status=edge, from_status=source) for edge, source in edges)


def node_revisions(*, node: Node, access: MapAccess) -> list:
    """The earlier wordings of node that this person may read (see permissions.revisions_shown)."""
    shown = permissions.revisions_shown(access, node)
    if not node.edited_at or shown == "none":
        return []
    revisions = node.revisions.all()
    return list(revisions if shown == "all" else revisions.filter(edited_by_id=access.viewer_id))


def author_names(*, map: Map, access: MapAccess) -> Callable[[Node], str]:
    """How authors are named to this person: real names, or classmates' stable pseudonyms on an anonymous
    map (the teacher still sees real names; everyone sees "you" for their own). One query at most.
    """
    if not (map.is_anonymous and map.classroom_id and not access.can_moderate):
        # A statement brought in by an import names the author its file gave, as a name only.
        return lambda node: node.author.name if node.author_id else node.credited_to
    pseudonyms = dict(Membership.objects.filter(classroom_id=map.classroom_id).values_list("user_id", "pseudonym"))

    def name(node: Node) -> str:
        if not node.author_id:
            return ""
        if node.author_id == access.viewer_id:
            return "you"
        return pseudonyms.get(node.author_id) or "a classmate"

    return name


def visible_measure(*, map: Map, access: MapAccess, node_id: int) -> Node | None:
    """The measure node_id if this person sees it as map_graph would (a statement they may see, answering the question
    through a link that is not hidden), in one query without building the graph; None when in any doubt."""
    answers = Edge.objects.filter(from_node=OuterRef("pk"), to_node__kind=NodeKind.QUESTION)
    if not access.can_moderate:
        answers = answers.exclude(status=Status.HIDDEN)
    found = (
        Node.objects.filter(_visible_nodes(access), map=map, pk=node_id, kind=NodeKind.MEASURE)
        .filter(Exists(answers))
        .first()
    )
    if found is not None:
        found.map = map
    return found


def _visible_nodes(access: MapAccess) -> Q:
    visible = Q(status__in=permissions.node_statuses_visible_to(access))
    if access.viewer_id is not None:
        visible |= Q(status__in=(Status.PENDING, Status.HIDDEN), author_id=access.viewer_id)
    return visible


def maps_for_listing(*, viewer: Person) -> QuerySet[Map]:
    """The maps viewer may open, with their counts of measures and contributions: one query.

    An archived class's maps stay readable by its members but leave the list: its page links to them.
    """
    visible = Q(nodes__status=Status.VISIBLE)
    listed = permissions.maps_visible_to(viewer).exclude(classroom__status=ClassStatus.ARCHIVED)
    return listed.annotate(
        measure_count=Count("nodes", filter=visible & Q(nodes__kind=NodeKind.MEASURE)),
        node_count=Count("nodes", filter=visible),
    )


def essay_anchors(*, map: Map, access: MapAccess) -> list[Node]:
    """The nodes this person may see in the map that quote its essay, in essay order."""
    return essay_reading(map=map, access=access).anchored


@dataclass
class EssayReading:
    """What the essay page shows: the statements quoting the essay, in essay order, and apart from them the
    statements curators added that are not in the essay, each with what it speaks to.
    """

    anchored: list[Node]
    added: list[tuple[Node, list[tuple[str, Node]]]]


def essay_reading(*, map: Map, access: MapAccess) -> EssayReading:
    """The essay page's statements, from one map_graph (its fixed number of queries)."""
    seen = map_graph(map=map, access=access)
    nodes = seen.nodes.values()
    anchored = sorted((node for node in nodes if node.essay_start is not None), key=lambda n: (n.essay_start, n.pk))
    added = [(node, seen.targets_of(node)) for node in sorted(nodes, key=lambda n: n.pk) if node.added_by_curator]
    return EssayReading(anchored=anchored, added=added)


# How alike two statements must be (pg_trgm similarity of their duplicate keys, 0 to 1) for the second to be
# taken as a near copy of the first. "Stalin's body was taken out of Red Square in 1961" is 0.61 from the essay's
# "Stalin's body was removed from Red Square in 1961."; "… in 1961 Stalin's body was moved …" and a misspelt
# copy score higher. Opposites score high too ("… was a success" / "… was a failure": 0.67), so a near copy is
# shown to the writer and confirmed, never refused outright (services.contribution_create).
NEAR_DUPLICATE = 0.6
# Apostrophes removed in SQL as argmap.text.duplicate_key removes them; pg_trgm itself ignores case and
# punctuation, as duplicate_key does.
_SQL_APOSTROPHES = "'\u2018\u2019\u02bc\u02bb\u0060\u00b4\uff07"


@dataclass(frozen=True)
class Likeness:
    """A statement that says the same as a text (exact: the same words, case and punctuation aside), or
    nearly (score, pg_trgm's similarity, at least NEAR_DUPLICATE)."""

    node: Node
    score: float
    exact: bool


def statements_like(*, map: Map, text: str, access: MapAccess, limit: int = 5) -> list[Likeness]:
    """The statements of map most like text, best first (exact duplicates before near ones), among those this
    person can see: visible ones that reach the question, their own waiting points, and, for the teacher, every
    waiting point. Never a classmate's waiting or hidden point, whose words that would give away. One query, three
    when something is found for a student (their view of the map's links, to leave out statements hung from a
    hidden one).

    On PostgreSQL the database scores the map's statements with pg_trgm's similarity(); elsewhere
    argmap.text.similarity computes the same number in Python.
    """
    key = duplicate_key(text)
    if not key:
        return []
    candidates = Node.objects.filter(map=map).exclude(status=Status.HIDDEN)
    if not access.can_moderate:
        candidates = candidates.filter(Q(status=Status.VISIBLE) | Q(author_id=access.viewer_id))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        words = Func(F("text"), Value(_SQL_APOSTROPHES), Value(""), function="translate")
        scored = [
            (node, node.score)
            for node in candidates.annotate(score=TrigramSimilarity(words, key))
            .filter(score__gte=NEAR_DUPLICATE)
            .order_by("-score", "pk")[: limit * 4]
        ]
    else:
        scored = [(node, similarity(duplicate_key(node.text), key)) for node in candidates]
    found = [
        Likeness(node=node, score=score, exact=duplicate_key(node.text) == key)
        for node, score in scored
        if score >= NEAR_DUPLICATE or duplicate_key(node.text) == key
    ]
    found.sort(key=lambda likeness: (not likeness.exact, -likeness.score, likeness.node.pk))
    if found and not access.can_moderate:
        hung = _stranded_for(map=map, access=access)
        found = [likeness for likeness in found if likeness.node.pk not in hung]
    for likeness in found:
        likeness.node.map = map
    return found[:limit]


def _stranded_for(*, map: Map, access: MapAccess) -> set[int]:
    """The statements this person could see by status that hang only from a hidden one (map_graph leaves them
    out): two queries."""
    kinds = dict(Node.objects.filter(_visible_nodes(access)).filter(map=map).values_list("pk", "kind"))
    seen = set(kinds)
    pairs = [
        pair
        for pair in Edge.objects.filter(map=map).exclude(status=Status.HIDDEN).values_list("from_node_id", "to_node_id")
        if pair[0] in seen and pair[1] in seen
    ]
    root = next((pk for pk, kind in kinds.items() if kind == NodeKind.QUESTION), None)
    return graph.unreachable(pairs, seen, root) if root is not None else set()
