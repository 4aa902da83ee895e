"""Security regression suites: who may open which door, and no script from what people write."""

from __future__ import annotations
