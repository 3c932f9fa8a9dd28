"""API date fields bounded like the forms' (`authorities.date_fields` ranges), so the API refuses
the year 20260 or a meeting a century ahead with the same words as the page, naming the field."""

from __future__ import annotations

import datetime

from django.utils import timezone
from rest_framework import serializers

from .date_fields import Range, range_error


def _field_name(field: serializers.Field) -> str:
    words = str(field.label or field.field_name or "date").replace("_", " ")
    return words[:1].upper() + words[1:]


def _check(field: serializers.Field, day: datetime.date, bounds: Range) -> None:
    error = range_error(_field_name(field), day, bounds)
    if error:
        raise serializers.ValidationError(error.messages[0], code=error.code)


class BoundedDateField(serializers.DateField):
    def __init__(self, *, bounds: Range, **kwargs) -> None:
        self.bounds = bounds
        super().__init__(**kwargs)

    def to_internal_value(self, value) -> datetime.date:
        day = super().to_internal_value(value)
        _check(self, day, self.bounds)
        return day


class BoundedDateTimeField(serializers.DateTimeField):
    """A date-time whose local date lies within `bounds`."""

    def __init__(self, *, bounds: Range, **kwargs) -> None:
        self.bounds = bounds
        super().__init__(**kwargs)

    def to_internal_value(self, value) -> datetime.datetime:
        moment = super().to_internal_value(value)
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        _check(self, local.date(), self.bounds)
        return moment
