"""Input fields that take exactly what the OpenAPI schema says, so the schema is the whole contract.

DRF's own fields are lenient: "5" is an integer, "yes" and 1 are true, 5 is text, and a text field
checks its length after trimming spaces. A client reading the schema can't know that, and a test
generated from the schema (schemathesis) finds each leniency as an accepted request the schema calls
invalid. These take JSON's own types only, and measure text as it was sent.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import URLValidator
from django.utils import timezone
from rest_framework import serializers

from argmap.common import MAX_ID
from argmap.votes.models import SCORE_MAX, SCORE_MIN

WEB_SCHEMES = ["http", "https"]


class _TextAsSent:
    """Text only (no numbers turned into text), at most max_length characters as sent, spaces included."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class Text(_TextAsSent, serializers.CharField):
    pass


class Url(_TextAsSent, serializers.URLField):
    """A web address, http:// or https:// only: a javascript: link in a citation would run in the reader's page."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        lenient = [validator for validator in self.validators if not isinstance(validator, URLValidator)]
        self.validators = [*lenient, URLValidator(schemes=WEB_SCHEMES, message=self.error_messages["invalid"])]


class Slug(_TextAsSent, serializers.SlugField):
    pass


class Integer(serializers.IntegerField):
    """A JSON integer: not "5", not 5.0, not true."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class Id(Integer):
    """A database id, 1 to MAX_ID, like the <id:…> in addresses: a larger number names nothing."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class Year(Integer):
    """A year a source could be from: 1 to this year, as the curation service checks."""

    def __init__(self, **kwargs: Any) -> None:
        # Made again for every serializer (DRF deep-copies declared fields), so the year moves on New Year.
        super().__init__(min_value=1, max_value=timezone.now().year, **kwargs)


class Score(Integer):
    """A score on the scale votes and ratings share (1 to 5); every way of missing it gets the same words."""

    def __init__(self, *, ask: str, **kwargs: Any) -> None:
        message = f"Choose {ask}, from {SCORE_MIN} to {SCORE_MAX}."
        kinds = ("invalid", "required", "null", "min_value", "max_value")
        super().__init__(
            min_value=SCORE_MIN, max_value=SCORE_MAX, error_messages=dict.fromkeys(kinds, message), **kwargs
        )


class Boolean(serializers.BooleanField):
    """JSON true or false: not "yes", not 1."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data
