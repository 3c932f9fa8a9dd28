"""NON-ATTEND-LETTER: after a held conference, a PDF letter to each invited professional who
neither attended nor sent a report, where the rule set has it; and the count per agency."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import Authority, RuleSetting
from conferences.models import Attendance
from reports import services
from reports.agency_attendance import non_attendance_by_agency
from tests.factories import AgencyReportFactory, ConferenceFactory, InvitationFactory
from tests.reports.helpers import at

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2027, 1, 14)


def _held_conference(slug: str):
    conference = ConferenceFactory(
        family__authority=Authority.objects.get(slug=slug), starts_at=at(HELD_ON, 10)
    )
    conference.status, conference.held_on = "held", HELD_ON
    conference.save()
    return conference


@pytest.fixture
def birmingham():
    """Birmingham has NON-ATTEND-LETTER (advised). Five professionals, two owed a letter."""
    conference = _held_conference("birmingham")
    people = {
        "present": InvitationFactory(conference=conference, attendance=Attendance.PRESENT),
        "proxy": InvitationFactory(
            conference=conference, attendance=Attendance.ABSENT, attended_by_proxy=True
        ),
        "reported": InvitationFactory(conference=conference, attendance=Attendance.ABSENT),
        "absent": InvitationFactory(conference=conference, attendance=Attendance.ABSENT),
        "apologies": InvitationFactory(conference=conference, attendance=Attendance.APOLOGIES),
    }
    AgencyReportFactory(invitation=people["reported"])
    InvitationFactory(
        conference=conference, kind="parent", membership=None, name="A parent", attendance="absent"
    )
    return conference, people


def test_letters_go_only_to_those_who_neither_came_nor_reported(birmingham, mailoutbox):
    conference, people = birmingham
    sent = services.send_non_attendance_letters(
        authority_id=conference.authority_id, conference_id=conference.pk, today=HELD_ON
    )
    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people["absent"].email, people["apologies"].email])
    for message in mailoutbox:
        (_name, content, mime) = message.attachments[0]
        assert mime == "application/pdf" and content.startswith(b"%PDF-")
    for key, invitation in people.items():
        invitation.refresh_from_db()
        expected = HELD_ON if key in ("absent", "apologies") else None
        assert invitation.non_attendance_letter_sent_on == expected, key
    assert people["absent"].history.first().history_change_reason == (
        "Letter sent for not attending or reporting (NON-ATTEND-LETTER)"
    )


def test_a_rerun_sends_nothing_twice(birmingham, mailoutbox):
    conference, _ = birmingham
    args = {"authority_id": conference.authority_id, "conference_id": conference.pk, "today": HELD_ON}
    services.send_non_attendance_letters(**args)
    assert services.send_non_attendance_letters(**args) == 0
    assert services.send_due_non_attendance_letters(conference.authority_id, HELD_ON) == 0
    assert len(mailoutbox) == 2


def test_no_letters_where_the_rule_is_off(mailoutbox):
    conference = _held_conference("west-sussex")
    InvitationFactory(conference=conference, attendance=Attendance.ABSENT)
    assert services.send_due_non_attendance_letters(conference.authority_id, HELD_ON) == 0
    assert mailoutbox == []


def test_no_letters_before_the_conference_is_held(mailoutbox):
    conference = ConferenceFactory(family__authority=Authority.objects.get(slug="birmingham"))
    InvitationFactory(conference=conference, attendance=Attendance.ABSENT)
    assert (
        services.send_non_attendance_letters(
            authority_id=conference.authority_id, conference_id=conference.pk
        )
        == 0
    )


def test_the_chair_sends_them_from_the_reports_page_after_commit(
    client, birmingham, mailoutbox, django_capture_on_commit_callbacks
):
    conference, _ = birmingham
    client.force_login(conference.chair.user)
    page = client.get(f"/birmingham/conferences/{conference.pk}/reports/").content.decode()
    assert "Did not attend or send a report" in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/birmingham/conferences/{conference.pk}/reports/non-attendance-letters/")
    assert response.status_code == 302 and mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 2


def test_a_practitioner_cannot_send_letters(client, birmingham):
    conference, people = birmingham
    client.force_login(people["present"].membership.user)
    url = f"/birmingham/conferences/{conference.pk}/reports/non-attendance-letters/"
    assert client.post(url).status_code == 403


def test_the_count_per_agency_shows_a_pattern(birmingham):
    conference, people = birmingham
    authority = conference.authority
    agency = people["absent"].agency
    for months_ago in (1, 2, 3):
        day = HELD_ON - datetime.timedelta(days=30 * months_ago)
        InvitationFactory(
            conference=ConferenceFactory(family__authority=authority),
            membership__agency=agency,
            agency=agency,
            non_attendance_letter_sent_on=day,
        )
    InvitationFactory(
        conference=ConferenceFactory(family__authority=authority),
        membership__agency=agency,
        agency=agency,
        non_attendance_letter_sent_on=HELD_ON - datetime.timedelta(days=400),
    )
    rows = {row.agency_id: row for row in non_attendance_by_agency(authority, today=HELD_ON)}
    assert rows[agency.pk].in_window == 3 and rows[agency.pk].total == 4 and rows[agency.pk].pattern
    setting = RuleSetting.objects.for_authority(authority).get(rule_id="NON-ATTEND-LETTER")
    setting.values = {"pattern_count": 5, "pattern_months": 6}
    setting.save()
    assert not {r.agency_id: r for r in non_attendance_by_agency(authority, today=HELD_ON)}[agency.pk].pattern
