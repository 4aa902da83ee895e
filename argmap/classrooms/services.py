"""Writes for classes: creating one, its join code, students joining or made in a batch, starting debates."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from argmap.classrooms import permissions
from argmap.classrooms.audit import class_audit_record
from argmap.classrooms.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    ClassAction,
    ClassAuditEntry,
    Classroom,
    ClassStatus,
    Membership,
    Role,
)
from argmap.classrooms.pseudonyms import new_pseudonym
from argmap.maps.models import Map
from argmap.maps.services import map_copy
from argmap.moderation.services import map_settings_update
from argmap.text import comparison_key, visible_text

if TYPE_CHECKING:
    from argmap.accounts.models import User

NAME_MAX_LENGTH = 60
BATCH_MAX = 60
# Lower-case letters and digits that cannot be mistaken for one another on a printed sheet.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class StudentCredentials:
    """A student's sign-in details, shown once to the teacher who made or reset them."""

    user: User
    password: str


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    """What a student typed, as it is stored: upper case, without spaces or dashes."""
    return "".join(character for character in (code or "").upper() if character.isalnum())


def classroom_create(*, teacher: User, name: str) -> Classroom:
    if not permissions.can_create_classroom(teacher):
        raise PermissionDenied(permissions.WHY_NOT_CREATE_CLASS)
    name = _clean_name(name, field="name", what="the class")
    with transaction.atomic():
        classroom = Classroom.objects.create(name=name, teacher=teacher, join_code=_unused_join_code())
        membership_add(classroom=classroom, user=teacher, role=Role.TEACHER)
    return classroom


def join_code_rotate(*, classroom: Classroom, by: User) -> Classroom:
    """A fresh code for the class; the old one stops working at once. Members stay members."""
    _require_manager(by, classroom)
    classroom.join_code = _unused_join_code()
    classroom.save(update_fields=["join_code"])
    return classroom


def joining_set(*, classroom: Classroom, by: User, open: bool) -> Classroom:
    """Open or close the class to new students; the code keeps working for nobody while closed."""
    _require_manager(by, classroom)
    if open:
        _require_active(classroom)
    classroom.joining_open = bool(open)
    classroom.save(update_fields=["joining_open"])
    return classroom


def student_join(*, join_code: str, display_name: str, password: str) -> User:
    """A new student account in the class with that code: no e-mail, just a name and a password."""
    classroom = Classroom.objects.filter(join_code=normalise_join_code(join_code)).first()
    if classroom is None:
        raise ValidationError({"join_code": "No class has that code. Check it with your teacher."})
    with transaction.atomic():
        classroom = _lock_classroom(classroom)
        if not classroom.joining_open:
            raise ValidationError({"join_code": "This class is not taking new students. Ask your teacher."})
        display_name = _clean_name(display_name, field="display_name", what="your name")
        _require_free_name(classroom, display_name)
        user = get_user_model()(display_name=display_name)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        return _create_student(classroom=classroom, display_name=display_name, password=password)


def students_create_batch(*, classroom: Classroom, by: User, names: list[str]) -> list[StudentCredentials]:
    """Accounts for a whole list of names at once, each with a first password to hand out."""
    _require_manager(by, classroom)
    _require_active(classroom)
    cleaned = [_clean_name(name, field="names", what="each name") for name in names if visible_text(name)]
    if not cleaned:
        raise ValidationError({"names": "Write one student's name per line."})
    if len(cleaned) > BATCH_MAX:
        raise ValidationError({"names": f"Add at most {BATCH_MAX} students at a time (this list has {len(cleaned)})."})
    seen: dict[str, str] = {}
    for name in cleaned:
        if comparison_key(name) in seen:
            first = seen[comparison_key(name)]
            raise ValidationError({"names": f"Each name must be different: “{first}” is in the list more than once."})
        seen[comparison_key(name)] = name
    with transaction.atomic():
        classroom = _lock_classroom(classroom)
        _require_free_name(classroom, *cleaned, field="names")
        return [
            StudentCredentials(
                user=_create_student(classroom=classroom, display_name=name, password=(password := _new_password())),
                password=password,
            )
            for name in cleaned
        ]


def student_password_reset(*, classroom: Classroom, by: User, student: User) -> StudentCredentials:
    """A new first password for a student of the class who forgot theirs; they choose their own at next sign-in.

    The teacher has seen the new password, so it only gets the student back in: the class's history records
    who reset it and when.
    """
    _require_manager(by, classroom)
    if not Membership.objects.filter(classroom=classroom, user=student, role=Role.STUDENT).exists():
        raise PermissionDenied("That student is not in this class.")
    password = _new_password()
    student.set_password(password)
    student.must_change_password = True
    with transaction.atomic():
        student.save(update_fields=["password", "must_change_password"])
        class_audit_record(classroom=classroom, actor=by, action=ClassAction.PASSWORD_RESET, subject=student)
    return StudentCredentials(user=student, password=password)


def debate_start(*, classroom: Classroom, by: User, source: Map, title: str = "") -> Map:
    """The class's own copy of a public map, visible only to the class."""
    if not permissions.can_start_debate(by, classroom, source):
        raise PermissionDenied("You can start debates only in your own classes, from public maps.")
    _require_active(classroom)
    title = (title or "").strip() or f"{source.title} ({classroom.name})"
    base = slugify(f"{source.slug}-{classroom.name}")[:70] or "debate"
    slug = base
    while Map.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return map_copy(source=source, slug=slug, title=title[:200], classroom=classroom, owner=by)


def membership_add(*, classroom: Classroom, user: User, role: str) -> Membership:
    """Put a person in a class, with a pseudonym of their own for anonymous debates."""
    for _ in range(5):
        taken = Membership.objects.filter(classroom=classroom).values_list("pseudonym", flat=True)
        try:
            with transaction.atomic():
                return Membership.objects.create(
                    classroom=classroom, user=user, role=role, pseudonym=new_pseudonym(taken)
                )
        except IntegrityError:
            if Membership.objects.filter(classroom=classroom, user=user).exists():
                raise
            # Someone who joined at the same moment drew the same pseudonym: draw again.
    raise ValidationError({"display_name": "Could not add you to the class just now; please try again."})


def _create_student(*, classroom: Classroom, display_name: str, password: str) -> User:
    User = get_user_model()
    base = slugify(display_name)[:20] or "student"
    for _ in range(20):
        username = f"{base}-{''.join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4))}"
        try:
            with transaction.atomic():
                user = User.objects.create_user(username=username, password=password, display_name=display_name)
                membership_add(classroom=classroom, user=user, role=Role.STUDENT)
                return user
        except IntegrityError:
            continue  # that username was taken a moment ago: draw another
    raise ValidationError({"display_name": "Could not make an account just now; please try again."})


def _require_manager(person: User, classroom: Classroom) -> None:
    if not permissions.classrooms_managed_by(person).filter(pk=classroom.pk).exists():
        raise PermissionDenied("Only this class's teacher can do that.")


def _lock_classroom(classroom: Classroom) -> Classroom:
    """Hold the class's row until the transaction ends, and read it as committed now.

    Joining and adding students take it before the free-name check, so four tabs adding "Maya Lopez" at once
    queue and the last three find her there. On SQLite select_for_update does nothing, but argmap's SQLite
    transactions are IMMEDIATE (settings.DATABASES), so writers queue already.
    """
    return Classroom.objects.select_for_update().get(pk=classroom.pk)


def _require_free_name(classroom: Classroom, *names: str, field: str = "display_name") -> None:
    """Refuse a name someone in the class already has, compared as a reader sees them: without case and
    invisible characters (names stored before these were removed are compared the same way).
    """
    taken = {
        comparison_key(name)
        for name in Membership.objects.filter(classroom=classroom).values_list("user__display_name", flat=True)
    }
    for name in names:
        if comparison_key(name) in taken:
            raise ValidationError({field: f"Someone in this class is already called “{name}”. Add an initial."})


def _clean_name(name: str, *, field: str, what: str) -> str:
    """The name as people will read it: Unicode-normalised (NFKC), invisible characters such as zero-width
    spaces removed, one space between words; then it must be 1 to 60 characters."""
    cleaned = visible_text(name)
    if not cleaned:
        raise ValidationError({field: f"Write {what} first."})
    if len(cleaned) > NAME_MAX_LENGTH:
        raise ValidationError({field: f"Keep {what} to {NAME_MAX_LENGTH} characters or fewer."})
    return cleaned


def _new_password() -> str:
    groups = ["".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


def _unused_join_code() -> str:
    while True:
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code).exists():
            return code


# Archiving: the end of a school year. Nothing is deleted; restoring puts every setting back as it was.

ARCHIVED_BY = "The class was archived at the end of the year."
RESTORED_BY = "The class was restored."
# What archiving sets on each of the class's maps: read-only, with voting closed.
ARCHIVED_MAP_SETTINGS = {"is_locked": True, "voting_open": False}


def classroom_archive(*, classroom: Classroom, by: User) -> Classroom:
    """Make the class read-only: its maps locked with voting closed, joining closed, out of pupils' lists.

    Each map's settings change through the moderation service (its audit entry and revision bump); the class's
    history keeps what each was before, so classroom_restore can put it back.
    """
    _require_manager(by, classroom)
    with transaction.atomic():
        classroom = Classroom.objects.select_for_update().get(pk=classroom.pk)
        if classroom.is_archived:
            raise ValidationError({"classroom": "This class is already archived."})
        maps_before = {}
        for map in Map.objects.filter(classroom=classroom).select_related("classroom").defer("source_document"):
            before = {name: getattr(map, name) for name, value in ARCHIVED_MAP_SETTINGS.items()}
            if before != ARCHIVED_MAP_SETTINGS:
                maps_before[str(map.pk)] = before
                map_settings_update(map=map, by=by, reason=ARCHIVED_BY, **ARCHIVED_MAP_SETTINGS)
        details = {"maps": maps_before, "joining_open": classroom.joining_open}
        classroom.status, classroom.archived_at, classroom.joining_open = ClassStatus.ARCHIVED, timezone.now(), False
        classroom.save(update_fields=["status", "archived_at", "joining_open"])
        class_audit_record(classroom=classroom, actor=by, action=ClassAction.ARCHIVE, details=details)
    return classroom


def classroom_restore(*, classroom: Classroom, by: User) -> Classroom:
    """Bring an archived class back: each map's lock and voting, and joining, as they were before archiving.

    A setting someone changed while the class was archived stays as they left it.
    """
    _require_manager(by, classroom)
    with transaction.atomic():
        classroom = Classroom.objects.select_for_update().get(pk=classroom.pk)
        if not classroom.is_archived:
            raise ValidationError({"classroom": "This class is not archived."})
        archived = ClassAuditEntry.objects.filter(classroom=classroom, action=ClassAction.ARCHIVE).first()
        details = archived.details if archived else {}
        maps_before = details.get("maps", {})
        # Active again first: map settings refuse to change on an archived class's maps.
        classroom.status, classroom.archived_at = ClassStatus.ACTIVE, None
        classroom.save(update_fields=["status", "archived_at"])
        archived_maps = Map.objects.filter(classroom=classroom, pk__in=[int(pk) for pk in maps_before])
        for map in archived_maps.select_related("classroom").defer("source_document"):
            changes = {
                name: value
                for name, value in maps_before[str(map.pk)].items()
                if getattr(map, name) == ARCHIVED_MAP_SETTINGS[name]
            }
            map_settings_update(map=map, by=by, reason=RESTORED_BY, **changes)
        classroom.joining_open = bool(details.get("joining_open", False))
        classroom.save(update_fields=["joining_open"])
        class_audit_record(classroom=classroom, actor=by, action=ClassAction.RESTORE)
    return classroom


def _require_active(classroom: Classroom) -> None:
    """Refuse a write to an archived class, as the database has it now (the caller's copy may be older)."""
    if Classroom.objects.filter(pk=classroom.pk, status=ClassStatus.ARCHIVED).exists():
        raise PermissionDenied(permissions.ARCHIVED_READ_ONLY)
