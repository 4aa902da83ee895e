"""What curators read: statements of the public maps and students' evidence that need a look."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from argmap.maps.models import Node, NodeKind, Source, Status
from argmap.moderation.models import Flag, FlagReason, FlagStatus

FILTERS = {
    "all": ("Everything that needs a look", Q()),
    "unreviewed": ("Never reviewed", Q(reviewed_at__isnull=True)),
    "no-source": ("Evidence without a source", Q(kind=NodeKind.EVIDENCE, source__isnull=True)),
    "flagged": ("Flagged as factually wrong", Q(flagged_wrong=True)),
    "disputed": ("Disputed", Q(curation_status="disputed")),
}


def needs_review(*, filter: str = "all") -> QuerySet[Node]:
    """Evidence across all maps (each public statement once, not its class copies) that needs a look:
    no source yet, flagged as factually wrong in any copy, or never reviewed. Two queries with the sources.
    """
    wrong = Flag.objects.filter(
        Q(node=OuterRef("pk")) | Q(node__origin=OuterRef("pk")), reason=FlagReason.WRONG, status=FlagStatus.OPEN
    )
    nodes = (
        Node.objects.filter(origin__isnull=True, kind__in=(NodeKind.EVIDENCE, NodeKind.CLAIM))
        .exclude(status=Status.HIDDEN)
        .annotate(flagged_wrong=Exists(wrong))
        .select_related("map", "source", "author")
        .order_by("map__title", "essay_start", "id")
    )
    attention = Q(reviewed_at__isnull=True, kind=NodeKind.EVIDENCE) | Q(flagged_wrong=True)
    attention |= Q(kind=NodeKind.EVIDENCE, source__isnull=True)
    if filter == "disputed":
        return nodes.filter(FILTERS["disputed"][1])
    return nodes.filter(attention).filter(FILTERS.get(filter, FILTERS["all"])[1])


def source_library() -> QuerySet[Source]:
    return Source.objects.annotate(statement_count=Count("nodes")).order_by("title")
