"""Reminders before REPORT-2WD (once each), and the note when a conference moves."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import RuleSetting
from reports import services
from reports.tasks import send_report_reminders_task
from scheduling.models import Notification
from tests.reports.helpers import at, complete_content

pytestmark = pytest.mark.django_db

CONFERENCE_DAY = datetime.date(2027, 1, 14)  # report due Tuesday 12 January 2027
FIVE_BEFORE = datetime.date(2027, 1, 5)  # 5 working days before the due date
TWO_BEFORE = datetime.date(2027, 1, 8)


def _reminders(invitation):
    return list(
        Notification.objects.for_authority(invitation.authority).filter(
            recipient=invitation.membership.user, kind="report_reminder"
        )
    )


def test_a_reminder_goes_once_at_each_step(invite, mailoutbox, django_capture_on_commit_callbacks):
    invitation = invite("barnsley", starts_at=at(CONFERENCE_DAY, 14))
    authority_id = invitation.authority_id
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_report_reminders(authority_id, datetime.date(2027, 1, 4)) == 0  # 6 days left
        assert services.send_due_report_reminders(authority_id, FIVE_BEFORE) == 1
        assert services.send_due_report_reminders(authority_id, FIVE_BEFORE) == 0  # a rerun sends nothing
        assert services.send_due_report_reminders(authority_id, datetime.date(2027, 1, 6)) == 0  # same step
        assert services.send_due_report_reminders(authority_id, TWO_BEFORE) == 1
        assert services.send_due_report_reminders(authority_id, TWO_BEFORE) == 0
    assert len(_reminders(invitation)) == 2
    assert len(mailoutbox) == 2 and "due Tuesday 12 January 2027" in mailoutbox[0].subject


def test_the_task_does_the_same(invite, mailoutbox):
    invitation = invite("barnsley", starts_at=at(CONFERENCE_DAY, 14))
    assert (
        send_report_reminders_task.delay(authority_id=invitation.authority_id, today="2027-01-05").get() == 1
    )
    assert (
        send_report_reminders_task.delay(authority_id=invitation.authority_id, today="2027-01-05").get() == 0
    )


def test_nobody_is_reminded_of_a_report_already_submitted(invite):
    invitation = invite("barnsley", starts_at=at(CONFERENCE_DAY, 14))
    services.save_draft(
        invitation_id=invitation.pk, by=invitation.membership, content=complete_content(invitation)
    )
    services.submit_report(
        invitation_id=invitation.pk, by=invitation.membership, signed=True, now=at(FIVE_BEFORE)
    )
    assert services.send_due_report_reminders(invitation.authority_id, TWO_BEFORE) == 0


def test_the_steps_come_from_the_rule_set(invite):
    invitation = invite("barnsley", starts_at=at(CONFERENCE_DAY, 14))
    setting = RuleSetting.objects.for_authority(invitation.authority).get(rule_id="REPORT-2WD")
    setting.values = {**setting.values, "reminder_working_days": [3]}
    setting.save()
    authority_id = invitation.authority_id
    assert services.send_due_report_reminders(authority_id, FIVE_BEFORE) == 0
    assert services.send_due_report_reminders(authority_id, datetime.date(2027, 1, 7)) == 1


def test_a_missed_sweep_still_sends_the_tightest_reminder_once(invite):
    invitation = invite("barnsley", starts_at=at(CONFERENCE_DAY, 14))
    assert services.send_due_report_reminders(invitation.authority_id, datetime.date(2027, 1, 11)) == 1
    assert services.send_due_report_reminders(invitation.authority_id, datetime.date(2027, 1, 12)) == 0
    (reminder,) = _reminders(invitation)
    assert "1 working day left" in reminder.body


def test_moving_a_conference_tells_each_invited_person_once(
    invite, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = invite("barnsley", starts_at=at(CONFERENCE_DAY, 14))
    conference = invitation.conference
    conference.starts_at = at(datetime.date(2027, 1, 21), 10)
    conference.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_conference_moved(conference.pk) == 1
        assert services.notify_conference_moved(conference.pk, authority_id=conference.authority_id) == 0
    note = Notification.objects.for_authority(conference.authority).get(kind="conference_changed")
    assert "Thursday 21 January 2027" in note.body and "due by Tuesday 19 January 2027" in note.body
    # In the app only: the moved calendar invitation is the e-mail (sent by the scheduling service).
    assert mailoutbox == [] and note.emailed_at is None
    conference.starts_at = at(datetime.date(2027, 1, 28), 10)
    conference.save()
    assert services.notify_conference_moved(conference.pk) == 1
