"""API for the school's data: a person's own data to download, and archiving a class at the end of the year."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.accounts import selectors as account_selectors
from argmap.classrooms import lookups, services
from argmap.classrooms.models import Classroom


@method_decorator(never_cache, name="dispatch")
class MyDataApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: dict},
        summary="Everything you gave argmap",
        description=(
            "Your account, your classes (with the pseudonym classmates see), every statement you wrote with its "
            "earlier wordings, the links you made, your votes and the flags you raised. No other person's name; "
            "another person's statement only while it is visible. The same as the JSON download on /accounts/my-data/."
        ),
    )
    def get(self, request: Request) -> Response:
        return Response(account_selectors.personal_data(person=request.user))


class ClassStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    status = serializers.CharField(help_text="active, or archived: read-only and out of its students' lists.")
    archived_at = serializers.DateTimeField(allow_null=True)
    joining_open = serializers.BooleanField()


def _status(classroom: Classroom) -> Response:
    return Response(ClassStatusSerializer(classroom).data)


class ClassArchiveApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=ClassStatusSerializer,
        summary="Archive a class at the end of the year",
        description="Its maps are locked with voting closed, joining closes, and its students no longer see it "
        "in their lists. Nothing is deleted; restore undoes it.",
    )
    def post(self, request: Request, classroom_id: int) -> Response:
        classroom = lookups.classroom_for_manager(request.user, classroom_id)
        return _status(services.classroom_archive(classroom=classroom, by=request.user))


class ClassRestoreApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=ClassStatusSerializer,
        summary="Restore an archived class",
        description="Each map's lock and voting, and joining, go back to how they were before archiving.",
    )
    def post(self, request: Request, classroom_id: int) -> Response:
        classroom = lookups.classroom_for_manager(request.user, classroom_id)
        return _status(services.classroom_restore(classroom=classroom, by=request.user))
