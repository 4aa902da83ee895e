"""API for classes: your classes, creating one, its join code, students, debates, and joining."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.accounts import lockout
from argmap.accounts.authentication import LockedOut
from argmap.api import fields
from argmap.api.pagination import ListApi
from argmap.classrooms import lookups, permissions, services
from argmap.classrooms.models import Classroom, Membership, Role
from argmap.maps.models import Map, Visibility


class ClassroomOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    teacher = serializers.CharField(source="teacher.name")
    join_code = serializers.SerializerMethodField(help_text="Only for the class's teacher and admins.")
    joining_open = serializers.BooleanField(help_text="Whether new students may join with the code.")
    debates = serializers.SerializerMethodField()

    def get_join_code(self, classroom: Classroom) -> str | None:
        return classroom.join_code if classroom.pk in self.context.get("managed", set()) else None

    def get_debates(self, classroom: Classroom) -> list[str]:
        return [map.slug for map in classroom.maps.all()]


def _context(request: Request) -> dict[str, set[int]]:
    return {"managed": set(permissions.classrooms_managed_by(request.user).values_list("pk", flat=True))}


class ClassroomListApi(ListApi):
    permission_classes = [IsAuthenticated]

    class ClassroomCreateInputSerializer(serializers.Serializer):
        name = fields.Text(max_length=100)

    @extend_schema(
        responses=ClassroomOutputSerializer(many=True),
        summary="Your classes, by name",
        description="Archived classes are listed only for the people who run them (their teacher and admins).",
    )
    def get(self, request: Request) -> Response:
        scope = (
            Classroom.objects.all() if permissions.is_admin(request.user) else permissions.classrooms_of(request.user)
        )
        # As on the page: an archived class leaves its students' list and stays in its teacher's.
        scope = scope.active() | scope.filter(pk__in=permissions.classrooms_managed_by(request.user).values("pk"))
        classrooms = scope.select_related("teacher").prefetch_related(_debates()).order_by("name", "pk")
        context = _context(request)
        return self.paginated(classrooms, lambda page: ClassroomOutputSerializer(page, many=True, context=context).data)

    @extend_schema(
        request=ClassroomCreateInputSerializer, responses={201: ClassroomOutputSerializer}, summary="Create a class"
    )
    def post(self, request: Request) -> Response:
        serializer = self.ClassroomCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        classroom = services.classroom_create(teacher=request.user, name=serializer.validated_data["name"])
        return Response(
            ClassroomOutputSerializer(classroom, context=_context(request)).data, status=status.HTTP_201_CREATED
        )


def _debates():
    from django.db.models import Prefetch

    return Prefetch("maps", queryset=Map.objects.defer("source_document").order_by("pk"))


def _visible_classrooms(request: Request) -> QuerySet[Classroom]:
    """Classes this person teaches or belongs to; every class for admins."""
    return Classroom.objects.all() if permissions.is_admin(request.user) else permissions.classrooms_of(request.user)


def _managed_classroom(request: Request, classroom_id: int) -> Classroom:
    return lookups.classroom_for_manager(request.user, classroom_id)


class ClassroomDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    class StudentSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="user.pk")
        name = serializers.CharField(source="user.name")
        username = serializers.CharField(source="user.username")

    @extend_schema(responses=ClassroomOutputSerializer, summary="One of your classes, with its students")
    def get(self, request: Request, classroom_id: int) -> Response:
        classroom = lookups.classroom_for_member(request.user, classroom_id)
        context = _context(request)
        data = ClassroomOutputSerializer(classroom, context=context).data
        if classroom.pk in context["managed"]:
            students = Membership.objects.filter(classroom=classroom, role=Role.STUDENT).select_related("user")
            data["students"] = self.StudentSerializer(students, many=True).data
        return Response(data)


class JoinCodeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: dict}, summary="Replace the class's join code")
    def post(self, request: Request, classroom_id: int) -> Response:
        classroom = services.join_code_rotate(classroom=_managed_classroom(request, classroom_id), by=request.user)
        return Response({"join_code": classroom.join_code})


class JoiningApi(APIView):
    permission_classes = [IsAuthenticated]

    class JoiningSerializer(serializers.Serializer):
        open = fields.Boolean(help_text="True lets new students join with the code; false stops them.")

    @extend_schema(request=JoiningSerializer, responses=JoiningSerializer, summary="Open or close joining")
    def post(self, request: Request, classroom_id: int) -> Response:
        classroom = _managed_classroom(request, classroom_id)
        serializer = self.JoiningSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        classroom = services.joining_set(classroom=classroom, by=request.user, open=serializer.validated_data["open"])
        return Response({"open": classroom.joining_open})


@method_decorator(never_cache, name="dispatch")  # the answer holds first passwords: nothing keeps a copy
class StudentsCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    class StudentsInputSerializer(serializers.Serializer):
        names = serializers.ListField(
            child=fields.Text(max_length=60), allow_empty=False, min_length=1, max_length=services.BATCH_MAX
        )

    class CredentialsSerializer(serializers.Serializer):
        name = serializers.CharField(source="user.name")
        username = serializers.CharField(source="user.username")
        password = serializers.CharField()

    @extend_schema(
        request=StudentsInputSerializer, responses={201: CredentialsSerializer(many=True)}, summary="Add students"
    )
    def post(self, request: Request, classroom_id: int) -> Response:
        classroom = _managed_classroom(request, classroom_id)
        serializer = self.StudentsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        credentials = services.students_create_batch(
            classroom=classroom, by=request.user, names=serializer.validated_data["names"]
        )
        return Response(self.CredentialsSerializer(credentials, many=True).data, status=status.HTTP_201_CREATED)


class DebateStartApi(APIView):
    permission_classes = [IsAuthenticated]

    class DebateInputSerializer(serializers.Serializer):
        source = fields.Slug(max_length=80, help_text="The slug of a public map.")
        title = fields.Text(max_length=200, required=False, allow_blank=True, default="")

    @extend_schema(request=DebateInputSerializer, responses={201: dict}, summary="Start a debate from a public map")
    def post(self, request: Request, classroom_id: int) -> Response:
        classroom = _managed_classroom(request, classroom_id)
        serializer = self.DebateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = Map.objects.filter(slug=serializer.validated_data["source"], visibility=Visibility.PUBLIC).first()
        if source is None:
            raise serializers.ValidationError({"source": ["No public map has that slug."]})
        debate = services.debate_start(
            classroom=classroom, by=request.user, source=source, title=serializer.validated_data["title"]
        )
        return Response({"slug": debate.slug, "title": debate.title}, status=status.HTTP_201_CREATED)


class JoinApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # joining needs no account yet, so no session and no CSRF token
    error_statuses = {429}  # too many wrong codes from one address (argmap/api/schema.py)

    class JoinInputSerializer(serializers.Serializer):
        join_code = fields.Text(max_length=12)
        display_name = fields.Text(max_length=60)
        password = fields.Text(max_length=128, style={"input_type": "password"})

    @extend_schema(request=JoinInputSerializer, responses={201: dict}, summary="Join a class with its code")
    def post(self, request: Request) -> Response:
        if refused := lockout.join_refusal(request):
            raise LockedOut(*refused)
        serializer = self.JoinInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.student_join(**serializer.validated_data)
        except ValidationError as error:
            # A wrong or closed code counts towards the lockout, as on the join page; a refused name does not.
            if "join_code" in getattr(error, "error_dict", {}) and (refused := lockout.join_code_failed(request)):
                raise LockedOut(*refused) from error
            raise
        return Response({"username": user.username, "display_name": user.name}, status=status.HTTP_201_CREATED)


@method_decorator(never_cache, name="dispatch")  # the answer holds the new password: nothing keeps a copy
class PasswordResetApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: dict}, summary="Give a student of the class a new password")
    def post(self, request: Request, classroom_id: int, user_id: int) -> Response:
        classroom = _managed_classroom(request, classroom_id)
        membership = lookups.student_of(classroom, user_id)
        credentials = services.student_password_reset(classroom=classroom, by=request.user, student=membership.user)
        return Response(
            {"name": credentials.user.name, "username": credentials.user.username, "password": credentials.password}
        )


class StudentUnlockApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: dict},
        summary="Let a student locked out by wrong passwords sign in again",
        description="Clears the student's wrong passwords from every address; their password stays as it is.",
    )
    def post(self, request: Request, classroom_id: int, user_id: int) -> Response:
        classroom = _managed_classroom(request, classroom_id)
        membership = lookups.student_of(classroom, user_id)
        lockout.student_unlock(classroom=classroom, by=request.user, student=membership.user)
        return Response({"name": membership.user.name, "username": membership.user.username, "locked_out": False})
