import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest

from authorities.models import Authority, Membership, Role
from cpc.seeding.demo import DEMO_PASSWORD, SHARED_PRACTITIONER_EMAIL
from tests.conftest import SHIPPED_SLUGS


@pytest.mark.django_db
def test_seed_demo_gives_every_role_a_login_in_every_authority_and_is_repeatable():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    for slug in SHIPPED_SLUGS:
        authority = Authority.objects.get(slug=slug)
        roles = set(Membership.objects.for_authority(authority).values_list("role", flat=True))
        assert roles == set(Role.values), slug
        assert f"chair@{slug}.demo.test" in printed
    # django-axes' backend needs the request (its docs: a blank HttpRequest will do in tests).
    login = {"email": f"chair@{SHIPPED_SLUGS[0]}.demo.test", "password": DEMO_PASSWORD}
    assert authenticate(HttpRequest(), **login) is not None
    shared = Membership.objects.unscoped(reason="test: one person across authorities").filter(
        user__email=SHARED_PRACTITIONER_EMAIL
    )
    assert sorted(m.authority.slug for m in shared) == ["staffordshire", "stoke-on-trent"]
    social_worker = Membership.objects.for_authority(Authority.objects.get(slug="barnsley")).get(
        role=Role.SOCIAL_WORKER
    )
    assert social_worker.team_manager.role == Role.TEAM_MANAGER


@pytest.mark.django_db
@pytest.mark.password_only_sign_in
def test_demo_administrators_sign_in_with_a_code_from_the_published_demo_key(client):
    from base64 import b32decode

    from django_otp.oath import totp

    from cpc.seeding.demo import DEMO_TOTP_KEY, PLATFORM_ADMIN_EMAIL

    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # still one app each
    assert DEMO_TOTP_KEY in out.getvalue()
    code = f"{totp(b32decode(DEMO_TOTP_KEY)):06d}"
    for email in (PLATFORM_ADMIN_EMAIL, "admin@barnsley.demo.test"):
        client.post("/login/", {"username": email, "password": DEMO_PASSWORD})
        assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/verify/")
        client.post("/accounts/two-factor/verify/", {"code": code})
        assert client.get("/admin/").status_code == 200, email
        client.post("/logout/")
    chair = "chair@barnsley.demo.test"
    client.post("/login/", {"username": chair, "password": DEMO_PASSWORD})
    assert client.get("/barnsley/").status_code == 200  # roles Barnsley has not ticked: password only


def _role_work_counts() -> dict[str, tuple[int, int, int]]:
    from conferences.models import Conference
    from scheduling.models import Escalation

    counts = {}
    for slug in SHIPPED_SLUGS:
        authority = Authority.objects.get(slug=slug)
        counts[slug] = (
            Conference.objects.for_authority(authority).count(),
            Escalation.objects.for_authority(authority).count(),
            Membership.objects.for_authority(authority).count(),
        )
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["real", "sunday"])
def test_seed_demo_gives_each_role_work_waiting_on_first_sign_in_on_any_day(client, clock, day):
    import datetime

    from django.utils import timezone

    if day == "sunday":
        today = timezone.localdate()
        clock.day = today + datetime.timedelta(days=(6 - today.weekday()) or 7)
    call_command("seed_demo", stdout=StringIO())
    first = _role_work_counts()
    call_command("seed_demo", stdout=StringIO())
    assert _role_work_counts() == first  # repeating it adds nothing
    today = timezone.localdate()
    for slug in SHIPPED_SLUGS:
        client.post("/login/", {"username": f"chair@{slug}.demo.test", "password": DEMO_PASSWORD})
        page = client.get(f"/{slug}/").content.decode()
        assert "Hollins family" in page and "Run it live" in page, slug
        assert f"{today.day} {today:%B %Y}" in page
        client.post("/logout/")
        client.post("/login/", {"username": f"team.manager@{slug}.demo.test", "password": DEMO_PASSWORD})
        page = client.get(f"/{slug}/").content.decode()
        overdue = re.search(r'app-figure">(\d+)</span> deadlines? overdue', page)
        assert overdue and int(overdue[1]) >= 1, slug
        assert "Okafor family" in page.split("Escalations open at your level")[1], slug
        client.post("/logout/")
        _assert_plan_life(client, slug, today)
        _assert_step_down(slug, today)
        _assert_long_plan(client, slug, today)
    client.post("/login/", {"username": SHARED_PRACTITIONER_EMAIL, "password": DEMO_PASSWORD})
    page = client.get("/my-conferences/").content.decode()
    assert page.count("Rivers family") >= 2  # one conference in Staffordshire, one in Stoke-on-Trent
    for slug in ("staffordshire", "stoke-on-trent"):
        assert "Rivers family" in client.get(f"/{slug}/").content.decode(), slug


def _assert_plan_life(client, slug: str, today) -> None:
    """The Ashworth family: a plan in force after an initial conference held weeks ago, a core group
    meeting held with its minutes circulated, the next meeting and the review conference to come."""
    from cases.models import ChildProtectionPlan
    from conferences.models import Conference, ConferenceStatus
    from coregroups.models import CoreGroupMeeting, MeetingNotice
    from cpc.seeding.demo_plan import PLAN_REFERENCE

    authority = Authority.objects.get(slug=slug)
    conferences = Conference.objects.for_authority(authority).filter(family__reference=PLAN_REFERENCE)
    held = conferences.get(kind="initial", status=ConferenceStatus.HELD)
    assert (today - held.held_on).days >= 28, slug
    assert held.outline_plan.items.filter(kind="action").exclude(owner_name="").count() == 3, slug
    assert (
        ChildProtectionPlan.objects.for_authority(authority)
        .filter(child__family=held.family, ended_on__isnull=True)
        .exists()
    ), slug
    review = conferences.get(kind="review", status=ConferenceStatus.SCHEDULED)
    assert review.booked_day == held.next_review_on > today, slug
    meetings = list(CoreGroupMeeting.objects.for_authority(authority).filter(core_group__family=held.family))
    first, booked = meetings
    assert first.held_on < today < booked.scheduled_at.date(), slug
    circulated = MeetingNotice.objects.for_authority(authority).filter(meeting=first)
    # The family version is posted at once; the professionals' e-mails go after commit, by the worker.
    assert circulated.filter(what=MeetingNotice.What.MINUTES_FAMILY).exists(), slug
    client.post("/login/", {"username": f"social.worker@{slug}.demo.test", "password": DEMO_PASSWORD})
    page = client.get(f"/{slug}/core-groups/{first.core_group_id}/")
    assert page.status_code == 200 and "Ashworth family" in page.content.decode(), slug
    client.post("/logout/")


def _assert_step_down(slug: str, today) -> None:
    """The Bennett family: the plan ended at a held review; where the authority's rules ask for a
    step-down, a child in need plan followed with a review held; no core group meeting left booked."""
    from authorities.selectors import rule_set_in_force
    from cases.models import ChildInNeedPlan, ChildProtectionPlan
    from conferences.models import Conference, ConferenceStatus
    from coregroups.models import CoreGroupMeeting
    from cpc.seeding.demo_step_down import STEP_DOWN_REFERENCE

    authority = Authority.objects.get(slug=slug)
    review = Conference.objects.for_authority(authority).get(
        family__reference=STEP_DOWN_REFERENCE, kind="review", status=ConferenceStatus.HELD
    )
    plan = ChildProtectionPlan.objects.for_authority(authority).get(child__family=review.family)
    assert plan.ended_at_conference == review and review.held_on < today, slug
    booked = CoreGroupMeeting.objects.for_authority(authority).filter(
        core_group__family=review.family, held_on__isnull=True, cancelled_at__isnull=True
    )
    assert not booked.exists(), slug
    cin = ChildInNeedPlan.objects.for_authority(authority).filter(stepped_down_from=plan).first()
    if rule_set_in_force(authority, on=review.held_on).is_on("STEPDOWN-CIN-3M"):
        assert cin is not None and cin.reviews.count() == 1, slug
    else:
        assert cin is None, slug


def _assert_long_plan(client, slug: str, today) -> None:
    """The Carter family: a plan open past the shortest age LONG-PLAN flags in the rule set in
    force, reviews held since; the dashboard's long-plan section counts it and her case page flags it."""
    from authorities.selectors import rule_set_in_force
    from cases.models import ChildProtectionPlan
    from cases.selectors import LongPlanRule, age_words
    from conferences.models import Conference, ConferenceStatus
    from cpc.seeding.demo_long_plan import LONG_PLAN_REFERENCE
    from scheduling.engine import add_months

    authority = Authority.objects.get(slug=slug)
    rule = LongPlanRule.of(rule_set_in_force(authority, on=today))
    assert rule.on, slug  # on in every shipped rule set (RULES.md), so every authority has the family
    months = min(rule.flag_months)
    plan = ChildProtectionPlan.objects.for_authority(authority).get(
        child__family__reference=LONG_PLAN_REFERENCE, ended_on__isnull=True
    )
    assert plan.started_on <= add_months(today, -months), slug
    conferences = Conference.objects.for_authority(authority).filter(family=plan.child.family)
    assert conferences.filter(kind="review", status=ConferenceStatus.HELD).count() >= 2, slug
    assert conferences.get(status=ConferenceStatus.SCHEDULED).day > today, slug
    client.post("/login/", {"username": f"service.manager@{slug}.demo.test", "password": DEMO_PASSWORD})
    page = client.get(f"/{slug}/dashboard/").content.decode()
    figure = re.search(rf'data-testid="open-months-{months}">(\d+)<', page)
    # The Carter family's plan alone is that old in the demo data.
    assert figure and int(figure[1]) == 1, slug
    case = client.get(f"/{slug}/cases/{plan.child.family_id}/").content.decode()
    assert f"Plan open {age_words(months)} or more" in case, slug
    client.post("/logout/")
