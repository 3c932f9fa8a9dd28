"""Dates as people type them: the GOV.UK date input (day, month, year), bounded to a sensible range.

A browser's own date picker shows mm/dd/yyyy in some browsers and lets anyone type the year 20260,
so every form date in the product is a `DateInputField`. Its messages follow the GOV.UK pattern and
name the field ("Date of the strategy discussion must include a month"), and a date outside the
field's range is refused with the range in words. The widget still accepts one ISO value under the
field's own name (`?event=2026-12-18`), as links and scripts send it.

Ranges are relative to today where they should move with it: `years_before_today(30)`,
`years_after_today(2)`, `today_`. The named ranges below (`BIRTH`, `RECORDED`, `MEETING`, `DUE`,
`PERIOD`) are shared by the forms and the API (`authorities.api_dates`), so a date refused on a page is
refused by the API with the same words. They only keep out dates nobody means (the year 20260, a
meeting booked a century ahead); whether a date is allowed by the rules (not in the future, within
a timescale) is for the services to say.

`DateTimeInputField` adds a time box ("14:30") to the three date boxes, for meetings booked at a time.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .human_dates import long_date

Bound = datetime.date | Callable[[], datetime.date] | None

PARTS = ("day", "month", "year")
EARLIEST_RECORDED = datetime.date(1990, 1, 1)  # nothing this product records happened before it


def today_() -> datetime.date:
    return timezone.localdate()


def years_after_today(years: int) -> Callable[[], datetime.date]:
    def bound() -> datetime.date:
        today = timezone.localdate()
        try:
            return today.replace(year=today.year + years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28)

    return bound


def years_before_today(years: int) -> Callable[[], datetime.date]:
    return years_after_today(-years)


def _resolve(bound: Bound) -> datetime.date | None:
    return bound() if callable(bound) else bound


class Range(NamedTuple):
    earliest: Bound
    latest: Bound


# A year's slack after today where the services refuse the future themselves with their own words.
BIRTH = Range(datetime.date(1900, 1, 1), years_after_today(1))
EXPECTED_BIRTH = Range(years_before_today(1), years_after_today(1))
RECORDED = Range(EARLIEST_RECORDED, years_after_today(1))
MEETING = Range(years_before_today(2), years_after_today(2))
DUE = Range(years_before_today(2), years_after_today(5))
PERIOD = Range(EARLIEST_RECORDED, years_after_today(2))


def range_error(name: str, value: datetime.date, bounds: Range) -> ValidationError | None:
    """The refusal for a date outside `bounds`, naming the field and the range in words."""
    earliest, latest = _resolve(bounds.earliest), _resolve(bounds.latest)
    if earliest and latest and not earliest <= value <= latest:
        return ValidationError(
            f"{name} must be between {long_date(earliest)} and {long_date(latest)}", code="out_of_range"
        )
    if earliest and value < earliest:
        return ValidationError(f"{name} must be on or after {long_date(earliest)}", code="too_early")
    if latest and value > latest:
        return ValidationError(f"{name} must be on or before {long_date(latest)}", code="too_late")
    return None


ISO_DATE = re.compile(r"^(\d+)-(\d+)-(\d+)$")
WRITTEN_DATE = re.compile(r"^(\d+)/(\d+)/(\d+)$")


def split_one_value(text: str) -> list[str]:
    """One value under the field's own name, as links, scripts and the API's query strings send it
    (2026-12-18, or 18/12/2026), split into day, month and year so the usual checks name what is
    wrong ("must be a real date") and it shows as typed if refused."""
    text = text.strip()
    if match := ISO_DATE.match(text):
        return [match[3], match[2], match[1]]
    if match := WRITTEN_DATE.match(text):
        return [match[1], match[2], match[3]]
    return [text, "", ""]


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named `<name>_day`, `<name>_month`, `<name>_year`."""

    def __init__(self, attrs=None) -> None:
        part = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__({name: forms.TextInput(attrs=part) for name in PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value:
            return split_one_value(value)  # an initial value given as ISO text
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if not any(f"{name}_{part}" in data for part in PARTS) and data.get(name):
            return split_one_value(str(data.get(name)))
        return [data.get(f"{name}_{part}", "") for part in PARTS]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{part}" in data for part in PARTS)


class DateInputField(forms.Field):
    """A date typed as day, month and year, between `earliest` and `latest` (dates or callables)."""

    widget = DateInputWidget

    def __init__(
        self,
        *,
        earliest: Bound = EARLIEST_RECORDED,
        latest: Bound = None,
        bounds: Range | None = None,
        **kwargs,
    ) -> None:
        self.earliest, self.latest = bounds if bounds else (earliest, latest)
        kwargs.setdefault("help_text", "For example, 27 3 2026")
        super().__init__(**kwargs)

    @property
    def _name(self) -> str:
        label = str(self.label or "Date")
        return label[:1].upper() + label[1:]

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        if isinstance(value, str):
            value = DateInputWidget().value_from_datadict({"d": value}, None, "d")
        parts = [str(part or "").strip() for part in value]
        if not any(parts):
            return None
        missing = [name for name, part in zip(PARTS, parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{self._name} must include a {' and a '.join(missing)}", code="incomplete")
        day, month, year = parts
        if not all(part.isdigit() for part in parts):
            raise ValidationError(f"{self._name} must be a real date, for example 27 3 2026", code="invalid")
        if len(year) != 4:
            raise ValidationError(f"{self._name}: the year must include 4 numbers", code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self._name} must be a real date", code="invalid") from None

    def validate(self, value) -> None:
        if value is None and self.required:
            message = str(self.error_messages["required"])
            if message == str(forms.Field.default_error_messages["required"]):
                message = f"Enter the {str(self.label or 'date').lower()}"
            raise ValidationError(message, code="required")
        if value is None:
            return
        error = range_error(self._name, _local_date(value), Range(self.earliest, self.latest))
        if error:
            raise error


def _local_date(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
