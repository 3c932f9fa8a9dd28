"""ESCALATION's values are checked when saved (the admin edits them as JSON), so a slip is refused
with a message in words naming the rule after them instead of failing the deadline sweep later."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.forms import modelform_factory

from authorities.models import RuleSetting

pytestmark = pytest.mark.django_db


def _escalation(authority) -> RuleSetting:
    return RuleSetting.objects.for_authority(authority).get(rule_id="ESCALATION")


def test_every_shipped_rule_sets_escalation_values_pass():
    everywhere = RuleSetting.objects.unscoped(reason="test: every shipped rule set")
    settings = everywhere.filter(rule_id="ESCALATION")
    assert settings.count() >= 6
    for setting in settings:
        setting.full_clean()


@pytest.mark.parametrize(
    ("rung", "message"),
    [
        ({"working_days": "two"}, 'Rung 1 of the ladder: "working_days" must be a whole number'),
        ({"label": "x" * 201}, 'Rung 1 of the ladder: "label" must be text of at most 200 characters'),
        ({"roles": ["chief_constable"]}, 'Rung 1 of the ladder: "roles" must be a list of roles from:'),
        ({"level": 0}, 'Rung 1 of the ladder: "level" must be a whole number, 1 or more'),
        ({"level": 2}, "Each level may appear only once in the ladder"),
    ],
)
def test_a_slip_in_a_rung_is_refused_naming_the_rule_and_the_rung(two_authorities, rung, message):
    mine, _ = two_authorities
    setting = _escalation(mine)
    ladder = setting.values["ladder"]
    setting.values = {**setting.values, "ladder": [{**ladder[0], **rung}, *ladder[1:]]}
    with pytest.raises(ValidationError) as refused:
        setting.full_clean()
    assert any(
        text.startswith(message) and text.endswith("(ESCALATION)")
        for text in refused.value.message_dict["values"]
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unbooked_within_working_days": "3"}, '"unbooked_within_working_days" must be a whole number'),
        ({"unbooked_rules": ["ICPC-51WD"]}, '"unbooked_rules" must be a list of rule ids'),
        ({"ladder": {"level": 1}}, '"ladder" must be a list of levels'),
    ],
)
def test_a_slip_elsewhere_in_the_values_is_refused(two_authorities, changes, message):
    mine, _ = two_authorities
    setting = _escalation(mine)
    setting.values = {**setting.values, **changes}
    with pytest.raises(ValidationError) as refused:
        setting.full_clean()
    assert any(
        text.startswith(message) and text.endswith("(ESCALATION)")
        for text in refused.value.message_dict["values"]
    )


def test_the_admins_form_shows_the_message_on_the_values_field_and_saves_nothing(two_authorities):
    mine, _ = two_authorities
    setting = _escalation(mine)
    before = setting.values
    form_class = modelform_factory(RuleSetting, fields=["mode", "values"])
    bad = {**before, "ladder": [{**before["ladder"][0], "working_days": "two"}, *before["ladder"][1:]]}
    form = form_class(data={"mode": setting.mode, "values": json.dumps(bad)}, instance=setting)
    assert not form.is_valid()
    assert form.errors["values"][0].startswith("Rung 1 of the ladder: ")
    assert form.errors["values"][0].endswith("(ESCALATION)")
    setting.refresh_from_db()
    assert setting.values == before


def test_a_rule_setting_reads_words_first_with_the_rule_id_after(two_authorities):
    mine, _ = two_authorities
    setting = RuleSetting.objects.for_authority(mine).get(rule_id="ICPC-15WD")
    shown = str(setting)
    assert shown.endswith(f": {setting.get_mode_display().lower()} (ICPC-15WD)")
    assert not shown.startswith("ICPC-15WD")
