"""Who sees the managers' dashboard, what they may do from it, and what it costs to draw."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from authorities.models import Agency, Role
from scheduling.models import Escalation
from tests.dashboards.helpers import core_group_meetings, deadline, family_of, held_conference, plan, team
from tests.factories import ChildFactory, EscalationFactory, InvitationFactory, MembershipFactory
from tests.test_tenant_isolation import tenant_routes

pytestmark = pytest.mark.django_db

PAGES = ("dashboard/", "dashboard/deadlines/", "dashboard/deadlines.csv", "dashboard/plans.csv")


@pytest.mark.parametrize(
    "role", [Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.AUTHORITY_ADMIN]
)
def test_managers_and_administrators_of_the_authority_see_the_dashboard(client, two_authorities, role):
    mine, _ = two_authorities
    client.force_login(MembershipFactory(authority=mine, role=role).user)
    for page in PAGES:
        assert client.get(f"/{mine.slug}/{page}").status_code == 200, page
    assert client.get(f"/api/v1/{mine.slug}/dashboard/").status_code == 200


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PRACTITIONER, Role.CHAIR, Role.BUSINESS_SUPPORT])
def test_a_social_worker_or_practitioner_gets_403(client, two_authorities, role):
    mine, _ = two_authorities
    client.force_login(MembershipFactory(authority=mine, role=role).user)
    for page in PAGES:
        assert client.get(f"/{mine.slug}/{page}").status_code == 403, page
    assert client.get(f"/api/v1/{mine.slug}/dashboard/").status_code == 403
    escalation = EscalationFactory(
        deadline=deadline(family_of(team(mine)[1]), due_on=datetime.date(2026, 1, 5))
    )
    # A practitioner cannot see the authority's escalations at all: not found, rather than forbidden.
    expected = 404 if role == Role.PRACTITIONER else 403
    assert client.get(f"/{mine.slug}/dashboard/escalations/{escalation.pk}/").status_code == expected


def test_anyone_outside_the_authority_gets_404(client, two_authorities):
    mine, theirs = two_authorities
    client.force_login(MembershipFactory(authority=theirs, role=Role.HEAD_OF_SERVICE).user)
    for page in PAGES:
        assert client.get(f"/{mine.slug}/{page}").status_code == 404, page
    assert client.get(f"/api/v1/{mine.slug}/dashboard/").status_code == 404
    escalation = EscalationFactory(
        deadline=deadline(family_of(team(mine)[1]), due_on=datetime.date(2026, 1, 5))
    )
    assert client.get(f"/{theirs.slug}/dashboard/escalations/{escalation.pk}/").status_code == 404
    assert (
        client.post(
            f"/{theirs.slug}/dashboard/escalations/{escalation.pk}/", {"step": "acknowledge"}
        ).status_code
        == 404
    )
    assert Escalation.objects.for_authority(mine).get().status == "open"


def test_the_tenant_isolation_harness_walks_every_dashboard_route():
    routes = {route.name: route for route in tenant_routes()}
    for name in (
        "dashboards:dashboard",
        "dashboards:deadline-list",
        "dashboards:escalation-step",
        "dashboards:attendance-escalation",
        "dashboard-list",
        *(
            f"dashboards:{table}-csv"
            for table in ("deadlines", "escalations", "timeliness", "plans", "attendance")
        ),
    ):
        assert name in routes, name


def test_a_managers_home_page_offers_the_dashboard_first(client, two_authorities):
    mine, _ = two_authorities
    for role in (Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE):
        client.force_login(MembershipFactory(authority=mine, role=role).user)
        tasks = client.get(f"/{mine.slug}/").context["tasks"]
        assert tasks[0]["url"] == f"/{mine.slug}/dashboard/"
    client.force_login(MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user)
    assert all("dashboard" not in task["url"] for task in client.get(f"/{mine.slug}/").context["tasks"])


def test_a_team_manager_acknowledges_moves_up_and_resolves_at_their_level_from_the_dashboard(
    client, two_authorities
):
    mine, _ = two_authorities
    manager, worker = team(mine)
    family = family_of(worker)
    first = EscalationFactory(deadline=deadline(family, due_on=datetime.date(2026, 1, 5)))
    second = EscalationFactory(deadline=deadline(family, due_on=datetime.date(2026, 1, 6)))
    client.force_login(manager.user)
    page = client.get(f"/{mine.slug}/dashboard/").content.decode()
    assert f'action="/{mine.slug}/dashboard/escalations/{first.pk}/?team={manager.pk}"' in page

    response = client.post(
        f"/{mine.slug}/dashboard/escalations/{first.pk}/?team=all", {"step": "acknowledge"}
    )
    assert response.status_code == 302 and response["Location"] == f"/{mine.slug}/dashboard/?team=all"
    assert client.get(f"/api/v1/{mine.slug}/dashboard/").json()["escalation_levels"][0]["acknowledged"] == 1

    refused = client.post(f"/{mine.slug}/dashboard/escalations/{second.pk}/", {"step": "move_up"})
    assert (
        refused.status_code == 400 and "note: say why it needs to go up a level" in refused.content.decode()
    )
    client.post(
        f"/{mine.slug}/dashboard/escalations/{second.pk}/", {"step": "move_up", "move_up-note": "No reply."}
    )
    client.post(
        f"/{mine.slug}/dashboard/escalations/{first.pk}/", {"step": "resolve", "resolve-note": "Booked."}
    )

    levels = client.get(f"/api/v1/{mine.slug}/dashboard/").json()["escalations"]
    assert levels["1"] == 0 and levels["2"] == 1


def _grow(authority, size: int) -> None:
    """`size` of everything each figure counts."""
    today = timezone.localdate()
    _, worker = team(authority, f"Team {size}")
    police = Agency.objects.for_authority(authority).get(name=f"{authority.name} Police")
    for n in range(size):
        family = family_of(worker, f"Family {n}")
        child = ChildFactory(family=family)
        plan(
            child,
            started_on=today - datetime.timedelta(days=700 + n),
            category=("neglect", "physical")[n % 2],
        )
        d = deadline(family, due_on=today - datetime.timedelta(days=n % 7), met_on=None if n % 2 else today)
        EscalationFactory(deadline=d, level=1 + n % 2)
        conference = held_conference(family, today - datetime.timedelta(days=10 + n), children=[child])
        InvitationFactory(conference=conference, attendance="absent")
        core_group_meetings(authority, police, {today - datetime.timedelta(days=5 + n): "absent"})


@pytest.mark.parametrize("size", [2, 30])
def test_the_dashboard_draws_with_a_fixed_number_of_queries(
    client, two_authorities, django_assert_max_num_queries, size
):
    mine, _ = two_authorities
    _grow(mine, size)
    client.force_login(MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER).user)
    # session, user, membership; people for the filters; the rules revision twice (the rule set and
    # the closure days, kept from the first request); deadlines, escalations (2), timeliness, plans,
    # the longest open plans, step-downs (2), attendance at conferences and at core group meetings; the
    # unread-notification count (the membership and the person's other memberships, for the header,
    # are one query).
    client.get(f"/{mine.slug}/dashboard/")  # the first request reads the rule set and closure days
    with django_assert_max_num_queries(18):
        assert client.get(f"/{mine.slug}/dashboard/").status_code == 200
    with django_assert_max_num_queries(19):
        assert client.get(f"/api/v1/{mine.slug}/dashboard/").status_code == 200
