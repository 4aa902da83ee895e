"""Which pupils on a class page are locked out by wrong passwords, so the teacher sees an Unlock button beside them."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from argmap.accounts.lockout import locked_out_usernames
from argmap.classrooms.models import Membership

register = template.Library()


@register.simple_tag
def locked_out_ids(memberships: Iterable[Membership]) -> set[int]:
    """The user ids of these members who are locked out now: one query for the whole class."""
    by_username = {membership.user.get_username(): membership.user_id for membership in memberships}
    return {by_username[username] for username in locked_out_usernames(list(by_username))}
