"""A rule-set value is data typed by an administrator: written with markup, it reaches the chair's
live page (as the scaling score's hint) and the rules in force page as text, never as markup."""

from __future__ import annotations

import json

import pytest
from django.forms import modelform_factory

from authorities.models import RuleSet, RuleSetting
from tests.conferences.live_helpers import make_room

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('low')</script>"
HANDLER = '<img src=x onerror="alert(1)">'


def _write_in_the_admins_form(authority, rule_id: str, **changes) -> RuleSetting:
    """Save the values the way the admin's rule setting form does (JSON typed into a textarea)."""
    rule_set = RuleSet.objects.for_authority(authority).get()
    setting = rule_set.settings.get(rule_id=rule_id)
    form_class = modelform_factory(RuleSetting, fields=["mode", "values"])
    form = form_class(
        data={"mode": setting.mode, "values": json.dumps({**setting.values, **changes})}, instance=setting
    )
    assert form.is_valid(), form.errors
    return form.save()


@pytest.fixture
def hostile_opinion_values(two_authorities):
    mine, _ = two_authorities
    rule_set = RuleSet.objects.for_authority(mine).get()
    scaling = rule_set.settings.get(rule_id="SCALING")
    if scaling.mode == "off":  # the score field (and its hint) only shows when SCALING applies
        scaling.mode = "required"
        scaling.save(update_fields=["mode"])
    _write_in_the_admins_form(mine, "OPINION", scale_low_meaning=SCRIPT, scale_high_meaning=HANDLER)
    return mine


def _assert_shown_as_text(page: str) -> None:
    assert SCRIPT not in page
    assert HANDLER not in page
    assert "onerror=" not in page.replace("onerror=&quot;", "")  # only ever as escaped text
    assert "&lt;script&gt;alert(&#x27;low&#x27;)&lt;/script&gt;" in page


def test_the_chairs_live_page_shows_a_hostile_rule_set_value_as_text(client, hostile_opinion_values):
    room = make_room(hostile_opinion_values)
    client.force_login(room.chair.user)

    response = client.get(f"/{hostile_opinion_values.slug}/conferences/{room.pk}/live/?step=opinions")

    assert response.status_code == 200
    page = response.content.decode()
    _assert_shown_as_text(page)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_the_live_pages_htmx_opinion_partial_shows_it_as_text_too(client, hostile_opinion_values):
    room = make_room(hostile_opinion_values)
    client.force_login(room.chair.user)

    child = room.children[0].pk
    response = client.post(
        f"/{hostile_opinion_values.slug}/conferences/{room.pk}/live/opinion/",
        {f"opinion-{child}-child": child, f"opinion-{child}-score": "99"},  # refused: shown again
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert response.status_code in (200, 422)
    _assert_shown_as_text(page)


def test_the_rules_in_force_page_shows_a_hostile_rule_set_value_as_text(
    client, member_of, hostile_opinion_values
):
    client.force_login(member_of(hostile_opinion_values).user)

    page = client.get(f"/{hostile_opinion_values.slug}/rules/").content.decode()

    assert SCRIPT not in page and HANDLER not in page
    assert "&lt;script&gt;" in page
