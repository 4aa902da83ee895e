"""How the OpenAPI schema documents errors and text: every operation lists each error status it can answer,
with its JSON shape, worked out from the view, so no view repeats a decorator for them.

- 400 (FieldErrors): every write (a body that isn't valid JSON, or that the serializer or a service refuses
  with its reason); every list a page at a time (a page that isn't there, a page size out of range:
  argmap/api/pagination.py); a read whose query parameter the view checks lists it itself (`error_statuses = {400}`).
- 401 or 403 (Error): a wrong password, or none where the view needs one (which of the two depends on
  the first authentication class: one that can ask for credentials answers 401); 403 also for a
  refusal (a student moderating), and for a write signed in by session without its CSRF token.
- 404 (Error): a path parameter naming nothing this person may see.
- 413 and 415 (Error): a body over the size limit, or not JSON.
- 429 (Error): throttled views (DRF throttles, or a view that lists 429 itself, like joining).
- anything else a view lists in its `error_statuses`.

405 is not listed: an operation exists for its method only, and any other method on its path is a 405
with an Allow header. A 500 is never documented: it is a bug.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication

from argmap.api import fields

TEXT_PATTERN = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"  # something besides spaces, and no NUL character
ANY_TEXT_PATTERN = r"^[^\u0000]*$"
WEB_ADDRESS_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://"

ERROR = {
    "type": "object",
    "description": "What went wrong, in words a person can read.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": (
        "The messages under the name of each field they are about (non_field_errors: the request as a "
        "whole; a list's items by their index, a nested object's fields by name); `detail` alone when the "
        "body is not JSON that argmap reads."
    ),
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
        "duplicate_of": {
            "type": "object",
            "description": (
                "When a new statement repeats one the map already has (the message is on `text`): that "
                "statement, to support or oppose instead. near: only nearly the same words; send "
                "post_anyway: true to post it all the same."
            ),
            "properties": {
                "id": {"type": "integer"},
                "text": {"type": "string"},
                "url": {"type": "string"},
                "near": {"type": "boolean"},
            },
            "required": ["id", "text", "url", "near"],
        },
    },
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"type": "string"}},
            {"$ref": "#/components/schemas/FieldErrors"},
        ]
    },
}
DESCRIPTIONS = {
    400: "The request was refused: see the message for each field.",
    401: "Sign in first.",
    403: "Not allowed: a wrong password, not signed in, or not allowed to do this (the reason is in detail).",
    404: "No such thing, or not one this person may see.",
    413: "The body is larger than the API takes.",
    415: "The body is not JSON.",
    429: "Too many requests: wait before trying again (Retry-After says how long).",
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in sorted(self._error_statuses()):
            responses.setdefault(str(status), self._error_response(status))
        return responses

    def _get_request_for_media_type(self, serializer: Any, direction: str = "request") -> tuple[Any, bool]:
        # drf-spectacular makes every PATCH body partial (all fields optional); a view whose PATCH reads its
        # serializer whole (NodeDetailApi: the new text is required) says so, and its schema keeps `required`.
        if self.method == "PATCH" and getattr(serializer, "whole_in_patch", False):
            self.method = "PUT"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)

    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> dict[str, Any]:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request":
            return schema
        if isinstance(field, fields.Text) and "pattern" not in schema:
            schema["pattern"] = ANY_TEXT_PATTERN if field.allow_blank else TEXT_PATTERN
        elif isinstance(field, fields.Url):
            # drf-spectacular says format: uri; the field takes web addresses only. With allow_blank the address
            # is the first of oneOf (the other is "").
            address = schema["oneOf"][0] if "oneOf" in schema else schema
            address["pattern"] = WEB_ADDRESS_PATTERN
        return schema

    def _error_statuses(self) -> set[int]:
        view = self.view
        statuses: set[int] = set()
        authenticators = view.get_authenticators()
        if authenticators:
            # A wrong password on any request; DRF answers 401 only when the first class can ask for one.
            statuses.add(401 if authenticators[0].authenticate_header(view.request) else 403)
        writes = self.method not in permissions.SAFE_METHODS
        signed_in_only = not all(isinstance(p, permissions.AllowAny) for p in view.get_permissions())
        session_csrf = writes and any(isinstance(a, SessionAuthentication) for a in authenticators)
        if signed_in_only or session_csrf:
            statuses.add(403)
        if writes:
            statuses.add(400)  # a service refuses with its reason (a locked map, a loop, a class archived)
        elif self._get_paginator() is not None and self._is_list_view():
            statuses.add(400)  # ?page= past the last page, ?page_size= out of range
        if self._has_request_body():
            statuses |= {400, 413, 415}
        if "{" in self.path:  # a path parameter: /api/maps/{slug}/
            statuses.add(404)
        if any(writes or getattr(throttle, "counts_reads", True) for throttle in view.get_throttles()):
            statuses.add(429)  # a throttle that never counts a read says so: `counts_reads = False`
        for authenticator in authenticators:  # an authentication that answers more (a lockout: 429) lists it
            statuses |= set(getattr(authenticator, "error_statuses", ()))
        # A view that answers a status these rules can't see says so: `error_statuses = {429}`.
        return statuses | set(getattr(view, "error_statuses", ()))

    def _has_request_body(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None

    def _error_response(self, status: int) -> dict[str, Any]:
        name, schema = ("FieldErrors", FIELD_ERRORS) if status == 400 else ("Error", ERROR)
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return {"description": DESCRIPTIONS[status], "content": {"application/json": {"schema": component.ref}}}
