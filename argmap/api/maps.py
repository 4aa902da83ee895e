"""API for maps: reading a map as a person sees it, adding to it, linking, editing, voting, results."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import fields, results
from argmap.api.exceptions import fields_renamed
from argmap.api.pagination import ListApi
from argmap.api.throttles import WriteRateThrottle
from argmap.common import parse_id
from argmap.debate.views_find import EVERYTHING, download_response
from argmap.interchange.downloads import DOWNLOADS
from argmap.maps import selectors
from argmap.maps.lookups import get_map_for_viewer, get_measure_for_viewer, get_node_for_viewer
from argmap.maps.models import TEXT_MAX_LENGTH, Node, NodeKind, Relation
from argmap.maps.search import map_search, measures_of, search_terms
from argmap.maps.services import Citation, contribution_create, link_create
from argmap.moderation.services import node_reword
from argmap.votes.dashboard import results_dashboard
from argmap.votes.services import vote_cast

TEXT_ERRORS = {
    "blank": "Write something first: the text can't be empty.",
    "required": "Write something first: the text can't be empty.",
    "max_length": f"Keep it to {TEXT_MAX_LENGTH} characters or fewer.",
}

RELATION_ERRORS = {"invalid_choice": "Choose “supports” or “opposes”.", "required": "Choose “supports” or “opposes”."}


class SourceSerializer(serializers.Serializer):
    title = fields.Text(max_length=300)
    author = fields.Text(max_length=200, required=False, allow_blank=True, default="")
    year = fields.Integer(min_value=1, max_value=2100, required=False, allow_null=True, default=None)
    url = fields.Url(max_length=500, required=False, allow_blank=True, default="")


class SourceOutputSerializer(serializers.Serializer):
    title = serializers.CharField()
    author = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()
    status = serializers.CharField()
    curator_note = serializers.CharField()


class NodeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    text = serializers.CharField()
    topic = serializers.CharField()
    status = serializers.CharField()
    author = serializers.SerializerMethodField()
    essay_quote = serializers.CharField()
    essay_start = serializers.IntegerField(allow_null=True)
    essay_end = serializers.IntegerField(allow_null=True)
    source = SourceOutputSerializer(allow_null=True)
    curation_status = serializers.CharField(help_text="verified, disputed or unverified (not yet reviewed).")
    curator_note = serializers.CharField()
    added_by_curator = serializers.BooleanField(
        help_text="True for history a curator added: not in the essay, with a source and no essay anchor."
    )
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)

    def get_author(self, node: Node) -> str | None:
        """The name as this person may see it: a pseudonym on an anonymous map."""
        if not node.author_id:
            return None
        return getattr(node, "shown_author", None) or node.author.name


class EdgeOutputSerializer(serializers.Serializer):
    source = serializers.IntegerField(source="from_node_id", help_text="The supporter or attacker.")
    target = serializers.IntegerField(source="to_node_id", help_text="What it speaks to.")
    relation = serializers.CharField()


class MapFieldsSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    question = serializers.CharField()
    visibility = serializers.CharField()
    classroom = serializers.IntegerField(source="classroom_id", allow_null=True)


class MapSummarySerializer(MapFieldsSerializer):
    measure_count = serializers.IntegerField()
    node_count = serializers.IntegerField()


class MapListApi(ListApi):
    @extend_schema(responses=MapSummarySerializer(many=True), summary="The maps you may open, by title")
    def get(self, request: Request) -> Response:
        maps = selectors.maps_for_listing(viewer=request.user).defer("source_document").order_by("title", "pk")
        return self.paginated(maps, lambda page: MapSummarySerializer(page, many=True).data)


class MapDownloadApi(APIView):
    error_statuses = {400}  # ?with_hidden= anything but 1

    @extend_schema(
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,  # json and aif
            (200, "text/plain"): OpenApiTypes.STR,  # argdown
            (200, "text/csv"): OpenApiTypes.STR,
        },
        parameters=[
            OpenApiParameter("file_format", location=OpenApiParameter.PATH, enum=list(DOWNLOADS)),
            OpenApiParameter(
                "with_hidden",
                enum=["1"],
                required=False,
                description="1: hidden statements and points waiting for approval too, each marked (the map's "
                "teacher only; 403 for anyone else).",
            ),
        ],
        summary="Download a map as it is shown: json (argmap's own), aif, argdown or csv",
        description="Hidden statements and points waiting for approval are left out unless the teacher asks for "
        "them (with_hidden=1); authors are named as the map page names them.",
    )
    def get(self, request: Request, slug: str, file_format: str) -> HttpResponse:
        # The address's part is not called "format": DRF reads a "format" argument as a renderer's name.
        if request.query_params.get(EVERYTHING, "1") != "1":
            raise serializers.ValidationError(
                {EVERYTHING: ["Leave it out, or send 1 for hidden and waiting statements too."]}
            )
        return download_response(request, slug, file_format)


class MapDetailApi(APIView):
    class MapDetailSerializer(MapFieldsSerializer):
        description = serializers.CharField()
        measure_label = serializers.CharField()
        revision = serializers.IntegerField()
        is_locked = serializers.BooleanField()
        voting_open = serializers.BooleanField()
        vote_round = serializers.CharField()
        vote_prompt = serializers.CharField()
        vote_labels = serializers.ListField(child=serializers.CharField())
        source_title = serializers.CharField()
        source_document = serializers.CharField()

    @extend_schema(summary="A map as you see it: its nodes and links", responses=None)
    def get(self, request: Request, slug: str) -> Response:
        map, access = get_map_for_viewer(request, slug)
        graph = selectors.map_graph(map=map, access=access)
        strengths = graph.strengths()
        return Response(
            {
                "map": self.MapDetailSerializer(map).data,
                "you_may": {
                    "contribute": access.can_contribute,
                    "vote": access.can_vote,
                    "moderate": access.can_moderate,
                },
                "nodes": NodeOutputSerializer(sorted(graph.nodes.values(), key=lambda n: n.pk), many=True).data,
                "edges": EdgeOutputSerializer(graph.edges, many=True).data,
                # Node id → DF-QuAD strength; null, with strength_problem saying why, when it can't be worked out.
                "strengths": None
                if graph.strength_problem
                else {pk: round(strength, 4) for pk, strength in sorted(strengths.items())},
                "strength_problem": graph.strength_problem or None,
            }
        )


class NodeFoundSerializer(NodeOutputSerializer):
    measures = serializers.ListField(
        child=serializers.IntegerField(), source="found_measures", help_text="The measures it argues about."
    )
    strength = serializers.FloatField(source="found_strength", allow_null=True, help_text="Its argument strength.")
    relation = serializers.CharField(
        source="found_relation", allow_null=True, help_text="With replies_to: how it speaks to that statement."
    )
    replies = serializers.IntegerField(source="found_replies", help_text="How many statements speak to it.")


class NodeCreateApi(ListApi):
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [WriteRateThrottle]
    error_statuses = {400, 404}  # a ?sort= it can't read; a ?replies_to= statement it can't see

    @extend_schema(
        parameters=[
            OpenApiParameter("q", description="Words to find: statements holding every one of them, best first."),
            OpenApiParameter(
                "sort",
                enum=[order for order in selectors.ARGUMENT_ORDERS if order],
                description="; ".join(
                    f"{order}: {label}" for order, label in selectors.ARGUMENT_ORDERS.items() if order
                )
                + ". Left out: the map's order (with replies_to, the essay's).",
            ),
            OpenApiParameter("replies_to", int, description="Only what speaks to this statement directly."),
        ],
        responses=NodeFoundSerializer(many=True),
        summary="A map's statements as you see them: find them by words, list a statement's arguments, sort them",
    )
    def get(self, request: Request, slug: str) -> Response:
        map, access = get_map_for_viewer(request, slug)
        graph = selectors.map_graph(map=map, access=access)
        query = request.query_params.get("q", "")
        sort = request.query_params.get("sort", "")
        if sort not in selectors.ARGUMENT_ORDERS:
            orders = ", ".join(order for order in selectors.ARGUMENT_ORDERS if order)
            raise serializers.ValidationError({"sort": [f"Choose one of: {orders}."]})
        relations: dict[int, str] = {}
        replies_only = "replies_to" in request.query_params
        if replies_only:
            target_id = parse_id(request.query_params["replies_to"])
            target = graph.nodes.get(target_id) if target_id else None
            if target is None:
                # As an unknown statement in the address: out of sight or not there, it is a 404.
                raise NotFound("No such statement in this map.")
            arguments = graph.arguments_for(target, sort)
            relations = {argument.node.pk: argument.relation for argument in arguments}
            nodes = [argument.node for argument in arguments]
        else:
            nodes = graph.ordered_nodes(sort)
        if search_terms(query):
            # Best matches first, unless a sort or a statement's arguments were asked for: then in that order.
            found = [result.node for result in map_search(graph=graph, query=query, limit=len(graph.nodes))]
            if sort or replies_only:
                matching = {node.pk for node in found}
                found = [node for node in nodes if node.pk in matching]
            nodes = found
        strengths = graph.strengths()

        def serialize(page: list[Node]) -> list:
            for node in page:  # worked out for this page's statements only
                node.found_measures = [measure.pk for measure in measures_of(graph, node)]
                node.found_strength = round(strengths[node.pk], 4) if node.pk in strengths else None
                node.found_relation = relations.get(node.pk)
                node.found_replies = len(graph.incoming.get(node.pk, ()))
            return NodeFoundSerializer(page, many=True).data

        return self.paginated(nodes, serialize)

    class NodeCreateInputSerializer(serializers.Serializer):
        target = fields.Id(help_text="The statement this one speaks to.")
        kind = serializers.ChoiceField(
            choices=[NodeKind.CLAIM, NodeKind.EVIDENCE],
            error_messages={"invalid_choice": "Choose “claim” or “evidence”."},
        )
        relation = serializers.ChoiceField(choices=Relation.choices, error_messages=RELATION_ERRORS)
        text = fields.Text(max_length=TEXT_MAX_LENGTH, error_messages=TEXT_ERRORS)
        source = SourceSerializer(required=False, allow_null=True, help_text="For evidence only.")
        also_target = fields.Id(required=False, allow_null=True)
        also_relation = serializers.ChoiceField(choices=Relation.choices, required=False)
        post_anyway = fields.Boolean(
            required=False,
            default=False,
            help_text="Post a near copy of a statement already in the map (answered 400 with `duplicate_of` "
            "before): it says something different. An exact copy is refused whatever this says.",
        )

    @extend_schema(
        request=NodeCreateInputSerializer, responses={201: NodeOutputSerializer}, summary="Add a claim or evidence"
    )
    def post(self, request: Request, slug: str) -> Response:
        serializer = self.NodeCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target, graph, _ = _node_or_field_error(request, slug, data["target"], field="target")
        also = None
        if data.get("also_target") is not None:
            also = graph.nodes.get(data["also_target"])
            if also is None:
                raise serializers.ValidationError({"also_target": ["No such statement in this map."]})
        source = data.get("source")
        node = contribution_create(
            author=request.user,
            target=target,
            kind=data["kind"],
            relation=data["relation"],
            text=data["text"],
            citation=Citation(**source) if source else None,
            also_target=also,
            also_relation=data.get("also_relation"),
            post_anyway=data["post_anyway"],
        )
        node = Node.objects.select_related("author", "source").get(pk=node.pk)
        return Response(NodeOutputSerializer(node).data, status=status.HTTP_201_CREATED)


class NodeDetailApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [WriteRateThrottle]

    class NodeEditInputSerializer(serializers.Serializer):
        whole_in_patch = True  # PATCH changes the text, so the text is required (argmap/api/schema.py)

        text = fields.Text(max_length=TEXT_MAX_LENGTH, error_messages=TEXT_ERRORS)
        reason = fields.Text(
            required=False, allow_blank=True, default="", max_length=300, help_text="A teacher's reason, audited."
        )

    @extend_schema(responses=NodeOutputSerializer, summary="One statement")
    def get(self, request: Request, slug: str, node_id: int) -> Response:
        node, _, _ = get_node_for_viewer(request, slug, node_id)
        return Response(NodeOutputSerializer(node).data)

    @extend_schema(
        request=NodeEditInputSerializer,
        responses=NodeOutputSerializer,
        summary="Reword a statement: authors their own until a reply; the class's teacher any (audited)",
    )
    def patch(self, request: Request, slug: str, node_id: int) -> Response:
        node, _, _ = get_node_for_viewer(request, slug, node_id)
        serializer = self.NodeEditInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        text = serializer.validated_data["text"]
        node = node_reword(node=node, by=request.user, text=text, reason=serializer.validated_data["reason"])
        return Response(NodeOutputSerializer(node).data)


class LinkCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteRateThrottle]

    class LinkInputSerializer(serializers.Serializer):
        source = fields.Id(help_text="The statement that supports or opposes.")
        target = fields.Id(help_text="The statement it speaks to.")
        relation = serializers.ChoiceField(choices=Relation.choices, error_messages=RELATION_ERRORS)

    @extend_schema(request=LinkInputSerializer, responses={201: EdgeOutputSerializer}, summary="Link two statements")
    def post(self, request: Request, slug: str) -> Response:
        serializer = self.LinkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        source, graph, _ = _node_or_field_error(request, slug, data["source"], field="source")
        target = graph.nodes.get(data["target"])
        if target is None:
            raise serializers.ValidationError({"target": ["No such statement in this map."]})
        with fields_renamed({"from_node": "source", "to_node": "target"}):
            edge = link_create(author=request.user, from_node=source, to_node=target, relation=data["relation"])
        return Response(EdgeOutputSerializer(edge).data, status=status.HTTP_201_CREATED)


class VoteApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteRateThrottle]

    class VoteInputSerializer(serializers.Serializer):
        score = fields.Score(ask="how successful it was", help_text="1 failure … 5 complete success.")

    class VoteSerializer(serializers.Serializer):
        measure = serializers.IntegerField(source="measure_id")
        round = serializers.CharField()
        score = serializers.IntegerField()

    @extend_schema(request=VoteInputSerializer, responses=VoteSerializer, summary="Vote on a measure, or change it")
    def put(self, request: Request, slug: str, node_id: int) -> Response:
        measure, _ = get_measure_for_viewer(request, slug, node_id)
        serializer = self.VoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vote = vote_cast(voter=request.user, measure=measure, score=serializer.validated_data["score"])
        return Response(self.VoteSerializer(vote).data)


class ResultsApi(APIView):
    @extend_schema(
        summary="Results: votes per measure and round, argument strength, both rankings, a teacher's classes",
        responses=results.ResultsSerializer,
    )
    def get(self, request: Request, slug: str) -> Response:
        map, access = get_map_for_viewer(request, slug)
        dashboard = results_dashboard(map=map, access=access, person=request.user)
        return Response(results.results_payload(map=map, dashboard=dashboard))


def _node_or_field_error(request: Request, slug: str, node_id: int, *, field: str):
    """A node of the map for a write, or a 400 naming the field: the map itself still 404s outside scope."""
    map, access = get_map_for_viewer(request, slug)
    graph = selectors.map_graph(map=map, access=access)
    node = graph.nodes.get(node_id)
    if node is None:
        raise serializers.ValidationError({field: ["No such statement in this map."]})
    return node, graph, access
