"""Writes for accounts: a teacher signing up, a person choosing a new password, an admin erasing personal data."""

from __future__ import annotations

import secrets

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model, password_validation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from argmap.accounts.models import User
from argmap.classrooms import permissions
from argmap.classrooms.audit import class_audit_record
from argmap.classrooms.models import ClassAction, Classroom
from argmap.text import visible_text


def teacher_signup(*, username: str, display_name: str, email: str, password: str) -> User:
    """A teacher's account: they can then create classes and start debates."""
    UserModel = get_user_model()
    username = (username or "").strip()
    display_name = visible_text(display_name or "")
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Choose a username to sign in with."
    elif UserModel.objects.filter(username__iexact=username).exists():
        errors["username"] = "That username is taken. Try another."
    if not display_name:
        errors["display_name"] = "Write the name your students know you by, like “Ms Rivera”."
    if errors:
        raise ValidationError(errors)
    user = UserModel(username=username, display_name=display_name, email=(email or "").strip(), is_teacher=True)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from error
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        raise ValidationError({"username": "That username is taken. Try another."}) from error
    return user


def password_change(*, user: User, new_password: str) -> User:
    """A person's own new password; it ends any requirement to change it that a teacher's reset set."""
    errors = []
    if user.must_change_password and user.check_password(new_password):
        errors.append("Choose a password of your own, not the one your teacher gave you.")
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as error:
        errors += error.messages
    if errors:
        raise ValidationError({"new_password1": errors})
    user.set_password(new_password)
    user.must_change_password = False
    with transaction.atomic():
        user.save(update_fields=["password", "must_change_password"])
    return user


ERASED_USERNAME_PREFIX = "erased-"


def erased_name(user: User) -> str:
    """The pseudonym an erased person's contributions are shown under: it says nothing about who they were."""
    return f"Former {'teacher' if user.is_teacher else 'pupil'} {user.pk}"


def account_erase(*, user: User, by: User) -> User:
    """Erase a person's personal data: their name, sign-in name and password. Nothing they wrote is deleted.

    Their statements, links and votes stay where they are, credited to a pseudonym ("Former pupil 7"); the
    account can no longer sign in. Each of their classes' histories records that an admin did it, and when.
    """
    if not permissions.is_admin(by):
        raise PermissionDenied("Only admins can erase a person's data.")
    if user.pk == by.pk:
        raise ValidationError({"user": "You can't erase your own account while signed in with it."})
    if user.is_staff or user.is_superuser:
        raise ValidationError({"user": f"{user.name} is an admin: take away their staff status first."})
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.username.startswith(ERASED_USERNAME_PREFIX) and not user.is_active:
            raise ValidationError({"user": f"The personal data of {user.name} has already been erased."})
        user.display_name = erased_name(user)
        user.username = f"{ERASED_USERNAME_PREFIX}{secrets.token_hex(8)}"
        user.first_name = user.last_name = user.email = ""
        user.set_unusable_password()
        user.is_active = False
        user.must_change_password = False
        user.save()
        # The admin's own log names the account as it was called then: it now uses the pseudonym too.
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)).update(
            object_repr=user.display_name
        )
        classrooms = Classroom.objects.filter(Q(teacher=user) | Q(memberships__user=user)).distinct()
        for classroom in classrooms:
            class_audit_record(classroom=classroom, actor=by, action=ClassAction.ERASE, subject=user)
    return user
