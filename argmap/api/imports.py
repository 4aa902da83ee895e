"""Importing a map through the API, as on the pages: send a file's text, read its preview (counts, what is left
out), then confirm it. The same services decide and check everything."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import fields
from argmap.classrooms import lookups
from argmap.interchange import readers, services
from argmap.interchange.lookups import draft_for_sender
from argmap.interchange.services import Preview


def preview_data(preview: Preview) -> dict[str, Any]:
    draft = preview.draft
    return {
        "id": draft.pk,
        "format": draft.format,
        "file_name": draft.file_name,
        "classroom": draft.classroom_id,
        "destination": preview.destination,
        "title": preview.title,
        "question": preview.question,
        "counts": preview.imported.counts,
        "notes": preview.imported.notes,
        "measures": preview.measures,
        "imported_as": draft.map.slug if draft.map_id else None,
    }


class ImportCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    error_statuses = {404}  # a class the person does not teach (or an archived one)

    class ImportInputSerializer(serializers.Serializer):
        text = fields.Text(help_text="The file's text (UTF-8).")
        format = serializers.ChoiceField(
            choices=["", *readers.READERS],
            required=False,
            default="",
            help_text="json, aif (AIF or OVA), kialo or argdown; empty: worked out from the file.",
        )
        file_name = fields.Text(max_length=200, required=False, allow_blank=True, default="")
        classroom = fields.Id(
            required=False, allow_null=True, default=None, help_text="A class you teach; null: a public map (admins)."
        )
        title = fields.Text(max_length=200, required=False, allow_blank=True, default="")
        keep_rebuttals = fields.Boolean(
            required=False, default=False, help_text="Import rebuttal pairs without their second direction."
        )

    @extend_schema(
        request=ImportInputSerializer,
        responses={201: dict},
        summary="Read a file for a new map and preview it (nothing is saved until you confirm)",
    )
    def post(self, request: Request) -> Response:
        serializer = self.ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        classroom = lookups.classroom_for_importer(request.user, data["classroom"]) if data["classroom"] else None
        try:
            preview = services.import_preview(
                by=request.user,
                text=data["text"],
                format=data["format"],
                file_name=data["file_name"],
                classroom=classroom,
                title=data["title"],
                keep_rebuttals=data["keep_rebuttals"],
            )
        except ValidationError as error:
            # What the pages call the file is the text here.
            problems = error.message_dict
            raise serializers.ValidationError(
                {("text" if field == "file" else field): messages for field, messages in problems.items()}
            ) from error
        return Response(preview_data(preview), status=status.HTTP_201_CREATED)


class ImportDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: dict}, summary="An import's preview: counts, what is left out, its measures")
    def get(self, request: Request, draft_id: int) -> Response:
        return Response(preview_data(services.import_draft_preview(draft=draft_for_sender(request.user, draft_id))))


class ImportConfirmApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: dict}, summary="Import a previewed file as a new map")
    def post(self, request: Request, draft_id: int) -> Response:
        map = services.import_confirm(draft=draft_for_sender(request.user, draft_id), by=request.user)
        return Response(
            {"slug": map.slug, "title": map.title, "url": map.get_absolute_url()}, status=status.HTTP_201_CREATED
        )
