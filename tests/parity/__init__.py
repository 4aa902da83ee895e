"""Parity: every action that both the pages and the API offer, run through each, must end the same way."""

from __future__ import annotations
