"""Who may read a conference's reports: the authority's staff and the professionals invited to
that conference; nobody else (404), and never another authority."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from authorities.models import Role
from reports import services
from tests.factories import InvitationFactory, MembershipFactory
from tests.reports.helpers import complete_content, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(invite):
    """A submitted structured report and an uploaded one, at one Barnsley conference."""
    author = invite("barnsley")
    services.save_draft(invitation_id=author.pk, by=author.membership, content=complete_content(author))
    report = services.submit_report(
        invitation_id=author.pk, by=author.membership, signed=True, late_reason="late"
    )
    uploader = invite("barnsley", conference=author.conference)
    upload = services.upload_report(
        invitation_id=uploader.pk,
        by=uploader.membership,
        file=SimpleUploadedFile("r.pdf", pdf_bytes()),
        signed=True,
        late_reason="late",
    )
    return report, upload


def _urls(report, upload, slug="barnsley"):
    return [
        f"/{slug}/reports/{report.pk}/",
        f"/{slug}/reports/{report.pk}/pdf/",
        f"/{slug}/reports/{upload.pk}/file/",
        f"/{slug}/conferences/{report.conference_id}/reports/",
        f"/api/v1/{slug}/agency-reports/{report.pk}/",
        f"/api/v1/{slug}/agency-reports/{upload.pk}/file/",
    ]


def test_another_professional_invited_to_the_conference_can_read_them(client, submitted):
    report, upload = submitted
    colleague = InvitationFactory(conference=report.conference)
    client.force_login(colleague.membership.user)
    for url in _urls(report, upload):
        assert client.get(url).status_code == 200, url
    listed = client.get("/api/v1/barnsley/agency-reports/").json()["results"]
    assert {r["id"] for r in listed} == {report.pk, upload.pk}


def test_a_practitioner_not_invited_gets_not_found(client, submitted):
    report, upload = submitted
    outsider = MembershipFactory(authority=report.authority, role=Role.PRACTITIONER)
    client.force_login(outsider.user)
    for url in _urls(report, upload):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/barnsley/agency-reports/").json()["results"] == []


@pytest.mark.parametrize("role", [Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.BUSINESS_SUPPORT])
def test_staff_of_the_authority_can_read_them(client, submitted, role):
    report, upload = submitted
    client.force_login(MembershipFactory(authority=report.authority, role=role).user)
    for url in _urls(report, upload):
        assert client.get(url).status_code == 200, url


def test_nobody_from_another_authority_can(client, submitted):
    report, upload = submitted
    from authorities.models import Authority

    elsewhere = MembershipFactory(authority=Authority.objects.get(slug="birmingham"), role=Role.CHAIR)
    client.force_login(elsewhere.user)
    for url in _urls(report, upload) + _urls(report, upload, slug="birmingham"):
        assert client.get(url).status_code == 404, url


def test_a_draft_is_seen_only_by_its_author(client, invite):
    author = invite("barnsley")
    draft = services.save_draft(invitation_id=author.pk, by=author.membership, content={})
    chair = author.conference.chair
    colleague = InvitationFactory(conference=author.conference)
    for membership in (chair, colleague.membership):
        client.force_login(membership.user)
        assert client.get(f"/barnsley/reports/{draft.pk}/").status_code == 404
    client.force_login(author.membership.user)
    assert client.get(f"/barnsley/reports/{draft.pk}/").status_code == 200


def test_only_the_invited_person_writes_the_report(client, invite):
    author = invite("barnsley")
    colleague = InvitationFactory(conference=author.conference)
    client.force_login(colleague.membership.user)
    for suffix in ("report/", "report/upload/", "report/sharing/", "report/attendance/"):
        assert client.get(f"/barnsley/invitations/{author.pk}/{suffix}").status_code == 403
    client.force_login(author.conference.chair.user)
    assert client.get(f"/barnsley/invitations/{author.pk}/report/").status_code == 403
    submit = client.post(
        f"/api/v1/barnsley/report-invitations/{author.pk}/submit/",
        {"signed": True},
        content_type="application/json",
    )
    assert submit.status_code == 403


def test_the_pdf_is_a_pdf_marked_official_sensitive(client, submitted):
    from pypdf import PdfReader

    report, _ = submitted
    client.force_login(report.conference.chair.user)
    response = client.get(f"/barnsley/reports/{report.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    import io

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "OFFICIAL – SENSITIVE" in text
    assert "Agency report" in text
