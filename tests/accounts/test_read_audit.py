"""The read audit: each read of a child's case, a report, minutes or a letter, and each download,
through pages and the API, leaves exactly one event with ids only; sign-ins too."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.audit import audited_routes
from accounts.models import AccessAction, AccessEvent, AccessOutcome
from authorities.models import Role
from conferences.preparation import services as scheduling
from coregroups.models import CoreGroup, CoreGroupMeeting, CoreGroupMinutes
from reports import services as report_services
from tests.conferences.live_helpers import make_room
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.factories import (
    AgencyReportFactory,
    ChildFactory,
    InvitationFactory,
    MembershipFactory,
)
from tests.reports.helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def reads(authority, **filters) -> list[AccessEvent]:
    """The authority's events other than sign-ins (force_login sends Django's signal too)."""
    events = AccessEvent.objects.for_authority(authority).exclude(action=AccessAction.SIGN_IN)
    return list(events.filter(**filters))


def the_one_event(authority) -> AccessEvent:
    events = reads(authority)
    assert len(events) == 1, [str(e) for e in events]
    return events[0]


def assert_event(event, *, membership, action, obj, case_id, child_id=None, route, outcome="ok"):
    assert event.authority_id == membership.authority_id
    assert event.user_id == membership.user_id
    assert event.action == action
    assert event.object_kind == obj._meta.label_lower
    assert event.object_id == obj.pk
    assert event.case_id == case_id
    assert event.child_id == child_id
    assert event.route == route
    assert event.outcome == outcome
    assert abs(timezone.now() - event.at) < datetime.timedelta(minutes=1)


# --- cases and children -------------------------------------------------------------------------


def test_opening_a_case_page_records_one_event_naming_the_case(client, two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family__authority=mine, first_name="Rowan", last_name="Rivers")
    me = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    client.force_login(me.user)
    assert client.get(f"/{mine.slug}/cases/{child.family_id}/").status_code == 200
    event = the_one_event(mine)
    assert_event(
        event,
        membership=me,
        action=AccessAction.CASE_VIEW,
        obj=child.family,
        case_id=child.family_id,
        route="cases:case-detail",
    )
    # Ids only: nothing in the row carries the family's or the child's name.
    text = " ".join(str(v) for v in AccessEvent.objects.for_authority(mine).values_list().get(pk=event.pk))
    assert "Rivers" not in text and "Rowan" not in text


def test_the_child_api_and_the_childs_record_page_record_the_child_and_its_case(client, two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family__authority=mine)
    me = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    client.force_login(me.user)

    assert client.get(f"/api/v1/{mine.slug}/children/{child.pk}/").status_code == 200
    assert_event(
        the_one_event(mine),
        membership=me,
        action=AccessAction.CHILD_VIEW,
        obj=child,
        case_id=child.family_id,
        child_id=child.pk,
        route="child-detail",
    )
    AccessEvent.objects.for_authority(mine).delete()

    assert client.get(f"/{mine.slug}/cases/children/{child.pk}/edit/").status_code == 200
    assert_event(
        the_one_event(mine),
        membership=me,
        action=AccessAction.CHILD_VIEW,
        obj=child,
        case_id=child.family_id,
        child_id=child.pk,
        route="cases:child-edit",
    )


def test_the_family_api_records_a_case_read_and_lists_record_nothing(client, two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family__authority=mine)
    me = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    client.force_login(me.user)
    for url in (f"/api/v1/{mine.slug}/children/", f"/api/v1/{mine.slug}/families/", f"/{mine.slug}/cases/"):
        assert client.get(url).status_code == 200
    assert reads(mine) == []
    assert client.get(f"/api/v1/{mine.slug}/families/{child.family_id}/").status_code == 200
    assert_event(
        the_one_event(mine),
        membership=me,
        action=AccessAction.CASE_VIEW,
        obj=child.family,
        case_id=child.family_id,
        route="family-detail",
    )


def test_an_audited_read_costs_one_insert_and_nothing_else(client, two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family__authority=mine)
    client.force_login(MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user)
    client.get(f"/api/v1/{mine.slug}/children/{child.pk}/")  # warm caches (rule sets, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/{mine.slug}/children/{child.pk}/").status_code == 200
    audit = [q["sql"] for q in queries if "accounts_accessevent" in q["sql"]]
    assert len(audit) == 1 and audit[0].startswith("INSERT"), audit


def test_another_authoritys_child_is_recorded_as_not_found_with_no_case_or_child(client, two_authorities):
    mine, theirs = two_authorities
    other = ChildFactory(family__authority=theirs)
    me = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    client.force_login(me.user)
    assert client.get(f"/api/v1/{mine.slug}/children/{other.pk}/").status_code == 404
    assert client.get(f"/{mine.slug}/cases/{other.family_id}/").status_code == 404
    page, api = sorted(reads(mine), key=lambda e: e.route)
    assert (api.route, api.outcome, api.object_id, api.case_id, api.child_id) == (
        "child-detail",
        AccessOutcome.NOT_FOUND,
        other.pk,
        None,
        None,
    )
    assert (page.route, page.outcome, page.case_id) == ("cases:case-detail", AccessOutcome.NOT_FOUND, None)
    # Under their slug nothing is read, and nothing lands in their audit.
    assert client.get(f"/api/v1/{theirs.slug}/children/{other.pk}/").status_code == 404
    assert reads(theirs) == []


def test_saving_a_childs_record_is_not_a_read(client, two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family__authority=mine)
    client.force_login(MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user)
    client.post(f"/{mine.slug}/cases/children/{child.pk}/edit/", data={"first_name": ""})
    assert reads(mine) == []


# --- reports and uploads ------------------------------------------------------------------------


def test_a_report_page_pdf_and_api_each_record_one_read(client, two_authorities):
    mine, _ = two_authorities
    report = AgencyReportFactory(invitation__conference__family__authority=mine)
    case_id = report.conference.family_id
    me = MembershipFactory(authority=mine, role=Role.CHAIR)
    client.force_login(me.user)
    for url, action, route in (
        (f"/{mine.slug}/reports/{report.pk}/", AccessAction.REPORT_VIEW, "reports:report-detail"),
        (f"/{mine.slug}/reports/{report.pk}/pdf/", AccessAction.REPORT_DOWNLOAD, "reports:report-pdf"),
        (
            f"/api/v1/{mine.slug}/agency-reports/{report.pk}/",
            AccessAction.REPORT_VIEW,
            "agency-report-detail",
        ),
    ):
        AccessEvent.objects.for_authority(mine).delete()
        assert client.get(url).status_code == 200, url
        event = the_one_event(mine)
        assert_event(event, membership=me, action=action, obj=report, case_id=case_id, route=route)


def test_downloading_an_uploaded_report_records_one_event_page_and_api(
    client, two_authorities, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    authority, _ = two_authorities
    invitation = InvitationFactory(conference__family__authority=authority)
    report = report_services.upload_report(
        invitation_id=invitation.pk,
        by=invitation.membership,
        file=_pdf_upload(),
        signed=True,
    )
    me = MembershipFactory(authority=authority, role=Role.SOCIAL_WORKER)
    client.force_login(me.user)
    for url, route in (
        (f"/{authority.slug}/reports/{report.pk}/file/", "reports:report-file"),
        (f"/api/v1/{authority.slug}/agency-reports/{report.pk}/file/", "agency-report-file"),
    ):
        AccessEvent.objects.for_authority(authority).delete()
        response = client.get(url)
        assert response.status_code == 200, url
        b"".join(response.streaming_content)
        assert_event(
            the_one_event(authority),
            membership=me,
            action=AccessAction.UPLOAD_DOWNLOAD,
            obj=report,
            case_id=invitation.conference.family_id,
            route=route,
        )


def _pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("Police report.pdf", pdf_bytes(), content_type="application/pdf")


# --- minutes and letters ------------------------------------------------------------------------


def test_conference_minutes_pdfs_record_one_download_each(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1, agencies=1)
    client.force_login(room.chair.user)
    for name in ("professional", "family"):
        AccessEvent.objects.for_authority(mine).delete()
        response = client.get(f"/{mine.slug}/conferences/{room.pk}/minutes/{name}.pdf")
        assert response.status_code == 200
        assert_event(
            the_one_event(mine),
            membership=room.chair,
            action=AccessAction.MINUTES_DOWNLOAD,
            obj=room.conference,
            case_id=room.conference.family_id,
            route=f"conferences:minutes-{name}",
        )


def _held_meeting(authority) -> CoreGroupMeeting:
    child = ChildFactory(family__authority=authority)
    group = CoreGroup.framework_objects.create(authority=authority, family=child.family)
    meeting = CoreGroupMeeting.framework_objects.create(
        authority=authority,
        core_group=group,
        scheduled_at=datetime.datetime(2030, 1, 7, 10, tzinfo=datetime.UTC),
        held_on=datetime.date(2030, 1, 7),
    )
    CoreGroupMinutes.framework_objects.create(
        authority=authority, meeting=meeting, recorded_by=child.family.social_worker, child_voice="Fine"
    )
    return meeting


def test_core_group_minutes_record_one_event_on_the_pdf_page_and_the_api(client, two_authorities):
    mine, _ = two_authorities
    meeting = _held_meeting(mine)
    me = meeting.core_group.family.social_worker
    client.force_login(me.user)
    for url, action, route in (
        (
            f"/{mine.slug}/core-groups/meetings/{meeting.pk}/minutes.pdf",
            AccessAction.MINUTES_DOWNLOAD,
            "coregroups:meeting-minutes-pdf",
        ),
        (
            f"/api/v1/{mine.slug}/core-group-meetings/{meeting.pk}/minutes-pdf/",
            AccessAction.MINUTES_DOWNLOAD,
            "core-group-meeting-minutes-pdf",
        ),
        (
            f"/api/v1/{mine.slug}/core-group-meetings/{meeting.pk}/",
            AccessAction.MINUTES_VIEW,
            "core-group-meeting-detail",
        ),
    ):
        AccessEvent.objects.for_authority(mine).delete()
        assert client.get(url).status_code == 200, url
        assert_event(
            the_one_event(mine),
            membership=me,
            action=action,
            obj=meeting,
            case_id=meeting.core_group.family_id,
            route=route,
        )


def test_a_family_letter_page_and_pdf_record_one_event_each(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(working_day(mine, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    invitation = scheduling.invite_family_member(
        by=case.social_worker,
        conference_id=conference.pk,
        person_id=case.mother.pk,
        invited_by="letter",
        invited_on=timezone.localdate(),
    )
    client.force_login(case.social_worker.user)
    base = f"/{mine.slug}/conferences/invitations/{invitation.pk}"
    for url, action, route in (
        (f"{base}/letter/", AccessAction.LETTER_VIEW, "conferences:invitation-letter"),
        (f"{base}/letter.pdf", AccessAction.LETTER_DOWNLOAD, "conferences:invitation-letter-pdf"),
    ):
        AccessEvent.objects.for_authority(mine).delete()
        assert client.get(url).status_code == 200, url
        assert_event(
            the_one_event(mine),
            membership=case.social_worker,
            action=action,
            obj=invitation,
            case_id=case.family.pk,
            route=route,
        )


def test_a_letter_the_role_may_not_see_is_recorded_as_refused(client, two_authorities):
    mine, _ = two_authorities
    invitation = InvitationFactory(conference__family__authority=mine)
    me = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    client.force_login(me.user)
    url = f"/{mine.slug}/invitations/{invitation.pk}/non-attendance-letter/"
    assert client.get(url).status_code == 403
    assert_event(
        the_one_event(mine),
        membership=me,
        action=AccessAction.LETTER_DOWNLOAD,
        obj=invitation,
        case_id=invitation.conference.family_id,
        route="reports:non-attendance-letter",
        outcome=AccessOutcome.REFUSED,
    )


def test_every_audited_page_route_is_known(client):
    assert audited_routes() == sorted(
        [
            "cases:case-detail",
            "cases:child-edit",
            "conferences:invitation-letter",
            "conferences:invitation-letter-pdf",
            "conferences:minutes-family",
            "conferences:minutes-professional",
            "coregroups:meeting-minutes-pdf",
            "coregroups:notice-letter-pdf",
            "reports:non-attendance-letter",
            "reports:report-detail",
            "reports:report-file",
            "reports:report-pdf",
        ]
    )


# --- events are appended, never changed ---------------------------------------------------------


def test_an_event_once_recorded_cannot_be_changed(two_authorities):
    mine, _ = two_authorities
    event = AccessEvent.objects.create(authority=mine, user_id=1, action=AccessAction.CASE_VIEW)
    event.action = AccessAction.SIGN_IN
    with pytest.raises(ValueError, match="cannot be changed"):
        event.save()
    assert AccessEvent.objects.for_authority(mine).get(pk=event.pk).action == AccessAction.CASE_VIEW
