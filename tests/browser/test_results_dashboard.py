"""The results dashboard in real Chromium: a teacher with two classes on the essay map sees both side by side, and
the chart and its table show the class's numbers.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from argmap.classrooms.services import classroom_create, debate_start, membership_add
from argmap.maps.models import Map, NodeKind
from argmap.votes.services import vote_cast
from tests.browser.helpers import STUDENT_PASSWORD, TEACHER_PASSWORD, sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)


def _measures(debate: Map):
    measures = list(debate.nodes.filter(kind=NodeKind.MEASURE, status="visible").order_by("id"))
    for measure in measures:
        measure.map = debate
    return measures


@pytest.fixture
def two_classes(django_user_model):
    """Ms Rivera's 10B (Sam and Alex) and 10C (Kim) each debate a copy of the essay map; each class has voted."""
    first = start_class_debate(django_user_model)
    teacher = first.classroom.teacher
    other = classroom_create(teacher=teacher, name="10C History")
    second = debate_start(classroom=other, by=teacher, source=Map.objects.get(slug="destalinisation"))
    kim = django_user_model.objects.create_user(username="kim", password=STUDENT_PASSWORD, display_name="Kim L")
    membership_add(classroom=other, user=kim, role="student")
    sam, alex = (django_user_model.objects.get(username=name) for name in ("sam", "alex"))
    for measure, score in zip(_measures(first)[:3], (5, 1, 3), strict=True):
        vote_cast(voter=sam, measure=measure, score=score)
        vote_cast(voter=alex, measure=measure, score=score)
    for measure, score in zip(_measures(second)[:3], (2, 4, 4), strict=True):
        vote_cast(voter=kim, measure=measure, score=score)
    return first, second


def test_a_teacher_with_two_classes_sees_both_and_the_chart_and_table_show_the_numbers(page, two_classes):
    first, second = two_classes
    first_measure = _measures(first)[0]
    sign_in(page, "ms-rivera", TEACHER_PASSWORD)
    page.goto(f"/maps/{first.slug}/results/")

    classes = page.get_by_role("region", name="Your classes side by side")
    expect(classes.get_by_role("columnheader", name=re.compile("10B History"))).to_be_visible()
    expect(classes.get_by_role("columnheader", name=re.compile("10C History"))).to_be_visible()
    row = classes.get_by_role("row", name=re.compile(re.escape(first_measure.text)))
    expect(row).to_contain_text("mean 5.0 · 2 votes")
    expect(row).to_contain_text("mean 2.0 · 1 vote")

    # The chart: one point per measure with votes, each labelled with its number, and the picture named by its caption.
    chart = page.get_by_role("img", name=re.compile("placed by argument strength"))
    expect(chart).to_be_visible()
    expect(chart.locator(".chart-point")).to_have_count(3)
    expect(chart.locator("#point-1 text")).to_have_text("1")
    table = page.get_by_role("table", name="The numbers in the chart")
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_role("row", name=re.compile(re.escape(first_measure.text)))).to_contain_text("5.0 (2 votes)")

    # Both orders, and the first by the class's vote is the measure voted 5.
    by_vote = page.get_by_role("list", name="By the class's vote")
    expect(by_vote.get_by_role("listitem").first).to_contain_text(first_measure.text)
    expect(page.get_by_role("list", name="By argument strength").get_by_role("listitem")).to_have_count(3)

    # The other class's column leads to its own results, which show the same two classes.
    classes.get_by_role("link", name="10C History").click()
    expect(page).to_have_url(re.compile(f"/maps/{second.slug}/results/$"))
    expect(page.get_by_role("region", name="Your classes side by side").get_by_role("columnheader")).to_have_count(3)


def test_a_student_sees_the_rankings_but_no_other_class(page, two_classes):
    first, _ = two_classes
    sign_in(page, "sam", STUDENT_PASSWORD)
    page.goto(f"/maps/{first.slug}/results/")
    expect(page.get_by_role("heading", name="Ranked two ways")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("placed by argument strength"))).to_be_visible()
    expect(page.get_by_text("Your classes side by side")).to_have_count(0)
    expect(page.get_by_text("10C History")).to_have_count(0)
