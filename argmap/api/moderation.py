"""API for moderation: the queue, actions on statements, flags, merge, move, settings, audit, participation."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import fields
from argmap.api.maps import NodeOutputSerializer
from argmap.api.pagination import ListApi, Pages
from argmap.api.throttles import WriteRateThrottle
from argmap.classrooms import permissions
from argmap.maps.lookups import get_map_for_moderator, get_node_for_viewer
from argmap.maps.models import Map, ModerationMode, Node, Relation, VoteRound
from argmap.moderation import selectors, services
from argmap.moderation.audit import audit_node_ids, audit_sentence
from argmap.moderation.models import Flag, FlagReason

ACTIONS = {
    "approve": lambda node, by, reason: services.node_approve(node=node, by=by),
    "reject": services.node_reject,
    "hide": services.node_hide,
    "restore": services.node_restore,
}


class FlagOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    node = serializers.IntegerField(source="node_id")
    reason = serializers.CharField()
    note = serializers.CharField()
    status = serializers.CharField()
    raised_by = serializers.CharField(source="raised_by.name")
    created_at = serializers.DateTimeField()


QUEUES = {
    "pending": "waiting for approval, oldest first",
    "flagged": "visible with an open flag, the oldest flag first",
    "hidden": "hidden, to restore: the 50 hidden last, newest first",
}


class QueueItemSerializer(NodeOutputSerializer):
    queue = serializers.ChoiceField(choices=list(QUEUES), help_text="; ".join(f"{k}: {v}" for k, v in QUEUES.items()))
    author = serializers.CharField(source="author.name", allow_null=True, help_text="The real name, for the teacher.")
    moderation_note = serializers.CharField()
    flags = FlagOutputSerializer(many=True, source="open_flags", help_text="Its open flags.")


class QueueCountsSerializer(serializers.Serializer):
    pending = serializers.IntegerField()
    flagged = serializers.IntegerField()


class QueuePages(Pages):
    """The queue's pages carry its counts beside the list, as the queue page's heading shows them."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paged = super().get_paginated_response_schema(schema)
        paged["required"].insert(3, "counts")
        counts = {
            "type": "object",
            "description": "How many wait for approval and how many visible statements carry an open flag.",
            "properties": {"pending": {"type": "integer"}, "flagged": {"type": "integer"}},
            "required": ["pending", "flagged"],
        }
        results = paged["properties"].pop("results")
        paged["properties"].update(counts=counts, results=results)
        return paged


class QueueApi(ListApi):
    permission_classes = [IsAuthenticated]
    pagination_class = QueuePages
    error_statuses = {400}  # an unknown ?queue=

    @extend_schema(
        summary="The moderation queue: pending, flagged and hidden statements",
        description="One list, a page at a time: the pending first, then the flagged, then the hidden; each item "
        "says which in `queue`. `counts` holds how many wait and how many are flagged, whatever the page.",
        parameters=[OpenApiParameter("queue", enum=list(QUEUES), description="Only this part of the queue.")],
        responses=QueueItemSerializer(many=True),
    )
    def get(self, request: Request, slug: str) -> Response:
        which = request.query_params.get("queue")
        if which is not None and which not in QUEUES:
            raise serializers.ValidationError({"queue": [f"Choose one of: {', '.join(QUEUES)}."]})
        queue = selectors.moderation_queue(map=get_map_for_moderator(request, slug)[0])
        items: list[Node] = []
        for name in QUEUES:
            if which in (None, name):
                for node in getattr(queue, name):
                    node.queue = name
                    items.append(node)
        counts = QueueCountsSerializer(queue.counts).data
        return self.paginated(items, lambda page: QueueItemSerializer(page, many=True).data, counts=counts)


class ApproveManyApi(APIView):
    permission_classes = [IsAuthenticated]

    class ApproveManySerializer(serializers.Serializer):
        nodes = serializers.ListField(
            child=fields.Id(),
            allow_empty=False,
            min_length=1,
            max_length=500,
            help_text="Ids of contributions waiting for approval; others are left out.",
        )

    @extend_schema(
        request=ApproveManySerializer,
        responses=NodeOutputSerializer(many=True),
        summary="Approve many waiting contributions at once: all of them, or none",
    )
    def post(self, request: Request, slug: str) -> Response:
        map, _ = get_map_for_moderator(request, slug)
        serializer = self.ApproveManySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nodes = selectors.pending_among(map=map, ids=serializer.validated_data["nodes"])
        approved = services.nodes_approve(map=map, by=request.user, nodes=nodes)
        return Response(NodeOutputSerializer(approved, many=True).data)


class NodeModerationApi(APIView):
    permission_classes = [IsAuthenticated]

    class ModerationActionSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=list(ACTIONS))
        reason = fields.Text(required=False, allow_blank=True, default="", max_length=300)

    @extend_schema(
        request=ModerationActionSerializer, responses=NodeOutputSerializer, summary="Approve, reject, hide or restore"
    )
    def post(self, request: Request, slug: str, node_id: int) -> Response:
        node, _, _ = get_node_for_viewer(request, slug, node_id)
        serializer = self.ModerationActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ACTIONS[data["action"]](node=node, by=request.user, reason=data["reason"])
        return Response(NodeOutputSerializer(node).data)


class FlagCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteRateThrottle]

    class FlagInputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=FlagReason.choices)
        note = fields.Text(required=False, allow_blank=True, default="", max_length=200)

    @extend_schema(request=FlagInputSerializer, responses={201: FlagOutputSerializer}, summary="Flag a statement")
    def post(self, request: Request, slug: str, node_id: int) -> Response:
        node, _, _ = get_node_for_viewer(request, slug, node_id)
        serializer = self.FlagInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = services.flag_raise(node=node, by=request.user, **serializer.validated_data)
        return Response(FlagOutputSerializer(flag).data, status=status.HTTP_201_CREATED)


class FlagDismissApi(APIView):
    permission_classes = [IsAuthenticated]

    class DismissInputSerializer(serializers.Serializer):
        reason = fields.Text(required=False, allow_blank=True, default="", max_length=300)

    @extend_schema(request=DismissInputSerializer, responses=FlagOutputSerializer, summary="Dismiss a flag")
    def post(self, request: Request, slug: str, flag_id: int) -> Response:
        map = get_map_for_moderator(request, slug)[0]
        flag = Flag.objects.select_related("node", "raised_by").filter(pk=flag_id, node__map=map).first()
        if flag is None:
            raise Http404("No such flag on this map.")
        serializer = self.DismissInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.flag_dismiss(flag=flag, by=request.user, reason=serializer.validated_data["reason"])
        return Response(FlagOutputSerializer(flag).data)


class MergeApi(APIView):
    permission_classes = [IsAuthenticated]

    class MergeInputSerializer(serializers.Serializer):
        duplicates = serializers.ListField(child=fields.Id(), allow_empty=False, min_length=1, max_length=100)
        reason = fields.Text(required=False, allow_blank=True, default="", max_length=300)

    @extend_schema(request=MergeInputSerializer, responses=NodeOutputSerializer, summary="Merge duplicates into this")
    def post(self, request: Request, slug: str, node_id: int) -> Response:
        node, graph, _ = get_node_for_viewer(request, slug, node_id)
        serializer = self.MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wanted = serializer.validated_data["duplicates"]
        missing = [pk for pk in wanted if pk not in graph.nodes]
        if missing:
            raise serializers.ValidationError({"duplicates": [f"No statement {pk} in this map." for pk in missing]})
        services.node_merge(
            survivor=node,
            duplicates=[graph.nodes[pk] for pk in wanted],
            by=request.user,
            reason=serializer.validated_data["reason"],
        )
        return Response(NodeOutputSerializer(node).data)


class MoveApi(APIView):
    permission_classes = [IsAuthenticated]

    class MoveInputSerializer(serializers.Serializer):
        old_target = fields.Id()
        new_target = fields.Id()
        relation = serializers.ChoiceField(choices=Relation.choices, required=False)

    @extend_schema(request=MoveInputSerializer, responses=None, summary="Move a statement under another one")
    def post(self, request: Request, slug: str, node_id: int) -> Response:
        node, graph, _ = get_node_for_viewer(request, slug, node_id)
        serializer = self.MoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ends = {name: graph.nodes.get(data[name]) for name in ("old_target", "new_target")}
        for name, found in ends.items():
            if found is None:
                raise serializers.ValidationError({name: ["No such statement in this map."]})
        edge = services.node_move(node=node, by=request.user, relation=data.get("relation", ""), **ends)
        return Response({"source": edge.from_node_id, "target": edge.to_node_id, "relation": edge.relation})


class MapSettingsApi(APIView):
    permission_classes = [IsAuthenticated]

    class MapSettingsSerializer(serializers.Serializer):
        moderation_mode = serializers.ChoiceField(choices=ModerationMode.choices, required=False)
        is_anonymous = fields.Boolean(required=False)
        voting_open = fields.Boolean(required=False)
        ratings_open = fields.Boolean(
            required=False, help_text="Students rate each claim and piece of evidence from 1 to 5 while voting is open."
        )
        is_locked = fields.Boolean(required=False)
        vote_round = serializers.ChoiceField(choices=VoteRound.choices, required=False)
        reason = fields.Text(required=False, allow_blank=True, default="", max_length=300, write_only=True)
        students_can = serializers.SerializerMethodField(help_text="What the class's students can do right now.")
        warning = serializers.SerializerMethodField(help_text="Set when these settings leave students nothing to do.")

        def get_students_can(self, map: Map) -> str:
            return permissions.what_students_can_do(map).sentence

        def get_warning(self, map: Map) -> str:
            return permissions.what_students_can_do(map).warning

    @extend_schema(responses=MapSettingsSerializer, summary="The map's settings")
    def get(self, request: Request, slug: str) -> Response:
        return Response(self.MapSettingsSerializer(get_map_for_moderator(request, slug)[0]).data)

    @extend_schema(request=MapSettingsSerializer, responses=MapSettingsSerializer, summary="Change the map's settings")
    def patch(self, request: Request, slug: str) -> Response:
        map = get_map_for_moderator(request, slug)[0]
        serializer = self.MapSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        reason = changes.pop("reason", "")
        services.map_settings_update(map=map, by=request.user, reason=reason, **changes)
        return Response(self.MapSettingsSerializer(map).data)


class AuditApi(ListApi):
    permission_classes = [IsAuthenticated]

    class AuditEntrySerializer(serializers.Serializer):
        created_at = serializers.DateTimeField()
        actor = serializers.CharField(source="actor.name", allow_null=True)
        action = serializers.CharField()
        node = serializers.IntegerField(source="node_id", allow_null=True)
        before = serializers.JSONField()
        after = serializers.JSONField()
        reason = serializers.CharField()
        sentence = serializers.CharField(help_text="The entry in words, as the audit log page reads it.")

    @extend_schema(
        responses=AuditEntrySerializer(many=True),
        summary="The audit log, newest first",
        description="Page 1 is the newest: as the log grows, entries move on to later pages.",
    )
    def get(self, request: Request, slug: str) -> Response:
        map = get_map_for_moderator(request, slug)[0]

        def serialize(entries: list) -> list:
            # The statements this page's entries name by id (a merge's survivor, a move's new place): one query.
            named = Node.objects.filter(map=map, pk__in=audit_node_ids(entries)).only("id", "text", "status", "map_id")
            nodes = {node.pk: node for node in named}
            for node in [*nodes.values(), *(entry.node for entry in entries if entry.node is not None)]:
                node.map = map
            for entry in entries:
                entry.sentence = str(audit_sentence(entry, nodes=nodes))
            return self.AuditEntrySerializer(entries, many=True).data

        return self.paginated(selectors.audit_log(map=map), serialize)


class ParticipationApi(ListApi):
    permission_classes = [IsAuthenticated]

    class ParticipationSerializer(serializers.Serializer):
        name = serializers.CharField()
        username = serializers.CharField()
        claims = serializers.IntegerField()
        evidence = serializers.IntegerField()
        counterclaims = serializers.IntegerField()
        waiting = serializers.IntegerField(help_text="Claims and evidence waiting for the teacher's approval.")
        rejected = serializers.IntegerField(help_text="Claims and evidence the teacher turned down.")
        votes = serializers.DictField(child=serializers.IntegerField())
        flags_raised = serializers.IntegerField()
        flags_received = serializers.IntegerField()

    @extend_schema(responses=ParticipationSerializer(many=True), summary="Who took part, per student, by name")
    def get(self, request: Request, slug: str) -> Response:
        rows = selectors.participation(map=get_map_for_moderator(request, slug)[0])
        return self.paginated(rows, lambda page: self.ParticipationSerializer(page, many=True).data)
