"""The API for requests to the chair (PROF-SLOT, OBSERVER) and for what is recorded before the
conference (FAMILY-NEEDS, SEPARATE, PRE-MEET, SW-REPORT): the same services and rules as the
pages, 400s naming the field or rule id, 403 for a member whose role may not, 404 for what is
not theirs to see, and history kept with the user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from authorities.models import Role
from conferences.models import Conference, FamilyNeeds, ObserverRequest, ProfessionalSlotRequest
from conferences.preparation import services as scheduling
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.factories import ConferenceFactory, InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

OBSERVER = {"observer_name": "Sam Student", "observer_role": "Student social worker", "reason": "Training"}


def api(slug: str, path: str) -> str:
    return f"/api/v1/{slug}/{path}"


def post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def book(case, day=None) -> Conference:
    return scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(day or working_day(case.authority, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )


def invited_practitioner(conference: Conference):
    practitioner = MembershipFactory(authority=conference.authority, role=Role.PRACTITIONER)
    InvitationFactory(conference=conference, membership=practitioner)
    return practitioner


def todays_conference(case) -> Conference:
    """A conference later today (the request is on the conference day)."""
    return ConferenceFactory(
        family=case.family, chair=case.chair, starts_at=timezone.now() + timedelta(minutes=1)
    )


# --- professional slots ------------------------------------------------------------------------


def test_an_invited_practitioner_asks_for_a_professional_slot_and_the_chair_decides(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    practitioner = invited_practitioner(conference)
    client.force_login(practitioner.user)
    asked = post(
        client,
        api(mine.slug, "professional-slot-requests/"),
        {"conference": conference.pk, "reason": "Live police investigation"},
    )
    assert asked.status_code == 201, asked.content
    slot = asked.json()
    assert slot["decision"] == "pending" and slot["requested_by"] == practitioner.pk
    pending = client.get(
        api(mine.slug, f"professional-slot-requests/?conference={conference.pk}&decision=pending")
    )
    assert [s["id"] for s in pending.json()["results"]] == [slot["id"]]

    # Only a chair decides.
    refused = post(
        client,
        api(mine.slug, f"professional-slot-requests/{slot['id']}/decide/"),
        {"approve": True, "decision_reason": "Fine"},
    )
    assert refused.status_code == 403
    client.force_login(case.chair.user)
    no_reason = post(
        client, api(mine.slug, f"professional-slot-requests/{slot['id']}/decide/"), {"approve": True}
    )
    assert no_reason.status_code == 400 and "decision_reason" in no_reason.json()
    decided = post(
        client,
        api(mine.slug, f"professional-slot-requests/{slot['id']}/decide/"),
        {"approve": True, "decision_reason": "Police need to speak without the family"},
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == "approved" and decided.json()["decided_by"] == case.chair.pk
    assert client.get(api(mine.slug, "professional-slot-requests/?decision=pending")).json()["count"] == 0
    assert client.get(api(mine.slug, "professional-slot-requests/?decision=approved")).json()["count"] == 1
    assert client.get(api(mine.slug, "professional-slot-requests/?decision=bogus")).status_code == 400

    history = ProfessionalSlotRequest.objects.for_authority(mine).get().history.order_by("history_date")
    assert [(h.history_user, h.history_change_reason) for h in history] == [
        (practitioner.user, "professional slot requested"),
        (case.chair.user, "chair approved"),
    ]


def test_a_professional_slot_asked_for_on_the_day_is_refused_naming_prof_slot_where_required(
    client, two_authorities
):
    _, west_sussex = two_authorities  # a copy of West Sussex's rules: PROF-SLOT required
    case = make_case(west_sussex)
    conference = todays_conference(case)
    client.force_login(case.social_worker.user)
    refused = post(
        client,
        api(west_sussex.slug, "professional-slot-requests/"),
        {"conference": conference.pk, "reason": "Police", "late_reason": "Only just known"},
    )
    assert refused.status_code == 400
    assert refused.json()["rule_id"] == "PROF-SLOT" and refused.json()["needs_reason"] is False
    assert refused.json()["detail"].endswith("(PROF-SLOT)")
    assert not ProfessionalSlotRequest.objects.for_authority(west_sussex).exists()


# --- observers ---------------------------------------------------------------------------------


def test_an_observer_asked_for_on_the_day_is_refused_naming_observer_where_required(client, two_authorities):
    _, west_sussex = two_authorities  # OBSERVER required
    case = make_case(west_sussex)
    conference = todays_conference(case)
    client.force_login(case.social_worker.user)
    refused = post(
        client,
        api(west_sussex.slug, "observer-requests/"),
        {"conference": conference.pk, **OBSERVER, "late_reason": "Forgot"},
    )
    assert refused.status_code == 400
    assert refused.json()["rule_id"] == "OBSERVER" and refused.json()["needs_reason"] is False
    assert not ObserverRequest.objects.for_authority(west_sussex).exists()


def test_an_observer_asked_for_on_the_day_needs_a_reason_where_advised_and_the_reason_is_kept(
    client, two_authorities
):
    mine, _ = two_authorities  # a copy of Barnsley's rules: OBSERVER advised
    case = make_case(mine)
    conference = todays_conference(case)
    client.force_login(case.social_worker.user)
    url = api(mine.slug, "observer-requests/")
    asked = post(client, url, {"conference": conference.pk, **OBSERVER})
    assert asked.status_code == 400
    body = asked.json()
    assert body["rule_id"] == "OBSERVER" and body["needs_reason"] is True and body["field"] == "late_reason"
    went_ahead = post(
        client, url, {"conference": conference.pk, **OBSERVER, "late_reason": "Cover for a colleague"}
    )
    assert went_ahead.status_code == 201, went_ahead.content
    assert went_ahead.json()["late_reason"] == "Cover for a colleague"
    assert ObserverRequest.objects.for_authority(mine).get().late_reason == "Cover for a colleague"


def test_the_chair_decides_on_an_observer_and_the_social_worker_records_the_familys_answer(
    client, two_authorities
):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    practitioner = invited_practitioner(conference)
    client.force_login(case.social_worker.user)
    blank = post(client, api(mine.slug, "observer-requests/"), {"conference": conference.pk})
    assert blank.status_code == 400 and {"observer_name", "observer_role", "reason"} <= set(blank.json())
    observer = post(
        client, api(mine.slug, "observer-requests/"), {"conference": conference.pk, **OBSERVER}
    ).json()
    decide = api(mine.slug, f"observer-requests/{observer['id']}/decide/")
    family = api(mine.slug, f"observer-requests/{observer['id']}/family-agreement/")
    assert post(client, decide, {"approve": True, "decision_reason": "x"}).status_code == 403

    client.force_login(case.chair.user)
    decided = post(client, decide, {"approve": True, "decision_reason": "Agreed by the chair"})
    assert decided.status_code == 200 and decided.json()["admitted"] is False  # the family has not agreed

    client.force_login(practitioner.user)
    assert post(client, family, {"agreed": True}).status_code == 403
    client.force_login(case.social_worker.user)
    assert post(client, family, {}).status_code == 400
    agreed = post(client, family, {"agreed": True})
    assert agreed.status_code == 200, agreed.content
    assert agreed.json()["family_agreed"] is True and agreed.json()["admitted"] is True
    listed = client.get(api(mine.slug, f"observer-requests/?conference={conference.pk}&family_agreed=true"))
    assert listed.json()["count"] == 1

    history = ObserverRequest.objects.for_authority(mine).get().history.order_by("history_date")
    assert [(h.history_user, h.history_change_reason) for h in history] == [
        (case.social_worker.user, "observer requested"),
        (case.chair.user, "chair approved"),
        (case.social_worker.user, "family agreed to the observer"),
    ]


def test_a_member_whose_role_may_not_ask_the_chair_is_refused(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    manager = MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER)
    client.force_login(manager.user)
    for path, body in (
        ("observer-requests/", {"conference": conference.pk, **OBSERVER}),
        ("professional-slot-requests/", {"conference": conference.pk, "reason": "x"}),
    ):
        assert post(client, api(mine.slug, path), body).status_code == 403
    assert client.get(api(mine.slug, "observer-requests/")).status_code == 200


def test_a_practitioner_sees_and_asks_only_about_conferences_they_are_invited_to(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    invited, other = book(case), book(case, working_day(mine, 4))
    practitioner = invited_practitioner(invited)
    seen = scheduling.request_observer(by=case.social_worker, conference_id=invited.pk, **OBSERVER)
    unseen = scheduling.request_observer(by=case.social_worker, conference_id=other.pk, **OBSERVER)
    slot = scheduling.request_professional_slot(by=case.social_worker, conference_id=other.pk, reason="x")
    client.force_login(practitioner.user)
    assert [o["id"] for o in client.get(api(mine.slug, "observer-requests/")).json()["results"]] == [seen.pk]
    assert client.get(api(mine.slug, f"observer-requests/{unseen.pk}/")).status_code == 404
    assert client.get(api(mine.slug, f"professional-slot-requests/{slot.pk}/")).status_code == 404
    assert client.get(api(mine.slug, "professional-slot-requests/")).json()["count"] == 0
    refused = post(
        client, api(mine.slug, "professional-slot-requests/"), {"conference": other.pk, "reason": "x"}
    )
    assert refused.status_code == 400 and "conference" in refused.json()
    assert post(client, api(mine.slug, f"conferences/{other.pk}/family-needs/"), {}).status_code == 404


def test_another_authoritys_requests_and_conferences_are_not_found(client, two_authorities):
    mine, theirs = two_authorities
    case, foreign = make_case(mine), make_case(theirs)
    foreign.discussion()
    conference = book(foreign)
    observer = scheduling.request_observer(by=foreign.social_worker, conference_id=conference.pk, **OBSERVER)
    client.force_login(case.chair.user)
    for slug in (mine.slug, theirs.slug):
        assert client.get(api(slug, f"observer-requests/{observer.pk}/")).status_code == 404
        decided = post(
            client,
            api(slug, f"observer-requests/{observer.pk}/decide/"),
            {"approve": True, "decision_reason": "x"},
        )
        assert decided.status_code == 404
        assert post(client, api(slug, f"conferences/{conference.pk}/pre-meeting/"), {}).status_code == 404
    refused = post(client, api(mine.slug, "observer-requests/"), {"conference": conference.pk, **OBSERVER})
    assert refused.status_code == 400 and "conference" in refused.json()
    observer.refresh_from_db()
    assert observer.decision == "pending"


# --- before the conference ---------------------------------------------------------------------


def test_the_social_worker_records_the_preparation_through_the_api(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    today = timezone.localdate()
    client.force_login(case.social_worker.user)
    base = api(mine.slug, f"conferences/{conference.pk}/")

    needs = post(
        client, base + "family-needs/", {"interpreter": "Polish", "social_worker_met_family_on": str(today)}
    )
    assert needs.status_code == 200, needs.content
    assert needs.json()["family_needs"]["interpreter"] == "Polish"
    future = post(
        client, base + "family-needs/", {"written_information_given_on": str(today + timedelta(days=2))}
    )
    assert future.status_code == 400 and "written_information_given_on" in future.json()

    separate = post(client, base + "separate-arrangements/", {"arrangements": "Father joins by video"})
    assert separate.status_code == 200 and separate.json()["separate_attendance"] == "Father joins by video"
    assert post(client, base + "separate-arrangements/", {}).status_code == 400

    assert post(client, base + "pre-meeting/", {"held_on": str(today + timedelta(days=1))}).json().keys() == {
        "held_on"
    }
    met = post(client, base + "pre-meeting/", {"held_on": str(today), "notes": "Explained the process"})
    assert met.status_code == 200 and met.json()["pre_meeting_on"] == str(today)

    shared = {"sw_report": "Report", "shared_professionals_on": str(today), "shared_family_on": str(today)}
    no_plan = post(client, base + "social-worker-report/", shared)
    assert no_plan.status_code == 400 and "draft_plan" in no_plan.json()
    report = post(client, base + "social-worker-report/", {**shared, "draft_plan": "Plan"})
    assert report.status_code == 200, report.content
    assert report.json()["sw_report_shared_family_on"] == str(today)

    prepared = client.get(base + "preparation/").json()
    assert prepared["family_needs"]["interpreter"] == "Polish" and prepared["pre_meeting_notes"]
    history = Conference.objects.for_authority(mine).get(pk=conference.pk).history.order_by("-history_date")
    assert history[0].history_user == case.social_worker.user
    assert history[0].history_change_reason == "social worker's report recorded"
    assert (
        FamilyNeeds.objects.for_authority(mine).get().history.first().history_user == case.social_worker.user
    )


def test_a_late_sw_report_needs_a_reason_where_sw_report_is_required(client, two_authorities):
    mine, _ = two_authorities  # Barnsley: SW-REPORT required
    case = make_case(mine)
    case.discussion()
    conference = book(case, working_day(mine, 1))
    today = str(timezone.localdate())
    client.force_login(case.social_worker.user)
    url = api(mine.slug, f"conferences/{conference.pk}/social-worker-report/")
    body = {"sw_report": "R", "draft_plan": "P", "shared_professionals_on": today, "shared_family_on": today}
    late = post(client, url, body)
    assert late.status_code == 400
    assert late.json()["rule_id"] == "SW-REPORT" and late.json()["field"] == "late_reason"
    assert post(client, url, {**body, "late_reason": "Brought forward"}).status_code == 200


def test_an_invited_practitioner_reads_the_preparation_but_cannot_record_it(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    practitioner = invited_practitioner(conference)
    client.force_login(practitioner.user)
    base = api(mine.slug, f"conferences/{conference.pk}/")
    assert client.get(base + "preparation/").status_code == 200
    for path, body in (
        ("family-needs/", {"interpreter": "x"}),
        ("separate-arrangements/", {"arrangements": "x"}),
        ("pre-meeting/", {"held_on": str(timezone.localdate())}),
        ("social-worker-report/", {"sw_report": "x"}),
    ):
        assert post(client, base + path, body).status_code == 403, path
