"""The GOV.UK date input: day, month and year boxes, messages naming the field, a bounded range."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils import timezone

from authorities.date_fields import DateInputField, years_after_today
from authorities.models import Authority
from tests.factories import MembershipFactory


class VisitForm(forms.Form):
    visited_on = DateInputField(
        label="Date of the home visit", earliest=datetime.date(2020, 1, 1), latest=years_after_today(1)
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the date of the home visit"),
        ({"visited_on_day": "4", "visited_on_month": "", "visited_on_year": "2026"}, "must include a month"),
        (
            {"visited_on_day": "", "visited_on_month": "", "visited_on_year": "2026"},
            "include a day and a month",
        ),
        ({"visited_on_day": "31", "visited_on_month": "2", "visited_on_year": "2026"}, "must be a real date"),
        ({"visited_on_day": "3", "visited_on_month": "x", "visited_on_year": "2026"}, "must be a real date"),
        (
            {"visited_on_day": "3", "visited_on_month": "4", "visited_on_year": "26"},
            "year must include 4 numbers",
        ),
        ({"visited_on_day": "3", "visited_on_month": "4", "visited_on_year": "20260"}, "include 4 numbers"),
        (
            {"visited_on_day": "3", "visited_on_month": "4", "visited_on_year": "1999"},
            "must be between 1 January",
        ),
        ({"visited_on": "not-a-date"}, "must include a month"),
    ],
)
def test_a_wrong_date_is_refused_with_a_message_naming_the_field(data, message):
    form = VisitForm(data)
    assert not form.is_valid()
    [error] = form.errors["visited_on"]
    assert message in error
    assert error.startswith(("Date of the home visit", "Enter the date of the home visit"))


def test_a_date_after_the_range_names_the_last_date_allowed_in_words():
    too_far = timezone.localdate() + datetime.timedelta(days=800)
    form = VisitForm(
        {"visited_on_day": too_far.day, "visited_on_month": too_far.month, "visited_on_year": too_far.year}
    )
    assert not form.is_valid()
    latest = years_after_today(1)()
    assert f"and {latest.day} {latest:%B %Y}" in form.errors["visited_on"][0]


def test_day_month_and_year_make_a_date_and_an_iso_value_still_works():
    today = timezone.localdate()
    parts = VisitForm(
        {
            "visited_on_day": str(today.day),
            "visited_on_month": f"{today.month:02}",
            "visited_on_year": str(today.year),
        }
    )
    assert parts.is_valid() and parts.cleaned_data["visited_on"] == today
    iso = VisitForm({"visited_on": today.isoformat()})
    assert iso.is_valid() and iso.cleaned_data["visited_on"] == today


def test_the_field_is_drawn_as_three_boxes_in_a_fieldset():
    from django.template.loader import render_to_string

    form = VisitForm({"visited_on_day": "3", "visited_on_month": "4", "visited_on_year": "26"})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["visited_on"]})
    assert 'class="govuk-date-input"' in html and "<legend" in html
    assert (
        'name="visited_on_day"' in html
        and 'name="visited_on_month"' in html
        and 'name="visited_on_year"' in html
    )
    assert 'id="id_visited_on"' in html  # the day box: where the error summary's link lands
    assert 'value="26"' in html  # what was typed stays, to be corrected
    assert 'type="date"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["1066", "2999", "9999"])
def test_the_due_date_page_refuses_a_far_off_year_naming_the_field(client, year):
    membership = MembershipFactory(authority=Authority.objects.get(slug="barnsley"))
    client.force_login(membership.user)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(
            "/barnsley/due-dates/",
            {"rule_id": "RCPC1-3M", "event_day": "30", "event_month": "11", "event_year": year},
            headers=headers,
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "Date the timescale counts from must be between" in body and "#id_event" in body


@pytest.mark.django_db
def test_the_api_refuses_an_event_the_engine_cannot_count_naming_the_event(client):
    membership = MembershipFactory(authority=Authority.objects.get(slug="barnsley"))
    client.force_login(membership.user)
    response = client.get(
        "/api/v1/barnsley/rule-sets/due-date/", {"rule_id": "RCPC1-3M", "event": "9999-12-30"}
    )
    assert response.status_code == 400
    assert "outside the dates deadlines are counted between" in response.json()["event"][0]
