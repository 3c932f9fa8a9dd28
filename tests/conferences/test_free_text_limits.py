"""Free text has limits people can see: a reason longer than 2,000 characters (cancelling a
conference, asking for a professional slot) is refused on the page with a message naming the box
and the limit, and by the API with a 400 keyed by the field; what was typed is given back to edit,
nothing changes, and text already saved (however long) stays as it was. The same holds for what is
recorded before the day: the family's needs (2,000 each), separate attendance arrangements and the
social worker's report with its drafts (10,000)."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from authorities.text_limits import NOTES_MAX_LENGTH, REASON_MAX_LENGTH, notes_field, reason_field
from conferences.models import Conference, ConferenceStatus, FamilyNeeds, ProfessionalSlotRequest
from conferences.preparation import services as scheduling
from tests.conferences.sw_helpers import at, make_case, working_day

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (REASON_MAX_LENGTH + 1)


def _booked(authority):
    case = make_case(authority)
    case.discussion()
    conference = scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(working_day(authority, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    return case, conference


def test_the_limits_are_the_shared_ones_and_their_message_names_the_box():
    field = reason_field(label="Why is it cancelled?")
    assert field.max_length == REASON_MAX_LENGTH == 2_000
    assert notes_field(label="Notes").max_length == NOTES_MAX_LENGTH == 10_000
    form_error = field.error_messages["max_length"] % {"limit_value": 2000, "show_value": 2001}
    assert form_error == "“Why is it cancelled” must be 2,000 characters or fewer (this has 2001)"
    # No maxlength in the page: a browser would cut a long paste off there without a word.
    assert "maxlength" not in field.widget_attrs(field.widget)


def test_a_too_long_cancellation_reason_is_a_form_error_and_nothing_is_lost(client, two_authorities):
    mine, _ = two_authorities
    case, conference = _booked(mine)
    # Saved before there was a limit: a long reason on an earlier request stays whole.
    long_ago = "y" * 5_000
    slot = scheduling.request_professional_slot(
        by=case.social_worker, conference_id=conference.pk, reason=long_ago
    )
    client.force_login(case.social_worker.user)

    answer = client.post(f"/{mine.slug}/conferences/{conference.pk}/cancel/", {"reason": TOO_LONG})

    assert answer.status_code == 200
    assert answer.context["form"].errors["reason"] == [
        "“Why is it cancelled” must be 2,000 characters or fewer (this has 2001)"
    ]
    assert escape("“Why is it cancelled” must be 2,000 characters or fewer") in answer.content.decode()
    assert TOO_LONG in answer.content.decode()  # given back to shorten, not thrown away
    unchanged = Conference.objects.for_authority(mine).get(pk=conference.pk)
    assert (unchanged.status, unchanged.change_reason) == (
        ConferenceStatus.SCHEDULED,
        conference.change_reason,
    )
    assert ProfessionalSlotRequest.objects.for_authority(mine).get(pk=slot.pk).reason == long_ago

    at_the_limit = "z" * REASON_MAX_LENGTH
    cancelled = client.post(f"/{mine.slug}/conferences/{conference.pk}/cancel/", {"reason": at_the_limit})
    assert cancelled.status_code == 302
    cancelled = Conference.objects.for_authority(mine).get(pk=conference.pk)
    assert (cancelled.status, cancelled.change_reason) == (ConferenceStatus.CANCELLED, at_the_limit)


def test_a_too_long_professional_slot_reason_is_refused_on_the_page(client, two_authorities):
    mine, _ = two_authorities
    case, conference = _booked(mine)
    client.force_login(case.social_worker.user)

    answer = client.post(f"/{mine.slug}/conferences/{conference.pk}/professional-slot/", {"reason": TOO_LONG})

    assert answer.status_code == 200
    assert "2,000 characters or fewer" in answer.context["form"].errors["reason"][0]
    assert "Why is a professional slot needed" in answer.context["form"].errors["reason"][0]
    assert not ProfessionalSlotRequest.objects.for_authority(mine).filter(conference=conference).exists()


def test_the_api_refuses_a_too_long_reason_with_a_400_naming_the_field(client, two_authorities):
    mine, _ = two_authorities
    case, conference = _booked(mine)
    client.force_login(case.social_worker.user)
    base = f"/api/v1/{mine.slug}/"

    cancel = client.post(
        f"{base}conferences/{conference.pk}/cancel/", {"reason": TOO_LONG}, content_type="application/json"
    )
    slot = client.post(
        f"{base}professional-slot-requests/",
        {"conference": conference.pk, "reason": TOO_LONG},
        content_type="application/json",
    )

    for answer in (cancel, slot):
        assert answer.status_code == 400, answer.content
        assert answer.json()["reason"] == ["Must be 2,000 characters or fewer."]
    assert Conference.objects.for_authority(mine).get(pk=conference.pk).status == ConferenceStatus.SCHEDULED
    assert not ProfessionalSlotRequest.objects.for_authority(mine).filter(conference=conference).exists()


# Saved before there was a limit: kept whole when a longer paste is refused.
SAVED = {"separate_attendance": "Father joins by video. " * 500, "sw_report": "Report. " * 2000}


def _typed(limit: int) -> str:
    return ("Typed at length " * (limit // 16 + 2))[: limit + 1]


@pytest.mark.parametrize(
    "path, field, label, limit",
    [
        ("family-needs/", "advocacy", "Advocacy", REASON_MAX_LENGTH),
        ("family-needs/", "interpreter", "Interpreter", REASON_MAX_LENGTH),
        ("family-needs/", "accessibility", "Accessibility", REASON_MAX_LENGTH),
        ("separate/", "arrangements", "Separate attendance arrangements", NOTES_MAX_LENGTH),
        ("social-worker-report/", "sw_report", "Social worker's report", NOTES_MAX_LENGTH),
        ("social-worker-report/", "draft_plan", "Draft plan prepared with the family", NOTES_MAX_LENGTH),
        (
            "social-worker-report/",
            "danger_statement_draft",
            "Danger statement drafted with the family",
            NOTES_MAX_LENGTH,
        ),
    ],
)
def test_a_too_long_preparation_box_is_refused_on_the_page_and_what_was_saved_stays(
    client, two_authorities, path, field, label, limit
):
    mine, _ = two_authorities
    case, conference = _booked(mine)
    Conference.objects.for_authority(mine).filter(pk=conference.pk).update(**SAVED)
    client.force_login(case.social_worker.user)
    text = _typed(limit)

    answer = client.post(f"/{mine.slug}/conferences/{conference.pk}/{path}", {field: text})

    assert answer.status_code == 200
    assert answer.context["form"].errors[field] == [
        f"“{label}” must be {limit:,} characters or fewer (this has {limit + 1})"
    ]
    assert text in answer.content.decode()  # the whole text, back in the box to shorten
    kept = Conference.objects.for_authority(mine).get(pk=conference.pk)
    assert (kept.separate_attendance, kept.sw_report) == (SAVED["separate_attendance"], SAVED["sw_report"])
    assert not FamilyNeeds.objects.for_authority(mine).filter(conference=conference).exists()


def test_family_needs_at_the_limit_are_saved_from_the_page(client, two_authorities):
    mine, _ = two_authorities
    case, conference = _booked(mine)
    client.force_login(case.social_worker.user)

    saved = client.post(
        f"/{mine.slug}/conferences/{conference.pk}/family-needs/", {"interpreter": "p" * REASON_MAX_LENGTH}
    )

    assert saved.status_code == 302
    needs = FamilyNeeds.objects.for_authority(mine).get(conference=conference)
    assert needs.interpreter == "p" * REASON_MAX_LENGTH


@pytest.mark.parametrize(
    "path, body, field, limit",
    [
        ("family-needs/", {"transport": _typed(REASON_MAX_LENGTH)}, "transport", REASON_MAX_LENGTH),
        ("family-needs/", {"childcare": _typed(REASON_MAX_LENGTH)}, "childcare", REASON_MAX_LENGTH),
        (
            "separate-arrangements/",
            {"arrangements": _typed(NOTES_MAX_LENGTH)},
            "arrangements",
            NOTES_MAX_LENGTH,
        ),
        ("social-worker-report/", {"sw_report": _typed(NOTES_MAX_LENGTH)}, "sw_report", NOTES_MAX_LENGTH),
        (
            "social-worker-report/",
            {"sw_report": "Report", "draft_plan": _typed(NOTES_MAX_LENGTH)},
            "draft_plan",
            NOTES_MAX_LENGTH,
        ),
    ],
)
def test_the_preparation_api_refuses_too_long_text_with_a_400_naming_the_field(
    client, two_authorities, path, body, field, limit
):
    mine, _ = two_authorities
    case, conference = _booked(mine)
    Conference.objects.for_authority(mine).filter(pk=conference.pk).update(**SAVED)
    client.force_login(case.social_worker.user)

    answer = client.post(
        f"/api/v1/{mine.slug}/conferences/{conference.pk}/{path}", body, content_type="application/json"
    )

    assert answer.status_code == 400, answer.content
    assert answer.json()[field] == [f"Must be {limit:,} characters or fewer."]
    kept = Conference.objects.for_authority(mine).get(pk=conference.pk)
    assert (kept.separate_attendance, kept.sw_report) == (SAVED["separate_attendance"], SAVED["sw_report"])
    assert not FamilyNeeds.objects.for_authority(mine).filter(conference=conference).exists()
