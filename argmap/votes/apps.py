"""App configuration for votes."""

from __future__ import annotations

from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "argmap.votes"
    label = "votes"
    verbose_name = "Votes"
