"""An Argdown file (https://argdown.org) read as a map: the map subset of Argdown — statements, their support and
attack relations and arguments' conclusions. Anything outside it is refused with the line it is on, or, where
nothing is lost that the map could keep, read and noted in the import report. The writer is interchange.argdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from argmap.interchange.argmap_json import DocumentError
from argmap.interchange.build import Imported, Link, Statement, document_from_links, shorten

# Line breaks, tabs and other whitespace that is not a plain space (Argdown's statement is one line).
LINE_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\x1c-\x1f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """The text as Argdown's parser reads it back from `escape(text)`."""
    return LINE_BREAKS.sub(" ", text).strip(" ")


RELATION = re.compile(r"(<\+|<-|\+>|->|><|<_|_>|_(?=\s)|\+|-)\s*")
HEADING = re.compile(r"#+ ")
NUMBERED = re.compile(r"\((\d+)\)\s*")
LIST_ITEM = re.compile(r"(\*|\d+\.)(?=\s)")
ARGUMENT_DEFINITION = re.compile(r"<(.+?)>:\s*")
ARGUMENT_REFERENCE = re.compile(r"<([^-].*?)>")
STATEMENT_DEFINITION = re.compile(r"\[(.+?)\]:\s*")
STATEMENT_REFERENCE = re.compile(r"\[([^-].*?)\]")
TAG = re.compile(r"#(?:\([^)]+\)|[a-zA-Z0-9\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+)")
DATA = re.compile(r"\{[^{}]*\}")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
# An escaped character is held as a private-use character (plane 16) while tags, data and emphasis are taken
# out, so nothing escaped is read as syntax.
HELD = 0x100000
ESCAPED = re.compile(r"\\(.)")


@dataclass
class _Argument:
    key: str
    line: int
    groups: list[list[str]] = field(default_factory=lambda: [[]])
    conclusion: str | None = None
    after_inference: bool = False


class _Reader:
    """One pass over the lines of an Argdown file, gathering statements and links in the order they appear."""

    def __init__(self) -> None:
        self.statements: dict[str, Statement] = {}
        self.links: list[Link] = []
        self.notes: list[str] = []
        self.problems: list[str] = []
        self.conclusion_of: dict[str, str] = {}  # an argument's key → its conclusion's key
        self.described: dict[str, tuple[str, int]] = {}  # an argument's key → its description and line
        self.headings: list[int] = []
        self.marked: list[str] = []  # lines of statements tagged #hidden or #pending
        self.stack: list[tuple[int, str]] = []  # the open relation tree: (indent, key)
        self.argument: _Argument | None = None  # the premise–conclusion structure being read
        self.last_argument: str | None = None  # an argument line that a premise–conclusion structure may follow
        self.open: tuple[str, int] | None = None  # the element (and its line) that a plain next line continues

    def read(self, lines: list[str], original: list[str]) -> None:
        """`lines` without comments; a line that held only a comment is passed over (it ends nothing), as
        Argdown's parser does, while an empty line ends the relation tree above it."""
        for number, (raw, before) in enumerate(zip(lines, original, strict=True), start=1):
            line = raw.rstrip()
            if not line.strip():
                if not before.strip():
                    self.stack = []
                    self.open = None
                continue
            body = line.lstrip(" \t")
            indent = len(line) - len(body)
            self.read_line(number, indent, body)
        self.end_argument(len(lines))

    def read_line(self, number: int, indent: int, body: str) -> None:
        where = f"line {number}"
        if body.startswith("--"):
            if not re.fullmatch(r"-{4,}", body):
                self.problems.append(
                    f"{where}: an inference with rules or data (-- … --) is outside what argmap reads; write the"
                    " line between premises and conclusion as ---- alone."
                )
                return
            if self.argument is None or not self.argument.groups[-1]:
                self.problems.append(f"{where}: a ---- line needs numbered premises, (1) (2) …, above it.")
                return
            self.argument.after_inference = True
            self.stack = []
            self.open = None
            return
        relation = RELATION.match(body)
        if relation is not None:
            self.read_relation(number, indent, relation.group(1), body[relation.end() :])
            return
        numbered = NUMBERED.match(body)
        if numbered is not None:
            self.read_numbered(number, indent, body[numbered.end() :])
            return
        if HEADING.match(body) and indent == 0:
            self.end_argument(number)
            self.headings.append(number)
            self.stack = []
            self.last_argument = None
            self.open = None
            return
        if LIST_ITEM.match(body):
            self.problems.append(f"{where}: lists (* or 1.) are outside what argmap reads; write each statement alone.")
            return
        if self.open is not None:
            self.continue_text(number, body)
            return
        self.end_argument(number)
        key = self.element(number, body)
        self.stack = [(indent, key)] if key else []
        self.last_argument = key if key and key.startswith("<") else None
        self.open = (key, number) if key else None

    def read_relation(self, number: int, indent: int, symbol: str, rest: str) -> None:
        where = f"line {number}"
        if "_" in symbol:
            self.problems.append(
                f"{where}: an undercut ({symbol}) attacks an inference, which a map has no place for; make it an"
                " attack (<-) on a statement."
            )
            return
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if not self.stack:
            self.problems.append(
                f"{where}: the relation {symbol} has no statement above it to speak to (indent it under one,"
                " with no empty line between)."
            )
            return
        parent = self.stack[-1][1]
        child = self.element(number, rest)
        if not child:
            return
        self.open = (child, number)
        if symbol in ("<+", "+"):
            self.links.append(Link(child, parent, "supports", where))
        elif symbol in ("<-", "-"):
            self.links.append(Link(child, parent, "opposes", where))
        elif symbol == "+>":
            self.links.append(Link(parent, child, "supports", where))
        elif symbol == "->":
            self.links.append(Link(parent, child, "opposes", where))
        else:  # "><"
            self.notes.append(
                f"{where}: a contradiction (><) is read as an attack of the indented statement on the one above"
                " it; a map has no relation that goes both ways."
            )
            self.links.append(Link(child, parent, "opposes", where))
        self.stack.append((indent, child))

    def read_numbered(self, number: int, indent: int, rest: str) -> None:
        if self.argument is None:
            key = self.last_argument
            if key is None:
                key = f"<line {number}>"
            self.argument = _Argument(key=key, line=number)
        argument = self.argument
        key = self.element(number, rest)
        self.stack = [(indent, key)] if key else []
        if not key:
            return
        self.open = (key, number)
        if argument.after_inference:
            for premise in argument.groups[-1]:
                self.links.append(Link(premise, key, "supports", f"line {number}"))
            argument.conclusion = key
            argument.groups.append([key])  # an intermediate conclusion is a premise of the next inference
            argument.after_inference = False
        else:
            argument.groups[-1].append(key)

    def end_argument(self, number: int) -> None:
        argument, self.argument = self.argument, None
        if argument is None:
            return
        if argument.after_inference:
            self.problems.append(f"line {number}: the ---- line above needs a numbered conclusion after it.")
        elif argument.conclusion is None:
            self.problems.append(
                f"line {argument.line}: numbered statements need a ---- line before the conclusion, the last of them."
            )
        else:
            self.conclusion_of[argument.key] = argument.conclusion
        self.last_argument = None

    def continue_text(self, number: int, body: str) -> None:
        """A plain line right under a statement goes on with its text, as in Argdown."""
        assert self.open is not None
        key, first = self.open
        held = _hold(body)
        if any(pattern.match(held) for pattern in (ARGUMENT_REFERENCE, STATEMENT_REFERENCE)):
            self.problems.append(
                f"line {number}: a new statement starts right under the one on line {first}, which Argdown reads"
                " as one text; put an empty line between them."
            )
            return
        words = _text(held)
        if not words:
            return
        if key in self.statements:
            statement = self.statements[key]
            statement.text = f"{statement.text} {words}".strip()
        else:
            description, line = self.described.get(key, ("", number))
            self.described[key] = (f"{description} {words}".strip(), line)

    def element(self, number: int, text: str) -> str | None:
        """The key of the statement or argument a line names or defines (defining it on the way)."""
        where = f"line {number}"
        held = _hold(text)
        if match := ARGUMENT_DEFINITION.match(held):
            key = f"<{_release(match.group(1)).strip()}>"
            description = _text(held[match.end() :])
            if description and key not in self.described:
                self.described[key] = (description, number)
            return key
        if match := ARGUMENT_REFERENCE.match(held):
            return f"<{_release(match.group(1)).strip()}>"
        if marked := sorted({tag for tag in ("hidden", "pending") if re.search(rf"#{tag}(?![\w-])", held)}):
            self.marked.append(f"{number} (#{', #'.join(marked)})")
        if match := STATEMENT_DEFINITION.match(held):
            key = f"[{_release(match.group(1)).strip()}]"
            self.define(key, _text(held[match.end() :]), where)
            return key
        if match := STATEMENT_REFERENCE.match(held):
            key = f"[{_release(match.group(1)).strip()}]"
            self.define(key, "", where)
            return key
        words = _text(held)
        if not words:
            self.problems.append(f"{where}: no statement here, only tags or data.")
            return None
        key = f"line {number}"
        self.define(key, words, where)
        return key

    def define(self, key: str, text: str, where: str) -> None:
        known = self.statements.get(key)
        if known is None:
            self.statements[key] = Statement(key=key, text=text, where=where)
        elif not known.text:
            known.text = text
        elif text and text != known.text:
            self.notes.append(
                f"{where}: {key} is given another text; the first one ({known.where}) is kept: “{shorten(known.text)}”."
            )


def _hold(text: str) -> str:
    return ESCAPED.sub(lambda match: chr(HELD + ord(match.group(1))), text)


def _release(text: str) -> str:
    return "".join(chr(ord(char) - HELD) if ord(char) >= HELD else char for char in text)


def _text(held: str) -> str:
    """A statement's words: tags, data and emphasis marks taken out, extra spaces dropped, escapes undone."""
    held = DATA.sub(" ", TAG.sub(" ", held))
    held = EMPHASIS.sub(lambda match: match.group(2), held)
    return _release(re.sub(r"[ \t]+", " ", held).strip(" "))


# An escaped character (kept as it is), a closed comment, or the opening of one never closed.
COMMENT = re.compile(r"\\.|//[^\n]*|/\*.*?\*/|<!--.*?-->|/\*|<!--", re.DOTALL)


def _strip_comments(text: str) -> tuple[str, list[str]]:
    """The text without // … , /* … */ and <!-- … --> comments (line breaks inside kept, so lines keep their
    numbers), and a problem for a comment left open. An escaped character never opens a comment."""

    def without(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.startswith("\\"):
            return found
        if found in ("/*", "<!--"):
            closing = "*/" if found == "/*" else "-->"
            line = text.count("\n", 0, match.start()) + 1
            raise DocumentError([f"line {line}: the comment {found} is never closed with {closing}."])
        return "\n" * found.count("\n")

    try:
        return COMMENT.sub(without, text), []
    except DocumentError as error:  # the first comment left open: the rest of the file is inside it
        return "", error.problems


def _front_matter(lines: list[str]) -> tuple[dict[str, object], int]:
    """The YAML between the opening === lines, and how many lines it takes; DocumentError naming the line."""
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].strip().startswith("==="):
        return {}, 0
    closing = next((index for index in range(first + 1, len(lines)) if lines[index].strip().startswith("===")), None)
    if closing is None:
        raise DocumentError([f"line {first + 1}: the front matter opened with === is never closed by another ===."])
    try:
        data = yaml.safe_load("\n".join(lines[first + 1 : closing])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first + 2 + mark.line if mark is not None else first + 1
        raise DocumentError(
            [f"line {line}: the front matter is not valid YAML ({getattr(error, 'problem', error)})."]
        ) from error
    if not isinstance(data, dict):
        raise DocumentError([f"line {first + 2}: the front matter must be YAML names and values (title: …)."])
    return data, closing + 1


def from_argdown(text: str, *, keep_rebuttals: bool = False) -> Imported:
    """An Argdown file read as a map, or DocumentError naming the line of each part outside the map subset.

    Read: front matter (title, question); statements `[Title]: text`, bare text lines, and `[Title]` used again
    later; relations indented under a statement: `<+` and `+` (the indented statement supports the one above),
    `<-` and `-` (attacks it), `+>` and `->` (the one above supports or attacks the indented one); arguments
    `<Name>: text` with their premises and conclusion `(1) … ---- (2) …`: each premise supports the conclusion,
    and the argument stands for its conclusion in relations (`<Name> +> [Statement]`); an argument without
    premises and conclusion is a statement of its own. `><` (contradiction) is read as an attack of the indented
    statement on the one above, and noted. Tags, data `{…}` and emphasis marks are taken out of texts, comments
    are dropped, escapes are undone; `#` headings group statements in Argdown and are noted, not kept.

    Refused, naming the line: undercuts (`_>`, `<_`), inferences with rules (`-- … --`), lists, a relation with
    nothing above it, numbered statements without a ---- line, and front matter that is not YAML.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    fields, skip = _front_matter(lines)
    lines = [""] * skip + lines[skip:]
    body, problems = _strip_comments("\n".join(lines))
    if problems:
        raise DocumentError(problems)
    reader = _Reader()
    reader.read(body.split("\n"), lines)
    if reader.problems:
        raise DocumentError(reader.problems)
    return _build(reader, fields, keep_rebuttals=keep_rebuttals)


def _build(reader: _Reader, fields: dict[str, object], *, keep_rebuttals: bool) -> Imported:
    notes = reader.notes
    if reader.headings:
        places = ", ".join(str(number) for number in reader.headings)
        notes.append(f"Headings group statements in Argdown; argmap does not keep the groups (lines {places}).")
    if reader.marked:
        notes.append(
            f"Statements tagged #hidden or #pending (line {', line '.join(reader.marked)}) are imported as shown;"
            " hide them on the map if the class should not see them."
        )
    for key, (description, number) in reader.described.items():
        if key in reader.conclusion_of:
            notes.append(
                f"line {number}: the argument {key} stands for its conclusion; its own description"
                f" (“{shorten(description)}”) is not kept."
            )
    statements = list(reader.statements.values())
    named = [key for link in reader.links for key in (link.source, link.target)] + list(reader.described)
    for key in dict.fromkeys(named):
        if key.startswith("<") and key not in reader.conclusion_of:
            description, number = reader.described.get(key, (key[1:-1], 0))
            statements.append(Statement(key=key, text=description, where=f"line {number}" if number else key))
    for statement in statements:
        if not statement.text:
            statement.text = statement.key[1:-1]
            notes.append(f"{statement.where}: {statement.key} is named but never given a text; its title is its text.")

    def resolved(key: str) -> str:
        return reader.conclusion_of.get(key, key)

    links = [Link(resolved(link.source), resolved(link.target), link.relation, link.where) for link in reader.links]
    if not statements:
        raise DocumentError(["The file holds no statement argmap can read."])
    title = _field(fields, "title")
    question = _field(fields, "question")
    # The front matter's question, when it is one of the file's conclusions, is the question: the others are
    # gathered under it, so Argdown → argmap → Argdown invents no question the file never stated.
    imported = document_from_links(
        statements, links, title=title or question, notes=notes, keep_rebuttals=keep_rebuttals, question_text=question
    )
    imported.format = "argdown"
    return imported


def _field(fields: dict[str, object], name: str) -> str:
    value = fields.get(name)
    return one_line(str(value)) if value is not None else ""
