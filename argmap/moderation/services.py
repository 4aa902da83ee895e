"""Every moderation action: one transaction each, with its audit entry and the map's revision bump.

Nothing is deleted: rejecting or hiding sets a status that restoring undoes; merging hides the
duplicates and points their links at the survivor; flags are resolved, not removed. Each action that
changes what the graph shows takes the map's lock (map_lock) first and reads the statements again under
it, so it decides on what is committed, not on what the page showed a moment ago.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from argmap.classrooms import permissions
from argmap.maps import graph
from argmap.maps import selectors as map_selectors
from argmap.maps.models import Edge, Map, ModerationMode, Node, NodeKind, Relation, Status, VoteRound
from argmap.maps.services import clean_text, describe_path, map_lock, map_touch, node_edit, node_text_replace
from argmap.moderation.audit import audit_record
from argmap.moderation.models import AuditAction, AuditEntry, Flag, FlagReason, FlagStatus
from argmap.votes.models import Rating, Vote

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

REASON_MAX_LENGTH = 300


def require_moderator(person: AbstractBaseUser, map: Map) -> permissions.MapAccess:
    """The person's access when they moderate map; 404-like refusal outside the class, 403 inside it."""
    access = permissions.map_access(person, map)
    if not access.can_view:
        raise PermissionDenied("No such map.")
    if not access.can_moderate:
        raise PermissionDenied(permissions.MODERATORS_ONLY)
    return access


def node_approve(*, node: Node, by: AbstractBaseUser) -> Node:
    """A pending contribution becomes visible to the class."""
    require_moderator(by, node.map)
    with transaction.atomic():
        map_lock(map=node.map)
        node.refresh_from_db(fields=["status"])
        if node.status != Status.PENDING:
            raise ValidationError({"node": "Only contributions waiting for approval can be approved."})
        _change_status(node=node, by=by, action=AuditAction.APPROVE, status=Status.VISIBLE)
    return node


def nodes_approve(*, map: Map, by: AbstractBaseUser, nodes: Iterable[Node]) -> list[Node]:
    """Approve many pending contributions at once: all of them, or none if one cannot be."""
    require_moderator(by, map)
    chosen = list(nodes)
    if not chosen:
        raise ValidationError({"nodes": "Tick the contributions to approve first."})
    with transaction.atomic():
        map_lock(map=map)
        return [node_approve(node=node, by=by) for node in chosen]


def node_reject(*, node: Node, by: AbstractBaseUser, reason: str) -> Node:
    """A pending contribution is turned down, with a reason its author sees. It can be restored."""
    require_moderator(by, node.map)
    reason = _clean_reason(reason, required="Say why, so the student can learn from it.")
    with transaction.atomic():
        map_lock(map=node.map)
        node.refresh_from_db(fields=["status"])
        if node.status != Status.PENDING:
            raise ValidationError({"node": "Only contributions waiting for approval can be rejected; hide it instead."})
        _change_status(node=node, by=by, action=AuditAction.REJECT, status=Status.HIDDEN, note=reason, reason=reason)
    return node


def node_hide(*, node: Node, by: AbstractBaseUser, reason: str = "") -> Node:
    """Take a contribution, and what hangs only from it, out of the class's view. Nothing is deleted."""
    require_moderator(by, node.map)
    if node.kind == NodeKind.QUESTION:
        raise ValidationError({"node": "The question can't be hidden."})
    reason = _clean_reason(reason)
    with transaction.atomic():
        map_lock(map=node.map)
        node.refresh_from_db(fields=["status"])
        if node.status == Status.HIDDEN:
            raise ValidationError({"node": "That statement is already hidden."})
        _uphold_flags(node=node, by=by)
        _change_status(node=node, by=by, action=AuditAction.HIDE, status=Status.HIDDEN, note=reason, reason=reason)
    return node


def node_restore(*, node: Node, by: AbstractBaseUser, reason: str = "") -> Node:
    """Bring a hidden or rejected contribution back, with everything that hangs from it."""
    require_moderator(by, node.map)
    reason = _clean_reason(reason)
    with transaction.atomic():
        map_lock(map=node.map)
        node.refresh_from_db(fields=["status", "merged_into"])
        if node.status != Status.HIDDEN:
            raise ValidationError({"node": "Only hidden statements can be restored."})
        if node.merged_into_id:
            _move_links_back(node=node)
            Node.objects.filter(pk=node.pk).update(merged_into=None)
            node.merged_into = None
        _change_status(node=node, by=by, action=AuditAction.RESTORE, status=Status.VISIBLE, reason=reason)
    return node


def node_reword(*, node: Node, by: AbstractBaseUser, text: str, reason: str = "") -> Node:
    """New words for a statement, from its author (until someone replies) or from the class's teacher (any
    statement but the question, audited). The pages and the API both call this, so both answer the same.
    """
    access = permissions.map_access(by, node.map)
    if not access.can_view:
        raise PermissionDenied("No such map.")
    has_replies = map_selectors.node_has_replies(node=node)
    if not permissions.can_edit_node(access, node, has_replies=has_replies):
        raise PermissionDenied(permissions.why_not_edit(access, node, has_replies=has_replies))
    if permissions.can_edit_own(access, node, has_replies=has_replies):
        return node_edit(editor=by, node=node, text=text)
    return node_moderate_edit(node=node, by=by, text=text, reason=reason)


def node_moderate_edit(*, node: Node, by: AbstractBaseUser, text: str, reason: str = "") -> Node:
    """A teacher rewords a statement; the old words stay in its history and the change is audited."""
    access = require_moderator(by, node.map)
    if not permissions.can_reword_as_moderator(access, node):
        has_replies = map_selectors.node_has_replies(node=node)
        raise PermissionDenied(permissions.why_not_edit(access, node, has_replies=has_replies))
    cleaned = clean_text(text)
    reason = _clean_reason(reason)
    with transaction.atomic():
        # Two rewordings at once queue on the map's lock, so each audit entry's "before" is the words it replaced.
        map_lock(map=node.map)
        node.refresh_from_db(fields=["text"])
        if cleaned == node.text:
            return node
        before = node.text
        node_text_replace(node=node, text=cleaned, editor=by)
        audit_record(
            map=node.map,
            actor=by,
            action=AuditAction.EDIT,
            node=node,
            before={"text": before},
            after={"text": cleaned},
            reason=reason,
        )
    return node


def node_merge(*, survivor: Node, duplicates: Iterable[Node], by: AbstractBaseUser, reason: str = "") -> Node:
    """Fold duplicates into survivor: their replies and links move to it, their votes too where the voter
    has none on it; each duplicate is hidden and remembers it was merged, so its author keeps credit.
    """
    map = survivor.map
    require_moderator(by, map)
    merged = [node for node in duplicates if node.pk != survivor.pk]
    if not merged:
        raise ValidationError({"duplicates": "Choose at least one duplicate to merge into this statement."})
    if any(node.map_id != map.pk for node in merged):
        raise ValidationError({"duplicates": "Only statements of the same map can be merged."})
    if survivor.kind == NodeKind.QUESTION or any(node.kind == NodeKind.QUESTION for node in merged):
        raise ValidationError({"duplicates": "The question can't be merged."})
    reason = _clean_reason(reason)
    with transaction.atomic():
        map_lock(map=map)
        # Read again under the lock: a merge or a hide that committed a moment ago decides what this one may do.
        survivor.refresh_from_db(fields=["status", "merged_into"])
        if survivor.merged_into_id is not None:
            into = _quoted(survivor.merged_into)
            raise ValidationError({"node": f"That statement was just merged into {into}; merge into that one."})
        if survivor.status == Status.HIDDEN:
            raise ValidationError({"node": "That statement is hidden: restore it first, or merge into another."})
        for node in merged:
            node.refresh_from_db(fields=["text", "status", "merged_into"])
            if node.merged_into_id is not None:
                raise ValidationError(
                    {"duplicates": f"{_quoted(node)} was already merged into {_quoted(node.merged_into)}."}
                )
        for duplicate in merged:
            moved = _move_links(duplicate=duplicate, survivor=survivor)
            votes = _move_votes(duplicate=duplicate, survivor=survivor)
            ratings = _move_ratings(duplicate=duplicate, survivor=survivor)
            before = {"status": duplicate.status, "text": duplicate.text}
            Node.objects.filter(pk=duplicate.pk).update(status=Status.HIDDEN, merged_into=survivor)
            duplicate.status, duplicate.merged_into = Status.HIDDEN, survivor
            _uphold_flags(node=duplicate, by=by)
            audit_record(
                map=map,
                actor=by,
                action=AuditAction.MERGE,
                node=duplicate,
                before=before,
                after={
                    "status": "hidden",
                    "merged_into": survivor.pk,
                    "links_moved": len(moved),
                    "moved_links": moved,
                    "votes_moved": votes,
                    **({"ratings_moved": ratings} if ratings else {}),
                },
                reason=reason,
            )
        map_touch(map=map)
    return survivor


def node_move(*, node: Node, old_target: Node, new_target: Node, by: AbstractBaseUser, relation: str = "") -> Edge:
    """Re-hang node under a different statement; the cycle check applies as for any new link."""
    map = node.map
    require_moderator(by, map)
    with transaction.atomic():
        map_lock(map=map)
        # Every check reads under the lock, so a link or another move committed a moment ago is counted.
        edge = Edge.objects.filter(from_node=node, to_node=old_target).first()
        if edge is None:
            raise ValidationError({"old_target": "This statement doesn't speak to that one."})
        if new_target.map_id != map.pk:
            raise ValidationError({"new_target": "Choose a statement from this map."})
        if new_target.pk in (node.pk, old_target.pk):
            raise ValidationError({"new_target": "Choose a different statement to move it under."})
        new_target.refresh_from_db(fields=["status", "merged_into"])
        if new_target.merged_into_id is not None:
            raise ValidationError(
                {"new_target": f"That statement was just merged into {_quoted(new_target.merged_into)}; move it there."}
            )
        if Edge.objects.filter(from_node=node, to_node=new_target).exists():
            raise ValidationError({"new_target": "It already speaks to that statement."})
        pairs = [
            pair
            for pair in Edge.objects.filter(map=map).values_list("from_node_id", "to_node_id")
            if pair != (node.pk, old_target.pk)
        ]
        loop = graph.cycle_if_added(pairs, node.pk, new_target.pk)
        if loop:
            names = Node.objects.in_bulk(set(loop))
            raise ValidationError({"new_target": f"That move would make a loop: {describe_path(loop, names)}."})
        relation = relation or edge.relation
        if relation not in Relation.values:
            raise ValidationError({"relation": "Choose whether it supports or opposes."})
        before = {"to_node": old_target.pk, "relation": edge.relation}
        edge.to_node, edge.relation = new_target, relation
        edge.save(update_fields=["to_node", "relation"])
        audit_record(
            map=map,
            actor=by,
            action=AuditAction.MOVE,
            node=node,
            before=before,
            after={"to_node": new_target.pk, "relation": relation},
        )
        map_touch(map=map)
    return edge


def flag_raise(*, node: Node, by: AbstractBaseUser, reason: str, note: str = "") -> Flag:
    """A student asks the teacher to look at a classmate's contribution. It stays visible until they decide."""
    access = permissions.map_access(by, node.map)
    if not access.can_view:
        raise PermissionDenied("No such map.")
    if not permissions.can_flag(access, node):
        if access.role != permissions.MapRole.STUDENT:
            raise PermissionDenied(permissions.why_not_flag(access, node))
        raise ValidationError({"node": permissions.why_not_flag(access, node)})
    if reason not in FlagReason.values:
        raise ValidationError({"reason": "Choose why: off-topic, a duplicate, unkind, or factually wrong."})
    if Flag.objects.filter(node=node, raised_by=by, status=FlagStatus.OPEN).exists():
        raise ValidationError({"reason": "You have already flagged this; your teacher will look at it."})
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": "Keep the note to 200 characters or fewer."})
    with transaction.atomic():
        flag = Flag.objects.create(node=node, raised_by=by, reason=reason, note=note)
        map_touch(map=node.map)
    return flag


def flag_dismiss(*, flag: Flag, by: AbstractBaseUser, reason: str = "") -> Flag:
    """The teacher looked and the contribution stays: the flag is closed, not deleted."""
    map = flag.node.map
    require_moderator(by, map)
    if flag.status != FlagStatus.OPEN:
        raise ValidationError({"flag": "That flag has already been dealt with."})
    reason = _clean_reason(reason)
    with transaction.atomic():
        flag.status, flag.resolved_by, flag.resolved_at = FlagStatus.DISMISSED, by, timezone.now()
        flag.save(update_fields=["status", "resolved_by", "resolved_at"])
        audit_record(
            map=map,
            actor=by,
            action=AuditAction.DISMISS_FLAG,
            node=flag.node,
            before={"flag": flag.get_reason_display(), "status": "open"},
            after={"status": "dismissed"},
            reason=reason,
        )
        map_touch(map=map)
    return flag


MAP_SETTINGS = ("moderation_mode", "is_anonymous", "voting_open", "is_locked", "vote_round", "ratings_open")


def map_settings_update(*, map: Map, by: AbstractBaseUser, reason: str = "", **changes: Any) -> Map:
    """Lock or unlock the map, open or close voting, open the after round, switch moderation, anonymity or ratings."""
    require_moderator(by, map)
    if permissions.map_of_archived_class(map):
        raise PermissionDenied(permissions.ARCHIVED_READ_ONLY)
    unknown = set(changes) - set(MAP_SETTINGS)
    if unknown:
        raise ValidationError({name: "This setting doesn't exist." for name in unknown})
    if "moderation_mode" in changes and changes["moderation_mode"] not in ModerationMode.values:
        raise ValidationError({"moderation_mode": "Choose open or pre-moderated."})
    if "vote_round" in changes and changes["vote_round"] not in VoteRound.values:
        raise ValidationError({"vote_round": "Choose the before or the after round."})
    before = {name: getattr(map, name) for name in changes if getattr(map, name) != changes[name]}
    if not before:
        return map
    after = {name: changes[name] for name in before}
    with transaction.atomic():
        Map.objects.filter(pk=map.pk).update(**after)
        for name, value in after.items():
            setattr(map, name, value)
        audit_record(
            map=map, actor=by, action=AuditAction.SETTINGS, before=before, after=after, reason=_clean_reason(reason)
        )
        map_touch(map=map)
    return map


def _change_status(
    *, node: Node, by: AbstractBaseUser, action: str, status: str, note: str = "", reason: str = ""
) -> None:
    """Set a node's status, record it in the audit log and bump the map's revision."""
    before = node.status
    _set_status(node, status, note=note)
    audit_record(
        map=node.map,
        actor=by,
        action=action,
        node=node,
        before={"status": before},
        after={"status": status},
        reason=reason,
    )
    map_touch(map=node.map)


def _uphold_flags(*, node: Node, by: AbstractBaseUser) -> None:
    """The teacher acted on a flagged node: its open flags are closed as upheld."""
    Flag.objects.filter(node=node, status=FlagStatus.OPEN).update(
        status=FlagStatus.UPHELD, resolved_by=by, resolved_at=timezone.now()
    )


def _set_status(node: Node, status: str, *, note: str) -> None:
    Node.objects.filter(pk=node.pk).update(status=status, moderation_note=note)
    # A contribution's own links follow it in and out of pre-moderation.
    if status == Status.VISIBLE:
        Edge.objects.filter(from_node=node, status=Status.PENDING).update(status=Status.VISIBLE)
    node.status, node.moderation_note = status, note


def _move_links(*, duplicate: Node, survivor: Node) -> list[list[int]]:
    """Point the duplicate's links at the survivor where that breaks no rule; the rest stay as they were.

    Returns [edge id, its old source, its old target] for each moved link, kept in the audit entry so a
    restore can put them back.
    """
    moved = []
    for edge in Edge.objects.filter(Q(to_node=duplicate) | Q(from_node=duplicate)).order_by("id"):
        source = survivor.pk if edge.from_node_id == duplicate.pk else edge.from_node_id
        target = survivor.pk if edge.to_node_id == duplicate.pk else edge.to_node_id
        if _can_repoint(edge, source, target):
            Edge.objects.filter(pk=edge.pk).update(from_node_id=source, to_node_id=target)
            moved.append([edge.pk, edge.from_node_id, edge.to_node_id])
    return moved


def _move_links_back(*, node: Node) -> None:
    """Undo the merge of node: its links that went to the survivor come back, where no rule breaks."""
    merge = AuditEntry.objects.filter(node=node, action=AuditAction.MERGE).order_by("-created_at", "-id").first()
    for edge_id, source, target in merge.after.get("moved_links", []) if merge else []:
        edge = Edge.objects.filter(pk=edge_id).first()
        if edge is not None and _can_repoint(edge, source, target):
            Edge.objects.filter(pk=edge.pk).update(from_node_id=source, to_node_id=target)


def _can_repoint(edge: Edge, source: int, target: int) -> bool:
    if source == target or Edge.objects.filter(from_node_id=source, to_node_id=target).exclude(pk=edge.pk).exists():
        return False
    pairs = [
        pair
        for pair in Edge.objects.filter(map_id=edge.map_id)
        .exclude(pk=edge.pk)
        .values_list("from_node_id", "to_node_id")
    ]
    return graph.cycle_if_added(pairs, source, target) is None


def _move_votes(*, duplicate: Node, survivor: Node) -> int:
    """Votes on a duplicate measure count for the survivor, unless the voter already voted on it."""
    if duplicate.kind != NodeKind.MEASURE or survivor.kind != NodeKind.MEASURE:
        return 0
    already = set(Vote.objects.filter(measure=survivor).values_list("voter_id", "round"))
    moved = 0
    for vote in Vote.objects.filter(measure=duplicate):
        if (vote.voter_id, vote.round) not in already:
            Vote.objects.filter(pk=vote.pk).update(measure=survivor)
            moved += 1
    return moved


def _move_ratings(*, duplicate: Node, survivor: Node) -> int:
    """Ratings of a duplicate claim or evidence count for the survivor, unless the rater already rated it or
    wrote it (nobody rates their own point)."""
    if survivor.kind not in permissions.RATED_KINDS:
        return 0
    keep_out = set(Rating.objects.filter(node=survivor).values_list("rater_id", flat=True))
    if survivor.author_id is not None:
        keep_out.add(survivor.author_id)
    moving = [
        pk for pk, rater in Rating.objects.filter(node=duplicate).values_list("pk", "rater_id") if rater not in keep_out
    ]
    return Rating.objects.filter(pk__in=moving).update(node=survivor)


def _quoted(node: Node) -> str:
    text = node.text if len(node.text) <= 60 else node.text[:59].rstrip() + "…"
    return f"“{text}”"


def _clean_reason(reason: str, *, required: str = "") -> str:
    cleaned = (reason or "").strip()
    if required and not cleaned:
        raise ValidationError({"reason": required})
    if len(cleaned) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": f"Keep the reason to {REASON_MAX_LENGTH} characters or fewer."})
    return cleaned
