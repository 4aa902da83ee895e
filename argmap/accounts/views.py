"""Signing in and out, teachers signing up, and students joining a class with its code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from argmap.accounts import lockout
from argmap.accounts.forms import JoinForm, SignInForm, TeacherSignupForm
from argmap.accounts.services import teacher_signup
from argmap.classrooms import lookups
from argmap.classrooms.services import student_join
from argmap.common import apply_service_errors


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form: SignInForm) -> HttpResponse:
        # axes (the backend first in AUTHENTICATION_BACKENDS) marks a request it refused, or whose wrong password
        # was one too many for this account from this address: say so, and when to try again, instead of "wrong".
        if not getattr(self.request, "axes_locked_out", False):
            return super().form_invalid(form)
        username = form.cleaned_data.get("username") or ""
        message, seconds = lockout.refusal(self.request, username)
        context = self.get_context_data(form=SignInForm(self.request, initial={"username": username}), refusal=message)
        return self.render_to_response(context, status=429, headers={"Retry-After": str(seconds)})


class SignOutView(auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = TeacherSignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = teacher_signup(
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {user.name}. Create your first class to get its join code.")
            return redirect("classrooms:new")
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(
        request.POST if request.method == "POST" else None, initial={"join_code": request.GET.get("code", "")}
    )
    if request.method == "POST" and (refused := lockout.join_refusal(request)):
        return _join_refused(request, refused)
    if request.method == "POST" and form.is_valid():
        try:
            user = student_join(
                join_code=form.cleaned_data["join_code"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_service_errors(form, error, fields={"password": "password1"})
            # A wrong or closed code counts towards the lockout; a name or password the form refused does not.
            if "join_code" in getattr(error, "error_dict", {}) and (refused := lockout.join_code_failed(request)):
                return _join_refused(request, refused)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session["new_username"] = user.username
            return redirect("accounts:welcome")
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/join.html", {"form": form}, status=status)


def _join_refused(request: HttpRequest, refused: tuple[str, int]) -> HttpResponse:
    message, seconds = refused
    context = {"form": JoinForm(initial={"display_name": request.POST.get("display_name", "")}), "refusal": message}
    response = render(request, "accounts/join.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def welcome(request: HttpRequest) -> HttpResponse:
    """Shown once after joining: the sign-in name to write down."""
    username = request.session.pop("new_username", None)
    if not request.user.is_authenticated or username != request.user.get_username():
        return redirect("classrooms:list")
    return render(request, "accounts/welcome.html", {"username": username})


@login_required
@require_POST
def student_unlock(request: HttpRequest, classroom_id: int, user_id: int) -> HttpResponse:
    """The teacher's Unlock button beside a pupil locked out by wrong passwords, on the class page."""
    classroom = lookups.classroom_for_manager(request.user, classroom_id)
    membership = lookups.student_of(classroom, user_id)
    lockout.student_unlock(classroom=classroom, by=request.user, student=membership.user)
    messages.success(request, f"{membership.user.name} can sign in again now, with the same password.")
    return redirect(classroom)
