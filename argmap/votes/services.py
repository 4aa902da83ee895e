"""Casting a vote: one per person, measure and round, changeable until the teacher closes voting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from argmap.classrooms import permissions
from argmap.maps.models import Node, NodeKind
from argmap.maps.services import map_lock, map_touch
from argmap.votes.models import SCORE_MAX, SCORE_MIN, Vote

if TYPE_CHECKING:
    from argmap.accounts.models import User


def vote_cast(*, voter: User, measure: Node, score: int | str | None) -> Vote:
    """Record voter's score for measure in the map's current round, replacing an earlier one."""
    map = measure.map
    access = permissions.map_access(voter, map)
    if not access.can_view:
        raise PermissionDenied("No such map.")
    if measure.kind != NodeKind.MEASURE:
        raise ValidationError({"measure": f"You can only vote on a {map.measure_label}."})
    if not permissions.can_vote_on(access, measure):
        raise PermissionDenied(permissions.why_not_vote(access))
    try:
        value = int(score)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = 0
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationError({"score": f"Choose how successful it was, from {SCORE_MIN} to {SCORE_MAX}."})
    for attempt in range(2):
        try:
            with transaction.atomic():
                # The map's lock first, as every graph write takes it (a merge moves votes): the same order
                # everywhere, so a vote racing a merge waits instead of deadlocking. Then the measure as committed.
                map_lock(map=map)
                measure.refresh_from_db(fields=["status"])
                if not permissions.can_vote_on(access, measure):
                    raise PermissionDenied("That measure was just merged or hidden: vote on the one that stays.")
                vote, created = Vote.objects.select_for_update().get_or_create(
                    measure=measure, voter=voter, round=map.vote_round, defaults={"map": map, "score": value}
                )
                if not created and vote.score != value:
                    vote.score = value
                    vote.updated_at = timezone.now()
                    vote.save(update_fields=["score", "updated_at"])
                map_touch(map=map)
                return vote
        except IntegrityError:
            # The same person voting from two tabs at once: the other insert won, so update it instead.
            if attempt:
                raise
    raise AssertionError("unreachable")
