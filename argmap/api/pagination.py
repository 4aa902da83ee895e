"""Every list the API answers comes a page at a time, in one shape:
`{"count": …, "next": …, "previous": …, "results": […]}`.

`?page=` picks the page (1, the first, when left out) and `?page_size=` how many on it (50 unless asked, at most
200). A page that isn't there, or a size out of range, is a 400 with a message under the parameter's name, as
for any other field. Each page costs one count and one read of its own items, however long the list.

A view that answers a list is a ListApi and answers `self.paginated(items, serialize)`; items is a queryset (read
a page at a time in the database) or a sequence with len() and slicing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Paginator
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def page_number_message() -> str:
    return "Choose a page by its number: a whole number, 1 for the first page."


def page_missing_message(number: int, last: int) -> str:
    page = f"page {number}" if number < 10**9 else "such page"
    if last == 1:
        return f"There is no {page}: everything fits on page 1."
    return f"There is no {page}: the last page is {last}."


def page_size_message() -> str:
    return f"Choose how many to show on a page: a whole number from 1 to {MAX_PAGE_SIZE}."


class Pages(PageNumberPagination):
    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_query_param = "page"
    page_size_query_param = "page_size"
    page_query_description = "Which page: 1 (the first) unless given. `next` and `previous` hold the addresses."
    page_size_query_description = f"How many on a page: {PAGE_SIZE} unless given, at most {MAX_PAGE_SIZE}."

    def paginate_queryset(self, queryset: Any, request: Request, view: APIView | None = None) -> list[Any]:
        """The items of the page asked for: a count, then the page's own items (two queries for a queryset)."""
        self.request = request
        errors: dict[str, list[str]] = {}
        number = _whole_number(request.query_params.get(self.page_query_param, "1"), low=1)
        if number is None:
            errors[self.page_query_param] = [page_number_message()]
        size = self.page_size
        if self.page_size_query_param in request.query_params:
            size = _whole_number(request.query_params[self.page_size_query_param], low=1, high=self.max_page_size)
            if size is None:
                errors[self.page_size_query_param] = [page_size_message()]
        if errors:
            raise serializers.ValidationError(errors)
        paginator = Paginator(queryset, size)
        if number > paginator.num_pages:
            raise serializers.ValidationError(
                {self.page_query_param: [page_missing_message(number, paginator.num_pages)]}
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": self.page_query_description,
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": self.page_size_query_description,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paged = super().get_paginated_response_schema(schema)
        paged["required"] = ["count", "next", "previous", "results"]
        properties = paged["properties"]
        properties["count"] = {"type": "integer", "minimum": 0, "description": "How many there are on all pages."}
        for name, which in (("next", "the next page"), ("previous", "the page before")):
            properties[name] = {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": f"The address of {which}; null when there is none.",
            }
        properties["results"] = {**schema, "description": "This page's items, in the list's order."}
        return paged


def _whole_number(text: str, *, low: int, high: int | None = None) -> int | None:
    text = text.strip()
    if not text.isdigit() or not text.isascii():
        return None
    # Past a billion it is "too far" whatever the digits say (and int() refuses thousands of them).
    number = int(text) if len(text) <= 10 else 10**10
    if number < low or (high is not None and number > high):
        return None
    return number


class ListApi(APIView):
    """A view whose GET answers a list: one page of it (the schema documents the parameters and the shape)."""

    pagination_class = Pages

    def paginated(self, items: Sequence[Any] | Any, serialize: Callable[[list[Any]], Any], **extra: Any) -> Response:
        """One page of items, serialized; extra keys (a queue's counts) go beside count, next, previous, results."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(items, self.request, view=self)
        response = paginator.get_paginated_response(serialize(page))
        if extra:
            results = response.data.pop("results")
            response.data.update(extra)
            response.data["results"] = results
        return response
