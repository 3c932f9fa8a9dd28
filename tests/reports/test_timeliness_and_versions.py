"""REPORT-2WD: on time or late, with or without the deadline row the scheduling service opens;
a submitted report is never edited in place."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from authorities.rules.checks import RuleViolation
from reports import services
from reports.models import AgencyReport
from reports.selectors import invitation_rows, report_due_on
from scheduling import services as scheduling_services
from tests.reports.helpers import at, complete_content, pdf_bytes

pytestmark = pytest.mark.django_db

# Thursday 14 January 2027: REPORT-2WD counts back 2 working days → due Tuesday 12 January.
CONFERENCE_DAY = datetime.date(2027, 1, 14)
DUE = datetime.date(2027, 1, 12)


def _submit(invitation, on: datetime.date, **kwargs):
    services.save_draft(
        invitation_id=invitation.pk, by=invitation.membership, content=complete_content(invitation)
    )
    return services.submit_report(
        invitation_id=invitation.pk, by=invitation.membership, signed=True, now=at(on), **kwargs
    )


@pytest.fixture
def barnsley(invite):
    return invite("barnsley", starts_at=at(CONFERENCE_DAY, 14))


def test_the_due_date_comes_from_the_engine_when_no_deadline_was_opened(barnsley):
    assert report_due_on(barnsley) == DUE


def test_submitted_on_the_due_date_is_on_time(barnsley):
    report = _submit(barnsley, DUE)
    assert report.due_on == DUE and not report.is_late
    assert invitation_rows([barnsley], today=DUE)[0].chair_label == "On time"


def test_late_needs_a_reason_where_report_2wd_is_required(barnsley):
    with pytest.raises(RuleViolation) as refused:
        _submit(barnsley, DUE + datetime.timedelta(days=1))
    assert refused.value.rule_id == "REPORT-2WD" and refused.value.field == "late_reason"
    report = _submit(barnsley, DUE + datetime.timedelta(days=1), late_reason="Off sick")
    assert report.is_late and report.late_reason == "Off sick"
    assert invitation_rows([barnsley], today=CONFERENCE_DAY)[0].chair_label == "Late"


def test_late_is_only_flagged_where_it_is_advised(invite):
    invitation = invite("west-sussex", starts_at=at(CONFERENCE_DAY, 14))
    report = _submit(invitation, CONFERENCE_DAY)
    assert report.is_late and report.late_reason == ""


def test_the_opened_deadline_is_used_and_met(barnsley):
    deadline = scheduling_services.open_deadline(
        authority=barnsley.authority,
        rule_id="REPORT-2WD",
        subject=barnsley,
        event_on=CONFERENCE_DAY,
        label="Report",
        today=datetime.date(2027, 1, 4),
    )
    assert deadline.due_on == DUE
    _submit(barnsley, datetime.date(2027, 1, 11))
    deadline.refresh_from_db()
    assert deadline.met_on == datetime.date(2027, 1, 11) and deadline.status == "met_on_time"


def test_a_deadline_for_an_old_date_does_not_decide_after_the_conference_moved(barnsley):
    scheduling_services.open_deadline(
        authority=barnsley.authority,
        rule_id="REPORT-2WD",
        subject=barnsley,
        event_on=datetime.date(2027, 1, 7),
        label="Report",
        today=datetime.date(2027, 1, 4),
    )
    assert report_due_on(barnsley) == DUE


def test_a_missing_report_after_the_deadline_shows_as_missing(barnsley):
    assert invitation_rows([barnsley], today=DUE)[0].chair_label == "Not received yet"
    assert invitation_rows([barnsley], today=CONFERENCE_DAY)[0].chair_label == "Missing"


def test_a_resubmission_is_a_new_version_and_the_first_is_kept(barnsley):
    first = _submit(barnsley, datetime.date(2027, 1, 8))
    original = dict(first.content)
    content = complete_content(barnsley)
    content["involvement"] = {"text": "Updated after a home visit"}
    services.save_draft(invitation_id=barnsley.pk, by=barnsley.membership, content=content)
    first.refresh_from_db()
    assert first.content == original and first.status == "submitted"  # the draft is a new row
    second = services.submit_report(
        invitation_id=barnsley.pk,
        by=barnsley.membership,
        signed=True,
        now=at(DUE + datetime.timedelta(days=1)),
        late_reason="New information",
    )
    assert (first.version, second.version) == (1, 2)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.content == original
    assert second.content["involvement"]["text"] == "Updated after a home visit"
    # Whether the report reached the chair on time is judged by its first version.
    assert invitation_rows([barnsley], today=CONFERENCE_DAY)[0].chair_label == "On time"
    upload = services.upload_report(
        invitation_id=barnsley.pk,
        by=barnsley.membership,
        file=SimpleUploadedFile("r.pdf", pdf_bytes()),
        signed=True,
        now=at(DUE),
    )
    assert upload.version == 3
    versions = AgencyReport.objects.for_authority(barnsley.authority).filter(invitation=barnsley)
    assert sorted(versions.values_list("version", flat=True)) == [1, 2, 3]


def test_history_records_every_change_with_who_and_why(barnsley):
    report = _submit(barnsley, datetime.date(2027, 1, 8))
    reasons = [h.history_change_reason for h in report.history.order_by("history_date")]
    assert reasons == ["draft started", "submitted as version 1"]
    assert {h.history_user for h in report.history.all()} == {barnsley.membership.user}


def test_an_addendum_on_the_day_is_shown_as_late_and_leaves_the_report_alone(client, barnsley):
    report = _submit(barnsley, datetime.date(2027, 1, 8))
    content = dict(report.content)
    services.add_addendum(
        report_id=report.pk,
        by=barnsley.membership,
        text="A new incident yesterday",
        now=at(CONFERENCE_DAY, 9),
    )
    report.refresh_from_db()
    assert report.addendum == "A new incident yesterday" and report.content == content
    with pytest.raises(ValidationError):
        services.add_addendum(
            report_id=report.pk, by=barnsley.membership, text="Another", now=at(CONFERENCE_DAY)
        )
    client.force_login(barnsley.conference.chair.user)
    page = client.get(f"/barnsley/reports/{report.pk}/").content.decode()
    assert "A new incident yesterday" in page and "Late" in page


def test_no_addendum_after_the_conference_day(barnsley):
    report = _submit(barnsley, datetime.date(2027, 1, 8))
    with pytest.raises(ValidationError):
        services.add_addendum(
            report_id=report.pk,
            by=barnsley.membership,
            text="Too late",
            now=at(CONFERENCE_DAY + datetime.timedelta(1)),
        )
