"""A class debates in real Chromium: the teacher starts a debate, students join, argue and vote live."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from argmap.classrooms.models import Classroom
from argmap.maps.models import Map
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_WITHIN_MS = 5_000


@pytest.fixture
def essay_map(transactional_db):
    call_command("loaddata", "destalinisation", verbosity=0)
    return Map.objects.get(slug="destalinisation")


@pytest.fixture
def teacher_account(django_user_model):
    return django_user_model.objects.create_user(
        username="ms-rivera", password="teach-pass-1", display_name="Ms Rivera", is_teacher=True
    )


def join(page, code: str, name: str) -> None:
    page.goto("/join/")
    page.get_by_label("Class code").fill(code.lower())
    page.get_by_label("Your name").fill(name)
    page.get_by_label(re.compile(r"^Password:?$")).fill("Volgograd-1961")
    page.get_by_label("Password again").fill("Volgograd-1961")
    page.get_by_role("button", name="Join the class").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"You're in, {name}")


def test_a_class_debates_and_votes_and_sees_each_other_live(new_page, essay_map, teacher_account):
    teacher, first, second = new_page(), new_page(), new_page()

    # The teacher creates a class and starts a debate from the essay map.
    sign_in(teacher, "ms-rivera", "teach-pass-1")
    teacher.goto("/classes/new/")
    teacher.get_by_label("Class name").fill("10C History")
    teacher.get_by_role("button", name="Create the class").click()
    code = Classroom.objects.get(name="10C History").join_code
    expect(teacher.locator(".join-code")).to_have_text(code)
    teacher.get_by_label("Map to debate").select_option(label=essay_map.title)
    teacher.get_by_role("button", name="Start the debate").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text(essay_map.question)
    debate = Map.objects.get(classroom__name="10C History")
    assert debate.nodes.count() == essay_map.nodes.count()

    # Two students join with the code; the second watches the Virgin Lands measure.
    join(first, code, "Sam K")
    join(second, code, "Alex P")
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    for page in (first, second):
        page.goto(f"/maps/{debate.slug}/")
        page.locator(f"#measure-{measure.pk} details.arguments > summary").click()
        expect(page.locator(f"#arguments-{measure.pk} .argument").first).to_be_visible()
    second.evaluate("window.notReloaded = true")
    watched = second.locator(f"#measure-{measure.pk}")
    expect(watched.locator(".vote-count")).to_contain_text("0 votes")

    # The first student adds a counterclaim under the measure, then votes.
    card = first.locator(f"#measure-{measure.pk}")
    card.locator(f"#reply-{measure.pk} > summary").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    form.get_by_label("▼ Opposes it (a counterclaim)").check()
    form.get_by_label("What you want to say").fill("Dust storms blew the topsoil off the new farms.")
    form.get_by_role("button", name="Add it").click()
    expect(card.get_by_text("Added. Everyone in the class can see it now.")).to_be_visible()
    card.locator(".scale-option", has_text="Mostly unsuccessful").click()
    card.get_by_role("button", name=re.compile("^Vote")).click()
    expect(card.locator(".vote-panel")).to_contain_text("Your vote: 2")
    expect(card.locator(".bars")).to_contain_text("1 (100%)")

    # The second student's browser shows both, within five seconds and without a reload.
    counterclaim = watched.locator(".argument-con", has_text="Dust storms blew the topsoil off the new farms.")
    expect(counterclaim).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(counterclaim).to_contain_text("Counterclaim")
    expect(counterclaim).to_contain_text("by Sam K")
    expect(watched.locator(".vote-count")).to_contain_text("1 vote before the debate", timeout=LIVE_WITHIN_MS)
    assert second.evaluate("window.notReloaded") is True

    # The second student votes and then sees the class's distribution; the results page shows it.
    watched.locator(".scale-option", has_text="Mixed").click()
    watched.get_by_role("button", name=re.compile("^Vote")).click()
    expect(watched.locator(".bars")).to_contain_text("1 (50%)")
    teacher.goto(f"/maps/{debate.slug}/results/")
    result = teacher.locator(f"#result-{measure.pk}")
    expect(result).to_contain_text("Before the debate: 2 votes")
    expect(result.get_by_role("row", name=re.compile("2 Mostly unsuccessful"))).to_contain_text("1 (50%)")
    expect(result.get_by_role("row", name=re.compile("3 Mixed"))).to_contain_text("1 (50%)")
    expect(result).to_contain_text("Mean 2.5")
