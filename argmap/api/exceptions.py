"""Errors as JSON, whatever raised them: a message per field for a refused request, `{"detail": …}` for the
rest. DRF's views use exception_handler; the views below answer for Django (unknown addresses, a body
over the size limit, a crash) under /api/, and leave every other page to Django's own error pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from argmap.maps.services import DuplicateStatement

API_PREFIX = "/api/"

NOT_FOUND = "No such address in the API. Its addresses are listed at /api/docs/."
NO_SLASH = "No such address in the API: its addresses end with a slash, like /api/maps/."
SERVER_ERROR = "Something went wrong on our side. Try again in a moment; if it happens again, tell an admin."
BAD_REQUEST = "The request could not be read."
FORBIDDEN = "You are not allowed to do that."


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self) -> None:
        super().__init__(detail=too_large_message())


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return f"The request is too large: send at most {limit:g} MB at a time."


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """A service's ValidationError is a 400 with its messages under the fields they concern; a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE (Django raises RequestDataTooBig as the parser reads it) is a 413."""
    duplicate = exc if isinstance(exc, DuplicateStatement) else None
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = drf_exception_handler(exc, context)
    if duplicate is not None and response is not None:
        # Beside the message on `text`: the statement already there, to support or oppose instead.
        existing = duplicate.existing
        response.data["duplicate_of"] = {
            "id": existing.pk,
            "text": existing.text,
            "url": existing.get_absolute_url(),
            "near": duplicate.near,
        }
    return response


@contextmanager
def fields_renamed(renames: dict[str, str]) -> Iterator[None]:
    """Report a service's field errors under the names the API's client sent (`to_node` → `target`)."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {renames.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from error


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _detail(message: str, status_code: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status_code)


@csrf_exempt  # it changes nothing, so a POST without a CSRF token gets the same 404 as any other
def unknown_address(request: HttpRequest) -> HttpResponse:
    """The API's last URL pattern: any address under /api/ that no view answers (a mistyped path, an id
    past the database's range) is a JSON 404, in development too, where Django would show its HTML page."""
    return _detail(NOT_FOUND if request.path_info.endswith("/") else NO_SLASH, status.HTTP_404_NOT_FOUND)


# Django's handlers (argmap/urls.py: handler400, handler403, handler404, handler500), used when DEBUG is off.
# The messages are fixed: an exception's own text can name code, paths or data the reader may not see.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return _detail(too_large_message(), status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    return _detail(BAD_REQUEST, status.HTTP_400_BAD_REQUEST)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api(request):
        return defaults.permission_denied(request, exception)
    return _detail(FORBIDDEN, status.HTTP_403_FORBIDDEN)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api(request):
        return defaults.page_not_found(request, exception)
    return _detail(NOT_FOUND, status.HTTP_404_NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    if not is_api(request):
        return defaults.server_error(request)
    return _detail(SERVER_ERROR, status.HTTP_500_INTERNAL_SERVER_ERROR)
