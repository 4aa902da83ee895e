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
    """The library's matching source for each distinct citation (one made where none matches), so importing a
    map does not duplicate the citations it shares."""
    found: dict[tuple, Source] = {}
    for citation in citations:
        key = _citation_key(citation)
        if key is not None and key not in found:
            found[key] = Source.objects.filter(**citation).first() or Source.objects.create(**citation)
    return found
