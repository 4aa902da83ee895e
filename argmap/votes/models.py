"""A person's vote on how successful one measure was, in one round of the debate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from argmap.maps.models import Map, Node, VoteRound

SCORE_MIN, SCORE_MAX = 1, 5


class Vote(models.Model):
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="votes")
    measure = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    round = models.CharField(max_length=10, choices=VoteRound)
    score = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "voter", "round"], name="vote_once_per_measure_and_round"),
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="vote_score_1_to_5"),
            models.CheckConstraint(condition=Q(round__in=VoteRound.values), name="vote_round_is_known"),
        ]
        indexes = [models.Index(fields=["map", "round"])]

    def __str__(self) -> str:
        return f"{self.voter} gave {self.measure_id} {self.score} ({self.round})"


class Rating(models.Model):
    """How convincing one student finds one claim or piece of evidence, 1 to 5: one per person and statement,
    changeable while voting is open."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="ratings")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["node", "rater"], name="rating_once_per_statement"),
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="rating_score_1_to_5"),
        ]
        indexes = [models.Index(fields=["map", "node"])]

    def __str__(self) -> str:
        return f"{self.rater} rated {self.node_id} {self.score}"
