"""App configuration for curation."""

from __future__ import annotations

from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "argmap.curation"
    label = "curation"
    verbose_name = "Curation"
