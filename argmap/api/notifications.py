"""API for a student's notifications: the newest with the unread count, and marking them read."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

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


class NewsOutputSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField(help_text="All unread notifications, not only those listed.")
    notifications = NotificationOutputSerializer(many=True, help_text=f"The newest {selectors.LIST_LIMIT}.")


class UnreadOutputSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()


@method_decorator(never_cache, name="dispatch")
class NotificationListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=NewsOutputSerializer,
        summary="Your notifications",
        description="What happened to your own points in your classes' debates, newest first, as "
        "/notifications/ shows them. Only your own; nobody else's.",
    )
    def get(self, request: Request) -> Response:
        return Response(NewsOutputSerializer(selectors.notifications_for(person=request.user)).data)


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
