"""manage.py seed: load the essay map once, and (with DEBUG on) the demo accounts. Safe to run again."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from argmap.maps.models import Map

ESSAY_MAP_SLUG = "destalinisation"

# Development only: never created when DEBUG is off.
DEMO_ACCOUNTS = [
    {"username": "teacher", "password": "teach-argmap-1", "first_name": "Ms Rivera", "is_staff": False},
    {"username": "student", "password": "learn-argmap-1", "first_name": "Sam", "is_staff": False},
    {"username": "admin", "password": "curate-argmap-1", "first_name": "Admin", "is_staff": True},
]


class Command(BaseCommand):
    help = "Load the destalinisation essay map if it is missing and, with DEBUG on, create the demo accounts."

    def handle(self, *args: object, **options: object) -> None:
        if Map.objects.filter(slug=ESSAY_MAP_SLUG).exists():
            self.stdout.write("The essay map is already loaded.")
        else:
            call_command("loaddata", "destalinisation", verbosity=0)
            self.stdout.write("Loaded the essay map “destalinisation”.")
        if not settings.DEBUG:
            return
        User = get_user_model()
        with transaction.atomic():
            for account in DEMO_ACCOUNTS:
                user, created = User.objects.get_or_create(
                    username=account["username"],
                    defaults={"first_name": account["first_name"], "is_staff": account["is_staff"]},
                )
                if created:
                    user.is_superuser = account["is_staff"]
                    user.set_password(account["password"])
                    user.save()
        self.stdout.write("Demo accounts (development only):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['username']:<8} password {account['password']}")
