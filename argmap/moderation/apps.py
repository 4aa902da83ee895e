"""App configuration for moderation."""

from __future__ import annotations

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "argmap.moderation"
    label = "moderation"
    verbose_name = "Moderation"
