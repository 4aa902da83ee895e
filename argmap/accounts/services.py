"""Writes for accounts: a teacher signing up."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from argmap.accounts.models import User


def teacher_signup(*, username: str, display_name: str, email: str, password: str) -> User:
    """A teacher's account: they can then create classes and start debates."""
    UserModel = get_user_model()
    username = (username or "").strip()
    display_name = " ".join((display_name or "").split())
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
