"""Writing a class's history: called inside the transaction of the action it records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from argmap.classrooms.models import ClassAction, ClassAuditEntry

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


def class_audit_sentence(entry: ClassAuditEntry) -> str:
    """One entry of a class's history in words: "Ms Rivera gave Sam K a new password"."""
    who = getattr(entry.actor, "name", "") or "Someone whose account was removed"
    whom = getattr(entry.subject, "name", "") or "a person whose account was removed"
    words = {
        ClassAction.PASSWORD_RESET: f"gave {whom} a new password",
        ClassAction.ARCHIVE: "archived the class",
        ClassAction.RESTORE: "restored the class",
        ClassAction.ERASE: f"erased the personal data of {whom}",
    }
    sentence = f"{who} {words.get(entry.action, entry.get_action_display().lower())}"
    return f"{sentence}: {entry.note}" if entry.note else sentence
