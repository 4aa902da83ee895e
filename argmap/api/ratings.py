"""API for the class's ratings of claims and evidence (issue 11): rate one, and read them with both strengths."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import fields
from argmap.api.throttles import WriteRateThrottle
from argmap.classrooms import permissions
from argmap.maps import selectors
from argmap.maps.lookups import get_map_for_viewer, get_node_for_viewer
from argmap.maps.models import NodeKind
from argmap.votes import ratings as vote_ratings
from argmap.votes.services import rating_cast


class RatingApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteRateThrottle]

    class RatingInputSerializer(serializers.Serializer):
        score = fields.Score(ask="how convincing it is", help_text="1 not convincing … 5 very convincing.")

    class RatingSerializer(serializers.Serializer):
        node = serializers.IntegerField(source="node_id")
        score = serializers.IntegerField()

    @extend_schema(
        request=RatingInputSerializer,
        responses=RatingSerializer,
        summary="Rate how convincing a claim or piece of evidence is, or change your rating",
    )
    def put(self, request: Request, slug: str, node_id: int) -> Response:
        node, _, _ = get_node_for_viewer(request, slug, node_id)
        serializer = self.RatingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating = rating_cast(rater=request.user, node=node, score=serializer.validated_data["score"])
        return Response(self.RatingSerializer(rating).data)


class StatementRatingSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    text = serializers.CharField()
    count = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True, help_text="Null until you may see the class's ratings.")
    distribution = serializers.DictField(
        child=serializers.IntegerField(), allow_null=True, help_text="Score → ratings; null until you may see them."
    )
    your_rating = serializers.IntegerField(allow_null=True)
    you_may_rate = serializers.BooleanField()


class MeasureStrengthSerializer(serializers.Serializer):
    measure = serializers.IntegerField()
    strength = serializers.FloatField(allow_null=True, help_text="DF-QuAD with base scores from curation.")
    strength_from_ratings = serializers.FloatField(
        allow_null=True, help_text="DF-QuAD with the class's mean ratings as base scores ((mean − 1) / 4)."
    )


class RatingsSerializer(serializers.Serializer):
    ratings_open = serializers.BooleanField()
    statements = StatementRatingSerializer(many=True)
    measures = MeasureStrengthSerializer(many=True)
    strength_problem = serializers.CharField(allow_null=True)


class RatingsApi(APIView):
    @extend_schema(
        responses=RatingsSerializer,
        summary="The class's ratings of each claim and piece of evidence, and each measure's strength two ways",
    )
    def get(self, request: Request, slug: str) -> Response:
        map, access = get_map_for_viewer(request, slug)
        graph = selectors.map_graph(map=map, access=access)
        ratings = vote_ratings.attach_ratings(graph=graph, access=access)
        strengths = graph.strengths()
        rated = vote_ratings.rating_strengths(graph=graph, ratings=ratings)
        statements = []
        for node in sorted(graph.nodes.values(), key=lambda node: node.pk):
            if node.kind not in permissions.RATED_KINDS or node.rating is None:
                continue
            panel = node.rating
            summary, shown = panel["summary"], panel["show_distribution"]
            statements.append(
                {
                    "node": node.pk,
                    "text": node.text,
                    "count": summary.count,
                    "mean": round(summary.mean, 4) if shown and summary.mean is not None else None,
                    "distribution": {str(k): v for k, v in summary.distribution.items()} if shown else None,
                    "your_rating": panel["own_rating"],
                    "you_may_rate": panel["can_rate"],
                }
            )
        measures = [
            {
                "measure": node.pk,
                "strength": _rounded(strengths.get(node.pk)),
                "strength_from_ratings": _rounded(rated.get(node.pk)),
            }
            for node in sorted(graph.nodes.values(), key=lambda node: node.pk)
            if node.kind == NodeKind.MEASURE
        ]
        payload = {
            "ratings_open": map.ratings_open,
            "statements": statements,
            "measures": measures,
            "strength_problem": graph.strength_problem or None,
        }
        return Response(RatingsSerializer(payload).data)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
