"""argmap's own settings, as production runs them, with the static files collected into the bench's scratch folder.

Production stores static files under hashed names read from a manifest in STATIC_ROOT; the bench collects them into
a temporary folder (BENCH_STATIC_ROOT) instead of the checkout's staticfiles/.
"""

from __future__ import annotations

import os

from argmap.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
