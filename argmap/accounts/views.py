"""Signing in and out, teachers signing up, and students joining a class with its code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from argmap.accounts import throttle
from argmap.accounts.forms import JoinForm, SignInForm, TeacherSignupForm
from argmap.accounts.services import teacher_signup
from argmap.classrooms.services import student_join
from argmap.common import apply_service_errors


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if throttle.too_many_failures(request, "login"):
            return render(request, "accounts/login.html", {"form": self.get_form(), "throttled": True}, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: SignInForm) -> HttpResponse:
        throttle.record_failure(self.request, "login")
        return super().form_invalid(form)


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
    if request.method == "POST" and throttle.too_many_failures(request, "join"):
        return render(request, "accounts/join.html", {"form": JoinForm(), "throttled": True}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            user = student_join(
                join_code=form.cleaned_data["join_code"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_service_errors(form, error, fields={"password": "password1"})
            throttle.record_failure(request, "join")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session["new_username"] = user.username
            return redirect("accounts:welcome")
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/join.html", {"form": form}, status=status)


def welcome(request: HttpRequest) -> HttpResponse:
    """Shown once after joining: the sign-in name to write down."""
    username = request.session.pop("new_username", None)
    if not request.user.is_authenticated or username != request.user.get_username():
        return redirect("classrooms:list")
    return render(request, "accounts/welcome.html", {"username": username})
