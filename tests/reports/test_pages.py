"""The practitioner's pages (My conferences, the form, autosave) and the chair's reports page."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from authorities.human_dates import long_date
from authorities.models import Authority, Role
from reports import services
from reports.models import AgencyReport
from scheduling.calendars import calendar_for
from tests.factories import (
    AgencyFactory,
    ChildFactory,
    ConferenceFactory,
    InvitationFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.reports.helpers import complete_content, pdf_bytes

pytestmark = pytest.mark.django_db


def _practitioner_in(user, slug: str):
    authority = Authority.objects.get(slug=slug)
    agency = AgencyFactory(authority=authority, name=f"{authority.name} Police", type="police")
    return MembershipFactory(authority=authority, user=user, role=Role.PRACTITIONER, agency=agency)


def test_my_conferences_lists_my_invitations_in_every_authority_and_nothing_else(client):
    me = UserFactory(email="dana@police.example.test")
    staffordshire = _practitioner_in(me, "staffordshire")
    stoke = _practitioner_in(me, "stoke-on-trent")
    # Ten working days ahead, counted by the engine: the reports are not started and not yet due
    # whatever today is (a day picked at random could put the report's due date behind us).
    ahead = calendar_for(staffordshire.authority).add_working_days(timezone.localdate(), 10)
    starts_at = datetime.datetime.combine(ahead, datetime.time(10), tzinfo=datetime.UTC)
    mine = [
        InvitationFactory(
            membership=staffordshire,
            conference__family__authority=staffordshire.authority,
            conference__family__name="Ash family",
            conference__starts_at=starts_at,
        ),
        InvitationFactory(
            membership=stoke,
            conference__family__authority=stoke.authority,
            conference__family__name="Birch family",
            conference__starts_at=starts_at,
        ),
    ]
    # Someone else's invitation in my authority, and an invitation in an authority I have not joined.
    InvitationFactory(
        conference__family__authority=staffordshire.authority, conference__family__name="Cedar family"
    )
    barnsley = Authority.objects.get(slug="barnsley")
    InvitationFactory(conference__family__authority=barnsley, conference__family__name="Damson family")
    # A membership I no longer hold.
    left = _practitioner_in(me, "hartlepool")
    left.is_active = False
    left.save()
    InvitationFactory(
        membership=left, conference__family__authority=left.authority, conference__family__name="Elm family"
    )

    client.force_login(me)
    page = client.get("/my-conferences/").content.decode()
    assert "Ash family" in page and "Birch family" in page
    for other in ("Cedar family", "Damson family", "Elm family"):
        assert other not in page
    for invitation in mine:
        assert f"/invitations/{invitation.pk}/report/" in page
    assert "Not started" in page and "working day" in page


def test_my_conferences_is_for_signed_in_people_only(client):
    response = client.get("/my-conferences/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_form_is_prefilled_from_the_case(client, invite):
    invitation = invite("staffordshire")
    child = invitation.conference.children.get()
    PersonFactory(family=invitation.conference.family, first_name="Morgan", last_name="Parent")
    client.force_login(invitation.membership.user)
    page = client.get(f"/staffordshire/invitations/{invitation.pk}/report/").content.decode()
    assert f'value="{child.first_name}"' in page
    assert f'value="{long_date(child.date_of_birth)}"' in page  # as people write it, not ISO
    assert 'value="Morgan Parent"' in page
    assert invitation.agency.name in page
    assert "Statement 1 is a" in page  # FOAO markers in Staffordshire
    assert "Factors of concern" in page


def test_save_draft_then_submit_with_a_missing_field_names_it(client, invite):
    invitation = invite("staffordshire")
    client.force_login(invitation.membership.user)
    url = f"/staffordshire/invitations/{invitation.pk}/report/"
    form = {
        "organisation": "Police",
        "practitioner_name": "Dana",
        "designation": "PC",
        "business_address": "HQ",
        "contact_details": "101",
        "child-0-first_name": "Sam",
        "child-0-last_name": "Ash",
        "parents_carers__not_known": "on",
        "involvement": "Two call-outs",
        "action": "save",
    }
    assert client.post(url, form).status_code == 302
    draft = AgencyReport.objects.for_authority(invitation.authority).get()
    assert draft.status == "draft" and draft.content["involvement"]["text"] == "Two call-outs"
    response = client.post(url, {**form, "action": "submit", "signed": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The child(ren)&#x27;s health and development is missing" in page and "(REPORT-FIELDS)" in page
    assert 'href="#id_health_development"' in page
    assert AgencyReport.objects.for_authority(invitation.authority).get().status == "draft"


def test_autosave_saves_the_draft_for_htmx(client, invite):
    invitation = invite("barnsley")
    client.force_login(invitation.membership.user)
    url = f"/barnsley/invitations/{invitation.pk}/report/autosave/"
    response = client.post(url, {"involvement": "Saved as I type"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Draft saved automatically" in response.content.decode()
    assert "HX-Request" in response["Vary"]
    draft = AgencyReport.objects.for_authority(invitation.authority).get()
    assert draft.content["involvement"]["text"] == "Saved as I type"
    without_js = client.post(url, {"involvement": "Again"})
    assert without_js.status_code == 302


def test_a_complete_report_submitted_through_the_page(client, invite):
    invitation = invite(
        "barnsley", starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    )
    services.save_draft(
        invitation_id=invitation.pk, by=invitation.membership, content=complete_content(invitation)
    )
    client.force_login(invitation.membership.user)
    url = f"/barnsley/invitations/{invitation.pk}/report/"
    form_page = client.get(url)
    form = form_page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data = {k: ("on" if v is True else v) for k, v in data.items()}
    response = client.post(url, {**data, "action": "submit", "signed": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    report = AgencyReport.objects.for_authority(invitation.authority).get()
    assert report.status == "submitted" and not report.is_late
    chair_page = client.get(f"/barnsley/conferences/{invitation.conference_id}/reports/")
    assert chair_page.status_code == 200


def test_the_chair_sees_every_invited_agency_with_its_status(client, invite):
    conference = ConferenceFactory(
        family__authority=Authority.objects.get(slug="barnsley"),
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30),
    )
    on_time = invite("barnsley", conference=conference)
    waiting = invite("barnsley", conference=conference)
    shared = timezone.localdate()
    services.upload_report(
        invitation_id=on_time.pk,
        by=on_time.membership,
        file=SimpleUploadedFile("r.pdf", pdf_bytes()),
        signed=True,
    )
    services.record_sharing(invitation_id=on_time.pk, by=on_time.membership, shared_on=shared)
    advocate = invite("barnsley", conference=conference, kind="advocate")
    services.save_draft(invitation_id=advocate.pk, by=advocate.membership, content=complete_content(advocate))
    services.submit_report(invitation_id=advocate.pk, by=advocate.membership, signed=True)
    client.force_login(conference.chair.user)
    response = client.get(f"/barnsley/conferences/{conference.pk}/reports/")
    page = response.content.decode()
    rows = response.context["rows"]
    assert [r.chair_label for r in rows["agencies"]] == [
        "On time" if r.invitation == on_time else "Not received yet" for r in rows["agencies"]
    ]
    assert waiting in [r.invitation for r in rows["agencies"]]
    assert [r.invitation for r in rows["advocates"]] == [advocate]
    assert "Child's voice: advocates' reports" in page
    assert f"Shared {shared:%-d %b %Y}" in page


def test_a_social_worker_sends_a_parents_views_on_their_behalf(client, invite):
    conference = ConferenceFactory(family__authority=Authority.objects.get(slug="hartlepool"))
    parent = InvitationFactory(conference=conference, kind="parent", membership=None, name="Alex Parent")
    client.force_login(conference.social_worker.user)
    url = f"/hartlepool/invitations/{parent.pk}/parent-views/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "The health visitor's report has the wrong school."})
    assert response.status_code == 302
    report = AgencyReport.objects.for_authority(conference.authority).get()
    assert report.on_behalf_of == "Alex Parent" and report.submitted_by == conference.social_worker
    page = client.get(f"/hartlepool/conferences/{conference.pk}/reports/").content.decode()
    assert "Alex Parent" in page and "views sent" in page
    practitioner = invite("hartlepool", conference=conference)
    client.force_login(practitioner.membership.user)
    assert client.get(url).status_code == 403


def test_the_api_lists_my_invitations_with_their_report_state(client, invite):
    invitation = invite("staffordshire")
    InvitationFactory(conference=invitation.conference)  # a colleague's
    client.force_login(invitation.membership.user)
    listing = client.get("/api/v1/staffordshire/report-invitations/").json()
    assert [row["id"] for row in listing["results"]] == [invitation.pk]
    assert listing["results"][0]["status"] == "not_started"
    draft = client.post(
        f"/api/v1/staffordshire/report-invitations/{invitation.pk}/draft/",
        {"content": {"involvement": {"text": "Via the API"}, "junk": "dropped"}},
        content_type="application/json",
    )
    assert draft.status_code == 200
    assert draft.json()["content"]["involvement"]["text"] == "Via the API"
    assert "junk" not in draft.json()["content"]
    sharing = client.post(
        f"/api/v1/staffordshire/report-invitations/{invitation.pk}/sharing/",
        {"exempt": True},
        content_type="application/json",
    )
    assert sharing.status_code == 400 and sharing.json()["rule_id"] == "REPORT-SHARED"


def test_children_can_be_corrected_on_the_form(client, invite):
    invitation = invite("barnsley")
    ChildFactory(family=invitation.conference.family)
    client.force_login(invitation.membership.user)
    url = f"/barnsley/invitations/{invitation.pk}/report/autosave/"
    client.post(url, {"child-0-first_name": "Corrected", "child-0-last_name": "Name"}, HTTP_HX_REQUEST="true")
    draft = AgencyReport.objects.for_authority(invitation.authority).get()
    assert draft.content["children"][0]["first_name"] == "Corrected"


def test_an_autosave_arriving_after_submission_starts_no_new_draft(client, invite):
    invitation = invite(
        "barnsley", starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    )
    client.force_login(invitation.membership.user)
    rendered_at = client.get(f"/barnsley/invitations/{invitation.pk}/report/").context["rendered_at"]
    services.save_draft(
        invitation_id=invitation.pk, by=invitation.membership, content=complete_content(invitation)
    )
    services.submit_report(invitation_id=invitation.pk, by=invitation.membership, signed=True)
    response = client.post(
        f"/barnsley/invitations/{invitation.pk}/report/autosave/",
        {"involvement": "late keystroke", "rendered_at": rendered_at},
        HTTP_HX_REQUEST="true",
    )
    assert "has been submitted" in response.content.decode()
    assert not AgencyReport.objects.for_authority(invitation.authority).drafts().exists()
