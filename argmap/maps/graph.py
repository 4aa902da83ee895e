"""Pure graph algorithms for argument maps: paths and cycles, reachability, DF-QuAD strength.

No Django imports: every function takes plain ids and pairs, so it is tested without a database.
An edge (a, b) means "a speaks to b" (a supports or opposes b, or gives it context).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

NodeId = TypeVar("NodeId", bound=Hashable)


def successors(edges: Iterable[tuple[NodeId, NodeId]]) -> dict[NodeId, list[NodeId]]:
    targets: dict[NodeId, list[NodeId]] = defaultdict(list)
    for source, target in edges:
        targets[source].append(target)
    return targets


def find_path(edges: Iterable[tuple[NodeId, NodeId]], start: NodeId, goal: NodeId) -> list[NodeId] | None:
    """The shortest path start → … → goal following edges, or None when goal is out of reach."""
    targets = successors(edges)
    previous: dict[NodeId, NodeId | None] = {start: None}
    queue: deque[NodeId] = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (step := previous[path[-1]]) is not None:
                path.append(step)
            return path[::-1]
        for target in targets.get(node, ()):
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return None


def cycle_if_added(edges: Iterable[tuple[NodeId, NodeId]], source: NodeId, target: NodeId) -> list[NodeId] | None:
    """The loop that a new edge source → target would close, as source → target → … → source, or None."""
    if source == target:
        return [source, source]
    back = find_path(edges, target, source)
    return [source, *back] if back else None


def find_cycle(edges: Iterable[tuple[NodeId, NodeId]]) -> list[NodeId] | None:
    """One loop in the graph as a → b → … → a, or None: a single depth-first pass (linear in its size)."""
    targets = successors(edges)
    state: dict[NodeId, int] = {}  # 1 on the current path, 2 finished
    for start in list(targets):
        if start in state:
            continue
        path: list[NodeId] = [start]
        state[start] = 1
        stack = [iter(targets.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(step) == 1:
                return [*path[path.index(step) :], step]
            elif step not in state:
                state[step] = 1
                path.append(step)
                stack.append(iter(targets.get(step, ())))
    return None


def unreachable(edges: Iterable[tuple[NodeId, NodeId]], nodes: Iterable[NodeId], root: NodeId) -> set[NodeId]:
    """The nodes from which no path leads to root."""
    sources: dict[NodeId, list[NodeId]] = defaultdict(list)
    for source, target in edges:
        sources[target].append(source)
    reached = {root}
    queue: deque[NodeId] = deque([root])
    while queue:
        for source in sources.get(queue.popleft(), ()):
            if source not in reached:
                reached.add(source)
                queue.append(source)
    return set(nodes) - reached


def topological_order(nodes: Iterable[NodeId], edges: Iterable[tuple[NodeId, NodeId]]) -> list[NodeId]:
    """Nodes ordered so every edge's source comes before its target (leaves first). Raises on a cycle."""
    node_list = list(nodes)
    edge_list = list(edges)
    indegree: dict[NodeId, int] = {node: 0 for node in node_list}
    for _, target in edge_list:
        indegree[target] += 1
    targets = successors(edge_list)
    queue: deque[NodeId] = deque(node for node in node_list if indegree[node] == 0)
    order: list[NodeId] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for target in targets.get(node, ()):
            indegree[target] -= 1
            if indegree[target] == 0:
                queue.append(target)
    if len(order) != len(node_list):
        raise ValueError("the graph has a cycle")
    return order


# A statement's base score, before its supporters and attackers are counted, from its curation. Admins'
# verdicts move it from the neutral 0.5: verified evidence starts stronger, disputed evidence weaker. The
# one place these numbers live; `df_quad_strengths` takes them as its base scores.
BASE_SCORES = {"verified": 0.75, "unverified": 0.5, "disputed": 0.25}


def base_score(curation_status: str) -> float:
    """The DF-QuAD base score for a statement with this curation status (0.5 when unknown)."""
    return BASE_SCORES.get(curation_status, BASE_SCORES["unverified"])


# Ratings (1 to 5, how convincing the class finds a claim or piece of evidence) as a base score in [0, 1]:
# 1 → 0, 3 → 0.5, 5 → 1, linear between. A statement nobody rated keeps its curation base score.
RATING_MIN, RATING_MAX = 1, 5


def base_score_from_rating(mean_rating: float | None, fallback: float) -> float:
    """The DF-QuAD base score (mean − 1) / 4 for a statement the class rated, or fallback when nobody did."""
    if mean_rating is None:
        return fallback
    return (mean_rating - RATING_MIN) / (RATING_MAX - RATING_MIN)


def rated_base_scores(
    curation_bases: Mapping[NodeId, float], mean_ratings: Mapping[NodeId, float]
) -> dict[NodeId, float]:
    """Every node's base score from the class's mean rating, its curation base score where nobody rated it."""
    return {node: base_score_from_rating(mean_ratings.get(node), base) for node, base in curation_bases.items()}


def combine(strengths: Iterable[float]) -> float:
    """DF-QuAD's aggregation F(v1..vn) = 1 − Π(1 − vi), with F() = 0."""
    remaining = 1.0
    for strength in strengths:
        remaining *= 1.0 - strength
    return 1.0 - remaining


def df_quad_strengths(
    base_scores: Mapping[NodeId, float],
    supports: Iterable[tuple[NodeId, NodeId]],
    attacks: Iterable[tuple[NodeId, NodeId]],
) -> dict[NodeId, float]:
    """Each node's strength under DF-QuAD gradual semantics (Rago, Toni, Aurisicchio, Baroni, KR 2016).

    Computed from the leaves up, so the graph must be acyclic. Only supports and attacks count: a link that
    gives context (an aim, a motive, background) is left out by the caller, so it moves no strength.
    """
    support_list, attack_list = list(supports), list(attacks)
    supporters: dict[NodeId, list[NodeId]] = defaultdict(list)
    attackers: dict[NodeId, list[NodeId]] = defaultdict(list)
    for source, target in support_list:
        supporters[target].append(source)
    for source, target in attack_list:
        attackers[target].append(source)
    strength: dict[NodeId, float] = {}
    for node in topological_order(base_scores, support_list + attack_list):
        base = base_scores[node]
        support = combine(strength[s] for s in supporters.get(node, ()))
        attack = combine(strength[a] for a in attackers.get(node, ()))
        if attack >= support:
            strength[node] = base - base * (attack - support)
        else:
            strength[node] = base + (1.0 - base) * (support - attack)
    return strength
