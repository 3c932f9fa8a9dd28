"""PLAN-CHANGES reaches the chair as a notification, which is e-mailed: the case reference, the
meeting's date and a link, never the children's names or what changed (that is on the page)."""

from __future__ import annotations

import datetime

import pytest

from coregroups import services
from scheduling.models import Notification
from scheduling.tasks import email_notifications
from tests.coregroups.helpers import held_initial, minutes
from tests.outbound import (
    CHILD_DETAIL,
    REFERENCE,
    assert_email_names_nobody,
    assert_notification_names_nobody,
    name_the_case,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_plan_change_notice_names_the_case_by_reference_only(two_authorities, clock, mailoutbox):
    mine, _ = two_authorities
    setup = held_initial(mine, clock, children=2)
    name_the_case(setup.room.conference.family)
    clock.day = D(2026, 12, 14)
    plan = setup.room.children[0].protection_plans.get()

    services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(
            setup,
            D(2026, 12, 14),
            no_plan_changes=False,
            plan_changes=[services.PlanChangeIn(plan.pk, CHILD_DETAIL)],
        ),
    )

    note = Notification.objects.for_authority(mine).get(kind=Notification.Kind.PLAN_CHANGE)
    assert_notification_names_nobody(note, what="PLAN-CHANGES notification")
    assert REFERENCE in note.subject and "14 December 2026" in note.body and "1 change" in note.body
    email_notifications(authority_id=mine.pk, notification_ids=[note.pk])
    (message,) = mailoutbox
    assert_email_names_nobody(message, what="PLAN-CHANGES e-mail")
