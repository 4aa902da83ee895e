"""The audit log: writing it (inside the transaction of the action it records), and reading it in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argmap.moderation.models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from argmap.maps.models import Map, Node


def audit_record(
    *,
    map: Map,
    actor: AbstractBaseUser,
    action: str,
    node: Node | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        map=map, actor=actor, action=action, node=node, before=before or {}, after=after or {}, reason=reason
    )


# Reading the audit log: each entry as a sentence a teacher reads at a glance ("Ms Rivera locked the map"),
# not as the fields it stores. The page, the API (`sentence`) and any export use these same words.


@dataclass(frozen=True)
class Part:
    """A piece of a sentence: plain words, or a statement quoted (linked on the page while it can be opened)."""

    text: str
    node: Node | None = None

    @property
    def links(self) -> bool:
        return self.node is not None and self.node.status != "hidden"


@dataclass(frozen=True)
class Sentence:
    parts: tuple[Part, ...]

    def __str__(self) -> str:
        return "".join(part.text for part in self.parts)


SETTING_WORDS: dict[tuple[str, object], str] = {
    ("is_locked", True): "locked the map",
    ("is_locked", False): "unlocked the map",
    ("voting_open", True): "opened voting",
    ("voting_open", False): "closed voting",
    ("ratings_open", True): "let students rate the arguments",
    ("ratings_open", False): "stopped students rating the arguments",
    ("moderation_mode", "pre"): "turned on approval before new points show",
    ("moderation_mode", "open"): "let new points show at once",
    ("is_anonymous", True): "hid students' names from classmates",
    ("is_anonymous", False): "showed students' names to classmates",
    ("vote_round", "after"): "started the after-the-debate vote",
    ("vote_round", "before"): "went back to the before-the-debate vote",
}

SETTING_ORDER = {name: index for index, name in enumerate(dict.fromkeys(name for name, _ in SETTING_WORDS))}

RELATION_WORDS = {"supports": "supporting", "opposes": "against", "context": "giving context to"}


def quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


def _listed(phrases: list[str]) -> str:
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]


def actor_name(actor: AbstractBaseUser | None) -> str:
    return getattr(actor, "name", "") or "Someone whose account was removed"


def audit_sentence(entry: AuditEntry, *, nodes: Mapping[int, Node] | None = None) -> Sentence:
    """One audit entry in words. nodes holds the statements its fields name by id (a merge's survivor, a
    move's new place); a statement missing from it is left out of the sentence rather than shown as a number.
    """
    nodes = nodes or {}
    before, after = entry.before or {}, entry.after or {}
    node = entry.node
    subject = Part(quoted(node.text), node) if node is not None else Part("a statement")
    parts: list[Part] = [Part(actor_name(entry.actor) + " ")]

    def also(text: str) -> None:
        parts.append(Part(text))

    def statement(node_id: object) -> Part | None:
        other = nodes.get(node_id) if isinstance(node_id, int) else None
        return Part(quoted(other.text), other) if other is not None else None

    action = entry.action
    if action == AuditAction.SETTINGS:
        # In a fixed order: PostgreSQL's jsonb keeps keys in an order of its own.
        settings = sorted(after.items(), key=lambda item: SETTING_ORDER.get(item[0], len(SETTING_ORDER)))
        phrases = [SETTING_WORDS.get((name, value), f"changed {name.replace('_', ' ')}") for name, value in settings]
        also(_listed(phrases) if phrases else "changed the map's settings")
    elif action == AuditAction.MERGE:
        also("merged ")
        parts.append(subject)
        survivor = statement(after.get("merged_into"))
        if survivor is not None:
            also(" into ")
            parts.append(survivor)
    elif action == AuditAction.MOVE:
        also("moved ")
        parts.append(subject)
        target = statement(after.get("to_node"))
        if target is not None:
            also(f" to stand {RELATION_WORDS.get(after.get('relation'), 'under')} ")
            parts.append(target)
    elif action == AuditAction.EDIT:
        also("reworded ")
        parts.append(Part(quoted(str(before.get("text", "")))))
        also(" as ")
        parts.append(Part(quoted(str(after.get("text", ""))), node))
    elif action == AuditAction.DISMISS_FLAG:
        flag = before.get("flag")
        also(f"kept {'a flagged statement' if not flag else 'a statement flagged as ' + str(flag).lower()}: ")
        parts.append(subject)
    else:
        verbs = {
            AuditAction.APPROVE: "approved ",
            AuditAction.REJECT: "rejected ",
            AuditAction.HIDE: "hid ",
            AuditAction.RESTORE: "restored ",
        }
        also(verbs.get(action, entry.get_action_display().lower() + " "))
        parts.append(subject)
    if entry.reason:
        also(f": {entry.reason}" if action == AuditAction.REJECT else f" (reason: {entry.reason})")
    return Sentence(tuple(parts))


def audit_node_ids(entries: Iterable[AuditEntry]) -> set[int]:
    """The statements that entries name by id in their fields: fetch them in one query for audit_sentence."""
    ids = set()
    for entry in entries:
        for value in ((entry.after or {}).get("merged_into"), (entry.after or {}).get("to_node")):
            if isinstance(value, int):
                ids.add(value)
    return ids


@dataclass(frozen=True)
class AuditLine:
    """A line of the audit log page: one entry, or a merge of several statements into one at the same moment."""

    entry: AuditEntry
    sentence: Sentence
    count: int = 1


def audit_lines(entries: Iterable[AuditEntry], *, nodes: Mapping[int, Node] | None = None) -> list[AuditLine]:
    """The entries (newest first) as the page's lines: duplicates merged in one go read as one sentence."""
    nodes = nodes or {}
    lines: list[AuditLine] = []
    group: list[AuditEntry] = []

    def same_merge(first: AuditEntry, entry: AuditEntry) -> bool:
        return (
            entry.action == first.action == AuditAction.MERGE
            and entry.actor_id == first.actor_id
            and entry.reason == first.reason
            and entry.after.get("merged_into") == first.after.get("merged_into")
            and abs((entry.created_at - first.created_at).total_seconds()) < 5
        )

    def flush() -> None:
        if len(group) == 1:
            lines.append(AuditLine(group[0], audit_sentence(group[0], nodes=nodes)))
        elif group:
            first = group[0]
            parts = [Part(f"{actor_name(first.actor)} merged {len(group)} statements")]
            survivor = nodes.get(first.after.get("merged_into"))
            if survivor is not None:
                parts += [Part(" into "), Part(quoted(survivor.text), survivor)]
            for number, entry in enumerate(reversed(group)):
                parts.append(Part(": " if number == 0 else ", "))
                parts.append(Part(quoted(entry.node.text), entry.node) if entry.node else Part("a statement"))
            if first.reason:
                parts.append(Part(f" (reason: {first.reason})"))
            lines.append(AuditLine(first, Sentence(tuple(parts)), count=len(group)))
        group.clear()

    for entry in entries:
        if group and not same_merge(group[0], entry):
            flush()
        group.append(entry)
    flush()
    return lines
