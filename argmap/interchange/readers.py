"""Every format argmap imports, read the same way by the command, the pages and the API: text in, an Imported
(the document to save and the report's notes) out, or DocumentError naming each problem's place."""

from __future__ import annotations

import json
from collections.abc import Callable

from argmap.interchange import aif, argdown, argmap_json, kialo
from argmap.interchange.argmap_json import DocumentError
from argmap.interchange.build import Imported

# format → (what a person calls it, reader)
READERS: dict[str, tuple[str, Callable[[str, bool], Imported]]] = {
    "json": ("argmap JSON", lambda text, keep: Imported(document=argmap_json.parse(_json(text)), format="json")),
    "aif": ("AIF or OVA (JSON)", lambda text, keep: aif.from_aif(_json(text), keep_rebuttals=keep)),
    "kialo": ("Kialo (text export)", lambda text, keep: kialo.from_kialo(text, keep_rebuttals=keep)),
    "argdown": ("Argdown", lambda text, keep: argdown.from_argdown(text, keep_rebuttals=keep)),
}
# The essay map's file is 0.2 MB; a file a hundred times larger is not a map a class reads.
MAX_BYTES = 20 * 1024 * 1024


def read(format: str, text: str, *, keep_rebuttals: bool = False) -> Imported:
    """The file read as `format`, or DocumentError saying what is wrong and where."""
    if format not in READERS:
        raise DocumentError([f"“{format}” is not a format argmap reads; choose one of {', '.join(READERS)}."])
    imported = READERS[format][1](text.removeprefix("\ufeff"), keep_rebuttals)
    imported.format = format
    return imported


def decode(data: bytes, *, name: str = "The file") -> str:
    """A file's bytes as text, or DocumentError: too large, or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise DocumentError([f"{name} is larger than {MAX_BYTES // 1024 // 1024} MB; a map's file is far smaller."])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError([f"{name} is not UTF-8 text (byte {error.start + 1})."]) from error


def _json(text: str) -> object:
    try:
        return argmap_json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(
            [f"The file is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}."]
        ) from error
