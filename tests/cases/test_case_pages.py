"""Case pages: the list with search and ICPC status, the case page, the forms, who may use them,
and a fixed number of SQL queries however big the case is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from authorities.human_dates import long_date
from authorities.models import Role
from cases.models import Child, ChildInNeedReview, Family, StrategyDiscussion
from conferences.preparation import services as scheduling
from scheduling.calendars import calendar_for
from scheduling.engine import working_days_left
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.factories import (
    ChildFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    InvitationFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def login(client, membership):
    client.force_login(membership.user)
    return membership


def test_case_list_shows_the_icpc_due_date_working_days_left_and_status_in_words(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    held_on = working_day(mine, -1)
    case.discussion(held_on=held_on)
    login(client, case.social_worker)
    page = client.get(f"/{mine.slug}/cases/").content.decode()
    due = calendar_for(mine).add_working_days(held_on, 15)
    assert "Smith family" in page
    assert f"{due:%a} {due.day} {due:%b %Y}" in page
    left = working_days_left(due=due, today=timezone.localdate(), calendar=calendar_for(mine))
    assert f"{left} working days left" in page
    assert "Not yet due" in page and "govuk-tag--blue" in page


def test_an_overdue_case_is_red_and_says_so(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    held_on = working_day(mine, -17)
    case.discussion(held_on=held_on)
    login(client, case.social_worker)
    page = client.get(f"/{mine.slug}/cases/").content.decode()
    due = calendar_for(mine).add_working_days(held_on, 15)
    overdue_by = -working_days_left(due=due, today=timezone.localdate(), calendar=calendar_for(mine))
    assert overdue_by in (1, 2)  # 1 when today is not a working day: only one has passed since the due date
    days = "working day" if overdue_by == 1 else "working days"
    assert "Overdue" in page and "govuk-tag--red" in page and f"{overdue_by} {days} overdue" in page
    filtered = client.get(f"/{mine.slug}/cases/?status=not_due").content.decode()
    assert "Smith family" not in filtered


def test_search_finds_a_child_by_name_or_date_of_birth(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    make_case(mine, name="Jones family")
    child = case.children[0]
    child.first_name, child.last_name = "Zebedee", "Quill"
    child.date_of_birth = child.date_of_birth.replace(day=17)
    child.save()
    login(client, case.social_worker)
    for query in ("zebedee", f"{child.date_of_birth:%d/%m/%Y}", child.date_of_birth.isoformat()):
        page = client.get(f"/{mine.slug}/cases/", {"q": query}).content.decode()
        assert "Smith family" in page and "Jones family" not in page, query


def test_the_case_page_shows_family_children_parents_discussions_and_deadlines(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    login(client, case.social_worker)
    page = client.get(f"/{mine.slug}/cases/{case.family.pk}/").content.decode()
    assert "Initial conference due by" in page
    assert "Child0 Smith" in page and "Jo Smith" in page
    assert "Mother of Child0: parental responsibility yes" in page
    assert "ICPC-15WD" in page and "Schedule the initial conference" in page


def test_rows_read_with_their_related_rows_in_one_query_miss_none(client, two_authorities):
    """The parents come with their relationships, the discussions and conferences with their
    children's names and the child in need plans with their reviews, each in one query: a parent
    with no relationship, two children of one name and a plan's last review all still show."""
    mine, _ = two_authorities
    case = make_case(mine)
    Child.objects.for_authority(mine).filter(family=case.family).update(first_name="Sam")
    PersonFactory(family=case.family, authority=mine, first_name="Lee", last_name="Jones")
    discussion = case.discussion()
    scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(working_day(mine, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
        strategy_discussion_id=discussion.pk,
    )
    today = timezone.localdate()
    cin = ChildInNeedPlanFactory(child=case.children[0])
    for days_ago in (20, 10):
        ChildInNeedReview.framework_objects.create(
            authority=mine,
            plan=cin,
            held_on=today - timedelta(days=days_ago),
            attended="SW",
            outcome="continue",
            recorded_by=case.social_worker,
        )
    login(client, case.social_worker)
    page = client.get(f"/{mine.slug}/cases/{case.family.pk}/").content.decode()
    # The discussion's row and the conference's row each name both children.
    assert page.count("Sam, Sam</") == 2
    assert "Mother of Sam: parental responsibility yes" in page and "Sam Smith (mother" not in page
    assert "Lee Jones" in page and "No relationship recorded" in page
    assert f"Last reviewed {long_date(today - timedelta(days=10))}" in page


def test_a_social_worker_creates_a_family_child_parent_and_discussion_through_the_forms(
    client, two_authorities
):
    mine, _ = two_authorities
    sw = login(client, MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER))
    response = client.post(f"/{mine.slug}/cases/new/", {"name": "Brown family", "reference": "B-1"})
    family = Family.objects.for_authority(mine).get(name="Brown family")
    assert response.status_code == 302 and family.social_worker == sw
    url = f"/{mine.slug}/cases/{family.pk}"
    client.post(
        f"{url}/children/new/",
        {"first_name": "Amy", "last_name": "Brown", "date_of_birth": "2020-05-01", "gender": "female"},
    )
    amy = Child.objects.for_authority(mine).get(first_name="Amy")
    client.post(
        f"{url}/people/new/",
        {"first_name": "Kim", "last_name": "Brown", f"kind_{amy.pk}": "mother", f"pr_{amy.pk}": "on"},
    )
    assert amy.relationships.get().parental_responsibility
    response = client.post(
        f"{url}/strategy-discussions/new/",
        {
            "held_on": timezone.localdate().isoformat(),
            "children": [amy.pk],
            "attendees": "SW, police",
            "outcome": "s47",
            "section47_started": "on",
        },
    )
    assert response.status_code == 302
    assert StrategyDiscussion.objects.for_authority(mine).get(family=family).section47_started
    assert "Initial conference due by" in client.get(f"{url}/").content.decode()


def test_invalid_input_is_refused_with_a_message_naming_the_field_and_never_a_500(client, two_authorities):
    mine, theirs = two_authorities
    case = make_case(mine)
    login(client, case.social_worker)
    url = f"/{mine.slug}/cases/{case.family.pk}"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        f"{url}/children/new/",
        {"first_name": "A", "last_name": "B", "date_of_birth": tomorrow, "gender": "male"},
    )
    assert (
        response.status_code == 200
        and "The date of birth cannot be in the future" in response.content.decode()
    )
    response = client.post(
        f"{url}/strategy-discussions/new/",
        {"held_on": tomorrow, "children": [case.children[0].pk], "attendees": "a", "outcome": "b"},
    )
    assert "cannot be recorded for a date in the future" in response.content.decode()
    foreign = make_case(theirs)
    for data in (
        {"held_on": "2020-01-01", "children": [foreign.children[0].pk], "attendees": "a", "outcome": "b"},
        {"held_on": "not a date", "children": ["abc"], "attendees": "a", "outcome": "b"},
    ):
        response = client.post(f"{url}/strategy-discussions/new/", data)
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    response = client.post(
        f"/{mine.slug}/cases/new/", {"name": "X", "social_worker": foreign.social_worker.pk}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not StrategyDiscussion.objects.for_authority(mine).exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.BUSINESS_SUPPORT, Role.SERVICE_MANAGER])
def test_only_social_workers_team_managers_and_chairs_change_cases(client, two_authorities, role):
    mine, _ = two_authorities
    case = make_case(mine)
    InvitationFactory(
        conference=scheduling_conference(case),
        membership=login(client, MembershipFactory(authority=mine, role=role)),
    )
    assert client.get(f"/{mine.slug}/cases/new/").status_code == 403
    assert client.post(f"/{mine.slug}/cases/new/", {"name": "X"}).status_code == 403
    assert client.post(f"/{mine.slug}/cases/{case.family.pk}/edit/", {"name": "X"}).status_code == 403
    assert client.get(f"/{mine.slug}/cases/{case.family.pk}/").status_code == 200
    case.family.refresh_from_db()
    assert case.family.name == "Smith family"


def scheduling_conference(case):
    case.discussion()
    return scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(working_day(case.authority, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )


def test_a_practitioner_sees_only_the_cases_they_are_invited_to(client, two_authorities):
    mine, _ = two_authorities
    invited, other = make_case(mine), make_case(mine, name="Other family")
    practitioner = login(client, MembershipFactory(authority=mine, role=Role.PRACTITIONER))
    InvitationFactory(conference=scheduling_conference(invited), membership=practitioner)
    page = client.get(f"/{mine.slug}/cases/").content.decode()
    assert "Smith family" in page and "Other family" not in page
    assert client.get(f"/{mine.slug}/cases/{other.family.pk}/").status_code == 404
    assert client.get(f"/{mine.slug}/cases/{invited.family.pk}/").status_code == 200


def test_a_case_reached_through_two_conferences_is_counted_once(client, two_authorities):
    from cases.selectors import case_rows

    mine, _ = two_authorities
    case = make_case(mine)
    practitioner = login(client, MembershipFactory(authority=mine, role=Role.PRACTITIONER))
    discussion = case.discussion()
    for day in (3, 4):
        conference = scheduling.schedule_conference(
            by=case.social_worker,
            family_id=case.family.pk,
            kind="initial",
            starts_at=at(working_day(mine, day)),
            chair_id=case.chair.pk,
            venue_id=case.venue.pk,
            strategy_discussion_id=discussion.pk,
        )
        InvitationFactory(conference=conference, membership=practitioner)
    page = case_rows(practitioner)
    # The count is of the visible families themselves, as many as the rows the list draws.
    assert page.paginator.count == len(page.object_list) == 1
    assert "1 case<" in client.get(f"/{mine.slug}/cases/").content.decode()


def _grow(case, n: int):
    for _i in range(n):
        child = ChildFactory(family=case.family, authority=case.authority)
        person = PersonFactory(family=case.family, authority=case.authority)
        from cases.models import Relationship

        Relationship.framework_objects.create(
            authority=case.authority, person=person, child=child, kind="father"
        )
        # Plans of every kind, so the plans section has rows to draw without a query each.
        ended = ChildProtectionPlanFactory(child=child, ended_on=timezone.localdate(), end_kind="review")
        ChildInNeedPlanFactory(child=child, stepped_down_from=ended)
        ChildProtectionPlanFactory(child=child)
    discussion = case.discussion()
    # A day each: the same chair, social worker and room at one time would be a double booking.
    for index in range(n // 5):
        conference = scheduling.schedule_conference(
            by=case.social_worker,
            family_id=case.family.pk,
            kind="initial",
            starts_at=at(working_day(case.authority, 3 + index)),
            chair_id=case.chair.pk,
            venue_id=case.venue.pk,
            strategy_discussion_id=discussion.pk,
        )
        for _ in range(5):
            InvitationFactory(conference=conference)


@pytest.mark.parametrize("size", [2, 30])
def test_the_case_page_uses_a_fixed_number_of_queries(
    client, two_authorities, django_assert_max_num_queries, size
):
    mine, _ = two_authorities
    case = make_case(mine)
    _grow(case, size)
    login(client, case.social_worker)
    # +1: the family's core groups (link to their page); +1: the read audit's one INSERT;
    # +2: the plans section (child protection plans, whose open ones give the LONG-PLAN flags;
    # child in need plans with their reviews); the children, then the parents or carers with their
    # relationships; the discussions with their children's names; the conferences with theirs; the
    # membership and the person's other memberships (the header) are one query; the rule set and
    # the closure days are kept from the first request, so each costs one read of the rules revision
    client.get(f"/{mine.slug}/cases/{case.family.pk}/")
    with django_assert_max_num_queries(16):
        assert client.get(f"/{mine.slug}/cases/{case.family.pk}/").status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_the_case_list_uses_a_fixed_number_of_queries(
    client, two_authorities, django_assert_max_num_queries, size
):
    mine, _ = two_authorities
    for i in range(size):
        case = make_case(mine, name=f"Family {i}", children=3)
        case.discussion()
    login(client, case.social_worker)
    # One counts the cases for the pages; the rule set (for its "due soon" window) and the closure
    # days are kept from the first request, each costing one read of the rules revision; the
    # membership and the person's other memberships (the header) are one query.
    client.get(f"/{mine.slug}/cases/")
    with django_assert_max_num_queries(10):
        response = client.get(f"/{mine.slug}/cases/")
    assert response.content.decode().count("govuk-tag--blue") == size


def test_the_case_list_pages_through_every_case_with_my_own_first_and_filters_kept(client, two_authorities):
    from cases.selectors import CASES_PER_PAGE

    mine, _ = two_authorities
    me = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    colleague = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    others = [make_case(mine, name=f"Aardvark {i:03} family").family for i in range(CASES_PER_PAGE + 5)]
    Family.objects.for_authority(mine).filter(pk__in=[f.pk for f in others]).update(social_worker=colleague)
    own = make_case(mine, name="Zebra family").family
    Family.objects.for_authority(mine).filter(pk=own.pk).update(social_worker=me)
    login(client, me)

    first = client.get(f"/{mine.slug}/cases/").content.decode()
    assert f"{CASES_PER_PAGE + 6} cases" in first and "Page 1 of 2" in first
    # My own case leads the list although its name sorts last.
    assert first.index("Zebra family") < first.index("Aardvark 000 family")
    second = client.get(f"/{mine.slug}/cases/", {"page": 2}).content.decode()
    assert "Aardvark 054 family" in second and "Zebra family" not in second
    assert client.get(f"/{mine.slug}/cases/", {"page": 99}).status_code == 200  # the last page, not an error

    only_mine = client.get(f"/{mine.slug}/cases/", {"whose": "mine"}).content.decode()
    assert "1 case" in only_mine and "Aardvark" not in only_mine
    searched = client.get(f"/{mine.slug}/cases/", {"q": "Aardvark", "page": 1}).content.decode()
    assert "page=2" in searched and "q=Aardvark" in searched  # the next page keeps the search
