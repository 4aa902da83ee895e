"""A teacher moderates in real Chromium: pre-moderation, the queue, hiding and restoring, the audit log."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Node, Status
from tests.browser.helpers import sign_in, start_class_debate

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_WITHIN_MS = 5_000
COUNTERCLAIM = "The new farms lost their topsoil to the wind within a few years."


@pytest.fixture
def debate(transactional_db, django_user_model):
    return start_class_debate(django_user_model)


def test_a_teacher_pre_moderates_approves_hides_restores_and_reads_the_audit_log(new_page, debate):
    teacher, sam, alex = new_page(), new_page(), new_page()
    measure = debate.nodes.get(kind="measure", text__contains="Virgin Lands")
    sign_in(teacher, "ms-rivera", "teach-pass-1")
    sign_in(sam, "sam", "learn-pass-1")
    sign_in(alex, "alex", "learn-pass-1")

    # The teacher switches the map to pre-moderation.
    teacher.goto(f"/maps/{debate.slug}/settings/")
    teacher.get_by_label("Pre-moderated: contributions wait for approval").check()
    teacher.get_by_role("button", name="Save the settings").click()
    expect(
        teacher.get_by_text(
            re.compile("^Saved. Right now students can add points and replies, which wait for your approval")
        )
    ).to_be_visible()

    # Sam adds a counterclaim: it waits, marked as such for Sam, and classmates don't see it.
    for page in (sam, alex):
        page.goto(f"/maps/{debate.slug}/?open={measure.pk}#measure-{measure.pk}")
    card = sam.locator(f"#measure-{measure.pk}")
    card.locator(f"#reply-{measure.pk} > summary").click()
    form = card.locator(f"#reply-{measure.pk} form.add-form")
    form.get_by_label("▼ Opposes it (a counterclaim)").check()
    form.get_by_label("What you want to say").fill(COUNTERCLAIM)
    form.get_by_role("button", name="Add it").click()
    expect(card.get_by_text("Added. It waits for your teacher's approval before the class sees it.")).to_be_visible()
    own = card.locator(".argument-con", has_text=COUNTERCLAIM)
    expect(own).to_contain_text("Waiting for approval", timeout=LIVE_WITHIN_MS)
    alex.reload()
    expect(alex.get_by_text(COUNTERCLAIM)).to_have_count(0)

    # The teacher approves it from the queue; it reaches Alex's open page without a reload.
    alex.evaluate("window.notReloaded = true")
    teacher.goto(f"/maps/{debate.slug}/moderation/")
    item = teacher.locator(".queue-item", has_text=COUNTERCLAIM)
    expect(item).to_contain_text("by Sam K")
    item.get_by_role("button", name=re.compile("^Approve")).click()
    expect(teacher.get_by_text("Approved. The class can see it now.")).to_be_visible()
    expect(alex.locator(".argument-con", has_text=COUNTERCLAIM)).to_be_visible(timeout=LIVE_WITHIN_MS)
    assert alex.evaluate("window.notReloaded") is True

    # The teacher hides another statement from the map, with a reason, then restores it from the queue.
    other = measure.incoming.filter(relation="supports").first().from_node
    teacher.goto(f"/maps/{debate.slug}/?open={measure.pk}#measure-{measure.pk}")
    target = teacher.locator(f"#node-{measure.pk}-{other.pk}")
    target.locator(f"#mod-{measure.pk}-{other.pk} > summary").click()
    target.get_by_label("Reason (optional)").first.fill("Off the point of this measure")
    target.get_by_role("button", name=re.compile("^Hide")).first.click()
    # In place: the card says so, its message has the focus, and Restore waits right there.
    note = target.get_by_text("Hidden: the class can't see it now. Restore it here if you change your mind.")
    expect(note).to_be_focused()
    expect(target.get_by_role("button", name=re.compile("^Restore"))).to_be_visible()
    assert Node.objects.get(pk=other.pk).status == Status.HIDDEN
    alex.reload()
    expect(alex.locator(f"#measure-{measure.pk}").get_by_text(other.text, exact=True)).to_have_count(0)

    teacher.goto(f"/maps/{debate.slug}/moderation/")
    hidden = teacher.locator(".queue-item", has_text=other.text)
    hidden.get_by_label("Reason (optional)").fill("Back after discussion")
    hidden.get_by_role("button", name=re.compile("^Restore")).click()
    expect(teacher.get_by_text("Restored. The class can see it again.")).to_be_visible()
    expect(alex.locator(f"#measure-{measure.pk}").get_by_text(other.text, exact=True).first).to_be_visible(
        timeout=LIVE_WITHIN_MS
    )

    # The audit log shows both actions with their reasons, newest first.
    teacher.goto(f"/maps/{debate.slug}/audit/")
    rows = teacher.locator("table.audit tbody tr")
    expect(rows.nth(0)).to_contain_text(f"Ms Rivera restored “{other.text[:20]}")
    expect(rows.nth(0)).to_contain_text("(reason: Back after discussion")
    expect(rows.nth(1)).to_contain_text(f"Ms Rivera hid “{other.text[:20]}")
    expect(rows.nth(1)).to_contain_text("(reason: Off the point of this measure")
    expect(teacher.locator("table.audit")).to_contain_text(f"Ms Rivera approved “{COUNTERCLAIM[:20]}")
