"""The site's URL map: pages per app, the admin, and the error pages (JSON under /api/)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

import argmap.common  # noqa: F401  (registers the <id:…> converter the apps' patterns use)
from argmap.api.exceptions import unknown_address

handler400 = "argmap.api.exceptions.bad_request"
handler403 = "argmap.api.exceptions.permission_denied"
handler404 = "argmap.api.exceptions.page_not_found"
handler500 = "argmap.api.exceptions.server_error"

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): point them at ours.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True)),
    path("admin/", admin.site.urls),
    path("api/", include("argmap.api.urls")),
    # Whatever under /api/ no API view answers is a JSON 404, in development too (not Django's HTML page).
    re_path(r"^api/", unknown_address),
    path("classes/", include("argmap.classrooms.urls")),
    path("curation/", include("argmap.curation.urls")),
    path("notifications/", include("argmap.notifications.urls")),
    path("", include("argmap.accounts.urls")),
    path("", include("argmap.moderation.urls")),
    path("", include("argmap.debate.urls")),
]
