"""App configuration for the debate's pages: a map, its statements and the essay, with votes and moderation."""

from __future__ import annotations

from django.apps import AppConfig


class DebateConfig(AppConfig):
    name = "argmap.debate"
    label = "debate"
    verbose_name = "Debate pages"
