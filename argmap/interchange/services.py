"""Reads a map into an interchange document and writes one back as a new map, in one transaction."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from argmap.classrooms import permissions
from argmap.interchange.argmap_json import (
    MAP_FIELDS,
    SOURCE_FIELDS,
    DocumentError,
    EdgeRecord,
    MapDocument,
    NodeRecord,
)
from argmap.interchange.build import Imported
from argmap.interchange.models import ImportDraft
from argmap.interchange.readers import READERS, read
from argmap.maps.models import Edge, Map, Node, Source, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from argmap.classrooms.models import Classroom


def document_from(
    *, map: Map, nodes: list[Node], edges: Iterable[Edge], author_of: Callable[[Node], str | None]
) -> MapDocument:
    """An interchange document of these statements and links (numbered n1, n2… in the order given)."""
    local_id = {node.pk: f"n{index}" for index, node in enumerate(nodes, start=1)}
    return MapDocument(
        map={name: getattr(map, name) for name in MAP_FIELDS},
        nodes=[
            NodeRecord(
                id=local_id[node.pk],
                kind=node.kind,
                text=node.text,
                status=node.status,
                topic=node.topic,
                essay_quote=node.essay_quote,
                essay_start=node.essay_start,
                essay_end=node.essay_end,
                author=author_of(node),
                source={name: getattr(node.source, name) for name in SOURCE_FIELDS} if node.source else None,
                curation_status=node.curation_status,
                curator_note=node.curator_note,
                added_by_curator=node.added_by_curator,
            )
            for node in nodes
        ],
        edges=[
            EdgeRecord(
                source=local_id[edge.from_node_id],
                target=local_id[edge.to_node_id],
                relation=edge.relation,
                status=edge.status,
                structural=edge.structural,
            )
            for edge in edges
        ],
    )


def map_document(*, map: Map) -> MapDocument:
    """Everything in the map, hidden and pending contributions included: three queries."""
    nodes = list(Node.objects.filter(map=map).select_related("author", "source").order_by("id"))
    return document_from(
        map=map,
        nodes=nodes,
        edges=Edge.objects.filter(map=map).order_by("id"),
        author_of=lambda node: node.author.get_username() if node.author else node.credited_to or None,
    )


def map_import(
    *,
    document: MapDocument,
    slug: str | None = None,
    owner: AbstractBaseUser | None = None,
    classroom: Classroom | None = None,
) -> Map:
    """A new map built from a validated document, in one transaction: nothing is saved unless all of it is.

    Into a class, it is that class's map (whatever the file says); without one, a public map, and a class's map
    file is refused, so pupils' words never become public by an import. Statements and links are inserted in
    bulk: a few queries whatever the file's size. Authors named in the file are kept as names only.
    """
    slug = slug or document.map.get("slug") or ""
    if not slug:
        raise ValidationError({"slug": "The document has no slug; give the new map one."})
    if Map.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A map called “{slug}” already exists; choose another slug."})
    if classroom is None and document.map.get("visibility") != Visibility.PUBLIC:
        # A class's map belongs to its class; a file can't say which, and must not make pupils' words public.
        raise ValidationError(
            {"visibility": "map.visibility: an import makes a public map; this file is a class's map (“class”)."}
        )
    map_fields = {**document.map, "slug": slug, "owner": owner}
    if classroom is not None:
        map_fields.update(visibility=Visibility.CLASS, classroom=classroom)
    with transaction.atomic():
        map = Map.objects.create(**map_fields)
        sources = _sources_for(record.source for record in document.nodes)
        now = timezone.now()
        nodes = Node.objects.bulk_create(
            Node(
                map=map,
                kind=record.kind,
                text=record.text,
                status=record.status,
                topic=record.topic,
                essay_quote=record.essay_quote,
                essay_start=record.essay_start,
                essay_end=record.essay_end,
                # Never an account named in the file: a file could credit anyone with anything.
                author=None,
                credited_to=(record.author or "")[:150],
                source=sources.get(_citation_key(record.source)),
                curation_status=record.curation_status,
                curator_note=record.curator_note,
                reviewed_at=now if record.curation_status != "unverified" else None,
                added_by_curator=record.added_by_curator,
            )
            for record in document.nodes
        )
        created = {record.id: node for record, node in zip(document.nodes, nodes, strict=True)}
        Edge.objects.bulk_create(
            Edge(
                map=map,
                from_node=created[record.source],
                to_node=created[record.target],
                relation=record.relation,
                status=record.status,
                structural=record.structural,
            )
            for record in document.edges
        )
    return map


def _citation_key(citation: dict | None) -> tuple | None:
    return None if citation is None else tuple(sorted(citation.items()))


def _sources_for(citations: Iterable[dict | None]) -> dict[tuple, Source]:
    """The library's matching source for each distinct citation, one made where none matches, so importing a map
    does not duplicate the citations it shares: a query per 500 titles and one insert, whatever the file's size."""
    wanted: dict[tuple, dict] = {}
    for citation in citations:
        key = _citation_key(citation)
        if key is not None:
            wanted.setdefault(key, citation)
    found: dict[tuple, Source] = {}
    titles = sorted({citation["title"] for citation in wanted.values()})
    shapes = {tuple(sorted(citation)) for citation in wanted.values()}  # which fields each citation names
    for start in range(0, len(titles), 500):
        for source in Source.objects.filter(title__in=titles[start : start + 500]).order_by("pk"):
            for shape in shapes:
                key = _citation_key({name: getattr(source, name) for name in shape})
                if key in wanted:
                    found.setdefault(key, source)
    missing = [key for key in wanted if key not in found]
    found.update(zip(missing, Source.objects.bulk_create(Source(**wanted[key]) for key in missing), strict=True))
    return found


# Importing from the pages and the API: a file is read and checked into a draft, its preview shown, and only
# when its person confirms does it become a map.


@dataclass
class Preview:
    """What a file would become: counts, what it holds that the map does not keep, and where it would go."""

    draft: ImportDraft
    imported: Imported

    @property
    def destination(self) -> str:
        return f"a debate of {self.draft.classroom.name}" if self.draft.classroom_id else "a public map"

    @property
    def title(self) -> str:
        return self.draft.title or self.imported.document.map.get("title") or ""

    @property
    def question(self) -> str:
        return self.imported.document.map.get("question") or ""

    @property
    def measures(self) -> list[str]:
        return [node.text for node in self.imported.document.nodes if node.kind == "measure"]

    @property
    def format_name(self) -> str:
        return READERS[self.draft.format][0]


def detect_format(*, file_name: str, text: str) -> str:
    """The format a file is in, from its name and its first characters, for a person who did not say."""
    name = file_name.lower()
    if name.endswith((".argdown", ".ad")):
        return "argdown"
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith("{") or name.endswith(".json"):
        return "json" if re.search(r'"format"\s*:\s*"argmap"', text[:4000]) else "aif"
    if KIALO_START.match(start):
        return "kialo"
    return "argdown"


# Kialo's text export opens with its title line or its thesis, numbered "1."; nothing else does.
KIALO_START = re.compile(r"Discussion Title:|1\.\s")


def import_preview(
    *,
    by: AbstractBaseUser,
    text: str,
    format: str = "",
    file_name: str = "",
    classroom: Classroom | None = None,
    title: str = "",
    keep_rebuttals: bool = False,
) -> Preview:
    """Read and check a file for a new map (into `classroom`, or a public map), keeping it as a draft for its
    person to confirm; ValidationError naming each problem's place, and nothing kept, when it can't be imported."""
    if not permissions.can_import_map(by, classroom):
        raise PermissionDenied(permissions.WHY_NOT_IMPORT)
    format = format or detect_format(file_name=file_name, text=text)
    title = " ".join(title.split())
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError({"title": f"Keep the title to {TITLE_MAX_LENGTH} characters or fewer."})
    imported = _read(format=format, text=text, keep_rebuttals=keep_rebuttals, classroom=classroom)
    draft = ImportDraft.objects.create(
        owner=by,
        classroom=classroom,
        format=format,
        file_name=file_name[:200],
        text=text,
        title=title,
        keep_rebuttals=keep_rebuttals,
    )
    return Preview(draft=draft, imported=imported)


def import_draft_preview(*, draft: ImportDraft) -> Preview:
    """A draft's preview, read again from its file exactly as the import will read it."""
    imported = _read(
        format=draft.format, text=draft.text, keep_rebuttals=draft.keep_rebuttals, classroom=draft.classroom
    )
    return Preview(draft=draft, imported=imported)


def import_confirm(*, draft: ImportDraft, by: AbstractBaseUser) -> Map:
    """The draft's file saved as a new map, in one transaction, with a slug made from its title; once only."""
    with transaction.atomic():
        draft = ImportDraft.objects.select_for_update(of=("self",)).select_related("classroom").get(pk=draft.pk)
        if draft.owner_id != by.pk or not permissions.can_import_map(by, draft.classroom):
            raise PermissionDenied(permissions.WHY_NOT_IMPORT)
        if draft.map_id is not None:
            raise ValidationError({"draft": "This file has been imported already; its map is in your list."})
        preview = import_draft_preview(draft=draft)
        document = preview.imported.document
        document.map["title"] = preview.title[:TITLE_MAX_LENGTH]
        base = document.map["title"] if draft.classroom is None else f"{document.map['title']} {draft.classroom.name}"
        map = map_import(document=document, slug=free_slug(base), owner=by, classroom=draft.classroom)
        draft.map = map
        draft.save(update_fields=["map"])
    return map


TITLE_MAX_LENGTH = 200


def free_slug(title: str) -> str:
    """A slug made from the title that no map has yet."""
    base = slugify(title)[:70] or "imported-map"
    slug = base
    while Map.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def _read(*, format: str, text: str, keep_rebuttals: bool, classroom: Classroom | None) -> Imported:
    if format not in READERS:
        raise ValidationError({"format": f"Choose one of: {', '.join(name for name, _ in READERS.values())}."})
    if not text.strip():
        raise ValidationError({"file": "The file is empty: choose the file you exported, or paste its text."})
    try:
        imported = read(format, text, keep_rebuttals=keep_rebuttals)
    except DocumentError as error:
        raise ValidationError({"file": error.problems}) from error
    if classroom is None and imported.document.map.get("visibility") == Visibility.CLASS:
        raise ValidationError(
            {"file": "This file is a class's map: import it into one of your classes, so pupils' words stay there."}
        )
    return imported
