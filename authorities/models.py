from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from authorities.rules.ids import RuleId

from .compiled_reads import CompiledRead
from .human_dates import long_date
from .refusals import in_words
from .rules.catalogue import RULES_BY_ID
from .rules.values import escalation_value_errors
from .scoping import AuthorityManager, TenantModel


class UnknownRule(KeyError):
    """A rule id that the rule set does not hold."""

    def __str__(self) -> str:
        return f"unknown rule {self.args[0]!r}"


# Top-level paths that are not authorities; an authority with one of these slugs would be unreachable.
RESERVED_SLUGS = frozenset(
    {"accounts", "admin", "api", "login", "logout", "healthz", "static", "media", "my-conferences"}
)


def validate_authority_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by the product itself; choose another slug.")


def validate_two_factor_roles(value) -> None:
    if not isinstance(value, list) or not all(isinstance(role, str) for role in value):
        raise ValidationError('Give a list of roles, for example ["chair", "social_worker"].')
    unknown = sorted(set(value) - set(Role.values))
    if unknown:
        raise ValidationError(f"Unknown role(s): {', '.join(unknown)}. Choose from {', '.join(Role.values)}.")


class Authority(models.Model):
    """The tenant: one local authority."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_authority_slug])
    time_zone = models.CharField(max_length=60, default="Europe/London")
    dfe_la_code = models.CharField(
        "DfE LA code",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{3}$", "Enter the authority's three-digit DfE LA code.")],
        help_text="The three-digit local authority code the Department for Education uses (the census LEA).",
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()
    two_factor_roles = models.JSONField(
        "roles that must use two-factor sign-in",
        default=list,
        blank=True,
        validators=[validate_two_factor_roles],
        help_text="Authority administrators and platform staff always must; tick the other roles "
        "whose people must too.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name

    def requires_two_factor(self, role: str) -> bool:
        # An administrator can change users and rule sets, so a password alone is never enough.
        return role == Role.AUTHORITY_ADMIN or role in self.two_factor_roles


class AgencyType(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH_VISITING = "health_visiting", "Health visiting"
    SCHOOL_NURSING = "school_nursing", "School nursing"
    SCHOOL = "school", "School"
    GP = "gp", "GP"
    MIDWIFERY = "midwifery", "Midwifery"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    SUBSTANCE_MISUSE = "substance_misuse", "Drug and alcohol service"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    OTHER = "other", "Other"


class Agency(TenantModel):
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=40, choices=AgencyType.choices)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="agency_unique_name")]
        indexes = [models.Index(fields=["authority", "type"])]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CHAIR = "chair", "Conference chair"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    PRACTITIONER = "practitioner", "Agency practitioner"
    BUSINESS_SUPPORT = "business_support", "Business support"
    AUTHORITY_ADMIN = "authority_admin", "Authority administrator"


MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE})


class MembershipManager(AuthorityManager):
    def current(self, *, user, authority_slug: str) -> Membership | None:
        """The active membership of `user` in the authority with this slug, or None.
        Unknown authority and "not yours" give the same answer on purpose."""
        return self.current_and_own(user=user, authority_slug=authority_slug)[0]

    def current_and_own(self, *, user, authority_slug: str) -> tuple[Membership | None, list[Membership]]:
        """`current` and `of_user` in one query: every page shows both (the header offers "Switch
        authority" to someone with more than one membership). One membership per authority and
        person, so the one with this slug, if any, is the one `current` finds."""
        if not getattr(user, "is_authenticated", False):
            return None, []
        # Unordered: the header only counts them (the picker, which lists them, orders its own).
        # Every request reads them, so the SQL is compiled once per process.
        own = _own_memberships(user.pk)
        for membership in own:
            # The person asking, loaded by authentication already: joining their row again would
            # only add its columns to the most frequent query.
            membership.user = user
        return next((m for m in own if m.authority.slug == authority_slug), None), own

    def of_user(self, user) -> models.QuerySet:
        """A person's own memberships across authorities (the picker): scoped by user, not tenant."""
        return self._of_user_id(user.pk).order_by("authority__name")

    def _of_user_id(self, user_id: int) -> models.QuerySet:
        return (
            self._base()
            .select_related("authority", "agency")
            .filter(user_id=user_id, is_active=True, authority__is_active=True)
        )


class Membership(TenantModel):
    """A person's role in one authority (and, for practitioners, their agency there)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team_manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a social worker: their team manager (CHAIR-INDEPENDENT checks it).",
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = MembershipManager()

    class Meta(TenantModel.Meta):
        ordering = ["authority__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "user"], name="membership_one_per_authority"),
            models.CheckConstraint(
                condition=~Q(role="practitioner") | Q(agency__isnull=False),
                name="membership_practitioner_has_agency",
            ),
        ]
        indexes = [models.Index(fields=["authority", "role"])]

    @classmethod
    def made_of_ids(cls, authority: int, role: str, pk: int) -> Membership:
        """A membership made of ids, for a compiled read (`authorities.compiled_reads`) that narrows
        its rows with `visible_to(membership)`: the role decides the SQL's shape, and the ids go in
        as parameters."""
        member = cls(pk=pk, role=role)
        member.authority = Authority(pk=authority)
        return member

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.authority}"

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES


class ClosureDay(TenantModel):
    """A day the authority's offices are shut (not a working day for its timescales)."""

    date = models.DateField()
    description = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["authority", "date"], name="closure_day_unique")]

    def __str__(self) -> str:
        return f"{long_date(self.date)}: {self.description}"


class Venue(TenantModel):
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    accessibility_notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="venue_unique_name")]

    def __str__(self) -> str:
        return self.name


class Mode(models.TextChoices):
    REQUIRED = "required", "Required"
    ADVISED = "advised", "Advised"
    OFF = "off", "Off"
    ON = "on", "On"  # switches only


class SourceKind(models.TextChoices):
    SEED = "seed", "Authority document"
    WT = "wt", "Working Together (statutory)"
    DEFAULT = "default", "Product default"


class RuleSetQuerySet(models.QuerySet):
    def in_force_on(self, day: date) -> models.QuerySet:
        return self.filter(effective_from__lte=day).order_by("-effective_from")


class RuleSetManager(AuthorityManager.from_queryset(RuleSetQuerySet)):
    pass


class RuleSet(TenantModel):
    """One version of an authority's practice rules. A new version takes effect from its date;
    earlier events stay judged by the version in force on their date."""

    effective_from = models.DateField()
    wt_edition = models.CharField("Working Together edition", max_length=10)
    wt_edition_source = models.JSONField(default=dict)
    chair_title = models.CharField(max_length=100)
    chair_title_source = models.JSONField(default=dict)
    due_soon_working_days = models.PositiveSmallIntegerField(default=5)
    due_soon_source = models.JSONField(default=dict)
    framework_name = models.CharField(max_length=100)
    framework_source = models.JSONField(default=dict)
    agenda = models.JSONField(
        default=list, help_text="Sections in order: key, heading, review_only, family_visible"
    )
    report_headings = models.JSONField(default=list)
    notes = models.TextField(blank=True, help_text="Why this version was made.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = RuleSetManager()

    class Meta(TenantModel.Meta):
        ordering = ["authority__name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "effective_from"], name="ruleset_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.authority} rules from {long_date(self.effective_from)}"

    @cached_property
    def settings_by_id(self) -> dict[str, RuleSetting]:
        return {setting.rule_id: setting for setting in self.settings.all()}

    def setting(self, rule_id: str) -> RuleSetting:
        try:
            return self.settings_by_id[rule_id]
        except KeyError:
            raise UnknownRule(rule_id) from None

    def mode(self, rule_id: str) -> str:
        return self.setting(rule_id).mode

    def values(self, rule_id: str) -> dict:
        return self.setting(rule_id).values

    def is_on(self, rule_id: str) -> bool:
        """Whether the rule applies at all here (a switch that is on, or a rule not off)."""
        return self.mode(rule_id) != Mode.OFF


class RuleSetting(TenantModel):
    """One rule's mode and values in one rule set, with where they come from."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="settings")
    rule_id = models.CharField(max_length=40)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    values = models.JSONField(default=dict, blank=True)
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices)
    source_document = models.CharField(max_length=10, blank=True)
    source_quote = models.TextField(blank=True)
    source_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["rule_set", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "rule_id"], name="rulesetting_one_per_rule"),
        ]
        indexes = [models.Index(fields=["authority", "rule_id"])]

    def __str__(self) -> str:
        rule = RULES_BY_ID.get(self.rule_id)
        return in_words(f"{rule.title if rule else 'Rule'}: {self.get_mode_display().lower()}", self.rule_id)

    def clean(self) -> None:
        # The sweep computes with ESCALATION's values for a whole batch of authorities: a slip
        # typed in the admin is refused here, naming the rule, rather than failing a sweep later.
        if self.rule_id == RuleId.ESCALATION:
            errors = escalation_value_errors(self.values, roles=Role.values)
            if errors:
                raise ValidationError({"values": errors})


_own_memberships = CompiledRead(lambda user: Membership.objects._of_user_id(user).order_by())
