"""The API for cases and scheduling: the same services as the pages, read-only due dates and
statuses, filtering and pagination, 400 with the rule id, 403 for roles that may not write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from authorities.models import Role
from cases.models import Family
from scheduling.calendars import calendar_for
from scheduling.engine import working_days_left
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def api(slug: str, path: str) -> str:
    return f"/api/v1/{slug}/{path}"


def test_a_social_worker_records_a_case_and_sees_the_icpc_due_date(client, two_authorities):
    mine, _ = two_authorities
    sw = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    client.force_login(sw.user)
    family = client.post(api(mine.slug, "families/"), {"name": "Api family"}, content_type="application/json")
    assert family.status_code == 201, family.content
    family_id = family.json()["id"]
    child = client.post(
        api(mine.slug, "children/"),
        {"family": family_id, "first_name": "Ann", "last_name": "Api", "date_of_birth": "2021-01-01"},
        content_type="application/json",
    )
    assert child.status_code == 201, child.content
    person = client.post(
        api(mine.slug, "people/"),
        {
            "family": family_id,
            "first_name": "Pat",
            "last_name": "Api",
            "relationships": [
                {"child": child.json()["id"], "kind": "father", "parental_responsibility": True}
            ],
        },
        content_type="application/json",
    )
    assert person.status_code == 201 and person.json()["relationships"][0]["kind"] == "father"
    held_on = working_day(mine, -1)
    discussion = client.post(
        api(mine.slug, "strategy-discussions/"),
        {
            "family": family_id,
            "held_on": held_on.isoformat(),
            "attendees": "SW",
            "outcome": "s47",
            "section47_started": True,
            "children": [child.json()["id"]],
        },
        content_type="application/json",
    )
    assert discussion.status_code == 201, discussion.content
    due = calendar_for(mine).add_working_days(held_on, 15)
    assert discussion.json()["icpc_due_on"] == due.isoformat()
    body = client.get(api(mine.slug, f"families/{family_id}/")).json()
    assert body["icpc_due_on"] == due.isoformat()
    left = working_days_left(due=due, today=timezone.localdate(), calendar=calendar_for(mine))
    assert left in (14, 15)  # 15 when today is not a working day: none has passed since the discussion
    assert body["icpc_status"] == {"status": "not_due", "label": "Not yet due", "working_days_left": left}
    assert Family.objects.for_authority(mine).get().history.first().history_user == sw.user


def test_families_filter_by_status_due_date_and_social_worker_and_paginate(client, two_authorities):
    mine, _ = two_authorities
    on_time, late = make_case(mine, name="On time family"), make_case(mine, name="Late family")
    on_time.discussion(held_on=working_day(mine, -1))
    late.discussion(held_on=working_day(mine, -17))
    client.force_login(on_time.social_worker.user)

    def names(query: str) -> list[str]:
        return [f["name"] for f in client.get(api(mine.slug, f"families/?{query}")).json()["results"]]

    assert names("status=overdue") == ["Late family"]
    assert names("status=not_due") == ["On time family"]
    assert names(f"due_before={timezone.localdate().isoformat()}") == ["Late family"]
    assert names(f"social_worker={on_time.social_worker.pk}") == ["On time family"]
    body = client.get(api(mine.slug, "families/?page=1")).json()
    assert body["count"] == 2 and "next" in body
    # Beside the page number the filters still apply.
    assert names(f"page=1&social_worker={late.social_worker.pk}") == ["Late family"]
    assert client.get(api(mine.slug, "families/?page=1&due_before=not-a-date")).status_code == 400
    assert client.get(api(mine.slug, "families/?status=bogus")).status_code == 400


def test_invalid_input_is_a_400_naming_the_field(client, two_authorities):
    mine, theirs = two_authorities
    case, foreign = make_case(mine), make_case(theirs)
    client.force_login(case.social_worker.user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        api(mine.slug, "children/"),
        {"family": case.family.pk, "first_name": "A", "last_name": "B", "date_of_birth": tomorrow},
        content_type="application/json",
    )
    assert response.status_code == 400 and "date_of_birth" in response.json()
    response = client.post(
        api(mine.slug, "children/"),
        {"family": foreign.family.pk, "first_name": "A", "last_name": "B", "date_of_birth": "2020-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "family" in response.json()
    response = client.post(
        api(mine.slug, "strategy-discussions/"),
        {"family": case.family.pk, "held_on": tomorrow, "attendees": "a", "outcome": "b", "children": ["x"]},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_scheduling_through_the_api_answers_rule_violations_with_the_rule_id(
    client, two_authorities, mailoutbox
):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion(held_on=working_day(mine, -20))
    client.force_login(case.social_worker.user)
    body = {
        "family": case.family.pk,
        "kind": "initial",
        "starts_at": at(working_day(mine, 3)).isoformat(),
        "chair": case.chair.pk,
        "venue": case.venue.pk,
    }
    refused = client.post(api(mine.slug, "conferences/"), body, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["rule_id"] == "ICPC-15WD" and refused.json()["needs_reason"] is True
    booked = client.post(
        api(mine.slug, "conferences/"),
        {**body, "late_reason": "Family unwell"},
        content_type="application/json",
    )
    assert booked.status_code == 201, booked.content
    conference = booked.json()
    assert (
        conference["statutory_rule"] == "ICPC-15WD" and conference["statutory_status"]["status"] == "overdue"
    )
    nurse = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    invited = client.post(
        api(mine.slug, "invitations/"),
        {"conference": conference["id"], "kind": "professional", "membership": nurse.pk},
        content_type="application/json",
    )
    assert invited.status_code == 201, invited.content
    assert (
        invited.json()["report_due_on"]
        == calendar_for(mine).subtract_working_days(working_day(mine, 3), 2).isoformat()
    )
    moved = client.post(
        api(mine.slug, f"conferences/{conference['id']}/reschedule/"),
        {
            "starts_at": at(working_day(mine, 4)).isoformat(),
            "reason": "Room double-booked",
            "late_reason": "x",
        },
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["ics_sequence"] == 1
    listed = client.get(api(mine.slug, f"invitations/?conference={conference['id']}")).json()
    assert listed["count"] == 1


def test_a_practitioner_reads_what_they_are_invited_to_but_cannot_write(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    practitioner = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    client.force_login(practitioner.user)
    assert client.get(api(mine.slug, "families/")).json()["count"] == 0
    assert client.get(api(mine.slug, f"families/{case.family.pk}/")).status_code == 404
    response = client.post(api(mine.slug, "families/"), {"name": "X"}, content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("size", [2, 30])
def test_the_families_list_uses_a_fixed_number_of_queries_and_the_detail_shape(
    client, two_authorities, django_assert_max_num_queries, size
):
    mine, _ = two_authorities
    for i in range(size):
        case = make_case(mine, name=f"Family {i:02}", children=2)
        case.discussion()
    client.force_login(case.social_worker.user)
    with django_assert_max_num_queries(9):  # the page, its count, the children's ids, the tenancy
        body = client.get(api(mine.slug, "families/")).json()
    assert body["count"] == size
    row = next(r for r in body["results"] if r["id"] == case.family.pk)
    detail = client.get(api(mine.slug, f"families/{case.family.pk}/")).json()
    assert row == detail  # the list's light serializer writes what the detail's model serializer does
