"""Each role's home page shows the work waiting for them, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from authorities.models import Role
from conferences.models import ObserverRequest
from tests.factories import (
    ConferenceFactory,
    DeadlineFactory,
    EscalationFactory,
    FamilyFactory,
    InvitationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def _home(client, membership) -> str:
    client.force_login(membership.user)
    response = client.get(f"/{membership.authority.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_chair_sees_the_conferences_they_chair_and_the_requests_waiting_for_them(client, two_authorities):
    mine, _ = two_authorities
    chair = MembershipFactory(authority=mine, role=Role.CHAIR)
    ours = ConferenceFactory(
        authority=mine, family=FamilyFactory(authority=mine, name="Ash family"), chair=chair
    )
    ConferenceFactory(authority=mine, family=FamilyFactory(authority=mine, name="Birch family"))
    practitioner = InvitationFactory(conference=ours).membership
    ObserverRequest.objects.create(
        authority=mine,
        conference=ours,
        requested_by=practitioner,
        observer_name="A student",
        observer_role="Student social worker",
        reason="Learning",
    )
    page = _home(client, chair)
    assert "Conferences you chair" in page and "Ash family" in page
    assert "Birch family" not in page  # chaired by someone else
    assert "Waiting for your decision" in page and "An observer for Ash family" in page
    assert f"{ours.day.day} {ours.day:%B %Y}" in page


def test_a_social_worker_sees_their_cases_nearest_deadline_first(client, two_authorities):
    mine, _ = two_authorities
    worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    today = timezone.localdate()
    later = DeadlineFactory(family=FamilyFactory(authority=mine, social_worker=worker, name="Later family"))
    sooner = DeadlineFactory(
        family=FamilyFactory(authority=mine, social_worker=worker, name="Sooner family"),
        due_on=today - datetime.timedelta(days=3),
    )
    DeadlineFactory(family=FamilyFactory(authority=mine, name="Someone else's family"))
    page = _home(client, worker)
    assert "Your cases: nearest deadlines" in page
    assert page.index(sooner.family.name) < page.index(later.family.name)
    assert "Someone else&#x27;s family" not in page and "Someone else's family" not in page
    assert "Overdue" in page


def test_a_practitioner_sees_their_invitations_here_and_a_link_to_every_authority(client, two_authorities):
    mine, theirs = two_authorities
    invitation = InvitationFactory(
        conference=ConferenceFactory(
            authority=mine, family=FamilyFactory(authority=mine, name="Cedar family")
        )
    )
    practitioner = invitation.membership
    MembershipFactory(authority=theirs, role=Role.PRACTITIONER, user=practitioner.user)
    page = _home(client, practitioner)
    assert "Conferences you are invited to here" in page and "Cedar family" in page
    assert 'href="/my-conferences/"' in page and "all 2 of your authorities" in page
    assert "My conferences, all authorities" in page  # in the navigation


def test_a_manager_sees_overdue_deadlines_and_the_escalations_at_their_level(client, two_authorities):
    mine, _ = two_authorities
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    overdue = DeadlineFactory(
        family=FamilyFactory(authority=mine, name="Damson family"),
        due_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    EscalationFactory(deadline=overdue)
    EscalationFactory(
        deadline=DeadlineFactory(family=FamilyFactory(authority=mine, name="Elm family")),
        roles=["head_of_service"],
    )
    page = _home(client, manager)
    assert "Overdue, due today and escalated" in page
    assert "deadline overdue" in page and "Damson family" in page
    assert "Elm family" not in page.split("Escalations open at your level")[1]
    assert "Open the dashboard" in page


@pytest.mark.parametrize("role", [Role.CHAIR, Role.SOCIAL_WORKER, Role.PRACTITIONER, Role.SERVICE_MANAGER])
def test_a_home_page_costs_the_same_queries_with_many_rows_as_with_one(
    client, two_authorities, role, django_assert_max_num_queries
):
    mine, _ = two_authorities
    member = MembershipFactory(authority=mine, role=role)
    client.force_login(member.user)
    url = f"/{mine.slug}/"

    def add_work(n: int) -> None:
        for _ in range(n):
            family = FamilyFactory(
                authority=mine, **({"social_worker": member} if role == Role.SOCIAL_WORKER else {})
            )
            conference = ConferenceFactory(
                authority=mine, family=family, **({"chair": member} if role == Role.CHAIR else {})
            )
            if role == Role.PRACTITIONER:
                InvitationFactory(conference=conference, membership=member)
            EscalationFactory(deadline=DeadlineFactory(family=family), roles=[role])

    add_work(1)
    client.get(url)  # warm the per-process caches (calendars, content types)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    add_work(6)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_case_api_refuses_a_date_of_birth_centuries_ago_naming_the_field(client, two_authorities):
    mine, _ = two_authorities
    worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    family = FamilyFactory(authority=mine, social_worker=worker)
    client.force_login(worker.user)
    response = client.post(
        f"/api/v1/{mine.slug}/children/",
        {"family": family.pk, "first_name": "Ada", "last_name": "Old", "date_of_birth": "1066-10-14"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["date_of_birth"][0].startswith("Date of birth must be between 1 January 1900")
