"""Case services: what a social worker can record, what is refused (naming the field), the
ICPC-15WD deadline a strategy discussion opens, and the history every write keeps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import Child, Family, StrategyDiscussion
from scheduling.calendars import calendar_for
from scheduling.models import Deadline
from scheduling.services import deadline_for
from tests.conferences.sw_helpers import make_case, working_day

pytestmark = pytest.mark.django_db


def test_a_strategy_discussion_that_starts_section_47_opens_the_icpc_deadline(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    held_on = working_day(mine, -1)
    discussion = case.discussion(held_on=held_on)
    deadline = deadline_for(authority=mine, rule_id="ICPC-15WD", subject=discussion)
    assert deadline.due_on == calendar_for(mine).add_working_days(held_on, 15)
    assert deadline.label == "Initial conference for the Smith family"
    assert deadline.family_id == case.family.pk
    assert deadline.responsible == case.social_worker


def test_a_discussion_without_section_47_opens_no_deadline(two_authorities):
    mine, _ = two_authorities
    discussion = make_case(mine).discussion(section47=False)
    assert deadline_for(authority=mine, rule_id="ICPC-15WD", subject=discussion) is None


def test_moving_the_discussion_moves_the_due_date_and_unticking_section_47_cancels_it(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    discussion = case.discussion(held_on=working_day(mine, -1))
    earlier = working_day(mine, -3)
    kwargs = dict(attendees="x", outcome="y", child_ids=[c.pk for c in case.children])
    services.update_strategy_discussion(
        by=case.social_worker, discussion_id=discussion.pk, held_on=earlier, section47_started=True, **kwargs
    )
    assert deadline_for(authority=mine, rule_id="ICPC-15WD", subject=discussion).due_on == calendar_for(
        mine
    ).add_working_days(earlier, 15)
    services.update_strategy_discussion(
        by=case.social_worker, discussion_id=discussion.pk, held_on=earlier, section47_started=False, **kwargs
    )
    assert deadline_for(authority=mine, rule_id="ICPC-15WD", subject=discussion).cancelled_at is not None


def test_a_strategy_discussion_in_the_future_is_refused_naming_the_field(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    with pytest.raises(ValidationError) as refused:
        case.discussion(held_on=timezone.localdate() + timedelta(days=1))
    assert "held_on" in refused.value.message_dict
    assert not StrategyDiscussion.objects.for_authority(mine).exists()


def test_a_discussion_about_another_familys_child_is_refused(two_authorities):
    mine, _ = two_authorities
    case, other = make_case(mine), make_case(mine, name="Jones family")
    with pytest.raises(ValidationError) as refused:
        services.record_strategy_discussion(
            by=case.social_worker,
            family_id=case.family.pk,
            held_on=timezone.localdate(),
            attendees="a",
            outcome="b",
            section47_started=True,
            child_ids=[other.children[0].pk],
        )
    assert "children" in refused.value.message_dict


def test_a_childs_date_of_birth_in_the_future_is_refused_unless_unborn(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.add_child(
            by=case.social_worker,
            family_id=case.family.pk,
            details=services.ChildDetails(first_name="A", last_name="B", date_of_birth=tomorrow),
        )
    assert "date_of_birth" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.add_child(
            by=case.social_worker,
            family_id=case.family.pk,
            details=services.ChildDetails(first_name="Unborn", last_name="B", unborn=True),
        )
    assert "expected_date" in refused.value.message_dict
    unborn = services.add_child(
        by=case.social_worker,
        family_id=case.family.pk,
        details=services.ChildDetails(
            first_name="Unborn", last_name="B", unborn=True, expected_date=tomorrow
        ),
    )
    assert unborn.unborn and unborn.date_of_birth is None
    assert Child.objects.for_authority(mine).filter(family=case.family).count() == 3


def test_a_refused_edit_leaves_the_saved_child_as_it_was(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    child = case.children[0]
    with pytest.raises(ValidationError):
        services.update_child(
            by=case.social_worker,
            child_id=child.pk,
            details=services.ChildDetails(
                first_name="Changed", last_name="Smith", date_of_birth=date(2999, 1, 1)
            ),
        )
    child.refresh_from_db()
    assert child.first_name == "Child0"


def test_a_social_worker_from_another_authority_is_refused(two_authorities):
    mine, theirs = two_authorities
    case, foreign = make_case(mine), make_case(theirs)
    with pytest.raises(ValidationError) as refused:
        services.create_family(
            by=case.social_worker, name="X family", social_worker_id=foreign.social_worker.pk
        )
    assert "social_worker" in refused.value.message_dict
    assert not Family.objects.for_authority(mine).filter(name="X family").exists()


def test_relationships_record_kind_and_parental_responsibility_per_child(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    first, _second = case.children
    services.update_person(
        by=case.social_worker,
        person_id=case.mother.pk,
        details=services.PersonDetails(first_name="Jo", last_name="Smith"),
        relationships=[services.RelationshipDetails(child_id=first.pk, kind="step_parent")],
    )
    relationships = list(case.mother.relationships.all())
    assert [(r.child_id, r.kind, r.parental_responsibility) for r in relationships] == [
        (first.pk, "step_parent", False)
    ]


def test_every_write_keeps_who_and_why_in_its_history(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    services.update_family(by=case.social_worker, family_id=case.family.pk, name="Smith-Jones family")
    latest = case.family.history.first()
    assert latest.history_user == case.social_worker.user
    assert latest.history_change_reason == "family details changed"
    assert latest.name == "Smith-Jones family"
    discussion = case.discussion()
    assert discussion.history.first().history_user == case.social_worker.user
    assert Deadline.objects.for_authority(mine).filter(rule_id="ICPC-15WD").count() == 1
