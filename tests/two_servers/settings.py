"""Settings for `make two-servers`: argmap's own, production as they are, with static files collected into the
folder each server is given (ARGMAP_STATIC_ROOT), so the check never writes to the checkout's staticfiles/."""

from __future__ import annotations

import os

from argmap.settings import *  # noqa: F403

STATIC_ROOT = os.environ["ARGMAP_STATIC_ROOT"]
