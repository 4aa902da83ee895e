"""API for curators: evidence that needs review, verdicts, sources for statements, and the source library."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import fields
from argmap.api.maps import NodeOutputSerializer
from argmap.api.pagination import ListApi
from argmap.curation import selectors, services
from argmap.maps.models import CurationStatus, Node, Source


class LibrarySourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    title = fields.Text(max_length=300)
    author = fields.Text(max_length=200, required=False, allow_blank=True)
    year = fields.Year(required=False, allow_null=True)
    publisher = fields.Text(max_length=200, required=False, allow_blank=True)
    url = fields.Url(max_length=500, required=False, allow_blank=True)
    page = fields.Text(max_length=60, required=False, allow_blank=True)
    quote = fields.Text(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=CurationStatus.choices, required=False)
    curator_note = fields.Text(required=False, allow_blank=True)


class ReviewListApi(ListApi):
    permission_classes = [IsAuthenticated]
    error_statuses = {400}  # an unknown ?filter=

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "filter",
                enum=list(selectors.FILTERS),
                default="all",
                description="; ".join(f"{key}: {label}" for key, (label, _) in selectors.FILTERS.items()),
            )
        ],
        responses=NodeOutputSerializer(many=True),
        summary="Evidence that needs review",
    )
    def get(self, request: Request) -> Response:
        services.require_curator(request.user)
        filter = request.query_params.get("filter", "all")
        if filter not in selectors.FILTERS:
            raise serializers.ValidationError({"filter": [f"Choose one of: {', '.join(selectors.FILTERS)}."]})
        nodes = selectors.needs_review(filter=filter)
        return self.paginated(nodes, lambda page: NodeOutputSerializer(page, many=True).data)


class VerdictApi(APIView):
    permission_classes = [IsAuthenticated]

    class VerdictInputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=CurationStatus.choices)
        note = fields.Text(required=False, allow_blank=True, default="", max_length=1000)

    @extend_schema(request=VerdictInputSerializer, responses=NodeOutputSerializer, summary="Verify or dispute")
    def post(self, request: Request, node_id: int) -> Response:
        services.require_curator(request.user)
        node = get_object_or_404(Node.objects.select_related("map", "source"), pk=node_id)
        serializer = self.VerdictInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.node_curate(node=node, by=request.user, **serializer.validated_data)
        return Response(NodeOutputSerializer(node).data)


class NodeSourceApi(APIView):
    permission_classes = [IsAuthenticated]

    class NodeSourceInputSerializer(serializers.Serializer):
        source = fields.Id(allow_null=True, help_text="A source of the library, or null for none.")

    @extend_schema(request=NodeSourceInputSerializer, responses=NodeOutputSerializer, summary="Attach a source")
    def post(self, request: Request, node_id: int) -> Response:
        services.require_curator(request.user)
        node = get_object_or_404(Node.objects.select_related("map"), pk=node_id)
        serializer = self.NodeSourceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source_id = serializer.validated_data["source"]
        source = None
        if source_id is not None:
            source = Source.objects.filter(pk=source_id).first()
            if source is None:
                raise serializers.ValidationError({"source": ["No such source in the library."]})
        services.node_attach_source(node=node, by=request.user, source=source)
        return Response(NodeOutputSerializer(node).data)


class SourceListApi(ListApi):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=LibrarySourceSerializer(many=True), summary="The source library, by title")
    def get(self, request: Request) -> Response:
        services.require_curator(request.user)
        sources = selectors.source_library().order_by("title", "pk")
        return self.paginated(sources, lambda page: LibrarySourceSerializer(page, many=True).data)

    @extend_schema(request=LibrarySourceSerializer, responses={201: LibrarySourceSerializer}, summary="Add a source")
    def post(self, request: Request) -> Response:
        services.require_curator(request.user)
        serializer = LibrarySourceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = services.source_save(by=request.user, **serializer.validated_data)
        return Response(LibrarySourceSerializer(source).data, status=status.HTTP_201_CREATED)


class SourceDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=LibrarySourceSerializer, responses=LibrarySourceSerializer, summary="Change a source")
    def patch(self, request: Request, source_id: int) -> Response:
        services.require_curator(request.user)
        source = get_object_or_404(Source, pk=source_id)
        serializer = LibrarySourceSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        source = services.source_save(by=request.user, source=source, **serializer.validated_data)
        return Response(LibrarySourceSerializer(source).data)
