"""Small helpers that several apps share and that belong to none of them; this module imports no app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

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


class ChangedOnTheSite(NothingDeleted):
    """Made, changed and hidden on the site through the services; the admin only shows it.

    A save from the admin would skip the services' rules (same map, no loops, unique names), the audit
    entry and the revision bump, and would write back every field as it was read, undoing a change made
    on the site in the meantime.
    """

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def site_link(url: str, label: str, why: str) -> SafeString:
    """An admin field pointing at the page of the site that changes this object through the services."""
    return format_html('<a href="{}">{}</a><br><span class="help">{}</span>', url, label, why)
