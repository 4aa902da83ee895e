"""Casting a vote on a measure, and rating a claim or evidence: one per person, changeable until voting closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from argmap.classrooms import permissions
from argmap.maps.models import Node, NodeKind
from argmap.maps.services import map_lock, map_touch
from argmap.votes.models import SCORE_MAX, SCORE_MIN, Rating, Vote

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


def rating_cast(*, rater: User, node: Node, score: int | str | None) -> Rating:
    """Record how convincing rater finds a claim or piece of evidence (1 to 5), replacing their earlier rating."""
    map = node.map
    access = permissions.map_access(rater, map)
    if not access.can_view:
        raise PermissionDenied("No such map.")
    if node.kind not in permissions.RATED_KINDS:
        raise ValidationError({"node": permissions.why_not_rate(access, node)})
    if not permissions.can_rate(access, node):
        raise PermissionDenied(permissions.why_not_rate(access, node))
    try:
        value = int(score)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = 0
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationError({"score": f"Choose how convincing it is, from {SCORE_MIN} to {SCORE_MAX}."})
    for attempt in range(2):
        try:
            with transaction.atomic():
                # The map's lock first, as vote_cast takes it, so a rating racing a merge or a hide waits for it.
                map_lock(map=map)
                node.refresh_from_db(fields=["status"])
                if not permissions.can_rate(access, node):
                    raise PermissionDenied("That statement was just merged or hidden, so it can't be rated.")
                rating, created = Rating.objects.select_for_update().get_or_create(
                    node=node, rater=rater, defaults={"map": map, "score": value}
                )
                if not created and rating.score != value:
                    rating.score = value
                    rating.updated_at = timezone.now()
                    rating.save(update_fields=["score", "updated_at"])
                map_touch(map=map)
                return rating
        except IntegrityError:
            # Two tabs rating at once: the other insert won, so update it instead.
            if attempt:
                raise
    raise AssertionError("unreachable")
