"""Sign-in, sign-out, sign-up, joining a class, and a person's own account: password and data."""

from __future__ import annotations

from django.urls import path

from argmap.accounts import views, views_account, views_password, views_tokens

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", views.SignOutView.as_view(), name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", views_account.account, name="account"),
    path("accounts/password/", views_password.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/my-data/", views_account.my_data, name="my_data"),
    path("accounts/my-data/argmap-my-data.json", views_account.my_data_json, name="my_data_json"),
    path("accounts/my-data/argmap-my-data.csv", views_account.my_data_csv, name="my_data_csv"),
    path("accounts/tokens/", views_tokens.token_list, name="tokens"),
    path("accounts/tokens/<str:token_key>/revoke/", views_tokens.token_revoke, name="token_revoke"),
    path("classes/<id:classroom_id>/students/<id:user_id>/unlock/", views.student_unlock, name="student_unlock"),
    path("join/", views.join, name="join"),
    path("join/welcome/", views.welcome, name="welcome"),
]
