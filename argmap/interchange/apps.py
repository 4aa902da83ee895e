"""App configuration for importing and exporting maps (its management commands)."""

from __future__ import annotations

from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "argmap.interchange"
    label = "interchange"
    verbose_name = "Import and export"
