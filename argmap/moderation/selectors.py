"""What the teacher's moderation pages read: the queue, the audit log, and who took part."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q

from argmap.classrooms.models import Membership, Role
from argmap.maps.models import Edge, Map, Node, NodeKind, Relation, Status
from argmap.moderation.audit import audit_node_ids
from argmap.moderation.models import AuditAction, AuditEntry, Flag, FlagStatus
from argmap.votes.models import Vote

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet


@dataclass
class Queue:
    pending: list[Node]
    flagged: list[Node]
    hidden: list[Node]

    @property
    def counts(self) -> QueueCounts:
        return QueueCounts(pending=len(self.pending), flagged=len(self.flagged))


@dataclass(frozen=True)
class QueueCounts:
    """What waits for the teacher: points to approve, and visible points students flagged."""

    pending: int
    flagged: int

    @property
    def total(self) -> int:
        return self.pending + self.flagged


def moderation_queue(*, map: Map) -> Queue:
    """Pending and flagged contributions oldest first, and hidden ones to restore.

    At most nine queries whatever the queue's length: three lists, each with its open flags and links
    prefetched, authors and sources joined (the API's serializer reads a statement's source).
    """
    open_flags = Prefetch(
        "flags", queryset=Flag.objects.filter(status=FlagStatus.OPEN).select_related("raised_by"), to_attr="open_flags"
    )
    targets = Prefetch("outgoing", queryset=Edge.objects.select_related("to_node").order_by("id"), to_attr="links")
    nodes = (
        Node.objects.filter(map=map)
        .exclude(kind=NodeKind.QUESTION)
        .select_related("author", "source")
        .prefetch_related(open_flags, targets)
    )
    pending = list(nodes.filter(status=Status.PENDING).order_by("created_at", "id"))
    flagged = sorted(
        nodes.filter(status=Status.VISIBLE, flags__status=FlagStatus.OPEN).distinct(),
        key=lambda node: (min(flag.created_at for flag in node.open_flags), node.pk),
    )
    hidden = list(nodes.filter(status=Status.HIDDEN).order_by("-edited_at", "-id")[:50])
    for node in [*pending, *flagged, *hidden]:
        node.map = map
    return Queue(pending=pending, flagged=flagged, hidden=hidden)


def queue_counts(*, map: Map) -> QueueCounts:
    """How many points wait for approval and how many visible ones carry an open flag: one query."""
    counts = (
        Node.objects.filter(map=map)
        .exclude(kind=NodeKind.QUESTION)
        .aggregate(
            pending=Count("id", filter=Q(status=Status.PENDING), distinct=True),
            flagged=Count("id", filter=Q(status=Status.VISIBLE, flags__status=FlagStatus.OPEN), distinct=True),
        )
    )
    return QueueCounts(pending=counts["pending"], flagged=counts["flagged"])


def audit_log(*, map: Map) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(map=map).select_related("actor", "node").order_by("-created_at", "-id")


def audit_log_in_words(*, map: Map) -> tuple[list[AuditEntry], dict[int, Node]]:
    """The audit log newest first, with the statements its entries name by id (a merge's survivor, a move's
    new place) for audit.audit_sentence: two queries whatever the log's length.
    """
    entries = list(audit_log(map=map))
    nodes = Node.objects.filter(map=map, pk__in=audit_node_ids(entries)).only("id", "text", "status", "map_id")
    named = {node.pk: node for node in nodes}
    for node in [*named.values(), *(entry.node for entry in entries if entry.node is not None)]:
        node.map = map
    return entries, named


@dataclass
class Participation:
    name: str
    username: str
    claims: int = 0
    evidence: int = 0
    counterclaims: int = 0
    votes: dict[str, int] = field(default_factory=dict)
    flags_raised: int = 0
    flags_received: int = 0
    waiting: int = 0
    rejected: int = 0

    @property
    def contributions(self) -> int:
        """Accepted claims and evidence: neither waiting for the teacher nor turned down."""
        return self.claims + self.evidence


def participation(*, map: Map) -> list[Participation]:
    """Per student of the map's class: accepted contributions by kind, those waiting and those rejected, votes
    per round, flags raised and received.

    Accepted means neither waiting for approval nor turned down by the teacher: a point hidden later, or merged
    into another (its author keeps the credit), was accepted. Six queries, whatever the size.
    """
    members = (
        Membership.objects.filter(classroom_id=map.classroom_id, role=Role.STUDENT)
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )
    rows = {m.user_id: Participation(name=m.user.name, username=m.user.username) for m in members}
    authored = Node.objects.filter(map=map, author_id__in=rows, kind__in=(NodeKind.CLAIM, NodeKind.EVIDENCE))
    rejected = _rejected(map=map, authors=rows)
    grouped = (
        authored.values_list("author_id", "kind", "status")
        .annotate(n=Count("id"), turned_down=Count("id", filter=Q(pk__in=rejected)))
        .order_by()
    )
    for author_id, kind, status, count, turned_down in grouped:
        row = rows[author_id]
        if status == Status.PENDING:
            row.waiting += count
            continue
        row.rejected += turned_down
        name = "claims" if kind == NodeKind.CLAIM else "evidence"
        setattr(row, name, getattr(row, name) + count - turned_down)
    contributions = authored.exclude(status=Status.PENDING).exclude(pk__in=rejected)
    counters = contributions.filter(outgoing__relation=Relation.OPPOSES).values_list("author_id")
    for author_id, count in counters.annotate(n=Count("id", distinct=True)).order_by():
        rows[author_id].counterclaims = count
    votes = Vote.objects.filter(map=map, voter_id__in=rows).values_list("voter_id", "round")
    for voter_id, round, count in votes.annotate(n=Count("id")).order_by():
        rows[voter_id].votes[round] = count
    flags = Flag.objects.filter(node__map=map)
    for person_id, count in (
        flags.filter(raised_by_id__in=rows).values_list("raised_by_id").annotate(n=Count("id")).order_by()
    ):
        rows[person_id].flags_raised = count
    received = flags.filter(node__author_id__in=rows).values_list("node__author_id").annotate(n=Count("id")).order_by()
    for person_id, count in received:
        rows[person_id].flags_received = count
    return list(rows.values())


def _rejected(*, map: Map, authors: Iterable[int]) -> set[int]:
    """Students' statements the teacher turned down and has not restored since: one query."""
    last: dict[int, str] = {}
    entries = AuditEntry.objects.filter(
        map=map,
        node__author_id__in=list(authors),
        node__status=Status.HIDDEN,
        action__in=(AuditAction.REJECT, AuditAction.RESTORE),
    ).order_by("created_at", "id")
    for node_id, action in entries.values_list("node_id", "action"):
        last[node_id] = action
    return {node_id for node_id, action in last.items() if action == AuditAction.REJECT}


def pending_among(*, map: Map, ids: Iterable[int]) -> list[Node]:
    """The map's contributions waiting for approval among ids (others are left out): one query."""
    nodes = list(Node.objects.filter(map=map, pk__in=list(ids), status=Status.PENDING).order_by("pk"))
    for node in nodes:
        node.map = map
    return nodes
