"""PLAN-CHANGES: what the core groups changed in the plan since the conference is carried onto the
review conference's page and into its minutes, version by version, with who, when and why."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import RuleSet
from conferences.live.minutes import render_minutes_html
from conferences.live.plan_changes import plan_changes_context
from coregroups import services
from coregroups.models import CoreGroupMinutes
from tests.coregroups.helpers import at, held_initial, manager_of, minutes
from tests.coregroups.test_minutes_pdf_and_corrections import as_recorded
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST = "Contact with Dad now supervised"
SECOND = "Contact with Dad supervised by Gran"


def _review_after_changes(authority, clock):
    """A core group records a change, its minutes are corrected (the change replaced by another),
    then the review conference is booked."""
    setup = held_initial(authority, clock)
    plan = setup.room.children[0].protection_plans.get()
    clock.day = D(2026, 12, 14)
    recorder = setup.social_worker
    recorder.user.full_name = "Sally Worker"
    recorder.user.save()
    record = services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=recorder,
        minutes=minutes(
            setup,
            D(2026, 12, 14),
            no_plan_changes=False,
            plan_changes=[services.PlanChangeIn(plan.pk, FIRST)],
        ),
    )
    record = CoreGroupMinutes.objects.for_authority(authority).get(pk=record.pk)
    corrector = manager_of(setup)  # the social worker's team manager may correct the minutes
    corrector.user.full_name = "Tina Manager"
    corrector.user.save()
    services.correct_minutes(
        meeting_id=record.meeting_id,
        by=corrector,
        minutes=as_recorded(record, plan_changes=[services.PlanChangeIn(plan.pk, SECOND)]),
        reason="Gran supervises, not the contact centre",
        expected_version=1,
    )
    clock.day = D(2027, 2, 22)
    review = ConferenceFactory(
        family=setup.room.conference.family,
        children=setup.room.children,
        kind="review",
        previous=setup.room.conference,
        starts_at=at(D(2027, 2, 22)),
    )
    return setup, review


def _set_mode(authority, mode: str) -> None:
    RuleSet.objects.for_authority(authority).get().settings.filter(rule_id="PLAN-CHANGES").update(mode=mode)


@pytest.mark.parametrize("mode", ["advised", "required"])
def test_the_review_carries_each_version_of_each_change_with_who_when_and_why(two_authorities, clock, mode):
    mine, _ = two_authorities  # Barnsley's rules: PLAN-CHANGES advised as shipped
    _set_mode(mine, mode)
    setup, review = _review_after_changes(mine, clock)
    versions = plan_changes_context(review, review.rule_set_in_force())["plan_changes"]
    summary = [(v.text, v.version, v.action, v.by) for v in versions]
    assert summary == [
        (FIRST, 1, "Recorded", "Sally Worker"),
        (FIRST, 2, "Removed", "Tina Manager"),
        (SECOND, 1, "Recorded", "Tina Manager"),
    ]
    assert versions[1].why == "corrected: Gran supervises, not the contact centre"
    assert versions[0].why == "Change recorded at core group (PLAN-CHANGES)"
    assert {v.meeting_on for v in versions} == {D(2026, 12, 14)}
    assert versions[0].child == setup.room.children[0].full_name

    html = render_minutes_html(review, family=False)
    assert "Changes to the plan since the last conference" in html
    assert SECOND in html and "Gran supervises, not the contact centre" in html and "14 December 2026" in html


def test_the_chair_sees_the_changes_on_the_review_page(client, two_authorities, clock):
    mine, _ = two_authorities
    _, review = _review_after_changes(mine, clock)
    client.force_login(review.chair.user)
    page = client.get(f"/{mine.slug}/conferences/{review.pk}/live/?step=plan").content.decode()
    assert "Changes to the plan since the last conference (PLAN-CHANGES)" in page
    assert FIRST in page and SECOND in page and "Tina Manager" in page and "2: Removed" in page


def test_off_the_review_shows_no_plan_changes_and_an_initial_conference_never_does(two_authorities, clock):
    mine, _ = two_authorities
    setup, review = _review_after_changes(mine, clock)
    initial = setup.room.conference
    assert plan_changes_context(initial, initial.rule_set_in_force())["plan_changes"] is None
    _set_mode(mine, "off")
    assert plan_changes_context(review, review.rule_set_in_force())["plan_changes"] is None
    assert "Changes to the plan since the last conference" not in render_minutes_html(review, family=False)
