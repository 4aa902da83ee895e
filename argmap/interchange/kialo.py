"""Kialo's plain-text export, read into a map.

Kialo numbers a discussion's claims as a tree: "1." is the thesis, "1.2." the second claim under it, "1.2.1." one
under that, each after "Pro:" or "Con:" for the side it takes on its parent. A line without a number continues
the claim above it. "-> See 1.1.3." stands for a claim written elsewhere that also speaks to this place.

Kialo writes its texts as Markdown: a link is [text](https://…), and characters Markdown would read are escaped
(\\( \\[ \\* \\_ …). A statement keeps the words a reader sees: the escapes are undone, a link becomes its text,
and the first link of a statement is kept as its source (title: the link's text, or its address when the text
is the address). A second or later link of the same statement keeps its address in the text, after its words,
so nothing the author cited is lost; the report says which statements had several.
"""

from __future__ import annotations

import re
from typing import Any

from argmap.interchange.argmap_json import SOURCE_FIELDS, SOURCE_LIMITS, DocumentError
from argmap.interchange.build import Imported, Link, Statement, document_from_links, places, sentence, shorten

LINE = re.compile(r"^(?P<number>1(?:\.\d+)*)\.\s+(?:(?P<side>Pro|Con):\s*)?(?P<text>.*)$")
SEE = re.compile(r"^->\s*See\s+(?P<number>\d+(?:\.\d+)*)\.?$")
# [text](https://address), its [ not escaped: the text may hold escaped characters, the address one level of
# parentheses.
MARKDOWN_LINK = re.compile(
    r"(?<!\\)\[(?P<text>(?:\\.|[^\[\]\\])*)\]\((?P<url>https?://(?:\\.|\([^()\s]*\)|[^()\s\\])+)\)", re.IGNORECASE
)
# Markdown's emphasis, its marks not escaped: *a*, **a**, _a_ or __a__ around words (an _ inside a word stays).
EMPHASIS = re.compile(r"(?<![\\\w*])(\*\*|\*|__|_)(?=\S)(.+?)(?<=[^\s\\])\1(?![\w*])")
# Markdown lets a backslash escape any ASCII punctuation character.
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def from_kialo(text: str, *, keep_rebuttals: bool = False) -> Imported:
    """A map from Kialo's plain-text export: 1. is the thesis (the question), 1.n. its claims (the measures),
    deeper ones claims and evidence (a claim with a link). "-> See 1.2.3." makes the claim written at 1.2.3.
    speak to this place too; one that points at a claim above itself would make a loop and is refused.
    """
    title, entries = _entries(text)
    if "1" not in entries:
        raise DocumentError(["A Kialo export starts with the thesis, numbered “1.”."])
    problems: list[str] = []
    links: list[Link] = []
    statements: list[Statement] = []
    several_links: list[str] = []
    linked = 0
    for number, (side, raw) in entries.items():
        see = SEE.match(raw)
        speaker = see.group("number") if see else number
        if see and (speaker not in entries or SEE.match(entries[speaker][1])):
            problems.append(
                f"{number}.: “-> See {speaker}.” points to {speaker}., which is not a statement in the file."
            )
        if not see:
            words, source, count = readable(raw)
            statements.append(Statement(number, words, where=f"{number}.", source=source))
            linked += count > 0
            if count > 1:
                several_links.append(f"{number}.")
        if number == "1":
            continue
        parent = number.rsplit(".", 1)[0]
        if parent not in entries:
            problems.append(f"{number}.: it answers {parent}., which is not in the file.")
        elif SEE.match(entries[parent][1]):
            problems.append(f"{number}.: it answers {parent}., which is a “-> See” line, not a statement.")
        links.append(Link(speaker, parent, "opposes" if side == "Con" else "supports", where=f"{number}."))
    if problems:
        raise DocumentError(problems)
    notes = []
    if linked:
        notes.append(
            f"Links in Kialo's texts became their words; each statement's first link is kept as its source"
            f" ({linked} statement{'s' if linked != 1 else ''})."
        )
    if several_links:
        notes.append(
            sentence(
                f"Statements with several links keep the others' addresses in their text ({len(several_links)}):"
                f" {places(several_links)}"
            )
        )
    return document_from_links(
        statements, links, title=title, notes=notes, keep_rebuttals=keep_rebuttals, question_key="1"
    )


def _entries(text: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """The discussion's title, and each claim's number → (side, text as written), in the file's order; the
    lines of a claim written over several lines are joined by spaces."""
    title = ""
    entries: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if current is None and line.lower().startswith("discussion title:"):
            title = line.split(":", 1)[1].strip()
            continue
        match = LINE.match(line)
        if match and match.group("number") not in entries:
            current = match.group("number")
            entries[current] = (match.group("side") or "", [match.group("text").strip()])
        elif line and current is not None:
            entries[current][1].append(line)
    return title, {
        number: (side, " ".join(part for part in parts if part)) for number, (side, parts) in entries.items()
    }


def readable(text: str) -> tuple[str, dict[str, Any] | None, int]:
    """Kialo's Markdown as a reader sees it: escapes undone, links as their words. Returns the text, the first
    link as a source (None without one), and how many links there were."""
    parts: list[str] = []
    source: dict[str, Any] | None = None
    count = 0
    end = 0
    for match in MARKDOWN_LINK.finditer(text):
        parts.append(_unescaped(text[end : match.start()]))
        end = match.end()
        count += 1
        url = _unescaped(match.group("url"))
        words = _unescaped(match.group("text")).strip() or url
        if source is None and len(url) <= SOURCE_LIMITS["url"]:
            source = {name: "" for name in SOURCE_FIELDS} | {
                "title": shorten(words, SOURCE_LIMITS["title"]),
                "url": url,
                "year": None,
                "status": "unverified",
            }
            parts.append(words)
        else:
            parts.append(url if words == url else f"{words} ({url})")
    parts.append(_unescaped(text[end:]))
    return "".join(parts).strip(), source, count


def _unescaped(text: str) -> str:
    """The words as a reader sees them: emphasis marks (*word*, **words**, _word_) dropped, escapes undone."""
    return ESCAPED.sub(r"\1", EMPHASIS.sub(r"\2", text))
