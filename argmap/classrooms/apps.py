"""App configuration for classes and access rules."""

from __future__ import annotations

from django.apps import AppConfig


class ClassroomsConfig(AppConfig):
    name = "argmap.classrooms"
    label = "classrooms"
    verbose_name = "Classes"
