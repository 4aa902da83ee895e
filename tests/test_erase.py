"""An admin erases a pupil's personal data: name, sign-in name and password go, the account can't sign in, and
everything they wrote stays, under a pseudonym, so their class's debate still reads. Audited; nothing deleted."""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from argmap.accounts.models import User
from argmap.accounts.services import account_erase
from argmap.classrooms.models import ClassAction, ClassAuditEntry, Membership
from argmap.maps.models import Edge, Node
from argmap.maps.services import contribution_create
from argmap.votes.models import Vote
from argmap.votes.services import vote_cast
from tests.helpers import add_student, words

NAME, USERNAME = "Zebedee Quillfeather", "zebedee-q7x"
POINT = "Grain output rose by half between 1953 and 1958."


@pytest.fixture
def pupil(classroom):
    """A pupil with a name found nowhere else, who wrote a point and voted."""
    return add_student(classroom, NAME, USERNAME)


@pytest.fixture
def contributions(pupil, measure):
    point = contribution_create(author=pupil, target=measure, kind="claim", relation="supports", text=POINT)
    vote_cast(voter=pupil, measure=measure, score=5)
    return point


def test_erasing_replaces_the_name_sign_in_name_and_password(admin, pupil, contributions):
    erased = account_erase(user=pupil, by=admin)

    pupil.refresh_from_db()
    assert pupil.display_name == f"Former pupil {pupil.pk}" == erased.name
    assert pupil.username != USERNAME
    assert pupil.username.startswith("erased-")
    assert not pupil.has_usable_password()
    assert not pupil.is_active
    assert (pupil.first_name, pupil.last_name, pupil.email) == ("", "", "")


def test_their_contributions_stay_under_the_pseudonym(client, admin, teacher, pupil, contributions, class_map):
    counts = (Node.objects.count(), Edge.objects.count(), Vote.objects.count(), Membership.objects.count())

    account_erase(user=pupil, by=admin)

    assert (Node.objects.count(), Edge.objects.count(), Vote.objects.count(), Membership.objects.count()) == counts
    contributions.refresh_from_db()
    assert (contributions.text, contributions.author_id) == (POINT, pupil.pk)
    assert Vote.objects.filter(voter=pupil, score=5).exists()
    client.force_login(teacher)  # the teacher sees real names: now the pseudonym
    page = words(client.get(f"{class_map.get_absolute_url()}nodes/{contributions.pk}/"))
    assert POINT in page
    assert f"Former pupil {pupil.pk}" in page
    assert NAME not in page


def test_the_erased_account_can_no_longer_sign_in(client, pupil):
    client.force_login(pupil)
    assert client.get("/classes/").status_code == 200
    admin = User.objects.create_user(username="root", password="x-root-pass-1", is_staff=True)
    account_erase(user=pupil, by=admin)

    assert client.get("/classes/").status_code == 302  # their open session ends with it
    response = client.post("/accounts/login/", {"username": USERNAME, "password": "learn-pass-1"})
    assert response.status_code != 302


def test_the_old_name_and_sign_in_name_are_nowhere_in_the_database(admin, pupil, contributions, classroom):
    LogEntry.objects.log_actions(admin.pk, [pupil], CHANGE, change_message="Made a note.")

    account_erase(user=pupil, by=admin)

    everything = io.StringIO()
    call_command("dumpdata", stdout=everything)
    assert NAME not in everything.getvalue()
    assert USERNAME not in everything.getvalue()
    assert f"Former pupil {pupil.pk}" in everything.getvalue()


def test_each_of_their_classes_records_who_erased_them_and_when(client, admin, teacher, pupil, classroom):
    account_erase(user=pupil, by=admin)

    entry = ClassAuditEntry.objects.get(classroom=classroom)
    assert (entry.actor, entry.action, entry.subject) == (admin, ClassAction.ERASE, pupil)
    client.force_login(teacher)
    assert f"Ada Admin erased the personal data of Former pupil {pupil.pk}" in words(
        client.get(f"/classes/{classroom.pk}/")
    )


def test_only_an_admin_may_erase(teacher, student, pupil):
    for person in (teacher, student):
        with pytest.raises(PermissionDenied, match="Only admins can erase a person's data"):
            account_erase(user=pupil, by=person)
    pupil.refresh_from_db()
    assert pupil.display_name == NAME


def test_it_refuses_an_admin_an_account_already_erased_and_oneself(admin, pupil):
    other_admin = User.objects.create_user(username="grace", password="x-root-pass-1", is_staff=True)
    with pytest.raises(ValidationError, match="take away their staff status first"):
        account_erase(user=other_admin, by=admin)
    with pytest.raises(ValidationError, match="erase your own account"):
        account_erase(user=admin, by=admin)
    account_erase(user=pupil, by=admin)
    with pytest.raises(ValidationError, match="has already been erased"):
        account_erase(user=pupil, by=admin)


# From the admin: an action, confirmed on a page that says what will happen


def _action(client, pupil, **extra):
    form = {"action": "erase_personal_data", "_selected_action": [pupil.pk], **extra}
    return client.post("/admin/accounts/user/", form, follow=True)


def test_the_admin_action_first_asks_and_changes_nothing(client, superuser, pupil):
    client.force_login(superuser)
    response = _action(client, pupil)
    assert response.status_code == 200
    page = words(response)
    assert "Erase personal data" in page
    assert f"{NAME} ( {USERNAME} )" in page
    assert "This can't be undone." in page
    pupil.refresh_from_db()
    assert pupil.display_name == NAME


def test_the_admin_action_erases_once_confirmed_and_says_so(client, superuser, pupil, contributions):
    client.force_login(superuser)
    response = _action(client, pupil, confirmed="yes")
    pupil.refresh_from_db()
    assert pupil.display_name == f"Former pupil {pupil.pk}"
    assert f"Erased: the account is now “Former pupil {pupil.pk}” and can't sign in." in words(response)
    log = LogEntry.objects.get(object_id=str(pupil.pk))
    assert (log.user, log.object_repr) == (superuser, f"Former pupil {pupil.pk}")


def test_the_admin_action_reports_a_refusal(client, superuser, admin):
    other_admin = User.objects.create_user(username="grace", password="x-root-pass-1", is_staff=True)
    client.force_login(superuser)
    response = _action(client, other_admin, confirmed="yes")
    assert "take away their staff status first" in words(response)
    other_admin.refresh_from_db()
    assert other_admin.is_active
