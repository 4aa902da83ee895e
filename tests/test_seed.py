"""manage.py seed: loads the essay map once and creates the demo accounts in development only."""

from __future__ import annotations

import io

from django.contrib.auth import authenticate
from django.core.management import call_command

from argmap.maps.models import Map, Node


def seed() -> str:
    out = io.StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def test_it_loads_the_essay_map_and_prints_the_demo_accounts(db, settings):
    Map.objects.filter(slug="destalinisation").delete()  # the test database has it already; a new site does not
    settings.DEBUG = True
    output = seed()
    assert "Loaded the essay map" in output
    assert Map.objects.filter(slug="destalinisation").exists()
    assert "teacher  password teach-argmap-1" in output
    assert authenticate(username="student", password="learn-argmap-1") is not None
    assert authenticate(username="admin", password="curate-argmap-1").is_staff


def test_running_it_again_keeps_what_people_changed(db, settings):
    settings.DEBUG = True
    seed()
    node = Node.objects.filter(map__slug="destalinisation", kind="claim").first()
    node.text = "Edited by a teacher"
    node.save()
    assert "already loaded" in seed()
    node.refresh_from_db()
    assert node.text == "Edited by a teacher"


def test_without_debug_no_demo_account_is_made(db, settings, django_user_model):
    settings.DEBUG = False
    output = seed()
    assert "Demo accounts" not in output
    assert not django_user_model.objects.exists()
