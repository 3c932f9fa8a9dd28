"""Cross-tenant harness: for every URL pattern and API route that exists, each role of
authority A can neither read nor change anything of authority B.

New routes are covered by existing here: a route with an object id must name its model (DRF
viewsets through `model`, page views through `tenant_model`), and the harness makes one
object of that model in authority B to aim at.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from authorities.models import Agency, ClosureDay, Membership, Role, RuleSet, Venue
from authorities.scoping import TenantModel
from tests.factories import AgencyFactory, ClosureDayFactory, MembershipFactory, VenueFactory

WRITE_METHODS = ("post", "put", "patch", "delete")
NOT_FOUND_OR_NOT_ALLOWED = {404, 405}


@dataclass(frozen=True)
class Route:
    name: str
    params: frozenset[str]
    callback: object
    api: bool

    @property
    def model(self):
        cls = getattr(self.callback, "cls", None)
        return getattr(cls, "model", None) or getattr(self.callback, "tenant_model", None)


def _params(pattern) -> set[str]:
    if hasattr(pattern, "converters") and pattern.converters:
        return set(pattern.converters)
    regex = getattr(pattern, "regex", None)
    return set(regex.groupindex) if regex is not None else set()


def _walk(patterns, inherited: frozenset[str] = frozenset(), namespace: str = ""):
    for entry in patterns:
        params = inherited | _params(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # the admin has its own test below
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, frozenset(params), inner)
        elif isinstance(entry, URLPattern) and entry.name and "format" not in params:
            name = f"{namespace}{entry.name}"
            yield Route(name, frozenset(params), entry.callback, api=hasattr(entry.callback, "cls"))


def tenant_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        if "authority_slug" in route.params:
            seen.setdefault(route.name, route)
    return sorted(seen.values(), key=lambda r: r.name)


def _case_makers() -> dict:
    """Cases and scheduling: a Betashire-named object per model that routes take ids of."""
    from cases.models import (
        Child,
        ChildInNeedPlan,
        ChildInNeedReview,
        ChildProtectionPlan,
        Family,
        Person,
        PlanItem,
        StrategyDiscussion,
    )
    from conferences.models import (
        Conference,
        ConferenceChild,
        FamilyLetter,
        Invitation,
        ObserverRequest,
        ProfessionalSlotRequest,
    )
    from tests.factories import (
        ChildFactory,
        ChildInNeedPlanFactory,
        ChildProtectionPlanFactory,
        ConferenceFactory,
        FamilyFactory,
        InvitationFactory,
        PersonFactory,
        StrategyDiscussionFactory,
    )

    def request(model, **fields):
        def make(authority):
            conference = ConferenceFactory(
                family__authority=authority, family__name="Betashire Secret Family"
            )
            return model.framework_objects.create(
                authority=authority, conference=conference, requested_by=conference.social_worker, **fields
            )

        return make

    return {
        Family: lambda authority: FamilyFactory(authority=authority, name="Betashire Secret Family"),
        Child: lambda authority: ChildFactory(family__authority=authority, first_name="Betashire"),
        Person: lambda authority: PersonFactory(family__authority=authority, first_name="Betashire"),
        ChildProtectionPlan: lambda authority: ChildProtectionPlanFactory(
            child__family__authority=authority,
            child__first_name="Betashire",
            end_reason="Betashire secret end",
            oversight_follow_up="Betashire secret follow-up",
        ),
        PlanItem: lambda authority: PlanItem.framework_objects.create(
            authority=authority,
            plan=ChildProtectionPlanFactory(
                child__family__authority=authority, child__first_name="Betashire"
            ),
            kind="danger",
            text="Betashire secret danger",
        ),
        ChildInNeedPlan: lambda authority: ChildInNeedPlanFactory(
            child__family__authority=authority, child__first_name="Betashire", notes="Betashire secret notes"
        ),
        ChildInNeedReview: lambda authority: _in_need_review(
            authority, ChildInNeedReview, ChildInNeedPlanFactory
        ),
        StrategyDiscussion: lambda authority: StrategyDiscussionFactory(
            family__authority=authority, outcome="Betashire secret outcome"
        ),
        Conference: lambda authority: ConferenceFactory(
            family__authority=authority, family__name="Betashire Secret Family"
        ),
        ConferenceChild: lambda authority: ConferenceChild.framework_objects.get(
            conference=ConferenceFactory(family__authority=authority, family__name="Betashire Secret Family")
        ),
        Invitation: lambda authority: InvitationFactory(
            conference__family__authority=authority, name="Betashire Secret Invitee"
        ),
        FamilyLetter: lambda authority: _family_letter(authority),
        ProfessionalSlotRequest: request(ProfessionalSlotRequest, reason="Betashire secret slot"),
        ObserverRequest: request(
            ObserverRequest, observer_name="Betashire Observer", observer_role="Student", reason="Betashire"
        ),
    }


def _in_need_review(authority, model, plan_factory):
    """A review of a Betashire child in need plan, its notes a secret."""
    plan = plan_factory(child__family__authority=authority, child__first_name="Betashire")
    return model.framework_objects.create(
        authority=authority,
        plan=plan,
        held_on=plan.started_on,
        attended="Betashire secret attendee",
        outcome="continue",
        notes="Betashire secret review notes",
        recorded_by=MembershipFactory(authority=authority),
    )


def _family_letter(authority):
    """A letter produced for a Betashire parent after their conference moved."""
    from conferences.models import FamilyLetter
    from tests.factories import InvitationFactory

    invitation = InvitationFactory(
        conference__family__authority=authority,
        kind="parent",
        membership=None,
        name="Betashire Secret Parent",
    )
    conference = invitation.conference
    return FamilyLetter.framework_objects.create(
        authority=authority,
        conference=conference,
        invitation=invitation,
        sequence=1,
        starts_at=conference.starts_at,
        produced_at=conference.starts_at,
        produced_by=conference.social_worker,
    )


def _report_makers() -> dict:
    """Agency reports: a Betashire report, upload and sharing record."""
    from reports.models import AgencyReport, ReportSharing, ReportUpload
    from tests.factories import AgencyReportFactory, ReportSharingFactory, ReportUploadFactory

    return {
        AgencyReport: lambda authority: AgencyReportFactory(
            invitation__conference__family__authority=authority,
            invitation__name="Betashire Secret Invitee",
            content={"involvement": {"text": "Betashire secret report", "not_known": False}},
        ),
        ReportUpload: lambda authority: ReportUploadFactory(
            authority=authority, original_name="Betashire secret.pdf"
        ),
        ReportSharing: lambda authority: ReportSharingFactory(
            invitation__conference__family__authority=authority, invitation__name="Betashire Secret Invitee"
        ),
    }


def _scheduling_makers() -> dict:
    """Deadlines, escalations, notifications: Betashire-named rows."""
    from scheduling.models import Deadline, Escalation, Notification
    from tests.factories import DeadlineFactory, EscalationFactory, NotificationFactory

    return {
        Deadline: lambda authority: DeadlineFactory(
            family__authority=authority, label="Betashire secret deadline"
        ),
        Escalation: lambda authority: EscalationFactory(
            deadline__family__authority=authority, reason="Betashire secret escalation"
        ),
        Notification: lambda authority: NotificationFactory(
            authority=authority, subject="Betashire secret notification"
        ),
    }


def _account_makers() -> dict:
    """Account invitations: someone new invited by Betashire."""
    from accounts.models import AccountInvitation
    from accounts.services import expiry_from

    def invitation(authority):
        return AccountInvitation.objects.create(
            authority=authority,
            email="betashire.secret@example.test",
            name="Betashire Secret Invitee",
            agency=AgencyFactory(authority=authority, name="Betashire Secret Housing"),
            expires_at=expiry_from(timezone.now()),
        )

    return {AccountInvitation: invitation}


def _core_group_makers() -> dict:
    """Core groups: a Betashire group, a meeting held with minutes (so the
    minutes PDF and correction routes have something real to aim at) and an action point."""
    import datetime

    from coregroups.models import (
        CoreGroup,
        CoreGroupAction,
        CoreGroupMeeting,
        CoreGroupMinutes,
        MeetingNotice,
    )
    from tests.factories import FamilyFactory

    def group(authority):
        family = FamilyFactory(authority=authority, name="Betashire Secret Family")
        return CoreGroup.framework_objects.create(authority=authority, family=family)

    def minutes(authority):
        held = CoreGroupMeeting.framework_objects.create(
            authority=authority,
            core_group=group(authority),
            scheduled_at=datetime.datetime(2030, 1, 7, 10, tzinfo=datetime.UTC),
            held_on=datetime.date(2030, 1, 7),
            venue_note="Betashire secret venue",
        )
        return CoreGroupMinutes.framework_objects.create(
            authority=authority,
            meeting=held,
            recorded_by=held.core_group.family.social_worker,
            child_voice="Betashire secret child's voice",
        )

    def meeting(authority):
        return minutes(authority).meeting

    def action(authority):
        return CoreGroupAction.framework_objects.create(
            authority=authority, minutes=minutes(authority), text="Betashire secret action"
        )

    def notice(authority):
        from tests.factories import PersonFactory

        held = meeting(authority)
        return MeetingNotice.framework_objects.create(
            authority=authority,
            meeting=held,
            person=PersonFactory(family=held.core_group.family, first_name="Betashire"),
            name="Betashire Secret Parent",
            what=MeetingNotice.What.MINUTES_FAMILY,
            channel=MeetingNotice.Channel.LETTER,
            sequence=1,
            sent_at=datetime.datetime(2030, 1, 8, 10, tzinfo=datetime.UTC),
        )

    def concern(authority):
        from coregroups.models import AttendanceConcern

        held = minutes(authority).meeting
        return AttendanceConcern.framework_objects.create(
            authority=authority,
            core_group=held.core_group,
            member_name="Betashire Secret Member",
            harm="Betashire secret harm",
            raised_by=MembershipFactory(authority=authority),
        )

    def recommendation(authority):
        from coregroups.models import PreReviewRecommendation
        from tests.factories import ChildProtectionPlanFactory

        held = meeting(authority)
        plan = ChildProtectionPlanFactory(child__family=held.core_group.family, child__first_name="Betashire")
        return PreReviewRecommendation.framework_objects.create(
            authority=authority,
            meeting=held,
            plan=plan,
            recommendation="end",
            rationale="Betashire secret rationale",
            recorded_by=held.core_group.family.social_worker,
        )

    def conversation(authority):
        from coregroups.models import DelistConversation
        from tests.factories import ConferenceFactory

        review = ConferenceFactory(family__authority=authority, family__name="Betashire Secret Family")
        return DelistConversation.framework_objects.create(
            authority=authority,
            conference=review,
            spoke_with=review.social_worker,
            spoke_on=datetime.date(2030, 1, 7),
            outcome="Betashire secret outcome",
            recorded_by=review.chair,
        )

    from coregroups.models import AttendanceConcern, DelistConversation, PreReviewRecommendation

    return {
        CoreGroup: group,
        CoreGroupMeeting: meeting,
        CoreGroupAction: action,
        MeetingNotice: notice,
        AttendanceConcern: concern,
        PreReviewRecommendation: recommendation,
        DelistConversation: conversation,
    }


def _outline_plan_makers() -> dict:
    """Outline plan actions (deadlines and "mark done"): a Betashire conference's action."""
    import datetime

    from conferences.models import OutlineItemKind, OutlinePlan, OutlinePlanItem
    from tests.factories import ConferenceFactory

    def action(authority):
        conference = ConferenceFactory(family__authority=authority, family__name="Betashire Secret Family")
        plan = OutlinePlan.framework_objects.create(authority=authority, conference=conference)
        return OutlinePlanItem.framework_objects.create(
            authority=authority,
            plan=plan,
            kind=OutlineItemKind.ACTION,
            text="Betashire secret action",
            owner_name="Betashire Secret Owner",
            due_on=datetime.date(2030, 1, 7),
        )

    return {OutlinePlanItem: action}


def _audit_makers() -> dict:
    """The read audit: a Betashire event (ids only), for the admin's read-only list."""
    from accounts.models import AccessAction, AccessEvent

    def access_event(authority):
        return AccessEvent.objects.create(
            authority=authority, user_id=1, action=AccessAction.CASE_VIEW, route="betashire-secret-route"
        )

    return {AccessEvent: access_event}


OBJECT_MAKERS = {
    Agency: lambda authority: AgencyFactory(authority=authority, name="Betashire Secret Agency"),
    Venue: lambda authority: VenueFactory(authority=authority, name="Betashire Secret Venue"),
    ClosureDay: lambda authority: ClosureDayFactory(
        authority=authority, description="Betashire secret closure"
    ),
    Membership: lambda authority: MembershipFactory(
        authority=authority, user__full_name="Betashire Secret Person"
    ),
    RuleSet: lambda authority: RuleSet.objects.for_authority(authority).get(),
    **_case_makers(),
    **_report_makers(),
    **_scheduling_makers(),
    **_account_makers(),
    **_core_group_makers(),
    **_outline_plan_makers(),
    **_audit_makers(),
}


def test_every_tenant_route_is_known_to_the_harness():
    routes = tenant_routes()
    assert {"home", "rules-in-force", "due-dates", "agency-list", "agency-detail"} <= {r.name for r in routes}
    for route in routes:
        extra = route.params - {"authority_slug"}
        if extra:
            assert route.model is not None, f"{route.name}: declare the tenant model its ids refer to"
            assert issubclass(route.model, TenantModel)
            assert route.model in OBJECT_MAKERS, f"{route.name}: add {route.model.__name__} to OBJECT_MAKERS"


def test_the_harness_walks_the_requests_to_the_chair_preparation_and_letter_pdf_routes():
    """The cases and accounts API and the family letter PDF are among the routes the harness attacks below."""
    routes = {route.name: route for route in tenant_routes()}
    for name in (
        "professional-slot-request-list",
        "professional-slot-request-detail",
        "professional-slot-request-decide",
        "observer-request-list",
        "observer-request-detail",
        "observer-request-decide",
        "observer-request-family-agreement",
        "conference-preparation",
        "conference-family-needs",
        "conference-separate-arrangements",
        "conference-pre-meeting",
        "conference-social-worker-report",
        "conferences:invitation-letter-pdf",
        "family-letter-pdf",
        "review-conversation-partners",
        "conferences:plan-action-done",
        "conferences:plan-action-not-done",
        "conferences:plan-action-history",
        "conferences:live-action-due",
        "plan-action-list",
        "plan-action-detail",
        "plan-action-done",
        "plan-action-not-done",
        "live-conference-action-due-date",
        "live-conference-remove-plan-item",
    ):
        assert name in routes and routes[name].model in OBJECT_MAKERS, name


def test_the_harness_walks_the_review_recommendation_attendance_and_combined_report_routes():
    """What the core group puts to a review, attendance concerns and the combined report are
    attacked below, each aimed at its own model's Betashire object."""
    from conferences.models import Conference
    from coregroups.models import AttendanceConcern, CoreGroup, CoreGroupMeeting

    routes = {route.name: route for route in tenant_routes()}
    for name, model in (
        ("coregroups:meeting-recommendation", CoreGroupMeeting),
        ("coregroups:review-conversation", Conference),
        ("coregroups:attendance-concern", CoreGroup),
        ("coregroups:attendance-answer", AttendanceConcern),
        ("reports:combined-report", Conference),
    ):
        assert name in routes and routes[name].model is model, name
        assert model in OBJECT_MAKERS, name


@pytest.mark.django_db
def test_the_harness_walks_the_core_group_minutes_pdf_and_correction_routes(two_authorities):
    """The minutes PDF and correction (page and API) are attacked below, aimed at a held meeting
    with minutes, so a route that forgot its scoping would have something to leak."""
    from coregroups.models import CoreGroupMeeting

    _, theirs = two_authorities
    target = OBJECT_MAKERS[CoreGroupMeeting](theirs)
    assert target.held_on and "Betashire" in target.minutes.child_voice

    routes = {route.name: route for route in tenant_routes()}
    for name in (
        "coregroups:meeting-minutes-pdf",
        "coregroups:meeting-minutes-correct",
        "core-group-meeting-minutes-pdf",
        "core-group-meeting-correct",
    ):
        assert name in routes and routes[name].model is CoreGroupMeeting, name


def _url(route: Route, slug: str, obj=None) -> str:
    kwargs = {"authority_slug": slug}
    for param in route.params - {"authority_slug"}:
        kwargs[param] = obj.pk
    return reverse(route.name, kwargs=kwargs)


def _snapshot(obj):
    return model_to_dict(type(obj).framework_objects.get(pk=obj.pk))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_no_role_of_one_authority_reads_or_changes_another_authoritys_data(
    client, two_authorities, role, settings
):
    # About ten calls a route, by one person: past the per-user API rate (tested on its own
    # elsewhere) once there are a hundred routes, when a 429 would hide the answer under test.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    mine, theirs = two_authorities
    me = MembershipFactory(authority=mine, role=role)
    client.force_login(me.user)
    routes = tenant_routes()
    assert routes
    # One object of theirs per model, shared by every route about that model: each route still
    # proves it left the object as it found it, and the walk does not rebuild a case per route.
    targets: dict = {}
    for route in routes:
        needs_object = bool(route.params - {"authority_slug"})
        if needs_object and route.model not in targets:
            targets[route.model] = OBJECT_MAKERS[route.model](theirs)
        target = targets.get(route.model) if needs_object else None
        before = _snapshot(target) if target is not None else None

        # Their slug: not a member there, so nothing under it exists for me.
        url = _url(route, theirs.slug, target)
        assert client.get(url).status_code == 404, f"GET {url} as {role}"
        for method in WRITE_METHODS:
            response = getattr(client, method)(url, data={}, content_type="application/json")
            assert response.status_code == 404, f"{method.upper()} {url} as {role}: {response.status_code}"

        if needs_object:
            # My slug, their object: not found either, and not changed.
            url = _url(route, mine.slug, target)
            assert client.get(url).status_code == 404, f"GET {url} as {role}"
            for method in WRITE_METHODS:
                response = getattr(client, method)(
                    url, data={"name": "hijacked"}, content_type="application/json"
                )
                assert response.status_code in NOT_FOUND_OR_NOT_ALLOWED, f"{method.upper()} {url} as {role}"
            assert _snapshot(target) == before
        else:
            # My slug, a list or page: nothing of theirs shows.
            response = client.get(_url(route, mine.slug))
            # A page only some roles may use (require_roles) answers 403 to the others, revealing nothing.
            allowed_roles = getattr(route.callback, "allowed_roles", None) or getattr(
                getattr(route.callback, "cls", None), "allowed_roles", None
            )
            expected = {403} if allowed_roles is not None and role not in allowed_roles else {200, 400}
            assert response.status_code in expected, f"GET {route.name} as {role}: {response.status_code}"
            content = b"".join(response.streaming_content) if response.streaming else response.content
            body = content.decode()  # an export streams
            assert "Betashire" not in body, f"{route.name} shows another authority's data to {role}"


@pytest.mark.django_db
def test_unknown_authority_and_foreign_authority_look_the_same(client, two_authorities):
    mine, theirs = two_authorities
    client.force_login(MembershipFactory(authority=mine).user)
    for slug in (theirs.slug, "no-such-authority"):
        assert client.get(f"/{slug}/").status_code == 404
        assert client.get(f"/api/v1/{slug}/agencies/").status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_refuses_them(client, two_authorities):
    mine, _ = two_authorities
    for route in tenant_routes():
        if route.params - {"authority_slug"}:
            continue
        response = client.get(_url(route, mine.slug))
        if route.api:
            assert response.status_code in {401, 403}, route.name
        else:
            assert response.status_code == 302 and "/login/" in response["Location"], route.name


def _admin_models():
    from django.contrib import admin

    return [model for model in admin.site._registry if issubclass(model, TenantModel)]


@pytest.mark.django_db
def test_an_authority_administrator_sees_and_changes_only_their_authority_in_the_admin(
    client, two_authorities
):
    mine, theirs = two_authorities
    admin_membership = MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN, user__is_staff=True)
    client.force_login(admin_membership.user)
    targets = {model: OBJECT_MAKERS[model](theirs) for model in _admin_models()}
    assert set(targets) >= {Agency, Venue, ClosureDay, Membership, RuleSet}
    for model, target in targets.items():
        meta = model._meta
        changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert changelist.status_code == 200, meta.model_name
        assert "Betashire" not in changelist.content.decode(), f"{meta.model_name} changelist leaks"
        before = _snapshot(target)
        change_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])
        response = client.get(change_url)
        assert response.status_code in {302, 404}, f"{meta.model_name} change view: {response.status_code}"
        client.post(change_url, data={"name": "hijacked"})
        delete_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[target.pk])
        client.post(delete_url, data={"post": "yes"})
        assert type(target).framework_objects.filter(pk=target.pk).exists()
        assert _snapshot(target) == before
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Betashire Secret Person" not in users
    add_form = client.get(reverse("admin:authorities_agency_add")).content.decode()
    assert "Betashire" not in add_form


@pytest.mark.django_db
def test_platform_staff_see_every_authority_in_the_admin(admin_client, two_authorities):
    _, theirs = two_authorities
    AgencyFactory(authority=theirs, name="Betashire Visible Agency")
    assert (
        "Betashire Visible Agency"
        in admin_client.get(reverse("admin:authorities_agency_changelist")).content.decode()
    )


def test_the_harness_walks_the_access_log_page_and_its_csv():
    """The read audit's page and export are tenant routes like any other: attacked above by every
    role (403 for all but authority administrators, nothing of Betashire's for them)."""
    routes = {route.name: route for route in tenant_routes()}
    for name in ("audit:access-events", "audit:access-events-csv"):
        assert name in routes and routes[name].callback.allowed_roles == {Role.AUTHORITY_ADMIN}, name


@pytest.mark.django_db
def test_an_authority_administrator_sees_no_read_of_another_authority_in_the_access_log(
    client, two_authorities
):
    """Reads made in Betashire (by a Betashire person, of a Betashire child) stay out of
    Alphashire's access log and its export, whatever the filter names."""
    from accounts.models import AccessEvent
    from tests.factories import ChildFactory

    mine, theirs = two_authorities
    reader = MembershipFactory(authority=theirs, role=Role.SOCIAL_WORKER, user__full_name="Betashire Reader")
    child = ChildFactory(family__authority=theirs, first_name="Betashire")
    client.force_login(reader.user)
    assert client.get(f"/api/v1/{theirs.slug}/children/{child.pk}/").status_code == 200
    assert client.get(f"/{theirs.slug}/cases/{child.family_id}/").status_code == 200
    assert AccessEvent.objects.for_authority(theirs).exclude(action="sign_in").count() == 2

    client.force_login(MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN).user)
    for query in ("", f"?child={child.pk}", f"?case={child.family_id}", "?action=child.view"):
        page = client.get(reverse("audit:access-events", kwargs={"authority_slug": mine.slug}) + query)
        assert page.status_code == 200, query
        # At most the administrator's own sign-in here: nothing of Betashire's.
        assert {event.authority_id for event, _ in page.context["rows"]} <= {mine.pk}, query
        assert {event.action for event, _ in page.context["rows"]} <= {"sign_in"}, query
        assert "Betashire" not in page.content.decode()
        csv_url = reverse("audit:access-events-csv", kwargs={"authority_slug": mine.slug}) + query
        lines = b"".join(client.get(csv_url).streaming_content).decode().splitlines()[1:]
        assert all(",sign_in," in line for line in lines), lines
