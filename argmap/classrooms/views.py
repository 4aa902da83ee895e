"""Class pages: a person's classes, creating one, and a teacher's page to run it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from argmap.classrooms import lookups, permissions, services
from argmap.classrooms.audit import class_audit_sentence
from argmap.classrooms.forms import ClassroomForm, DebateForm, StudentBatchForm
from argmap.classrooms.models import ClassAuditEntry, Classroom, Membership, Role
from argmap.common import apply_service_errors
from argmap.maps.models import Map, Visibility

HISTORY_SHOWN = 50


def _get_classroom_for_member(request: HttpRequest, classroom_id: int) -> Classroom:
    return lookups.classroom_for_member(request.user, classroom_id)


def _get_classroom_for_manager(request: HttpRequest, classroom_id: int) -> Classroom:
    return lookups.classroom_for_manager(request.user, classroom_id)


@login_required
@require_GET
def classroom_list(request: HttpRequest) -> HttpResponse:
    student_counts = (
        Membership.objects.filter(classroom=OuterRef("pk"), role=Role.STUDENT)
        .values("classroom")
        .annotate(count=Count("pk"))
        .values("count")
    )
    classrooms = (
        permissions.classrooms_of(request.user)
        .select_related("teacher")
        .annotate(student_count=Coalesce(Subquery(student_counts, output_field=IntegerField()), 0))
    )
    # An archived class drops out of its pupils' list; the people who run it find it under "Archived".
    archived = classrooms.archived().filter(pk__in=permissions.classrooms_managed_by(request.user).values("pk"))
    return render(
        request,
        "classrooms/classroom_list.html",
        {
            "classrooms": classrooms.active(),
            "archived": archived,
            "can_create": permissions.can_create_classroom(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def classroom_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_classroom(request.user):
        raise PermissionDenied(permissions.WHY_NOT_CREATE_CLASS)
    form = ClassroomForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_create(teacher=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"“{classroom.name}” is ready. Give your students the code {classroom.join_code}."
            )
            return redirect(classroom)
    status = 422 if request.method == "POST" else 200
    return render(request, "classrooms/classroom_form.html", {"form": form}, status=status)


@login_required
@require_GET
def classroom_detail(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = _get_classroom_for_member(request, classroom_id)
    manages = permissions.classrooms_managed_by(request.user).filter(pk=classroom.pk).exists()
    debates = Map.objects.filter(classroom=classroom).defer("source_document").order_by("-created_at")
    context = {"classroom": classroom, "debates": debates, "manages": manages}
    if manages:
        context["students"] = (
            Membership.objects.filter(classroom=classroom, role=Role.STUDENT)
            .select_related("user")
            .order_by("user__display_name")
        )
        public_maps = list(Map.objects.filter(visibility=Visibility.PUBLIC).defer("source_document").order_by("title"))
        context["debate_form"] = DebateForm(maps=public_maps)
        context["batch_form"] = StudentBatchForm()
        context["join_url"] = request.build_absolute_uri(
            f"{reverse('accounts:join')}?{urlencode({'code': classroom.join_code})}"
        )
        history = ClassAuditEntry.objects.filter(classroom=classroom).select_related("actor", "subject")
        context["history"] = [(entry, class_audit_sentence(entry)) for entry in history[:HISTORY_SHOWN]]
    return render(request, "classrooms/classroom_detail.html", context)


@login_required
@require_POST
def join_code_rotate(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = _get_classroom_for_manager(request, classroom_id)
    services.join_code_rotate(classroom=classroom, by=request.user)
    messages.success(request, f"The new code is {classroom.join_code}. The old one no longer works.")
    return redirect(classroom)


@login_required
@require_POST
def joining_set(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = _get_classroom_for_manager(request, classroom_id)
    services.joining_set(classroom=classroom, by=request.user, open=request.POST.get("open") == "1")
    if classroom.joining_open:
        messages.success(request, f"Students can join again with the code {classroom.join_code}.")
    else:
        messages.success(request, "Joining is closed: the code no longer lets anyone in. Students already in stay in.")
    return redirect(classroom)


@never_cache  # the answer is a sheet of first passwords: no browser or proxy keeps a copy
@login_required
@require_http_methods(["GET", "POST"])
def students_add(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = _get_classroom_for_manager(request, classroom_id)
    form = StudentBatchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            credentials = services.students_create_batch(classroom=classroom, by=request.user, names=form.name_list)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return render(request, "classrooms/credentials.html", {"classroom": classroom, "credentials": credentials})
    status = 422 if request.method == "POST" else 200
    return render(request, "classrooms/students_add.html", {"classroom": classroom, "form": form}, status=status)


@never_cache  # the answer shows the new password: no browser or proxy keeps a copy
@login_required
@require_POST
def student_password_reset(request: HttpRequest, classroom_id: int, user_id: int) -> HttpResponse:
    classroom = _get_classroom_for_manager(request, classroom_id)
    membership = lookups.student_of(classroom, user_id)
    credentials = services.student_password_reset(classroom=classroom, by=request.user, student=membership.user)
    return render(
        request, "classrooms/credentials.html", {"classroom": classroom, "credentials": [credentials], "reset": True}
    )


@login_required
@require_POST
def debate_start(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = _get_classroom_for_manager(request, classroom_id)
    public_maps = list(Map.objects.filter(visibility=Visibility.PUBLIC).order_by("title"))
    form = DebateForm(request.POST, maps=public_maps)
    if form.is_valid():
        debate = services.debate_start(
            classroom=classroom, by=request.user, source=form.source_map, title=form.cleaned_data["title"]
        )
        messages.success(request, f"“{debate.title}” is open to your class. Only its members can see it.")
        return redirect(debate)
    messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(classroom)


@login_required
@require_POST
def classroom_archive(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = _get_classroom_for_manager(request, classroom_id)
    try:
        classroom = services.classroom_archive(classroom=classroom, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"“{classroom.name}” is archived: its debates are read-only and its students no longer see it in their "
            "list. Nothing was deleted; restore it whenever you need it.",
        )
    return redirect(classroom)


@login_required
@require_POST
def classroom_restore(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = _get_classroom_for_manager(request, classroom_id)
    try:
        classroom = services.classroom_restore(classroom=classroom, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{classroom.name}” is back: its debates are as they were before you archived it.")
    return redirect(classroom)
