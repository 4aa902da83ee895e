"""The argument graph's tables: a Map holds Nodes joined by Edges; evidence may cite a Source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

TEXT_MAX_LENGTH = 500


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    CLASS = "class", "Class only"


class ModerationMode(models.TextChoices):
    OPEN = "open", "Open: contributions appear at once"
    PRE = "pre", "Pre-moderated: contributions wait for approval"


class NodeKind(models.TextChoices):
    QUESTION = "question", "Question"
    MEASURE = "measure", "Measure"
    CLAIM = "claim", "Claim"
    EVIDENCE = "evidence", "Evidence"


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    VISIBLE = "visible", "Visible"
    HIDDEN = "hidden", "Hidden"


class Relation(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    OPPOSES = "opposes", "Opposes"
    # Aims, motives and background: shown under a statement, never counted for or against it.
    CONTEXT = "context", "Gives context to"


class VoteRound(models.TextChoices):
    BEFORE = "before", "Before the debate"
    AFTER = "after", "After the debate"


def default_vote_labels() -> list[str]:
    return ["Failure", "Mostly unsuccessful", "Mixed", "Mostly successful", "Complete success"]


class CurationStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unreviewed"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"


class Map(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    question = models.CharField(max_length=TEXT_MAX_LENGTH)
    description = models.TextField(blank=True)
    source_title = models.CharField(max_length=200, blank=True, help_text="Title of the text the map was drawn from.")
    source_document = models.TextField(
        blank=True, help_text="The full text the map was drawn from; essay quotes are offsets into it."
    )
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PUBLIC)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    classroom = models.ForeignKey(
        "classrooms.Classroom", null=True, blank=True, on_delete=models.PROTECT, related_name="maps"
    )
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    measure_label = models.CharField(
        max_length=40, default="measure", help_text="What the map calls the things people vote on."
    )
    moderation_mode = models.CharField(max_length=10, choices=ModerationMode, default=ModerationMode.OPEN)
    is_anonymous = models.BooleanField(default=False)
    voting_open = models.BooleanField(default=True)
    vote_round = models.CharField(max_length=10, choices=VoteRound, default=VoteRound.BEFORE)
    vote_prompt = models.CharField(max_length=200, default="How successful was this measure?")
    vote_labels = models.JSONField(default=default_vote_labels)
    is_locked = models.BooleanField(default=False)
    # Students rate how convincing each claim and piece of evidence is (1 to 5), under voting's open/closed switch.
    ratings_open = models.BooleanField(default=False)
    # Bumped in the same transaction as every change to the map: the ETag of live updates.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility=Visibility.PUBLIC) | Q(classroom__isnull=False),
                name="map_class_only_maps_have_a_class",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("maps:detail", kwargs={"slug": self.slug})

    @property
    def vote_scale(self) -> list[tuple[int, str]]:
        """(score, label) from 1 to 5."""
        labels = self.vote_labels if len(self.vote_labels or []) == 5 else default_vote_labels()
        return list(enumerate(labels, start=1))


class Source(models.Model):
    """A citation that evidence points to; curated by admins."""

    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    page = models.CharField(max_length=60, blank=True, help_text="Page or section.")
    quote = models.TextField(blank=True, help_text="A short quotation from the source.")
    status = models.CharField(max_length=12, choices=CurationStatus, default=CurationStatus.UNVERIFIED)
    curator_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.author}, {self.title}" if self.author else self.title

    @property
    def citation(self) -> str:
        parts = [self.author, self.title, self.publisher, str(self.year) if self.year else "", self.page]
        return ", ".join(part for part in parts if part)


class Node(models.Model):
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(max_length=10, choices=NodeKind)
    text = models.TextField()
    topic = models.CharField(
        max_length=40, blank=True, help_text="For measures: the area of policy, used to group them."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="nodes"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.VISIBLE)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The exact essay text the node was drawn from, and where it stands in map.source_document.
    essay_quote = models.TextField(blank=True)
    essay_start = models.PositiveIntegerField(null=True, blank=True)
    essay_end = models.PositiveIntegerField(null=True, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="nodes")
    # The author the imported file named: a name only, never an account here (a file could credit anyone).
    credited_to = models.CharField(max_length=150, blank=True)
    # Why a teacher rejected or hid it: shown to its author.
    moderation_note = models.CharField(max_length=300, blank=True)
    # How solid it is, as admins judged it: shown to everyone with the note, in every class's copy.
    curation_status = models.CharField(max_length=12, choices=CurationStatus, default=CurationStatus.UNVERIFIED)
    curator_note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The statement of the public map this one was copied from, so curation reaches every class's copy.
    origin = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    # A statement curators added from the history books: not in the essay, so it never has an essay anchor.
    # Students see it labelled "Added: not in the essay" wherever the statement appears.
    added_by_curator = models.BooleanField(
        default=False, help_text="Added by curators from a source, not drawn from the essay."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["map"], condition=Q(kind=NodeKind.QUESTION), name="node_one_question_per_map"
            ),
            models.CheckConstraint(
                condition=(Q(essay_start__isnull=True, essay_end__isnull=True) | Q(essay_start__lt=F("essay_end"))),
                name="node_essay_anchor_is_a_span",
            ),
            models.CheckConstraint(condition=Q(kind__in=NodeKind.values), name="node_kind_is_known"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="node_status_is_known"),
            models.CheckConstraint(
                condition=Q(added_by_curator=False) | Q(essay_start__isnull=True, essay_quote=""),
                name="node_added_by_curator_has_no_essay_anchor",
            ),
        ]
        indexes = [models.Index(fields=["map", "status"])]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("maps:node", kwargs={"slug": self.map.slug, "node_id": self.pk})

    @property
    def has_essay_anchor(self) -> bool:
        return self.essay_start is not None

    @property
    def reference(self) -> str:
        """A short label for lists and the essay margin: Q1, M4, C12, E20."""
        return f"{self.kind[0].upper()}{self.pk}"

    @property
    def essay_url(self) -> str:
        essay = reverse("maps:essay", kwargs={"slug": self.map.slug})
        return f"{essay}?node={self.pk}#passage-{self.pk}"


class Edge(models.Model):
    """from_node speaks to to_node: it supports or opposes it, or gives it context. An opposing edge makes a
    counterclaim; a context edge (aims, motives, background) is shown but counts neither way.
    """

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="edges")
    from_node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="outgoing")
    to_node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="incoming")
    relation = models.CharField(max_length=10, choices=Relation)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="edges"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.VISIBLE)
    created_at = models.DateTimeField(default=timezone.now)
    # A link the map needs but the imported file did not state (its several conclusions gathered under one
    # question): shown as added on import, and left out of AIF and Argdown exports.
    structural = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["from_node", "to_node"], name="edge_no_duplicate"),
            models.CheckConstraint(condition=~Q(from_node=F("to_node")), name="edge_no_self_loop"),
            models.CheckConstraint(condition=Q(relation__in=Relation.values), name="edge_relation_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.from_node_id} {self.relation} {self.to_node_id}"


class NodeRevision(models.Model):
    """The words a node had before an edit: nothing anyone wrote is lost."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"{self.node_id} before {self.replaced_at:%Y-%m-%d %H:%M}"
