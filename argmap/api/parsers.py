"""The API reads JSON, and only as much of it as an argmap request can need.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before it is parsed (exceptions.py answers 413).
This parser refuses what json.loads would accept but nothing here needs: nesting deeper than MAX_DEPTH
(100,000 `[` made Python's decoder raise RecursionError, a 500) and text that is not Unicode (a lone
surrogate such as "\\ud800" can't be stored, which was a 500 too).
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from argmap.common import walk_json

# The deepest request the API takes is two levels (a statement with its source); room to spare.
MAX_DEPTH = 16
TOO_DEEP = f"The JSON is nested too deeply: argmap's requests need at most {MAX_DEPTH} levels of [ ] and {{ }}."
NOT_UNICODE = "Part of the text is not valid Unicode (a lone surrogate like \\ud800). Send it as UTF-8 text."


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(TOO_DEEP) from error
        check_depth_and_text(data)
        return data


def check_depth_and_text(data: Any) -> None:
    """ParseError if the decoded JSON nests deeper than MAX_DEPTH or holds text that isn't Unicode."""
    for value, depth in walk_json(data):
        if depth >= MAX_DEPTH and isinstance(value, dict | list):
            raise ParseError(TOO_DEEP)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                raise ParseError(NOT_UNICODE) from error
