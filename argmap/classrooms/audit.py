"""Writing a class's history: called inside the transaction of the action it records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from argmap.classrooms.models import ClassAuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from argmap.classrooms.models import Classroom


def class_audit_record(
    *,
    classroom: Classroom,
    actor: AbstractBaseUser,
    action: str,
    subject: AbstractBaseUser | None = None,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> ClassAuditEntry:
    return ClassAuditEntry.objects.create(
        classroom=classroom, actor=actor, action=action, subject=subject, note=note, details=details or {}
    )
