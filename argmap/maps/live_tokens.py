"""Each map's live token: the value open pages compare to learn whether the map changed since they drew it.

Without a shared cache the token is the map's revision, read with the map. With Redis (settings.LIVE_TOKENS_IN_CACHE,
on whenever REDIS_URL is set) the token lives in Redis, so an unchanged poll is answered from Redis alone, on any
app server, without touching PostgreSQL (argmap.maps.live.LivePollMiddleware).

The same code that bumps a map's revision (services.map_touch, maps_touch) renews its token, twice: at once, inside
the change's transaction, and again once it commits. Every token is new and random, never a revision number, so
no order of two servers' writes can bring back a token a page already holds:

- a page reads the token before it reads the map's statements (lookups.get_map_for_viewer), so a change that
  commits after the read renews the token after it, and the page's next poll sees a different token;
- a server that finds no token (a new map, a Redis restart) adds one only if there is still none (cache.add).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from argmap.maps.models import Map


def in_cache() -> bool:
    return settings.LIVE_TOKENS_IN_CACHE


def key(map_id: int) -> str:
    return f"live:map:{map_id}"


def _fresh() -> str:
    return f"t{secrets.token_hex(6)}"


def token(map: Map) -> str:
    """The map's live token; read once per request and kept on the map object, so a page's ETag is the token
    it read before it read the map's contents."""
    held = getattr(map, "_live_token", None)
    if held is not None:
        return held
    if not in_cache():
        value = f"r{map.revision}"
    else:
        value = cache.get(key(map.pk))
        if value is None:
            cache.add(key(map.pk), _fresh(), timeout=None)
            value = cache.get(key(map.pk))
    map._live_token = value  # type: ignore[attr-defined]
    return value


def renew(map_ids: Iterable[int]) -> None:
    """New tokens for these maps now and again after the transaction commits (see the module's docstring)."""
    if not in_cache():
        return
    ids = list(map_ids)
    if not ids:
        return

    def renew_now() -> None:
        cache.set_many({key(pk): _fresh() for pk in ids}, timeout=None)

    renew_now()
    transaction.on_commit(renew_now)
