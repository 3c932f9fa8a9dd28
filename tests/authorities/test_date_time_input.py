"""The date-and-time input (GOV.UK date boxes and a time box), and the API's bounded dates."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from rest_framework import serializers

from authorities.api_dates import BoundedDateField, BoundedDateTimeField
from authorities.date_fields import MEETING, RECORDED
from authorities.datetime_fields import DateTimeInputField, parse_time


class MeetingForm(forms.Form):
    held_at = DateTimeInputField(label="Date and time of the meeting", bounds=MEETING)


class MeetingIn(serializers.Serializer):
    held_at = BoundedDateTimeField(bounds=MEETING, label="Date and time of the meeting")
    met_on = BoundedDateField(bounds=RECORDED, label="Date they met", required=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", datetime.time(14, 30)),
        ("9.05", datetime.time(9, 5)),
        ("2pm", datetime.time(14, 0)),
        ("2:30 PM", datetime.time(14, 30)),
        ("12am", datetime.time(0, 0)),
        ("14", None),
        ("25:00", None),
        ("13pm", None),
        ("noon", None),
    ],
)
def test_a_time_is_read_as_people_write_it(text, expected):
    assert parse_time(text) == expected


def _parts(day: datetime.date, at: str) -> dict[str, str]:
    return {
        "held_at_day": str(day.day),
        "held_at_month": str(day.month),
        "held_at_year": str(day.year),
        "held_at_time": at,
    }


def test_day_month_year_and_time_make_a_local_date_time():
    day = timezone.localdate() + datetime.timedelta(days=3)
    form = MeetingForm(_parts(day, "2:15pm"))
    assert form.is_valid(), form.errors
    local = timezone.localtime(form.cleaned_data["held_at"])
    assert (local.date(), local.time()) == (day, datetime.time(14, 15))


@pytest.mark.parametrize(
    ("at", "message"),
    [("", "must include a time"), ("later", "the time must be a real time")],
)
def test_a_missing_or_wrong_time_is_refused_naming_the_field(at, message):
    form = MeetingForm(_parts(timezone.localdate(), at))
    assert not form.is_valid()
    [error] = form.errors["held_at"]
    assert error.startswith("Date and time of the meeting") and message in error


def test_a_meeting_a_century_ahead_is_refused_with_the_range_in_words():
    form = MeetingForm(_parts(timezone.localdate().replace(year=timezone.localdate().year + 100), "10:00"))
    assert not form.is_valid()
    assert "Date and time of the meeting must be between" in form.errors["held_at"][0]


def test_an_iso_value_and_an_iso_initial_still_work_and_the_field_draws_four_boxes():
    day = timezone.localdate() + datetime.timedelta(days=1)
    assert MeetingForm({"held_at": f"{day.isoformat()}T10:00"}).is_valid()
    form = MeetingForm(initial={"held_at": f"{day.isoformat()}T10:00"})
    html = render_to_string("includes/field.html", {"field": form["held_at"]})
    assert 'class="govuk-date-input"' in html and 'name="held_at_time"' in html
    assert f'value="{day.day}"' in html and 'value="10:00"' in html
    assert "datetime-local" not in html


def test_the_api_refuses_dates_nobody_means_with_the_fields_name_and_the_range():
    serializer = MeetingIn(data={"held_at": "2999-01-01T10:00:00Z", "met_on": "1066-10-14"})
    assert not serializer.is_valid()
    assert serializer.errors["held_at"][0].startswith("Date and time of the meeting must be between")
    assert serializer.errors["met_on"][0].startswith("Date they met must be between 1 January 1990")
    ok = MeetingIn(data={"held_at": timezone.now().isoformat(), "met_on": timezone.localdate().isoformat()})
    assert ok.is_valid(), ok.errors
