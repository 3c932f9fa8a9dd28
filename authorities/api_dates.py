"""API date fields bounded like the forms' (`authorities.date_fields` ranges), so the API refuses
the year 20260 or a meeting a century ahead with the same words as the page, naming the field; and
the list filters' dates, bounded to `FILTER`, refused naming the query parameter."""

from __future__ import annotations

import datetime

from django import forms
from django.db import models
from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import serializers

from .api_inputs import UTCDateTimeFilter, UTCIsoDateTimeField
from .date_fields import DUE, EARLIEST_RECORDED, Range, range_error


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


# --- list filters -------------------------------------------------------------------------------
# A date to filter a list by: anything the product may hold, from the earliest day it records to
# the furthest due date it opens. Outside it a filter means nothing (`?due_after=0001-01-01` is a
# full scan; the year 9999 matches nothing) and is refused naming the parameter and the range.
FILTER = Range(EARLIEST_RECORDED, DUE.latest)


class _BoundedFilterValue:
    """A filter's form field whose value (its local date, for a date-time) lies within `bounds`;
    the refusal names the query parameter (`param`, set by `BoundedFilterSet`)."""

    def __init__(self, *, bounds: Range = FILTER, param: str = "", **kwargs) -> None:
        self.bounds, self.param = bounds, param
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return value
        day = value
        if isinstance(value, datetime.datetime):
            day = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
        error = range_error(self.param or str(self.label or "date"), day, self.bounds)
        if error:
            raise error
        return value


class BoundedDateFilterField(_BoundedFilterValue, forms.DateField):
    pass


class BoundedDateTimeFilterField(_BoundedFilterValue, UTCIsoDateTimeField):
    pass


class BoundedDateFilter(filters.DateFilter):
    field_class = BoundedDateFilterField


class BoundedDateTimeFilter(UTCDateTimeFilter):
    """An ISO 8601 date-time filter, compared in UTC, whose local date lies within `bounds`."""

    field_class = BoundedDateTimeFilterField


BOUNDED_FILTERS = (BoundedDateFilter, BoundedDateTimeFilter)


class BoundedFilterSet(filters.FilterSet):
    """The base of every API filter set: date filters, declared or generated from `Meta.fields`,
    are bounded to `FILTER` and their refusals name the query parameter."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.DateField: {"filter_class": BoundedDateFilter},
    }

    def get_form_class(self):
        for name, filter_ in self.filters.items():
            if isinstance(filter_, BOUNDED_FILTERS) and filter_.extra.get("param") != name:
                filter_.extra["param"] = name
                filter_.__dict__.pop("_field", None)  # built before it knew its name
        return super().get_form_class()
