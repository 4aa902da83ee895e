"""Slows down guessing: failed sign-ins and joins are counted per address, and refused for a while past a limit."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

MAX_FAILURES = 20
WINDOW_SECONDS = 15 * 60
MESSAGE = "Too many tries from here. Wait a quarter of an hour, or ask your teacher for help."


def _key(request: HttpRequest, action: str) -> str:
    return f"argmap:failures:{action}:{request.META.get('REMOTE_ADDR', 'unknown')}"


def too_many_failures(request: HttpRequest, action: str) -> bool:
    return cache.get(_key(request, action), 0) >= MAX_FAILURES


def record_failure(request: HttpRequest, action: str) -> None:
    key = _key(request, action)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)
