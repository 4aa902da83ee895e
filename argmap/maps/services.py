"""Every write to the argument graph: typed, keyword-only, one transaction each, invariants checked here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from argmap.classrooms import permissions
from argmap.maps import graph, live_tokens, selectors
from argmap.maps.models import (
    TEXT_MAX_LENGTH,
    Edge,
    Map,
    ModerationMode,
    Node,
    NodeKind,
    NodeRevision,
    Relation,
    Source,
    Status,
    Visibility,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser

    from argmap.classrooms.models import Classroom

CONTRIBUTION_KINDS = (NodeKind.CLAIM, NodeKind.EVIDENCE)


@dataclass(frozen=True)
class Citation:
    """A source a student gives for their evidence; every part is optional but the title."""

    title: str
    author: str = ""
    year: int | None = None
    url: str = ""


def maps_lock(*, map_ids: Iterable[int]) -> None:
    """map_lock for several maps at once (a curation verdict reaches every class's copy), always in id order,
    so two writers that each need several maps never hold one the other waits for.
    """
    list(Map.objects.select_for_update().filter(pk__in=map_ids).order_by("pk").values_list("pk", flat=True))


def map_lock(*, map: Map) -> Map:
    """Hold map's write lock until the transaction ends; the map as committed now.

    Every write that can change the graph's shape (a reply, a link, a move, a merge, approving, hiding,
    restoring, rewording) calls this first inside its transaction, before it checks anything, so its checks
    (no loop, no duplicate, the target still there and not merged) read what the writes before it committed,
    and no other such write can come between the check and the save. On PostgreSQL this is SELECT … FOR UPDATE
    on the map's row. On SQLite select_for_update does nothing, but argmap's SQLite transactions are IMMEDIATE
    (settings.DATABASES): each takes the database's one write lock as it begins, so writers already queue.
    Outside a transaction Django refuses select_for_update, which keeps callers honest.
    """
    return Map.objects.select_for_update().get(pk=map.pk)


def map_touch(*, map: Map) -> None:
    """Bump the map's revision; called inside the transaction of every change to the map."""
    Map.objects.filter(pk=map.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
    live_tokens.renew([map.pk])


def maps_touch(*, map_ids: Iterable[int]) -> None:
    """Bump the revision of every map in map_ids (a list or a subquery) in one UPDATE: a change that reaches
    many maps at once, such as a curation verdict on a statement and all its class copies.
    """
    if live_tokens.in_cache() and not isinstance(map_ids, list | tuple | set):
        map_ids = list(map_ids)  # the pks are needed twice: to bump the revisions and to renew the live tokens
    Map.objects.filter(pk__in=map_ids).update(revision=F("revision") + 1, updated_at=timezone.now())
    live_tokens.renew(map_ids)


def clean_text(text: str, *, field: str = "text") -> str:
    """Trimmed text of 1 to 500 characters, or a ValidationError a student can act on."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError({field: "Write something first: the text can't be empty."})
    if len(cleaned) > TEXT_MAX_LENGTH:
        raise ValidationError({field: f"Keep it to {TEXT_MAX_LENGTH} characters or fewer (this has {len(cleaned)})."})
    return cleaned


def describe_path(path: list[int], nodes: dict[int, Node], *, seen_by: AbstractBaseUser | None = None) -> str:
    """The loop as a student reads it; statements they may not see (hidden, or someone else's pending) are
    not quoted. Without a person (a teacher's move), every statement is quoted.
    """
    moderator = seen_by is None or permissions.map_access(seen_by, nodes[path[0]].map).can_moderate

    def name(node: Node) -> str:
        if moderator or node.status == Status.VISIBLE or node.author_id == seen_by.pk:
            return f"“{_short(node.text)}”"
        return "a statement you can't see"

    return " → ".join(name(nodes[node_id]) for node_id in path)


def edge_create(
    *,
    map: Map,
    from_node: Node,
    to_node: Node,
    relation: str,
    author: AbstractBaseUser | None = None,
    status: str = Status.VISIBLE,
) -> Edge:
    """Join two nodes of one map, refusing self-loops, duplicates and cycles with a clear message."""
    with transaction.atomic():
        map_lock(map=map)
        edge = _edge_insert(
            map=map, from_node=from_node, to_node=to_node, relation=relation, author=author, status=status
        )
        map_touch(map=map)
    return edge


def node_create(
    *,
    map: Map,
    kind: str,
    text: str,
    target: Node,
    relation: str,
    author: AbstractBaseUser | None = None,
    status: str = Status.VISIBLE,
    source: Source | None = None,
) -> Node:
    """A new claim, evidence or measure, joined to the node it speaks to, so it reaches the question."""
    if kind == NodeKind.QUESTION:
        raise ValidationError({"kind": "A map has exactly one question; add a claim, evidence or measure."})
    if kind not in NodeKind.values:
        raise ValidationError({"kind": "Choose claim, evidence or measure."})
    cleaned = clean_text(text)
    with transaction.atomic():
        map_lock(map=map)
        node = Node.objects.create(map=map, kind=kind, text=cleaned, author=author, status=status, source=source)
        _edge_insert(map=map, from_node=node, to_node=target, relation=relation, author=author, status=status)
        map_touch(map=map)
    return node


def contribution_create(
    *,
    author: AbstractBaseUser,
    target: Node,
    kind: str,
    relation: str,
    text: str,
    citation: Citation | None = None,
    also_target: Node | None = None,
    also_relation: str | None = None,
    post_anyway: bool = False,
) -> Node:
    """A class member's claim, evidence or counterclaim under target (and, if given, a second node).

    Refused, with nothing saved, when the person may not contribute, when the text repeats a statement
    anywhere in the map that they can see (a near copy only until they confirm with post_anyway: see
    _refuse_duplicate) or when a second link would break the graph's rules. A statement merged into another a
    moment ago stands for the one it was merged into, so the reply goes there instead of under a hidden duplicate.
    """
    map = target.map
    access = _require_contributor(author, map)
    if kind not in CONTRIBUTION_KINDS:
        raise ValidationError({"kind": "Choose a claim or a piece of evidence."})
    if Relation.CONTEXT in (relation, also_relation) and not permissions.can_give_context(access):
        raise ValidationError({"relation": permissions.WHY_NOT_CONTEXT})
    if citation is not None and kind != NodeKind.EVIDENCE:
        raise ValidationError({"source": "Only evidence takes a source: choose “evidence”, or leave the source out."})
    if also_target is not None and also_relation not in Relation.values:
        raise ValidationError({"also_relation": "Choose whether it supports or opposes the second statement."})
    if also_target is not None and also_target.pk == target.pk:
        raise ValidationError({"also_target": "Choose a different statement from the one you reply to."})
    cleaned = clean_text(text)
    pending = map.moderation_mode == ModerationMode.PRE and not access.can_moderate
    status = Status.PENDING if pending else Status.VISIBLE
    with transaction.atomic():
        map_lock(map=map)
        target = _as_committed(
            target, field="target", hidden="That statement has been hidden, so it can't take replies."
        )
        if also_target is not None:
            also_target = _as_committed(
                also_target, field="also_target", hidden="That statement has been hidden, so it can't take replies."
            )
            if also_target.pk == target.pk:
                also_target = None  # both were merged into one statement a moment ago: one link says it
        _refuse_duplicate(map=map, target=target, text=cleaned, access=access, post_anyway=post_anyway)
        source = _source_for_citation(citation) if citation else None
        node = node_create(
            map=map,
            kind=kind,
            text=cleaned,
            target=target,
            relation=relation,
            author=author,
            status=status,
            source=source,
        )
        if also_target is not None:
            _edge_insert(
                map=map,
                from_node=node,
                to_node=also_target,
                relation=also_relation,
                author=author,
                status=status,
                field="also_target",
            )
    return node


def link_create(*, author: AbstractBaseUser, from_node: Node, to_node: Node, relation: str) -> Edge:
    """A class member says that one existing statement also supports or opposes another."""
    map = from_node.map
    access = _require_contributor(author, map)
    if not permissions.can_link(access, from_node):
        raise PermissionDenied(permissions.WHY_NOT_LINK)
    if relation == Relation.CONTEXT and not permissions.can_give_context(access):
        raise ValidationError({"relation": permissions.WHY_NOT_CONTEXT})
    if to_node.map_id != map.pk:
        raise ValidationError({"to_node": "Choose a statement from this map."})
    with transaction.atomic():
        map_lock(map=map)
        from_node = _as_committed(
            from_node, field="from_node", hidden="That statement has been hidden, so it can't be linked."
        )
        to_node = _as_committed(to_node, field="to_node", hidden="Choose a statement from this map.")
        edge = _edge_insert(
            map=map, from_node=from_node, to_node=to_node, relation=relation, author=author, status=Status.VISIBLE
        )
        map_touch(map=map)
    return edge


def node_edit(*, editor: AbstractBaseUser, node: Node, text: str) -> Node:
    """An author rewords their own contribution, until someone replies to it; the old words are kept.

    A teacher's rewording (any statement, audited) is moderation's node_moderate_edit; node_reword there
    picks between the two, so pages and API give the same answer.
    """
    access = permissions.map_access(editor, node.map)
    with transaction.atomic():
        # Under the map's lock, so a reply that arrives at the same moment comes before the edit or after it.
        map_lock(map=node.map)
        has_replies = selectors.node_has_replies(node=node)
        if not permissions.can_edit_own(access, node, has_replies=has_replies):
            raise PermissionDenied(permissions.why_not_edit(access, node, has_replies=has_replies))
        cleaned = clean_text(text)
        node_text_replace(node=node, text=cleaned, editor=editor)
        if node.map.moderation_mode == ModerationMode.PRE and not access.can_moderate and node.status == Status.VISIBLE:
            # Approval covered the old words: new words wait for the teacher again.
            Node.objects.filter(pk=node.pk).update(status=Status.PENDING)
            node.status = Status.PENDING
    return node


def node_text_replace(*, node: Node, text: str, editor: AbstractBaseUser) -> None:
    """New words for a node, its old words kept as a revision; inside the caller's transaction."""
    if text == node.text:
        return
    NodeRevision.objects.create(node=node, text=node.text, edited_by=editor)
    node.text = text
    node.edited_at = timezone.now()
    node.save(update_fields=["text", "edited_at"])
    map_touch(map=node.map)


def map_copy(*, source: Map, slug: str, title: str, classroom: Classroom, owner: AbstractBaseUser) -> Map:
    """A class's own copy of a map: its nodes, links and essay anchors, but none of its votes."""
    fields = (
        "question",
        "description",
        "source_title",
        "source_document",
        "measure_label",
        "moderation_mode",
        "is_anonymous",
        "vote_prompt",
        "vote_labels",
    )
    with transaction.atomic():
        copy = Map.objects.create(
            slug=slug,
            title=title,
            visibility=Visibility.CLASS,
            classroom=classroom,
            owner=owner,
            copied_from=source,
            **{name: getattr(source, name) for name in fields},
        )
        originals = list(Node.objects.filter(map=source).order_by("id"))
        created = Node.objects.bulk_create(
            Node(
                map=copy,
                kind=original.kind,
                text=original.text,
                topic=original.topic,
                author_id=original.author_id,
                status=original.status,
                essay_quote=original.essay_quote,
                essay_start=original.essay_start,
                essay_end=original.essay_end,
                source_id=original.source_id,
                curation_status=original.curation_status,
                curator_note=original.curator_note,
                reviewed_at=original.reviewed_at,
                added_by_curator=original.added_by_curator,
                origin_id=original.origin_id or original.pk,
            )
            for original in originals
        )
        copies = {original.pk: node for original, node in zip(originals, created, strict=True)}
        Edge.objects.bulk_create(
            Edge(
                map=copy,
                from_node=copies[edge.from_node_id],
                to_node=copies[edge.to_node_id],
                relation=edge.relation,
                author_id=edge.author_id,
                status=edge.status,
            )
            for edge in Edge.objects.filter(map=source).order_by("id")
        )
    return copy


class DuplicateStatement(ValidationError):
    """A new statement says what one already in the map says: a ValidationError on the text field that also
    names the statement already there (existing), so pages link to it and the API gives its id and address.
    near: only nearly the same words, which the writer may confirm (contribution_create's post_anyway).
    """

    def __init__(self, message: str, *, existing: Node, near: bool) -> None:
        super().__init__({"text": [message]})
        self.existing = existing
        self.near = near


def _refuse_duplicate(*, map: Map, target: Node, text: str, access: permissions.MapAccess, post_anyway: bool) -> None:
    """Refuse text if the map already says it (the same words, case, punctuation, apostrophes and spacing
    aside), anywhere, among the statements this person can see (selectors.statements_like): they should support
    or oppose that one instead. A near copy (similar words, selectors.NEAR_DUPLICATE) is refused until the writer
    confirms it says something different: "… was a success" and "… was a failure" look alike to any measure.
    Called under the map's lock, so two people posting the same words at once can't both pass.
    """
    found = selectors.statements_like(map=map, text=text, access=access, limit=1)
    if not found or (post_anyway and not found[0].exact):
        return
    likeness = found[0]
    quoted = f"“{_short(likeness.node.text)}”"
    if not likeness.exact:
        message = (
            f"{quoted} says nearly the same. Support or oppose that point instead, "
            "or post yours anyway if it says something different."
        )
    elif Edge.objects.filter(from_node=likeness.node, to_node=target).exists():
        message = f"{quoted} already says this here. Support or oppose that point instead."
    else:
        message = f"{quoted} already says this elsewhere in the map. Support or oppose that point instead."
    raise DuplicateStatement(message, existing=likeness.node, near=not likeness.exact)


def _as_committed(node: Node, *, field: str, hidden: str) -> Node:
    """node as committed now, read under the map's lock. A statement merged into another stands for the one it
    was merged into (a reply or a link racing the merge lands where the class can see it); a statement hidden
    otherwise is refused with the hidden message.
    """
    current = Node.objects.get(pk=node.pk)
    seen = {current.pk}
    while current.merged_into_id is not None and current.merged_into_id not in seen:
        current = Node.objects.get(pk=current.merged_into_id)
        seen.add(current.pk)
    if current.status == Status.HIDDEN:
        raise ValidationError({field: hidden})
    return current


def _require_contributor(person: AbstractBaseUser, map: Map) -> permissions.MapAccess:
    access = permissions.map_access(person, map)
    if not access.can_view:
        raise PermissionDenied("No such map.")
    if not access.can_contribute:
        raise PermissionDenied(why_not_contribute(map))
    return access


def why_not_contribute(map: Map) -> str:
    if map.is_locked:
        return permissions.LOCKED
    if map.classroom_id is None:
        return "This map is a template: start a debate from it to add to it with your class."
    return "Only members of this class can add to its map."


def _source_for_citation(citation: Citation) -> Source:
    """A new, unreviewed source for a student's citation: never merged into another class's or the library's,
    so one student's link can't end up on someone else's evidence. Curators join them up if they want.
    """
    title = clean_text(citation.title, field="source_title")[:300]
    url = citation.url.strip()
    if url and urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValidationError({"source_url": "A source's link starts with http:// or https://."})
    return Source.objects.create(title=title, author=citation.author.strip()[:200], year=citation.year, url=url[:500])


def _edge_insert(
    *,
    map: Map,
    from_node: Node,
    to_node: Node,
    relation: str,
    author: AbstractBaseUser | None,
    status: str,
    field: str = "to_node",
) -> Edge:
    if relation not in Relation.values:
        raise ValidationError({"relation": "Choose whether it supports or opposes."})
    if from_node.map_id != map.pk or to_node.map_id != map.pk:
        raise ValidationError({field: "Both ends of a link must be in the same map."})
    if from_node.pk == to_node.pk:
        raise ValidationError({field: "A statement can't support or oppose itself."})
    if from_node.kind == NodeKind.QUESTION:
        raise ValidationError({"from_node": "The question is the root of the map; it can't point at anything."})
    if Edge.objects.filter(from_node=from_node, to_node=to_node).exists():
        raise ValidationError({field: "These two statements are already linked."})
    pairs = list(Edge.objects.filter(map=map).values_list("from_node_id", "to_node_id"))
    loop = graph.cycle_if_added(pairs, from_node.pk, to_node.pk)
    if loop:
        nodes = Node.objects.in_bulk(set(loop))
        path = describe_path(loop, nodes, seen_by=author)
        raise ValidationError({field: f"That link would make a loop: {path}. An argument can't rest on itself."})
    try:
        with transaction.atomic():
            return Edge.objects.create(
                map=map, from_node=from_node, to_node=to_node, relation=relation, author=author, status=status
            )
    except IntegrityError as error:
        # Two people linking the same pair at the same moment: the constraint decides.
        raise ValidationError({field: "These two statements are already linked."}) from error


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
