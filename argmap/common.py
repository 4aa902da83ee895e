"""Small helpers that several apps share and that belong to none of them; this module imports no app."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import register_converter
from django.utils.html import format_html
from django.utils.safestring import SafeString

# The htmx event a page listens for after any change to its map: it refreshes what it shows at once.
MAP_CHANGED = "map-changed"

# The largest id an address or a request may name: ids are counted from 1 and stay far below it. A
# larger number names nothing, so it is a 404 (or a field error) before any query: past 2**63 - 1
# SQLite raises OverflowError and PostgreSQL refuses it, which used to answer 500.
MAX_ID = 2**31 - 1


class IdConverter:
    """`<id:node_id>` in URL patterns: a database id, 1 to MAX_ID; anything else does not match (a 404)."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"{value} is not an id")  # Django takes a ValueError as "this URL doesn't match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")


def walk_json(data: object) -> Iterator[tuple[object, int]]:
    """Every value in decoded JSON with its depth (the whole at 0), dicts' keys included; without recursion,
    so a file or request nested thousands deep is walked, and refused, like any other."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        yield value, depth
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in (*value.keys(), *value.values()))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def parse_id(text: str) -> int | None:
    """The id a query parameter or form value names ("12"), or None for anything else: "²" and "٣" (digits to
    str.isdigit, which int() refuses or reads), "-1", "1.5", "", or a number past MAX_ID."""
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID))):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(text: str) -> set[int]:
    """The ids in a comma-separated query parameter (`?open=3,17`), leaving out whatever isn't one."""
    return {number for part in text.split(",") if (number := parse_id(part.strip())) is not None}


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
