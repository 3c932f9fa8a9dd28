from datetime import date

import pytest

from authorities.models import Authority, Mode, RuleSet, SourceKind
from authorities.rules.catalogue import RULES, RULES_BY_ID
from authorities.rules.checks import Outcome, RuleViolation, check_deadline, check_rule, enforce
from authorities.selectors import NoRuleSetInForce, rule_set_in_force
from tests.conftest import SHIPPED_SLUGS
from tests.factories import copy_rule_set

# "Modes as shipped" (RULES.md), a sample across every kind of rule and every authority.
# Order: west-sussex, staffordshire, stoke-on-trent, hartlepool, barnsley, birmingham.
R, A, OFF, ON = Mode.REQUIRED, Mode.ADVISED, Mode.OFF, Mode.ON
EXPECTED_MODES = {
    "ICPC-15WD": (R, R, R, R, R, R),
    "REPORT-2WD": (A, A, A, A, R, A),
    "SW-REPORT": (A, A, A, A, R, A),
    "REFERRAL-24H": (OFF, OFF, OFF, OFF, OFF, OFF),
    "CG-MIN2": (R, OFF, OFF, OFF, OFF, OFF),
    "CG-6WK": (A, OFF, OFF, OFF, OFF, OFF),
    "CG-PRE-REVIEW": (OFF, OFF, OFF, OFF, OFF, A),
    "CG-MINUTES": (A, A, A, R, A, A),
    "CG-CHAIR-NOT-MINUTER": (OFF, OFF, OFF, A, OFF, OFF),
    "QUORUM": (A, R, R, R, R, R),
    "QUORUM-OVERRIDE": (ON, OFF, OFF, OFF, OFF, OFF),
    "SCALING": (OFF, OFF, OFF, OFF, ON, ON),
    "SCORE-ALL-ZERO": (OFF, OFF, OFF, OFF, OFF, A),
    "PLAN-KINDS": (R, OFF, OFF, OFF, OFF, OFF),
    "PROF-SLOT": (R, A, A, A, A, A),
    "PRE-MEET": (A, OFF, OFF, OFF, OFF, A),
    "PARENT-VIEWS": (R, A, A, R, A, A),
    "MIDWAY-REVIEW": (ON, ON, ON, ON, ON, ON),
    "NON-ATTEND-LETTER": (OFF, OFF, OFF, OFF, OFF, A),
    "ARRIVE-30": (OFF, R, R, OFF, OFF, OFF),
    "REPORT-FIELDS": (A, R, R, A, A, A),
    "REPORT-FOAO": (OFF, R, R, OFF, OFF, OFF),
    "REPORT-OWN-FORM": (ON, ON, ON, ON, ON, ON),
    "STEPDOWN-CIN-3M": (OFF, OFF, OFF, OFF, OFF, A),
    "ESCALATION": (R, R, R, R, R, R),
}


def shipped(slug: str) -> RuleSet:
    return rule_set_in_force(Authority.objects.get(slug=slug), on=date(2026, 11, 23))


@pytest.mark.django_db
def test_the_six_authorities_exist_after_migrate_alone():
    assert set(Authority.objects.values_list("slug", flat=True)) >= set(SHIPPED_SLUGS)


@pytest.mark.django_db
@pytest.mark.parametrize("rule_id", sorted(EXPECTED_MODES))
def test_shipped_modes_follow_the_rules_catalogue(rule_id):
    modes = tuple(shipped(slug).mode(rule_id) for slug in SHIPPED_SLUGS)
    assert modes == EXPECTED_MODES[rule_id]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED_SLUGS)
def test_every_rule_has_a_mode_values_and_a_source_in_every_authority(slug):
    rule_set = shipped(slug)
    assert rule_set.effective_from == date(2015, 1, 1)
    assert set(rule_set.settings_by_id) == set(RULES_BY_ID)
    for setting in rule_set.settings_by_id.values():
        assert setting.mode in Mode.values
        assert setting.source_kind in SourceKind.values
        if setting.source_kind == SourceKind.SEED:
            assert setting.source_quote, setting.rule_id
        else:
            assert setting.source_quote or setting.source_note, setting.rule_id


@pytest.mark.django_db
def test_authority_specific_values_are_data():
    assert shipped("west-sussex").values("REPORT-SHARED")["exempt_agency_types"] == ["police"]
    assert shipped("barnsley").values("REPORT-SHARED")["exempt_agency_types"] == []
    assert shipped("stoke-on-trent").chair_title == "Conference and Review Manager"
    assert shipped("staffordshire").chair_title != "Conference and Review Manager"
    assert [step["level"] for step in shipped("barnsley").values("ESCALATION")["ladder"]] == [1, 2, 3, 4]
    assert shipped("birmingham").framework_name != shipped("hartlepool").framework_name
    for slug in SHIPPED_SLUGS:
        agenda = shipped(slug).agenda
        slot = [section for section in agenda if section["key"] == "professional_slot"]
        assert slot and slot[0]["family_visible"] is False
        assert any(section["review_only"] for section in agenda)


@pytest.mark.django_db
def test_a_later_version_judges_later_events_and_the_past_keeps_its_rules():
    authority = Authority.objects.get(slug="barnsley")
    original = shipped("barnsley")
    newer = copy_rule_set(original, authority, effective_from=date(2027, 4, 1))
    setting = newer.setting("ICPC-15WD")
    setting.values = {**setting.values, "amount": 10}
    setting.save()
    assert rule_set_in_force(authority, on=date(2027, 3, 31)).pk == original.pk
    assert rule_set_in_force(authority, on=date(2027, 4, 1)).pk == newer.pk
    assert rule_set_in_force(authority, on=date(2027, 4, 1)).values("ICPC-15WD")["amount"] == 10
    assert rule_set_in_force(authority, on=date(2020, 1, 1)).values("ICPC-15WD")["amount"] == 15


@pytest.mark.django_db
def test_no_rule_set_before_the_first_version():
    with pytest.raises(NoRuleSetInForce, match="31 December 2014"):
        rule_set_in_force(Authority.objects.get(slug="hartlepool"), on=date(2014, 12, 31))


@pytest.mark.django_db
def test_a_required_rule_refuses_and_names_itself():
    answer = check_rule(
        shipped("barnsley"), "CHAIR-INDEPENDENT", satisfied=False, message="the chair manages the case"
    )
    assert answer.outcome is Outcome.REFUSED
    with pytest.raises(RuleViolation, match=r"^The chair manages the case.*\(CHAIR-INDEPENDENT\)"):
        enforce(answer, reason="we had nobody else")


@pytest.mark.django_db
def test_an_advised_rule_asks_for_a_reason_and_accepts_one():
    answer = check_rule(shipped("birmingham"), "PRE-MEET", satisfied=False, message="no pre-meeting recorded")
    assert answer.outcome is Outcome.ADVISED and answer.needs_reason
    with pytest.raises(RuleViolation, match="Give a reason"):
        enforce(answer)
    enforce(answer, reason="parents declined to meet")


@pytest.mark.django_db
def test_an_off_rule_lets_everything_through():
    answer = check_rule(shipped("staffordshire"), "PRE-MEET", satisfied=False, message="no pre-meeting")
    assert answer.ok
    enforce(answer)


@pytest.mark.django_db
def test_a_satisfied_rule_is_ok_everywhere():
    for slug in SHIPPED_SLUGS:
        assert check_rule(shipped(slug), "QUORUM", satisfied=True, message="").ok


@pytest.mark.django_db
def test_a_late_required_deadline_needs_a_reason_but_never_blocks():
    answer = check_deadline(
        shipped("barnsley"), "REPORT-2WD", due=date(2026, 12, 31), acted_on=date(2027, 1, 4)
    )
    assert answer.advised and answer.needs_reason and "REPORT-2WD" in str(answer)
    enforce(answer, reason="the agency was told late")


@pytest.mark.django_db
def test_a_late_advised_deadline_is_only_flagged():
    answer = check_deadline(
        shipped("west-sussex"), "REPORT-2WD", due=date(2026, 12, 31), acted_on=date(2027, 1, 4)
    )
    assert answer.advised and not answer.needs_reason
    enforce(answer)


@pytest.mark.django_db
def test_on_the_due_date_is_on_time():
    assert check_deadline(
        shipped("barnsley"), "ICPC-15WD", due=date(2027, 1, 13), acted_on=date(2027, 1, 13)
    ).ok


def test_catalogue_has_unique_ids_and_every_kind_of_rule():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert {"ICPC-15WD", "QUORUM", "SCALING", "SCORE-ALL-ZERO", "LONG-PLAN", "REFERRAL-24H"} <= set(ids)
