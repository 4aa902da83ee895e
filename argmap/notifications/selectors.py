"""The notifications a student sees, read from the moderation audit log and the replies the class can see.

Nothing here is stored when it happens: an approval, a rejection, a merge or a dismissed flag is the audit
entry the moderation service wrote in its own transaction; a reply is a visible link to the student's point.
What the person has read is kept apart (models.py). So a reply hidden later, or a class the student left,
drops out of the list by itself: every read goes through permissions.maps_reporting_to (their classes' maps,
while they are a student there) and shows only what is visible now.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from argmap.classrooms import permissions
from argmap.classrooms.models import Membership
from argmap.maps.models import Edge, Map, Node, Relation, Status
from argmap.moderation.models import AuditAction, AuditEntry
from argmap.notifications.models import OpenedNotification, ReadMarker, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

LIST_LIMIT = 50  # the page and the API show the newest; the count covers them all
PANEL_LIMIT = 5  # the header's compact list
POINT_LENGTH = 60

# Moderation actions on a student's own point that the student is told about, by the name of each kind.
KIND_OF_ACTION = {
    AuditAction.APPROVE: "approved",
    AuditAction.REJECT: "rejected",
    AuditAction.MERGE: "merged",
    AuditAction.DISMISS_FLAG: "kept",
}
KINDS = ("approved", "rejected", "replied", "merged", "kept")
KEY_PREFIX = {Source.AUDIT: "a", Source.REPLY: "r"}


@dataclass(frozen=True)
class Notification:
    key: str  # "a12" (audit entry 12) or "r34" (the link 34 of a reply)
    kind: str  # one of KINDS
    at: datetime
    sentence: str  # what happened, in plain words
    detail: str  # the reply's words, or empty
    map_title: str
    node_id: int  # the statement it leads to
    url: str
    unread: bool

    @property
    def ago(self) -> str:
        """When, in words: "just now", "5 minutes ago"."""
        if timezone.now() - self.at < timedelta(minutes=1):
            return "just now"
        return f"{timesince(self.at, depth=1)} ago"

    @property
    def source(self) -> str:
        return Source.AUDIT if self.key.startswith("a") else Source.REPLY

    @property
    def object_id(self) -> int:
        return int(self.key[1:])


@dataclass(frozen=True)
class News:
    notifications: list[Notification]
    unread_count: int


def notifications_for(*, person: AbstractBaseUser, limit: int = LIST_LIMIT) -> News:
    """The person's newest notifications and how many are unread: seven queries, however many there are."""
    maps = permissions.maps_reporting_to(person)
    seen_up_to = _seen_up_to(person)
    opened = set(OpenedNotification.objects.filter(user=person).values_list("source", "object_id"))
    entries = list(
        _moderation_news(person, maps)
        .select_related("actor", "map", "node", "node__merged_into")
        .order_by("-created_at", "-id")[:limit]
    )
    replies = list(
        _reply_news(person, maps)
        .select_related("author", "from_node", "to_node", "map__classroom")
        .order_by("-at", "-id")[:limit]
    )
    names = _pseudonyms([edge.map for edge in replies])

    def unread(source: str, pk: int, at: datetime) -> bool:
        return (seen_up_to is None or at > seen_up_to) and (source, pk) not in opened

    notifications = [_from_entry(entry, unread(Source.AUDIT, entry.pk, entry.created_at)) for entry in entries]
    notifications += [_from_reply(edge, names, unread(Source.REPLY, edge.pk, edge.at)) for edge in replies]
    notifications.sort(key=lambda item: (item.at, item.key), reverse=True)
    return News(notifications=notifications[:limit], unread_count=unread_count(person=person, seen_up_to=seen_up_to))


def unread_count(*, person: AbstractBaseUser, seen_up_to: datetime | bool | None = False) -> int:
    """How many notifications the person has not read: two counts in the database (three without seen_up_to)."""
    if seen_up_to is False:
        seen_up_to = _seen_up_to(person)
    maps = permissions.maps_reporting_to(person)
    entries = _moderation_news(person, maps).exclude(pk__in=_opened(person, Source.AUDIT))
    replies = _reply_news(person, maps).exclude(pk__in=_opened(person, Source.REPLY))
    if seen_up_to is not None:
        entries, replies = entries.filter(created_at__gt=seen_up_to), replies.filter(at__gt=seen_up_to)
    return entries.count() + replies.count()


def notification_for(*, person: AbstractBaseUser, key: str) -> Notification:
    """One of the person's own notifications, by its key; 404 for anything else, whoever's it is."""
    if len(key) < 2 or key[0] not in "ar" or not key[1:].isdigit() or len(key) > 12:
        raise Http404("No such notification.")
    maps = permissions.maps_reporting_to(person)
    pk = int(key[1:])
    if key[0] == "a":
        entry = (
            _moderation_news(person, maps)
            .select_related("actor", "map", "node", "node__merged_into")
            .filter(pk=pk)
            .first()
        )
        if entry is not None:
            return _from_entry(entry, unread=False)
    else:
        edge = (
            _reply_news(person, maps).select_related("author", "from_node", "to_node", "map__classroom").filter(pk=pk)
        )
        if edge := edge.first():
            return _from_reply(edge, _pseudonyms([edge.map]), unread=False)
    raise Http404("No such notification.")


def newest_at(*, person: AbstractBaseUser) -> datetime | None:
    """When the newest of the person's notifications happened (what "mark all as read" reads up to)."""
    maps = permissions.maps_reporting_to(person)
    times = [
        _moderation_news(person, maps).aggregate(newest=Max("created_at"))["newest"],
        _reply_news(person, maps).aggregate(newest=Max("at"))["newest"],
    ]
    return max((time for time in times if time is not None), default=None)


def news_etag(*, person: AbstractBaseUser) -> str:
    """Changes when anything on the person's maps changes (each map's revision) or what they have read does:
    two small queries, so the header's poll answers 304 without counting anything.
    """
    revisions = list(permissions.maps_reporting_to(person).order_by("pk").values_list("pk", "revision"))
    version = ReadMarker.objects.filter(user=person).values_list("version", flat=True).first() or 0
    digest = hashlib.blake2b(repr(revisions).encode(), digest_size=8).hexdigest()
    return f'"news{person.pk}-v{version}-{digest}"'


def _seen_up_to(person: AbstractBaseUser) -> datetime | None:
    return ReadMarker.objects.filter(user=person).values_list("seen_up_to", flat=True).first()


def _opened(person: AbstractBaseUser, source: str) -> QuerySet:
    return OpenedNotification.objects.filter(user=person, source=source).values("object_id")


def _moderation_news(person: AbstractBaseUser, maps: QuerySet[Map]) -> QuerySet[AuditEntry]:
    """What the class's teacher did to the person's own points (never what the person did themselves)."""
    return AuditEntry.objects.filter(map__in=maps, node__author=person, action__in=list(KIND_OF_ACTION)).exclude(
        actor=person
    )


def _reply_news(person: AbstractBaseUser, maps: QuerySet[Map]) -> QuerySet[Edge]:
    """Visible replies by others to the person's points that are not hidden, each with `at`: when the class
    could first see it (its approval on a pre-moderated map, else when it was written or linked).
    """
    shown = (
        AuditEntry.objects.filter(node=OuterRef("from_node"), action__in=[AuditAction.APPROVE, AuditAction.RESTORE])
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return (
        Edge.objects.filter(map__in=maps, to_node__author=person, status=Status.VISIBLE)
        .filter(from_node__status=Status.VISIBLE)
        .exclude(to_node__status=Status.HIDDEN)
        .exclude(author=None)
        .exclude(author=person)
        .exclude(from_node__author=person)
        .annotate(at=Greatest(F("created_at"), Coalesce(Subquery(shown), F("from_node__created_at"))))
    )


def _pseudonyms(maps: list[Map]) -> dict[tuple[int, int], str]:
    """(class, person) → pseudonym, for the anonymous maps among maps: one query, none if there are none."""
    classes = {map.classroom_id for map in maps if map.is_anonymous and map.classroom_id}
    if not classes:
        return {}
    rows = Membership.objects.filter(classroom_id__in=classes).values_list("classroom_id", "user_id", "pseudonym")
    return {(classroom, user): pseudonym for classroom, user, pseudonym in rows}


def _from_entry(entry: AuditEntry, unread: bool) -> Notification:
    node = entry.node
    teacher = entry.actor.name if entry.actor_id else "Your teacher"
    point = _quoted(node)
    kind = KIND_OF_ACTION[entry.action]
    leads_to = node
    if kind == "approved":
        sentence = f"{teacher} approved your point {point}. The class can see it now."
    elif kind == "rejected":
        sentence = (
            f"Your point {point} was not accepted: {entry.reason}"
            if entry.reason
            else (f"Your point {point} was not accepted.")
        )
    elif kind == "merged":
        survivor = node.merged_into
        if survivor is not None and survivor.status == Status.VISIBLE:
            sentence = f"{teacher} merged your point {point} into {_quoted(survivor)}, which makes the same point."
            leads_to = survivor
        else:
            sentence = f"{teacher} merged your point {point} into another statement that makes the same point."
    else:
        sentence = f"A classmate flagged your point {point}. {teacher} looked at it and kept it."
    return Notification(
        key=f"a{entry.pk}",
        kind=kind,
        at=entry.created_at,
        sentence=sentence,
        detail="",
        map_title=entry.map.title,
        node_id=leads_to.pk,
        url=_statement_url(entry.map, leads_to),
        unread=unread,
    )


def _from_reply(edge: Edge, pseudonyms: dict[tuple[int, int], str], unread: bool) -> Notification:
    map = edge.map
    if map.is_anonymous and map.classroom_id and edge.author_id != map.classroom.teacher_id:
        # Classmates appear as on the map itself: under their pseudonym.
        name = pseudonyms.get((map.classroom_id, edge.author_id)) or "A classmate"
    else:
        name = edge.author.name
    stance = {Relation.SUPPORTS: "For it", Relation.OPPOSES: "Against it"}.get(edge.relation, "About it")
    return Notification(
        key=f"r{edge.pk}",
        kind="replied",
        at=edge.at,
        sentence=f"{name} replied to your point {_quoted(edge.to_node)}.",
        detail=f"{stance}: {_quoted(edge.from_node, limit=140)}",
        map_title=map.title,
        node_id=edge.to_node_id,
        url=_statement_url(map, edge.to_node),
        unread=unread,
    )


def _statement_url(map: Map, node: Node) -> str:
    return reverse("maps:node", kwargs={"slug": map.slug, "node_id": node.pk})


def _quoted(node: Node, *, limit: int = POINT_LENGTH) -> str:
    """The words in quotes, cut short if long; a closing full stop is left to the sentence they sit in."""
    text = node.text.removesuffix(".")
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return f"“{text}”"
