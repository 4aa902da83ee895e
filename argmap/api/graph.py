"""The map as a picture through the API: the graph view's SVG, the same file the graph page offers."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from argmap.debate.views_graph import graph_svg_response


class MapGraphSvgApi(APIView):
    @extend_schema(
        operation_id="maps_graph_svg_retrieve",
        responses={(200, "image/svg+xml"): OpenApiTypes.STR},
        summary="The map as a graph picture (SVG), as you see it",
        description="A standalone SVG file: the question on top, the measures beneath it, what supports or opposes "
        "each one below; shapes tell the kinds of statement apart and line styles the links. Hidden statements and "
        "classmates' points waiting for approval are left out, as on the graph page.",
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        return graph_svg_response(request, slug)
