"""Demo data for the local run: agencies, venues and one login per role in every
authority. Fictional people only. Safe to run twice."""

from __future__ import annotations

from base64 import b32decode
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import link_pending_invitations
from authorities.models import Agency, AgencyType, Authority, Membership, Role, Venue

from .demo_case import demo_members, seed_demo_case
from .demo_long_plan import seed_long_plan
from .demo_plan import seed_plan_life
from .demo_step_down import seed_step_down
from .demo_work import seed_role_work

DEMO_PASSWORD = "demo-pass-2026"
# The demo logins that must use two-factor sign-in (platform staff, authority administrators) come
# with an authenticator app already set up on this published key, so anyone trying the demo can add
# it to their own app (the README shows a one-line code printer). Demo data only: a real
# account's key is made at random when its owner sets the app up.
DEMO_TOTP_KEY = "DEMODEMODEMODEMODEMODEMODEMODEMO"
PLATFORM_ADMIN_EMAIL = "platform.admin@demo.test"
SHARED_PRACTITIONER_EMAIL = "police.officer@demo.test"
SHARED_PRACTITIONER_AUTHORITIES = ("staffordshire", "stoke-on-trent")

AGENCIES = [
    ("Police", AgencyType.POLICE),
    ("Health Visiting Service", AgencyType.HEALTH_VISITING),
    ("School Nursing Service", AgencyType.SCHOOL_NURSING),
    ("Oakfield Primary School", AgencyType.SCHOOL),
    ("Riverside Medical Practice", AgencyType.GP),
    ("Midwifery Service", AgencyType.MIDWIFERY),
    ("Probation Service", AgencyType.PROBATION),
    ("Housing Options", AgencyType.HOUSING),
    ("Drug and Alcohol Service", AgencyType.SUBSTANCE_MISUSE),
    ("Children's Social Care", AgencyType.CHILDRENS_SOCIAL_CARE),
]

# (role, e-mail local part, name, agency type for practitioners)
PEOPLE = [
    (Role.CHAIR, "chair", "Jordan Hale", None),
    (Role.TEAM_MANAGER, "team.manager", "Priya Nair", None),  # before the social worker, who links to them
    (Role.SOCIAL_WORKER, "social.worker", "Sam Okafor", None),
    (Role.SERVICE_MANAGER, "service.manager", "Chris Doyle", None),
    (Role.HEAD_OF_SERVICE, "head.of.service", "Morgan Reid", None),
    (Role.PRACTITIONER, "health.visitor", "Ellis Hart", AgencyType.HEALTH_VISITING),
    (Role.PRACTITIONER, "teacher", "Robin Shaw", AgencyType.SCHOOL),
    (Role.BUSINESS_SUPPORT, "business.support", "Kit Lawson", None),
    (Role.AUTHORITY_ADMIN, "admin", "Alex Byrne", None),
]

# No demo closure days: the statutory examples in RULES.md must come out as printed there.


@dataclass(frozen=True)
class DemoLogin:
    email: str
    authority: str
    role: str


def demo_email(local: str, slug: str) -> str:
    return f"{local}@{slug}.demo.test"


@transaction.atomic
def _agencies_and_venues(authority: Authority) -> dict[str, Agency]:
    """The demo agencies (by type) and venues of one authority, made once."""
    agencies = {}
    for name, agency_type in AGENCIES:
        agency, _ = Agency.framework_objects.get_or_create(
            authority=authority,
            name=f"{authority.name} {name}" if agency_type == AgencyType.POLICE else name,
            defaults={"type": agency_type},
        )
        agencies[agency_type] = agency
    for venue_name in ("Civic Centre, Room 2", "Family Centre, Meeting Room"):
        Venue.framework_objects.get_or_create(
            authority=authority, name=venue_name, defaults={"address": f"{venue_name}, {authority.name}"}
        )
    return agencies


def seed_demo() -> list[DemoLogin]:
    User = get_user_model()
    logins: list[DemoLogin] = []

    def person(email: str, name: str, **extra) -> object:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name, **extra})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def demo_app(user) -> None:
        if not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
            key = b32decode(DEMO_TOTP_KEY).hex()
            TOTPDevice.objects.create(user=user, name="Demo authenticator app", confirmed=True, key=key)

    def member(user, authority: Authority, role: str, agency: Agency | None = None, **extra) -> Membership:
        membership = Membership.objects.for_authority(authority).filter(user=user).first()
        if membership is None:
            membership = Membership.objects.create(
                authority=authority, user=user, role=role, agency=agency, **extra
            )
            link_pending_invitations(membership=membership)
        logins.append(DemoLogin(user.email, authority.name, membership.get_role_display()))
        return membership

    demo_app(person(PLATFORM_ADMIN_EMAIL, "Platform Administrator", is_staff=True, is_superuser=True))
    logins.append(DemoLogin(PLATFORM_ADMIN_EMAIL, "every authority (Django admin)", "Platform staff"))
    shared = person(SHARED_PRACTITIONER_EMAIL, "Dana Whitfield", job_title="Detective Constable")

    for authority in Authority.objects.filter(is_active=True).order_by("name"):
        agencies = _agencies_and_venues(authority)
        team_manager = None
        for role, local, name, agency_type in PEOPLE:
            is_staff = role == Role.AUTHORITY_ADMIN
            user = person(demo_email(local, authority.slug), name, is_staff=is_staff)
            if role == Role.AUTHORITY_ADMIN:
                demo_app(user)
            agency = agencies.get(agency_type) if agency_type else None
            extra = {"team_manager": team_manager} if role == Role.SOCIAL_WORKER else {}
            membership = member(user, authority, role, agency, **extra)
            if role == Role.TEAM_MANAGER:
                team_manager = membership
        shared_here = None
        if authority.slug in SHARED_PRACTITIONER_AUTHORITIES:
            shared_here = member(shared, authority, Role.PRACTITIONER, agencies[AgencyType.POLICE])
        domain = f"{authority.slug}.demo.test"
        family = seed_demo_case(authority, email_domain=domain)
        members = demo_members(authority, domain)
        # Before the role work, whose deadline sweep then covers these families' deadlines too.
        seed_plan_life(authority, members)
        seed_step_down(authority, members)
        seed_long_plan(authority, members)
        seed_role_work(authority, members, demo_family=family, shared=shared_here)
    return logins
