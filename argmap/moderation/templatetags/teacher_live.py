"""The counts in the teacher's tools bar, for the pages whose views do not already hold them."""

from __future__ import annotations

from django import template

from argmap.maps.models import Map
from argmap.moderation import selectors
from argmap.moderation.live import live_etag

register = template.Library()


@register.simple_tag(takes_context=True)
def teacher_counts(context: template.Context, map: Map) -> selectors.QueueCounts:
    """The counts of what waits (one query), unless the view passed them as teacher_counts."""
    counts = context.get("teacher_counts")
    return counts if isinstance(counts, selectors.QueueCounts) else selectors.queue_counts(map=map)


@register.simple_tag(takes_context=True)
def teacher_live_etag(context: template.Context, map: Map) -> str:
    user = context["request"].user
    return live_etag(map, viewer_id=user.pk if user.is_authenticated else None, part="counts")
