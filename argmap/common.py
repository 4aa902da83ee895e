"""Small helpers that several apps share and that belong to none of them; this module imports no app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

# The htmx event a page listens for after any change to its map: it refreshes what it shows at once.
MAP_CHANGED = "map-changed"


def apply_service_errors(form: forms.Form, error: ValidationError, *, fields: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form, each message beside the field it is about."""
    renames = fields or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        field = renames.get(name, name)
        form.add_error(field if field in form.fields else None, messages)


class NothingDeleted:
    """People's work is hidden and restored through the site, never deleted, the admin included."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
