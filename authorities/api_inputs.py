"""API inputs that must never reach the database or the interpreter's limits unchecked.

- JSON bodies: Python's decoder recurses once per level, so a body of a few thousand `[` ran out
  of stack (RecursionError, a 500). No API body needs more than a handful of levels: deeper is
  refused as a parse error (400) before any view sees it.
- Date-time filters: Python reads offsets up to ±23:59, PostgreSQL stores none beyond ±15:59, and
  a year-1 or year-9999 instant with a large offset leaves the range of either. Filters take an
  offset no real time zone exceeds (UTC-12:00 to UTC+14:00) and compare in UTC.
"""

from __future__ import annotations

import datetime
import json

from django import forms
from django.conf import settings
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32
EARLIEST_OFFSET = datetime.timedelta(hours=-12)
LATEST_OFFSET = datetime.timedelta(hours=14)


def json_depth(value) -> int:
    """Levels of arrays and objects, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than MAX_JSON_DEPTH with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(stream.read().decode(encoding), parse_constant=self._refuse_constant)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.") from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return data

    @staticmethod
    def _refuse_constant(name: str):
        # NaN and Infinity are not JSON; DRF's own parser refuses them too (strict mode).
        raise ValueError(f"{name} is not valid JSON")


class UTCIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        if not EARLIEST_OFFSET <= parsed.utcoffset() <= LATEST_OFFSET:
            raise forms.ValidationError(
                "Give a time-zone offset between -12:00 and +14:00 (or Z for UTC).", code="offset"
            )
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:
            message = "Give a date-time between the years 1 and 9999 in UTC."
            raise forms.ValidationError(message, code="range") from None


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 date-time filter whose value is checked, then compared in UTC."""

    field_class = UTCIsoDateTimeField
