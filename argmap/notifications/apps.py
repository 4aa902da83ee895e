"""App configuration for notifications."""

from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "argmap.notifications"
    label = "notifications"
    verbose_name = "Notifications"
