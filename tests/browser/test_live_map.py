"""The map page keeps up in real Chromium: a classmate's new statement appears where it belongs, without a reload,
and the live update that brings it carries only what changed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from argmap.maps.services import contribution_create
from argmap.votes.services import vote_cast
from tests.browser.helpers import STUDENT_PASSWORD, sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_WITHIN_MS = 8_000  # the map page polls every 2 seconds
TEN_KB = 10 * 1024


@pytest.fixture
def debate(transactional_db, django_user_model):
    return start_class_debate(django_user_model)


def test_a_classmates_points_appear_in_place_in_an_opened_measure_without_a_reload(new_page, debate):
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    alex = debate.classroom.memberships.get(user__username="alex").user
    deep = measure.incoming.filter(relation="opposes").first().from_node  # a counterclaim under the measure

    sam = new_page()
    sign_in(sam, "sam", STUDENT_PASSWORD)
    sam.goto(f"/maps/{debate.slug}/")
    card = sam.locator(f"#measure-{measure.pk}")
    card.locator("details.arguments > summary").click()  # opened by hand, after the page loaded
    expect(card.locator(f"#node-{measure.pk}-{deep.pk}")).to_be_visible()
    sam.evaluate("window.sameDocument = true")
    updates = []
    sam.on("response", lambda response: updates.append(response) if "/live/" in response.url else None)

    reply = contribution_create(
        author=alex, target=deep, kind="claim", relation="opposes", text="Yet the harvest of 1956 was a record."
    )
    direct = contribution_create(
        author=alex, target=measure, kind="evidence", relation="supports", text="Output rose from 1954 to 1958."
    )

    # Each arrives under the statement it answers, with its own card.
    expect(card.locator(f"#node-{measure.pk}-{deep.pk} #node-{measure.pk}-{reply.pk}")).to_contain_text(
        "Yet the harvest of 1956 was a record.", timeout=LIVE_WITHIN_MS
    )
    expect(card.locator(f"#tree-{measure.pk}-{measure.pk} > #node-{measure.pk}-{direct.pk}")).to_contain_text(
        "Output rose from 1954 to 1958."
    )
    expect(card.locator(".summary-counts")).to_contain_text("supporting")
    assert sam.evaluate("window.sameDocument") is True  # no reload: the page took the update in place

    vote_cast(voter=alex, measure=measure, score=4)
    expect(sam.locator(f"#vote-summary-{measure.pk}")).to_contain_text(
        "1 vote before the debate", timeout=LIVE_WITHIN_MS
    )
    changed = [response for response in updates if response.status == 200]
    assert changed, "no live update arrived"
    assert max(len(response.body()) for response in changed) < TEN_KB
