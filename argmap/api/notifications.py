"""API for a student's notifications: newest first, a page at a time, with the unread count; and marking them read."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api.pagination import ListApi, Pages
from argmap.classrooms import permissions
from argmap.notifications import selectors, services


class NotificationOutputSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Names this notification when marking it read.")
    kind = serializers.ChoiceField(
        choices=selectors.KINDS,
        help_text="approved, rejected (the reason is in the sentence), replied, merged, or kept (a flag on it "
        "was dismissed).",
    )
    at = serializers.DateTimeField(help_text="When it happened (for a reply: when the class could first see it).")
    sentence = serializers.CharField(help_text="What happened, in plain words, as the page says it.")
    detail = serializers.CharField(help_text="A reply's words with its stance; empty for the other kinds.")
    map_title = serializers.CharField()
    node = serializers.IntegerField(source="node_id", help_text="The statement it is about (a merge: the one kept).")
    url = serializers.CharField(help_text="The statement's page.")
    unread = serializers.BooleanField()


class UnreadOutputSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()


class Newest:
    """A person's notifications newest first, for the paginator: count() counts them in the database (two
    queries) and a slice reads the newest up to its end (notifications_for: seven queries, whatever the slice),
    keeping the unread count that read gives.
    """

    def __init__(self, person) -> None:
        self.person = person
        self.unread_count: int | None = None

    def count(self) -> int:
        maps = permissions.maps_reporting_to(self.person)
        return selectors._moderation_news(self.person, maps).count() + selectors._reply_news(self.person, maps).count()

    def __getitem__(self, part: slice) -> list[selectors.Notification]:
        news = selectors.notifications_for(person=self.person, limit=part.stop)
        self.unread_count = news.unread_count
        return news.notifications[part]


class NewsPages(Pages):
    """A page of notifications carries the unread count beside the list, as the header's badge shows it."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paged = super().get_paginated_response_schema(schema)
        paged["required"].insert(3, "unread_count")
        results = paged["properties"].pop("results")
        unread = {"type": "integer", "minimum": 0, "description": "All unread notifications, on every page."}
        paged["properties"].update(unread_count=unread, results=results)
        return paged


@method_decorator(never_cache, name="dispatch")
class NotificationListApi(ListApi):
    permission_classes = [IsAuthenticated]
    pagination_class = NewsPages

    @extend_schema(
        responses=NotificationOutputSerializer(many=True),
        summary="Your notifications",
        description="What happened to your own points in your classes' debates, newest first, as "
        "/notifications/ shows them. Only your own; nobody else's. `unread_count` counts every unread one.",
    )
    def get(self, request: Request) -> Response:
        newest = Newest(request.user)

        def serialize(page: list) -> list:
            return NotificationOutputSerializer(page, many=True).data

        response = self.paginated(newest, serialize)
        results = response.data.pop("results")
        response.data.update(unread_count=newest.unread_count, results=results)
        return response


class NotificationsReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=UnreadOutputSerializer,
        operation_id="me_notifications_read_all",
        summary="Mark all your notifications read",
        description='Everything you have been told so far counts as read, as "Mark all as read" on the page.',
    )
    def post(self, request: Request) -> Response:
        services.notifications_read_all(person=request.user)
        return Response({"unread_count": selectors.unread_count(person=request.user)})


class NotificationReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=UnreadOutputSerializer,
        operation_id="me_notifications_read_one",
        summary="Mark one of your notifications read (opening it)",
        description="The key is one of yours from the list; any other answers 404, whoever's it is.",
    )
    def post(self, request: Request, key: str) -> Response:
        notification = selectors.notification_for(person=request.user, key=key)
        services.notification_open(person=request.user, notification=notification)
        return Response({"unread_count": selectors.unread_count(person=request.user)})
