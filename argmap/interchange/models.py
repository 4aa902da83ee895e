"""A file read for import and waiting for its person to look at the preview and confirm it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportDraft(models.Model):
    """An uploaded file, read and checked, not yet a map. Its preview is built again from the text, so what is
    saved is exactly what was previewed. It belongs to the person who uploaded it and no one else sees it; once
    imported it names the map it became and can't be imported twice."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    classroom = models.ForeignKey(
        "classrooms.Classroom", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(max_length=10)
    file_name = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    title = models.CharField(max_length=200, blank=True, help_text="The new map's title, when the person gave one.")
    keep_rebuttals = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    map = models.ForeignKey("maps.Map", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name or self.format} by {self.owner_id}"
