"""App configuration for the argument graph."""

from __future__ import annotations

from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "argmap.maps"
    label = "maps"
    verbose_name = "Argument maps"
