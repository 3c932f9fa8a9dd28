"""The API lists who needs a new letter after a conference moved, produces it (recorded as sent:
which date it gave, when, by whom) and lists the letters sent, as the conference page does: for
social workers, team managers and chairs, through the same service and with the same refusals."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AccessAction, AccessEvent
from authorities.human_dates import long_date
from authorities.models import Role
from conferences.models import FamilyLetter
from tests.conferences.test_letters_after_move import booked_with_invitees, move
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_social_worker_sees_who_needs_a_letter_and_produces_it(two_authorities, client):
    mine, _ = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    moved = move(case, conference)
    client.force_login(case.social_worker.user)
    base = f"/api/v1/{mine.slug}/family-letters/"
    needed = client.get(f"{base}needed/?conference={conference.pk}")
    assert needed.status_code == 200 and [i["id"] for i in needed.json()] == [by_letter.pk]
    made = client.post(base, {"invitation": by_letter.pk}, content_type="application/json")
    assert made.status_code == 201, made.json()
    data = made.json()
    assert (data["invitation"], data["sequence"], data["produced_by"]) == (
        by_letter.pk,
        moved.ics_sequence,
        case.social_worker.pk,
    )
    letter = FamilyLetter.objects.for_authority(mine).get()
    assert letter.starts_at == moved.starts_at and letter.produced_by == case.social_worker
    assert client.get(f"{base}needed/?conference={conference.pk}").json() == []
    listed = client.get(f"{base}?conference={conference.pk}").json()["results"]
    assert [row["id"] for row in listed] == [letter.pk]
    assert client.get(f"{base}{letter.pk}/").json()["invitee_name"] == by_letter.name


def test_a_letter_refused_by_the_service_or_the_body_names_the_field(two_authorities, client):
    mine, _ = two_authorities
    case, conference, _ = booked_with_invitees(mine)
    move(case, conference)
    client.force_login(case.social_worker.user)
    base = f"/api/v1/{mine.slug}/family-letters/"
    professional = conference.invitations.get(kind="professional", membership__role=Role.PRACTITIONER)
    refused = client.post(base, {"invitation": professional.pk}, content_type="application/json")
    assert refused.status_code == 400 and "family members" in refused.json()["non_field_errors"][0]
    for body in ({"invitation": 0}, {"invitation": "x"}, {}):
        response = client.post(base, body, content_type="application/json")
        assert response.status_code == 400 and "invitation" in response.json(), body
    for query in ("", "?conference=0", "?conference=abc"):
        response = client.get(f"{base}needed/{query}")
        assert response.status_code == 400 and "conference" in response.json(), query
    assert not FamilyLetter.objects.for_authority(mine).exists()


def test_practitioners_and_other_staff_neither_read_nor_produce_family_letters(two_authorities, client):
    mine, _ = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    move(case, conference)
    client.force_login(case.social_worker.user)
    base = f"/api/v1/{mine.slug}/family-letters/"
    letter = client.post(base, {"invitation": by_letter.pk}, content_type="application/json").json()
    invited = conference.invitations.get(kind="professional", membership__role=Role.PRACTITIONER).membership
    for role_holder in (invited, MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER)):
        client.force_login(role_holder.user)
        assert client.get(base).json()["results"] == [], role_holder.role
        assert client.get(f"{base}{letter['id']}/").status_code == 404, role_holder.role
        response = client.post(base, {"invitation": by_letter.pk}, content_type="application/json")
        assert response.status_code == 403, role_holder.role
        assert client.get(f"{base}needed/?conference={conference.pk}").status_code == 403
    client.force_login(case.chair.user)
    assert [row["id"] for row in client.get(base).json()["results"]] == [letter["id"]]
    assert FamilyLetter.objects.for_authority(mine).count() == 1


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_letter_sent_downloads_as_the_pdf_the_conference_page_offers(two_authorities, client):
    mine, _ = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    moved = move(case, conference)
    client.force_login(case.social_worker.user)
    base = f"/api/v1/{mine.slug}/family-letters/"
    letter = client.post(base, {"invitation": by_letter.pk}, content_type="application/json").json()

    AccessEvent.objects.for_authority(mine).delete()
    response = client.get(f"{base}{letter['id']}/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'filename="conference-{conference.pk}-letter-{by_letter.pk}.pdf"' in response["Content-Disposition"]
    )
    page = client.get(f"/{mine.slug}/conferences/invitations/{by_letter.pk}/letter.pdf")
    assert _pdf_text(response.content) == _pdf_text(page.content)
    assert long_date(timezone.localdate(moved.starts_at)) in _pdf_text(response.content)
    event = AccessEvent.objects.for_authority(mine).get(route="family-letter-pdf")
    assert (event.action, event.object_id, event.case_id) == (
        AccessAction.LETTER_DOWNLOAD,
        letter["id"],
        conference.family_id,
    )


def test_a_letter_that_gave_an_earlier_date_has_no_pdf_to_download(two_authorities, client):
    mine, _ = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    move(case, conference)
    client.force_login(case.social_worker.user)
    base = f"/api/v1/{mine.slug}/family-letters/"
    letter = client.post(base, {"invitation": by_letter.pk}, content_type="application/json").json()
    move(case, conference, day=5)
    response = client.get(f"{base}{letter['id']}/pdf/")
    assert response.status_code == 404 and "produce a new letter" in response.json()["detail"]


def test_only_case_writers_download_a_family_letter(two_authorities, client):
    mine, _ = two_authorities
    case, conference, by_letter = booked_with_invitees(mine)
    move(case, conference)
    client.force_login(case.social_worker.user)
    base = f"/api/v1/{mine.slug}/family-letters/"
    letter = client.post(base, {"invitation": by_letter.pk}, content_type="application/json").json()
    invited = conference.invitations.get(kind="professional", membership__role=Role.PRACTITIONER).membership
    for role_holder in (invited, MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER)):
        client.force_login(role_holder.user)
        assert client.get(f"{base}{letter['id']}/pdf/").status_code == 404, role_holder.role
    client.force_login(case.chair.user)
    assert client.get(f"{base}{letter['id']}/pdf/").status_code == 200
