"""The bench's settings with one change: every address is the bare view (bench/bare_urls.py).

Same middleware, sessions, database and cache settings as argmap under the bench, so the bare view costs what
Django, gunicorn and the middleware cost before any page's own work: the practical limit for a page.
"""

from __future__ import annotations

from bench.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
