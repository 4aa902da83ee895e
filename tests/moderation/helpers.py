"""Plain functions the moderation tests share: the pages' addresses, the map's revision, its latest audit entry."""

from __future__ import annotations

from argmap.maps.models import Map, Node
from argmap.moderation import services
from argmap.moderation.models import AuditEntry

MODERATOR_ONLY = "Only the class's teacher can moderate this map."


def revision(map: Map) -> int:
    return Map.objects.get(pk=map.pk).revision


def latest_audit(map: Map) -> AuditEntry:
    return AuditEntry.objects.filter(map=map).order_by("-created_at", "-id").first()


def audit_tuple(entry: AuditEntry) -> tuple:
    return (entry.actor, entry.action, entry.node, entry.before, entry.after, entry.reason)


def action_url(node: Node, action: str) -> str:
    return f"/maps/{node.map.slug}/moderation/nodes/{node.pk}/{action}/"


def queue_url(map: Map) -> str:
    return f"/maps/{map.slug}/moderation/"


def map_url(map: Map) -> str:
    return f"/maps/{map.slug}/?open=all"


def node_url(node: Node) -> str:
    return f"/maps/{node.map.slug}/nodes/{node.pk}/"


def settings_form(map: Map, **changes: object) -> dict[str, object]:
    """The settings form as the teacher sends it: every field, ticked boxes as "on"."""
    current = {name: getattr(map, name) for name in services.MAP_SETTINGS} | changes
    data: dict[str, object] = {"vote_round": current["vote_round"], "moderation_mode": current["moderation_mode"]}
    data |= {name: "on" for name in ("is_locked", "voting_open", "is_anonymous") if current[name]}
    return data
