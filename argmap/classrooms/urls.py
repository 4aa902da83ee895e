"""Class pages."""

from __future__ import annotations

from django.urls import path

from argmap.classrooms import views

app_name = "classrooms"

urlpatterns = [
    path("", views.classroom_list, name="list"),
    path("new/", views.classroom_create, name="new"),
    path("<id:classroom_id>/", views.classroom_detail, name="detail"),
    path("<id:classroom_id>/code/", views.join_code_rotate, name="rotate_code"),
    path("<id:classroom_id>/joining/", views.joining_set, name="joining"),
    path("<id:classroom_id>/students/new/", views.students_add, name="students_add"),
    path("<id:classroom_id>/students/<id:user_id>/password/", views.student_password_reset, name="password_reset"),
    path("<id:classroom_id>/debates/", views.debate_start, name="debate_start"),
    path("<id:classroom_id>/archive/", views.classroom_archive, name="archive"),
    path("<id:classroom_id>/restore/", views.classroom_restore, name="restore"),
]
