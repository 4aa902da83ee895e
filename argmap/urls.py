"""The site's URL map: pages per app, the admin."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): point them at ours.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True)),
    path("admin/", admin.site.urls),
    path("api/", include("argmap.api.urls")),
    path("classes/", include("argmap.classrooms.urls")),
    path("curation/", include("argmap.curation.urls")),
    path("", include("argmap.accounts.urls")),
    path("", include("argmap.moderation.urls")),
    path("", include("argmap.debate.urls")),
]
