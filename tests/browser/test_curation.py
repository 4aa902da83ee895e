"""An admin disputes evidence in real Chromium, and a student sees it in their class's copy of the map."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from argmap.classrooms.services import classroom_create, debate_start, membership_add
from argmap.maps.models import Map
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "The essay gives no source for this; Khrushchev's own memoirs say otherwise. Check it."


@pytest.fixture
def setting(transactional_db, django_user_model):
    call_command("loaddata", "destalinisation", verbosity=0)
    django_user_model.objects.create_user(username="ada", password="curate-pass-1", display_name="Ada", is_staff=True)
    teacher = django_user_model.objects.create_user(username="ms-rivera", password="x-pass-123", is_teacher=True)
    classroom = classroom_create(teacher=teacher, name="10B History")
    student = django_user_model.objects.create_user(username="sam", password="learn-pass-1", display_name="Sam K")
    membership_add(classroom=classroom, user=student, role="student")
    essay = Map.objects.get(slug="destalinisation")
    return essay, debate_start(classroom=classroom, by=teacher, source=essay)


def test_an_admin_disputes_evidence_and_a_student_sees_it_in_the_class_copy(new_page, setting):
    essay, debate = setting
    evidence = essay.nodes.get(kind="evidence", text__startswith="Khrushchev made investments in agriculture")
    copy = debate.nodes.get(origin=evidence)
    admin, student = new_page(), new_page()

    sign_in(admin, "ada", "curate-pass-1")
    admin.goto("/curation/?filter=unreviewed")
    item = admin.locator(f"#curate-{evidence.pk}")
    expect(item).to_contain_text(evidence.text)
    item.get_by_label("Disputed").check()
    item.get_by_label("Note (students see it)").fill(NOTE)
    item.get_by_role("button", name="Save the verdict").click()
    expect(admin.get_by_text(re.compile("Marked disputed"))).to_be_visible()

    sign_in(student, "sam", "learn-pass-1")
    student.goto(f"/maps/{debate.slug}/nodes/{copy.pk}/")
    expect(student.get_by_role("heading", level=1)).to_have_text(copy.text)
    expect(student.locator(".tag-disputed")).to_contain_text("Disputed")
    expect(student.locator(".curator-note")).to_contain_text(NOTE)

    student.goto(f"/maps/{debate.slug}/?open=all")
    card = student.locator(f".argument:has(a[href='/maps/{debate.slug}/nodes/{copy.pk}/'])").first
    expect(card.locator(".tag-disputed")).to_be_visible()
    expect(card).to_contain_text(NOTE)

    student.goto(f"/maps/{debate.slug}/essay/?node={copy.pk}")
    expect(student.locator("mark.passage-current.passage-disputed").first).to_be_visible()
