"""Argdown (https://argdown.org), both ways: a map written as Argdown, and an Argdown file read as a map.

Export (here): YAML front matter (title, question), then the question with what supports (<+) and attacks (<-)
each statement, indented; every text escaped so Argdown's own parser reads back exactly the words the map holds.

Import (argdown_reader, whose from_argdown this module passes on): the map subset of Argdown.
"""

from __future__ import annotations

import re
from collections import defaultdict

import yaml

from argmap.interchange.argdown_reader import LINE_BREAKS, from_argdown, one_line
from argmap.interchange.argmap_json import EdgeRecord, MapDocument, NodeRecord

__all__ = ["escape", "from_argdown", "front_matter", "one_line", "to_argdown"]

# Export

# Escaped wherever they are: they open a title ([ ]), an argument (< >), data ({ }), a tag (#), emphasis (* _),
# a mention (@), or an escape (\).
ALWAYS_ESCAPED = frozenset("\\[]{}<>#*_@")


def escape(text: str) -> str:
    """A statement's text as Argdown writes it, so that Argdown's parser reads back the same text.

    Argdown reads a statement on one line: a line break (or tab) inside a text becomes a space, and spaces at
    either end are dropped. Everything else is kept: a backslash escapes the characters Argdown would read as
    syntax — always [ ] { } < > # * _ @ and \\; a . or : followed by more text (Argdown's .name. and :name:
    shortcodes); a / before / or * (a comment); an = before another = (=== opens front matter); and every
    space after the first of a run (Argdown drops the extra spaces after punctuation).
    """
    text = LINE_BREAKS.sub(" ", text).strip(" ")
    out: list[str] = []
    for index, char in enumerate(text):
        following = text[index + 1 : index + 2]
        before = text[index - 1 : index] if index else ""
        if (
            char in ALWAYS_ESCAPED
            or (char in ".:" and following not in ("", " "))
            or (char == "/" and following in ("/", "*"))
            or (char == "=" and following == "=")
            or (char == " " and before == " ")
        ):
            out.append("\\")
        out.append(char)
    return "".join(out)


def front_matter(fields: dict[str, str]) -> str:
    """YAML front matter between === lines, written by the YAML library so any title stays valid YAML.

    Values are double-quoted (YAML 1.1 and 1.2 readers agree on them); an = is written as \\x3D so that a
    title holding === cannot close the front matter early.
    """
    body = yaml.safe_dump(fields, allow_unicode=True, default_style='"', sort_keys=False, width=10_000)
    return "===\n" + body.replace("=", "\\x3D") + "===\n"


def to_argdown(document: MapDocument) -> str:
    """Argdown: the question first, then what supports (<+) and attacks (<-) each statement, indented.
    A statement reached twice is written in full once and named by its title after that.

    Links the map added on import (structural: several conclusions gathered under one question) are not the
    file's argument and are left out; a statement they alone attached is written as its own tree after the
    question's. Argdown has no relation for context (an aim, a motive, background), so a context link is a
    comment under the statement it speaks to, and a statement that only gives context is written on its own
    after the tree: no Argdown tool reads it as support. Tags: the kind (#question, #measure, #claim,
    #evidence), #not-in-essay for statements curators added, #hidden or #pending for statements a teacher's
    download includes although the class does not see them.
    """
    by_id = {node.id: node for node in document.nodes}
    incoming: dict[str, list[EdgeRecord]] = defaultdict(list)
    speaks: set[str] = set()
    for edge in document.edges:
        if edge.structural:
            continue
        incoming[edge.target].append(edge)
        if edge.relation != "context":
            speaks.add(edge.source)
    question = next(node for node in document.nodes if node.kind == "question")
    titles = _titles(document.nodes)
    lines = [front_matter({"title": document.map.get("title") or "", "question": one_line(question.text)})]
    written: set[str] = set()

    def write(root: str) -> None:
        # Depth first with a list of what is still to write (a line, or a statement at a depth under an arrow),
        # not recursion: a chain of thousands of replies is still one file.
        todo: list[str | tuple[str, int, str]] = [(root, 0, "")]
        while todo:
            item = todo.pop()
            if isinstance(item, str):
                lines.append(item)
                continue
            node_id, depth, prefix = item
            node = by_id[node_id]
            indent = "    " * depth
            if node_id in written:
                lines.append(f"{indent}{prefix}[{titles[node_id]}]")
                continue
            written.add(node_id)
            tags = [node.kind]
            if node.added_by_curator:
                tags.append("not-in-essay")
            if node.status in ("hidden", "pending"):
                tags.append(node.status)
            lines.append(f"{indent}{prefix}[{titles[node_id]}]: {escape(node.text)} {' '.join(f'#{t}' for t in tags)}")
            below: list[str | tuple[str, int, str]] = [
                f"{indent}    // context (counts neither way): [{titles[edge.source]}]"
                if edge.relation == "context"
                else (edge.source, depth + 1, "<+ " if edge.relation == "supports" else "<- ")
                for edge in incoming.get(node_id, [])
            ]
            todo.extend(reversed(below))

    write(question.id)
    for node in document.nodes:
        if node.id not in written and node.id not in speaks:
            lines.append("")
            write(node.id)
    return "\n".join(lines) + "\n"


def _titles(nodes: list[NodeRecord]) -> dict[str, str]:
    """Each statement's Argdown title: its kind's letter and number (Q1, M2, C7), unique in the file."""
    titles: dict[str, str] = {}
    used: set[str] = set()
    for position, node in enumerate(nodes, start=1):
        number = node.id[1:] if re.fullmatch(r"n\d+", node.id) else str(position)
        title = f"{node.kind[0].upper()}{number}"
        while title in used:
            title += "x"
        used.add(title)
        titles[node.id] = title
    return titles
