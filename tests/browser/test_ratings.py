"""Class ratings in real Chromium (issue 11): the teacher turns them on, a student rates a claim on the map and
changes it, and the measure's strength from the class's ratings follows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Edge, NodeKind, Relation
from argmap.votes.models import Rating
from tests.browser.helpers import STUDENT_PASSWORD, TEACHER_PASSWORD, sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_teacher_turns_ratings_on_and_a_student_rates_a_claim_and_changes_it(new_page, django_user_model):
    debate = start_class_debate(django_user_model)
    measure = debate.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    claim = (
        Edge.objects.filter(to_node=measure, relation=Relation.SUPPORTS, from_node__kind=NodeKind.CLAIM)
        .order_by("pk")
        .first()
        .from_node
    )

    teacher = new_page()
    sign_in(teacher, "ms-rivera", TEACHER_PASSWORD)
    teacher.goto(f"{debate.get_absolute_url()}settings/")
    teacher.get_by_label("Students rate the arguments").check()
    expect(teacher.locator("#students-can")).to_contain_text("rate how convincing each claim and piece of evidence is")
    teacher.get_by_role("button", name="Save the settings").click()
    expect(teacher.get_by_text(re.compile(r"Saved\. Right now students can .*rate how convincing"))).to_be_visible()

    student = new_page()
    sign_in(student, "sam", STUDENT_PASSWORD)
    student.goto(f"{debate.get_absolute_url()}?open={measure.pk}#measure-{measure.pk}")
    rated_strength = student.locator(f"#strength-{measure.pk} .strength-rated")
    from_checks = student.locator(f"#strength-{measure.pk}").get_by_text("Argument strength from the evidence’s checks")
    expect(from_checks).to_be_visible()
    start = rated_strength.inner_text()

    panel = student.locator(f"#rating-{measure.pk}-{claim.pk}")
    expect(panel.get_by_role("group", name=re.compile("How convincing is this"))).to_be_visible()
    panel.get_by_role("radio", name="1 Not convincing").check()
    panel.get_by_role("button", name=re.compile("^Rate")).click()
    expect(panel).to_contain_text("Your rating: 1")
    expect(panel).to_contain_text("1 rating · mean 1.0 of 5")
    # The class found a supporter unconvincing: the measure's strength from the ratings drops, without a reload.
    expect(rated_strength).not_to_have_text(start)
    low = int(rated_strength.inner_text().rstrip("%"))
    assert low < int(start.rstrip("%"))

    panel.get_by_role("radio", name="5 Very convincing").check()
    panel.get_by_role("button", name=re.compile("^Change my rating")).click()
    expect(panel).to_contain_text("Your rating: 5")
    expect(rated_strength).not_to_have_text(f"{low}%")
    assert int(rated_strength.inner_text().rstrip("%")) > low
    assert list(Rating.objects.values_list("node_id", "score")) == [(claim.pk, 5)]


def test_without_javascript_a_student_rates_with_the_form(page_without_js, django_user_model):
    debate = start_class_debate(django_user_model)
    debate.ratings_open = True
    debate.save(update_fields=["ratings_open"])
    measure = debate.nodes.get(kind=NodeKind.MEASURE, text__contains="Virgin Lands")
    claim = Edge.objects.filter(to_node=measure, from_node__kind=NodeKind.CLAIM).order_by("pk").first().from_node
    page = page_without_js
    sign_in(page, "sam", STUDENT_PASSWORD)
    page.goto(f"{debate.get_absolute_url()}?open={measure.pk}")
    panel = page.locator(f"#rating-{measure.pk}-{claim.pk}")
    panel.get_by_role("radio", name="3 Partly convincing").check()
    panel.get_by_role("button", name=re.compile("^Rate")).click()
    expect(page.get_by_text("Your rating is saved. You can change it until voting closes.")).to_be_visible()
    expect(page.locator(f"#rating-{measure.pk}-{claim.pk}")).to_contain_text("Your rating: 3")
