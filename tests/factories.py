"""factory_boy factories. Tenant rows are built through the unscoped path (creation names its
authority, so the fail-closed manager's read guard does not apply)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from authorities.models import Agency, AgencyType, Authority, ClosureDay, Membership, Role, RuleSet, Venue
from scheduling.calendars import calendar_for

PASSWORD = "test-pass-2026"


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class):
        return model_class.framework_objects


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class AgencyFactory(TenantFactory):
    class Meta:
        model = Agency

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    type = AgencyType.HEALTH_VISITING


class VenueFactory(TenantFactory):
    class Meta:
        model = Venue

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")


class ClosureDayFactory(TenantFactory):
    class Meta:
        model = ClosureDay

    authority = factory.SubFactory(AuthorityFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="+1y")
    description = "Office closure"


class MembershipFactory(TenantFactory):
    class Meta:
        model = Membership

    authority = factory.SubFactory(AuthorityFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.SOCIAL_WORKER
    agency = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role == Role.PRACTITIONER),
        yes_declaration=factory.SubFactory(AgencyFactory, authority=factory.SelfAttribute("..authority")),
        no_declaration=None,
    )


def copy_rule_set(source: RuleSet, authority: Authority, **changes) -> RuleSet:
    """A new authority gets a copy of a shipped rule set (as an administrator would make)."""
    settings = list(source.settings.all())
    rule_set = RuleSet.framework_objects.get(pk=source.pk)
    rule_set.pk = None
    rule_set.id = None
    rule_set.authority = authority
    for name, value in changes.items():
        setattr(rule_set, name, value)
    rule_set.save()
    for setting in settings:
        setting.pk = None
        setting.id = None
        setting.authority = authority
        setting.rule_set = rule_set
    type(settings[0]).framework_objects.bulk_create(settings)
    return rule_set


# --- cases -------------------------------------------------------------------------------------


class FamilyFactory(TenantFactory):
    class Meta:
        model = "cases.Family"

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Family {n}")
    reference = factory.Sequence(lambda n: f"CASE-{n:05d}")
    social_worker = factory.SubFactory(
        MembershipFactory, authority=factory.SelfAttribute("..authority"), role=Role.SOCIAL_WORKER
    )


class ChildFactory(TenantFactory):
    class Meta:
        model = "cases.Child"

    family = factory.SubFactory(FamilyFactory)
    authority = factory.SelfAttribute("family.authority")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_between", start_date="-15y", end_date="-1m")


class PersonFactory(TenantFactory):
    class Meta:
        model = "cases.Person"

    family = factory.SubFactory(FamilyFactory)
    authority = factory.SelfAttribute("family.authority")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")


class StrategyDiscussionFactory(TenantFactory):
    class Meta:
        model = "cases.StrategyDiscussion"

    family = factory.SubFactory(FamilyFactory)
    authority = factory.SelfAttribute("family.authority")
    held_on = factory.Faker("date_between", start_date="-10d", end_date="today")
    attendees = "Social worker, police, health visitor"
    outcome = "Section 47 enquiries to start"
    section47_started = True
    recorded_by = factory.SelfAttribute("family.social_worker")


# --- conferences -------------------------------------------------------------------------------


def _working_days_ahead(authority, days: int) -> datetime.datetime:
    """10:00 London time on the day `days` working days after today, counted by the engine.

    A random day could fall so close that a report is already due, or on a closure day, so the
    tests' results would depend on the day they run."""
    day = calendar_for(authority).add_working_days(timezone.localdate(), days)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Europe/London"))


class ConferenceFactory(TenantFactory):
    """An initial conference for a family with one child (pass `children=[...]` for more)."""

    class Meta:
        model = "conferences.Conference"
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    authority = factory.SelfAttribute("family.authority")
    kind = "initial"
    starts_at = factory.LazyAttribute(lambda conference: _working_days_ahead(conference.authority, 10))
    chair = factory.SubFactory(
        MembershipFactory, authority=factory.SelfAttribute("..authority"), role=Role.CHAIR
    )
    social_worker = factory.SelfAttribute("family.social_worker")
    created_by = factory.SelfAttribute("family.social_worker")

    @factory.post_generation
    def children(conference, create, extracted, **kwargs):
        if not create:
            return
        from conferences.models import ConferenceChild

        children = extracted if extracted is not None else [ChildFactory(family=conference.family)]
        for child in children:
            ConferenceChild.framework_objects.create(
                authority=conference.authority, conference=conference, child=child
            )


class InvitationFactory(TenantFactory):
    """A professional invited with their account (a practitioner membership)."""

    class Meta:
        model = "conferences.Invitation"

    conference = factory.SubFactory(ConferenceFactory)
    authority = factory.SelfAttribute("conference.authority")
    kind = "professional"
    membership = factory.SubFactory(
        MembershipFactory, authority=factory.SelfAttribute("..authority"), role=Role.PRACTITIONER
    )
    agency = factory.LazyAttribute(lambda i: i.membership.agency if i.membership else None)
    name = factory.LazyAttribute(lambda i: i.membership.user.display_name if i.membership else "Invitee")
    email = factory.LazyAttribute(lambda i: i.membership.user.email if i.membership else "")
    role_label = factory.LazyAttribute(lambda i: i.agency.get_type_display() if i.agency else "")
    invited_by = "email"
    invited_at = factory.Faker("date_time_between", start_date="-3d", end_date="now", tzinfo=datetime.UTC)


# --- scheduling: deadlines, escalations, notifications ------------------------------------------


def _content_type(app_label: str, model: str):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_by_natural_key(app_label, model)


class DeadlineFactory(TenantFactory):
    """An open ICPC-15WD deadline about a family (the subject is the family itself here)."""

    class Meta:
        model = "scheduling.Deadline"

    family = factory.SubFactory(FamilyFactory)
    authority = factory.SelfAttribute("family.authority")
    rule_id = "ICPC-15WD"
    mode = "required"
    subject_type = factory.LazyFunction(lambda: _content_type("cases", "family"))
    subject_id = factory.SelfAttribute("family.pk")
    label = factory.LazyAttribute(lambda d: f"Initial conference for {d.family.name}")
    event_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    responsible = factory.SelfAttribute("family.social_worker")


class EscalationFactory(TenantFactory):
    class Meta:
        model = "scheduling.Escalation"

    deadline = factory.SubFactory(DeadlineFactory)
    authority = factory.SelfAttribute("deadline.authority")
    family = factory.SelfAttribute("deadline.family")
    kind = "deadline"
    level = 1
    level_label = "Team manager"
    roles = factory.LazyFunction(lambda: ["team_manager"])
    reason = "The initial conference is overdue (ICPC-15WD)"
    respond_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=2))


class NotificationFactory(TenantFactory):
    class Meta:
        model = "scheduling.Notification"

    authority = factory.SubFactory(AuthorityFactory)
    recipient = factory.SubFactory(UserFactory)
    kind = "other"
    subject = factory.Sequence(lambda n: f"Notification {n}")


# --- reports -----------------------------------------------------------------------------------


class AgencyReportFactory(TenantFactory):
    """A submitted structured report (version 1) for a professional's invitation."""

    class Meta:
        model = "reports.AgencyReport"

    invitation = factory.SubFactory(InvitationFactory)
    authority = factory.SelfAttribute("invitation.authority")
    conference = factory.SelfAttribute("invitation.conference")
    version = 1
    kind = "structured"
    status = "submitted"
    content = factory.LazyFunction(lambda: {"involvement": {"text": "Known to the service"}})
    signed = True
    submitted_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    submitted_by = factory.SelfAttribute("invitation.membership")
    created_by = factory.SelfAttribute("invitation.membership")


class ReportUploadFactory(TenantFactory):
    """Only the row: tests that need the bytes on disk upload through the service."""

    class Meta:
        model = "reports.ReportUpload"

    authority = factory.SubFactory(AuthorityFactory)
    stored_name = factory.Sequence(lambda n: f"{n:040x}.pdf")
    original_name = "report.pdf"
    detected_type = "pdf"
    size = 1024
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(
        MembershipFactory, authority=factory.SelfAttribute("..authority"), role=Role.PRACTITIONER
    )


class ReportSharingFactory(TenantFactory):
    class Meta:
        model = "reports.ReportSharing"

    invitation = factory.SubFactory(InvitationFactory)
    authority = factory.SelfAttribute("invitation.authority")
    shared_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SelfAttribute("invitation.membership")


# --- plans -------------------------------------------------------------------------------------


class ChildProtectionPlanFactory(TenantFactory):
    """An active child protection plan that started three months ago."""

    class Meta:
        model = "cases.ChildProtectionPlan"

    child = factory.SubFactory(ChildFactory)
    authority = factory.SelfAttribute("child.authority")
    category = "neglect"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))


class ChildInNeedPlanFactory(TenantFactory):
    class Meta:
        model = "cases.ChildInNeedPlan"

    child = factory.SubFactory(ChildFactory)
    authority = factory.SelfAttribute("child.authority")
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
