"""How fast one person, and one class, may add to maps: one count that the pages and the API share.

Replies, links, edits, flags and votes each count one write for the person and one for the class of the map
(settings.WRITE_RATE_PER_PERSON and WRITE_RATE_PER_CLASS, generous enough that a real class never meets them).
Counts live in the cache, in fixed windows (one per minute for "30/minute"): Redis when REDIS_URL is set, so every
worker shares them. The pages use `limit_writes`; the API the throttle in argmap/api/throttles.py; both ask
`write_wait`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from argmap.maps.models import Map

MESSAGE = "You're adding very fast: wait a minute and try again."
PERIODS = {"second": 1, "minute": 60, "hour": 3600}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """'30/minute' → 30 writes per 60 seconds."""
        count, _, period = text.partition("/")
        return cls(count=int(count), seconds=PERIODS[period.strip()])


def _now() -> float:
    return time.time()  # its own function, so tests set the clock instead of waiting for a new minute


def _over(key: str, rate: Rate) -> int | None:
    """Count one write in the current window; the seconds left in it when that write is one too many."""
    now = _now()
    window = int(now // rate.seconds)
    cache_key = f"argmap:writes:{key}:{rate.seconds}:{window}"
    if cache.add(cache_key, 1, rate.seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the window's count expired between add and incr
            cache.add(cache_key, 1, rate.seconds + 5)
            count = 1
    if count <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def write_wait(*, person_id: int, classroom_id: int | None) -> int | None:
    """Count a write by this person on a map of this class: None if it may go ahead, else the seconds to wait.

    A person already over their own limit is not counted against the class, so one pupil's flood never stops
    their classmates.
    """
    wait = _over(f"person:{person_id}", Rate.parse(settings.WRITE_RATE_PER_PERSON))
    if wait is None and classroom_id is not None:
        wait = _over(f"class:{classroom_id}", Rate.parse(settings.WRITE_RATE_PER_CLASS))
    return wait


def classroom_of_map(slug: str) -> int | None:
    """The class a map belongs to (None for a public map, or no such map: the view answers 404 for that)."""
    return Map.objects.filter(slug=slug).values_list("classroom_id", flat=True).first()


def limit_writes(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a map's write views (they take `slug`): a POST past the limits is answered 429 with the message.

    With htmx the message appears in the page's notice area (out of band) and nothing else changes, so the form
    keeps what was typed; without JavaScript it is a page of its own with a way back.
    """

    @wraps(view)
    def limited(request: HttpRequest, *args: object, slug: str, **kwargs: object) -> HttpResponse:
        if request.method == "POST" and request.user.is_authenticated:
            wait = write_wait(person_id=request.user.pk, classroom_id=classroom_of_map(slug))
            if wait is not None:
                return too_fast(request, slug=slug, wait=wait)
        return view(request, *args, slug=slug, **kwargs)

    return limited


def too_fast(request: HttpRequest, *, slug: str, wait: int) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = render(request, "too_fast.html#notice", {"message": MESSAGE}, status=429)
        response["HX-Reswap"] = "none"  # only the notice, out of band: the form keeps what was typed
    else:
        response = render(request, "too_fast.html", {"message": MESSAGE, "slug": slug}, status=429)
    response["Retry-After"] = str(wait)
    return response
