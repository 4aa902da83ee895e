"""Pages of a student's notifications."""

from __future__ import annotations

from django.urls import path

from argmap.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("count/", views.notification_count, name="count"),
    path("panel/", views.notification_panel, name="panel"),
    path("read/", views.notifications_read, name="read"),
    path("<slug:key>/open/", views.notification_open, name="open"),
]
