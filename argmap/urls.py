"""The site's URL map: pages per app, the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("argmap.api.urls")),
    path("classes/", include("argmap.classrooms.urls")),
    path("curation/", include("argmap.curation.urls")),
    path("", include("argmap.accounts.urls")),
    path("", include("argmap.moderation.urls")),
    path("", include("argmap.maps.urls")),
]
