"""Reads a map into an interchange document and writes one back as a new map, in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.interchange.argmap_json import MAP_FIELDS, SOURCE_FIELDS, EdgeRecord, MapDocument, NodeRecord
from argmap.maps.models import Edge, Map, Node, Source, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


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
        author_of=lambda node: node.author.get_username() if node.author else None,
    )


def map_import(*, document: MapDocument, slug: str | None = None, owner: AbstractBaseUser | None = None) -> Map:
    """A new map built from a validated document; nothing is saved unless all of it is."""
    slug = slug or document.map.get("slug") or ""
    if not slug:
        raise ValidationError({"slug": "The document has no slug; give the new map one."})
    if Map.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A map called “{slug}” already exists; choose another slug."})
    if document.map.get("visibility") != Visibility.PUBLIC:
        # A class's map belongs to its class; a file can't say which, and must not make pupils' words public.
        raise ValidationError(
            {"visibility": "map.visibility: an import makes a public map; this file is a class's map (“class”)."}
        )
    with transaction.atomic():
        map = Map.objects.create(**{**document.map, "slug": slug, "owner": owner})
        created: dict[str, Node] = {}
        for record in document.nodes:
            created[record.id] = Node.objects.create(
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
                source=_source_for(record.source),
                curation_status=record.curation_status,
                curator_note=record.curator_note,
                reviewed_at=timezone.now() if record.curation_status != "unverified" else None,
                added_by_curator=record.added_by_curator,
            )
        Edge.objects.bulk_create(
            Edge(
                map=map,
                from_node=created[record.source],
                to_node=created[record.target],
                relation=record.relation,
                status=record.status,
            )
            for record in document.edges
        )
    return map


def _source_for(citation: dict | None) -> Source | None:
    """The library's matching source, so importing a map does not duplicate the citations it shares."""
    if citation is None:
        return None
    source = Source.objects.filter(**citation).first()
    return source or Source.objects.create(**citation)
