"""manage.py seed: load the essay map once, and (with DEBUG on) a demo class with its people. Safe to rerun."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from argmap.classrooms.models import Classroom, Role
from argmap.classrooms.services import debate_start, membership_add
from argmap.maps.models import Map

ESSAY_MAP_SLUG = "destalinisation"
DEMO_CLASS = "10B History"
DEMO_JOIN_CODE = "DEBATE"

# Development only: never created when DEBUG is off.
DEMO_ACCOUNTS = [
    {"username": "teacher", "password": "teach-argmap-1", "display_name": "Ms Rivera", "role": "teacher"},
    {"username": "student", "password": "learn-argmap-1", "display_name": "Sam K", "role": "student"},
    {"username": "student2", "password": "learn-argmap-2", "display_name": "Alex P", "role": "student"},
    {"username": "admin", "password": "curate-argmap-1", "display_name": "Admin", "role": "admin"},
]


class Command(BaseCommand):
    help = "Load the destalinisation essay map if it is missing and, with DEBUG on, a demo class and accounts."

    def handle(self, *args: object, **options: object) -> None:
        if Map.objects.filter(slug=ESSAY_MAP_SLUG).exists():
            self.stdout.write("The essay map is already loaded.")
        else:
            call_command("loaddata", "destalinisation", verbosity=0)
            self.stdout.write("Loaded the essay map “destalinisation”.")
        if not settings.DEBUG:
            return
        with transaction.atomic():
            people = {account["role"] + account["username"]: self._account(account) for account in DEMO_ACCOUNTS}
            teacher = people["teacherteacher"]
            classroom = Classroom.objects.filter(name=DEMO_CLASS, teacher=teacher).first()
            if classroom is None:
                classroom = Classroom.objects.create(name=DEMO_CLASS, teacher=teacher, join_code=DEMO_JOIN_CODE)
                membership_add(classroom=classroom, user=teacher, role=Role.TEACHER)
                for key in ("studentstudent", "studentstudent2"):
                    membership_add(classroom=classroom, user=people[key], role=Role.STUDENT)
                debate_start(classroom=classroom, by=teacher, source=Map.objects.get(slug=ESSAY_MAP_SLUG))
        debate = Map.objects.filter(classroom=classroom).order_by("id").first()
        self.stdout.write("Demo accounts (development only):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['username']:<8} password {account['password']:<16} {account['role']}")
        self.stdout.write(f"Demo class “{classroom.name}”, join code {classroom.join_code}")
        if debate is not None:
            self.stdout.write(f"Its debate: /maps/{debate.slug}/")

    def _account(self, account: dict[str, str]):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=account["username"],
            defaults={
                "display_name": account["display_name"],
                "is_teacher": account["role"] == "teacher",
                "is_staff": account["role"] == "admin",
                "is_superuser": account["role"] == "admin",
            },
        )
        if created:
            user.set_password(account["password"])
            user.save(update_fields=["password"])
        return user
