"""The rule set in force and the calendar are kept per process between requests, and any change to
an authority's rules or closure days, however it is written, shows on the very next read."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from authorities import rule_set_cache
from authorities.models import Authority, ClosureDay, Mode, RuleSet, RuleSetting, UnknownRule
from authorities.rls.scope import NOTHING, DatabaseScope, database_scope
from authorities.selectors import NoRuleSetInForce, rule_set_in_force
from cases.selectors.today import today_for
from scheduling.calendars import calendar_for

ON = date(2026, 11, 23)
RULE = "CG-6WK"


@pytest.fixture
def authority(db) -> Authority:
    rule_set_cache.forget_everything()
    return Authority.objects.get(slug="west-sussex")


def _setting(authority: Authority) -> RuleSetting:
    return RuleSetting.objects.for_authority(authority).get(
        rule_set=rule_set_in_force(authority, on=ON), rule_id=RULE
    )


def test_a_second_read_is_one_small_statement_instead_of_the_rule_set_and_its_settings(authority):
    first = rule_set_in_force(authority, on=ON)
    with CaptureQueriesContext(connection) as again:
        second = rule_set_in_force(authority, on=ON)
    assert [query["sql"] for query in again.captured_queries] == [
        query["sql"] for query in again.captured_queries if "cpc_rules_revision" in query["sql"]
    ]
    assert len(again.captured_queries) == 1
    assert second.pk == first.pk
    assert second.mode(RULE) == first.mode(RULE)


def test_a_setting_changed_with_queryset_update_shows_on_the_next_read(authority):
    before = rule_set_in_force(authority, on=ON).mode(RULE)
    after = Mode.OFF if before != Mode.OFF else Mode.ADVISED
    RuleSetting.objects.for_authority(authority).filter(pk=_setting(authority).pk).update(mode=after)
    assert rule_set_in_force(authority, on=ON).mode(RULE) == after


def test_a_closure_day_added_in_bulk_shows_in_the_next_calendar(authority):
    day = date(2026, 11, 25)  # a Wednesday, not a bank holiday
    assert calendar_for(authority).is_working_day(day)
    ClosureDay.objects.bulk_create([ClosureDay(authority=authority, date=day, description="Staff training")])
    assert not calendar_for(authority).is_working_day(day)
    ClosureDay.objects.for_authority(authority).filter(date=day).delete()
    assert calendar_for(authority).is_working_day(day)


def test_a_rolled_back_change_never_brings_its_revision_back_with_other_rules(authority):
    original = rule_set_in_force(authority, on=ON).mode(RULE)
    changed = Mode.OFF if original != Mode.OFF else Mode.ADVISED
    with pytest.raises(RuntimeError), transaction.atomic():
        RuleSetting.objects.for_authority(authority).filter(pk=_setting(authority).pk).update(mode=changed)
        assert rule_set_in_force(authority, on=ON).mode(RULE) == changed  # kept inside the transaction
        raise RuntimeError("roll back")
    assert rule_set_in_force(authority, on=ON).mode(RULE) == original
    # Another change after the rollback gets a number of its own, not the rolled-back one's.
    RuleSetting.objects.for_authority(authority).filter(pk=_setting(authority).pk).update(mode=changed)
    assert rule_set_in_force(authority, on=ON).mode(RULE) == changed


def test_a_new_rule_set_version_takes_over_from_its_date(authority):
    current = rule_set_in_force(authority, on=ON)
    assert rule_set_in_force(authority, on=date(2027, 1, 4)).pk == current.pk
    newer = RuleSet.objects.for_authority(authority).get(pk=current.pk)
    newer.pk = None
    newer.effective_from = date(2027, 1, 4)
    newer.save()
    assert rule_set_in_force(authority, on=date(2027, 1, 4)).pk == newer.pk
    assert rule_set_in_force(authority, on=ON).pk == current.pk


def test_each_caller_gets_its_own_copy_and_its_own_authority_row(authority):
    first = rule_set_in_force(authority, on=ON)
    first.chair_title = "changed by one caller"
    renamed = Authority.objects.get(pk=authority.pk)
    renamed.name = "West Sussex (renamed)"
    second = rule_set_in_force(renamed, on=ON)
    assert second.chair_title != "changed by one caller"
    assert second.authority.name == "West Sussex (renamed)"


def test_a_partial_rule_set_still_refuses_the_rules_it_was_not_asked_for(authority):
    partial = rule_set_in_force(authority, on=ON, rule_ids=[RULE])
    partial_again = rule_set_in_force(authority, on=ON, rule_ids=(RULE,))
    assert partial_again.mode(RULE) == partial.mode(RULE)
    with pytest.raises(UnknownRule):
        partial_again.mode("ICPC-15WD")
    assert rule_set_in_force(authority, on=ON).mode("ICPC-15WD")  # the whole set is kept apart


def test_no_rule_set_in_force_is_still_refused_after_a_kept_read(authority):
    rule_set_in_force(authority, on=ON)
    with pytest.raises(NoRuleSetInForce):
        rule_set_in_force(authority, on=date(1990, 1, 1))


def test_today_for_lists_reads_the_due_soon_window_without_settings(authority):
    with CaptureQueriesContext(connection) as first:
        today = today_for(authority, ON, rules=False)
    with CaptureQueriesContext(connection) as again:
        today_again = today_for(authority, ON, rules=False)
    assert today.rule_set is None and today_again.rule_set is None
    assert today.due_soon_working_days == rule_set_in_force(authority, on=ON).due_soon_working_days
    assert len(again.captured_queries) < len(first.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's")
def test_a_connection_scoped_elsewhere_is_not_served_what_row_level_security_hides(authority):
    rule_set_in_force(authority, on=ON)  # kept, read in the test's own every-authority scope
    other = Authority.objects.exclude(pk=authority.pk).first()
    for scope in (NOTHING, DatabaseScope.of([other.pk])):
        with database_scope(scope), pytest.raises(NoRuleSetInForce):
            rule_set_in_force(authority.pk, on=ON)
