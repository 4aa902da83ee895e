"""The API's side of the write limits (argmap.classrooms.ratelimits): the same counts as the pages, a JSON 429."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import Throttled
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from argmap.classrooms import ratelimits


class WritingTooFast(Throttled):
    """429 with the pages' words as `detail`, and Retry-After."""

    def __init__(self, seconds: int) -> None:
        super().__init__(detail=ratelimits.MESSAGE)
        self.wait = seconds


class WriteRateThrottle(BaseThrottle):
    """A write to a map (its `slug` in the URL) counts for the person and for the map's class; reads never count."""

    counts_reads = False  # so the schema lists 429 on writes only (argmap/api/schema.py)

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return True
        classroom_id = ratelimits.classroom_of_map(view.kwargs["slug"])
        seconds = ratelimits.write_wait(person_id=request.user.pk, classroom_id=classroom_id)
        if seconds is not None:
            raise WritingTooFast(seconds)
        return True
