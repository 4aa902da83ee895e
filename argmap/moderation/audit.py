"""Writing the audit log: called inside the transaction of the action it records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from argmap.moderation.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from argmap.maps.models import Map, Node


def audit_record(
    *,
    map: Map,
    actor: AbstractBaseUser,
    action: str,
    node: Node | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        map=map, actor=actor, action=action, node=node, before=before or {}, after=after or {}, reason=reason
    )
