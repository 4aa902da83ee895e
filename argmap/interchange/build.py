"""A map document from the statements and links another tool's file states, inventing no argument.

Every reader of another tool's format (AIF and OVA, Kialo, Argdown) ends here: it hands over the statements it
found and the support and attack links the file states, each with the place it came from, and gets back a
validated MapDocument and the notes of an import report (what the file held that the map does not keep, and
what was changed to fit). A link the map needs but the file did not state (several conclusions gathered under
one question) is marked `structural`, shown as such, and left out again on export.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from argmap.interchange.argmap_json import (
    IMPORTED_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    DocumentError,
    EdgeRecord,
    MapDocument,
    NodeRecord,
    parse,
)
from argmap.maps import graph

# The question a file with several conclusions is gathered under, when it names none.
GATHERED_QUESTION = "What does this discussion conclude?"


@dataclass
class Statement:
    key: str  # the file's own id or number, unique in the file
    text: str
    where: str  # the place in the file, as a person finds it: "node 12", "line 40", "1.2.3."
    source: dict[str, Any] | None = None  # a citation kept with it (a link in a Kialo text)


@dataclass
class Link:
    source: str  # the statement's key that speaks to …
    target: str  # … this one
    relation: str  # "supports" or "opposes"
    where: str


@dataclass
class Imported:
    """A file read for import: the document to save, and the report's notes, each naming its place."""

    document: MapDocument
    notes: list[str] = field(default_factory=list)
    format: str = "json"

    @property
    def counts(self) -> dict[str, int]:
        nodes, edges = self.document.nodes, self.document.edges
        return {
            "statements": len(nodes),
            "measures": sum(node.kind == "measure" for node in nodes),
            "supports": sum(edge.relation == "supports" and not edge.structural for edge in edges),
            "opposes": sum(edge.relation == "opposes" for edge in edges),
            "structural": sum(edge.structural for edge in edges),
        }


def shorten(text: str, length: int = 60) -> str:
    """A statement as a message quotes it: on one line, cut at a word near `length` characters."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def places(names: list[str], limit: int = 12) -> str:
    """Places as a note lists them: the first `limit`, then how many more."""
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit:,} more"


def sentence(text: str) -> str:
    """The text ended by a full stop, unless it ends with one already (as Kialo's numbers do: “1.2.”)."""
    return text if text.endswith(".") else f"{text}."


def _check_texts(statements: list[Statement], notes: list[str]) -> None:
    """Refuse a statement longer than an imported one may be, naming it; note those longer than a student may
    type, which are kept whole."""
    too_long = [
        f"{statement.where}: the statement has {len(statement.text):,} characters; an imported statement may have"
        f" {IMPORTED_TEXT_MAX_LENGTH:,} at most."
        for statement in statements
        if len(statement.text) > IMPORTED_TEXT_MAX_LENGTH
    ]
    empty = [f"{statement.where}: the statement has no text." for statement in statements if not statement.text.strip()]
    if too_long or empty:
        raise DocumentError(empty + too_long)
    long = [statement.where for statement in statements if len(statement.text) > TEXT_MAX_LENGTH]
    if long:
        notes.append(
            sentence(
                f"Statements longer than a student may type ({TEXT_MAX_LENGTH} characters) are kept whole"
                f" ({len(long)}): {places(long)}"
            )
        )


def document_from_links(
    statements: list[Statement],
    links: list[Link],
    *,
    title: str,
    notes: list[str],
    keep_rebuttals: bool = False,
    question_key: str | None = None,
    question_text: str = "",
) -> Imported:
    """A validated document: the statement nothing else concludes from becomes the question (or `question_key`
    when the file names it, or the conclusion whose text is `question_text`), what speaks to it directly the
    measures, the rest claims (evidence when it carries a source). Several conclusions are gathered under the
    question by structural links: under one the file names, else under a question made from the title.

    Rebuttal pairs (A attacks B and B attacks A) are refused, naming the pair, unless `keep_rebuttals`: then the
    second direction the file states is left out and noted. Any other loop is refused, naming it.
    """
    _check_texts(statements, notes)
    by_key = {statement.key: statement for statement in statements}
    kept: list[Link] = []
    seen: dict[tuple[str, str], Link] = {}
    problems: list[str] = []
    for link in links:
        if link.source not in by_key or link.target not in by_key:
            continue
        if link.source == link.target:
            notes.append(f"{link.where}: a statement that speaks to itself; the link is left out.")
            continue
        pair = (link.source, link.target)
        if pair in seen:
            notes.append(f"{link.where}: the same link stated twice; it is kept once.")
            continue
        first = seen.get((link.target, link.source))
        if first is not None:
            one, other = by_key[link.target], by_key[link.source]
            described = (
                f"“{shorten(one.text)}” ({one.where}) and “{shorten(other.text)}” ({other.where}) speak to each"
                f" other ({first.where} and {link.where})"
            )
            if keep_rebuttals:
                notes.append(f"{described}: a rebuttal pair; the second direction ({link.where}) is left out.")
                continue
            problems.append(
                f"{described} (a rebuttal pair), which would make a loop. Choose to import rebuttal pairs without"
                " their second direction, or edit the file."
            )
            continue
        seen[pair] = link
        kept.append(link)
    if problems:
        raise DocumentError(problems)
    loop = graph.find_cycle([(link.source, link.target) for link in kept])
    if loop:
        where = {(link.source, link.target): link.where for link in kept}
        steps = " → ".join(f"“{shorten(by_key[key].text, 40)}”" for key in loop)
        places = ", ".join(where[pair] for pair in itertools.pairwise(loop))
        raise DocumentError([f"These statements make a loop ({places}): {steps}. A map can't go round in circles."])
    outgoing = {link.source for link in kept}
    roots = [statement.key for statement in statements if statement.key not in outgoing]
    ids = {statement.key: f"n{index}" for index, statement in enumerate(statements, start=1)}
    texts = {statement.key: statement.text for statement in statements}
    edges: list[EdgeRecord] = []
    if question_key is None and len(roots) == 1:
        question_key = roots[0]
    if question_key is None and question_text:
        question_key = next((root for root in roots if texts[root] == question_text), None)
    if question_key is not None and len(roots) > 1:
        others = [root for root in roots if root != question_key]
        edges = [
            EdgeRecord(source=ids[root], target=ids[question_key], relation="supports", structural=True)
            for root in others
        ]
        notes.append(
            f"The file has {len(others)} conclusions besides its question; they are gathered under the question by"
            " links marked as added on import, which exports leave out."
        )
    if question_key is None:
        question_key = "__question__"
        ids[question_key] = "n0"
        texts[question_key] = title or GATHERED_QUESTION
        edges = [EdgeRecord(source=ids[root], target="n0", relation="supports", structural=True) for root in roots]
        notes.append(
            f"The file has {len(roots)} conclusions; they are gathered under one question by links marked as"
            " added on import, which exports leave out."
        )
    edges = [
        EdgeRecord(source=ids[link.source], target=ids[link.target], relation=link.relation) for link in kept
    ] + edges
    question_id = ids[question_key]
    measures = {edge.source for edge in edges if edge.target == question_id}
    asked = by_key.get(question_key)
    nodes = [NodeRecord(id=question_id, kind="question", text=texts[question_key], source=asked and asked.source)]
    for statement in statements:
        if statement.key == question_key:
            continue
        node_id = ids[statement.key]
        kind = "measure" if node_id in measures else "evidence" if statement.source else "claim"
        nodes.append(NodeRecord(id=node_id, kind=kind, text=statement.text, source=statement.source))
    title = title or texts[question_key]
    raw = {
        "format": "argmap",
        "version": 1,
        "map": {"title": shorten(title, 200), "question": shorten(texts[question_key], 500)},
        "nodes": [vars(node) for node in nodes],
        "edges": [vars(edge) for edge in edges],
    }
    return Imported(document=parse(raw), notes=notes)  # the same checks as argmap's own files
