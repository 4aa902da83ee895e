"""Sign-in, sign-out, sign-up and joining a class."""

from __future__ import annotations

from django.urls import path

from argmap.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", views.SignOutView.as_view(), name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("join/", views.join, name="join"),
    path("join/welcome/", views.welcome, name="welcome"),
]
