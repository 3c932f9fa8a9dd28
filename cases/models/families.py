"""A case: the family, its children, and their parents and carers with how each is related to
each child."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.models import Membership, Role
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel

from ..census_codes import Ethnicity, PrimaryNeed, ReferralSource, Sex, UPNUnknown


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Another gender"
    UNKNOWN = "unknown", "Not known"


class FamilyQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> FamilyQuerySet:
        """Practitioners see only the families of conferences they are invited to."""
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(
            conferences__invitations__membership=membership, conferences__authority=membership.authority
        ).distinct()


class Family(TenantModel):
    """A case: the household whose children are subject to enquiries and conferences."""

    name = models.CharField(max_length=200, help_text='How the case is known, e.g. "Smith family".')
    reference = models.CharField("case reference", max_length=50, blank=True)
    address = models.TextField(blank=True)
    social_worker = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The CIN census episode starts at the referral (CINreferralDate, ReferralSource).
    referral_on = models.DateField("referral date", null=True, blank=True)
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices, blank=True)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(FamilyQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["name"]
        verbose_name_plural = "families"
        indexes = [models.Index(fields=["authority", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "reference"], condition=~Q(reference=""), name="family_unique_reference"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def case_reference(self) -> str:
        """How the case is named in whatever leaves the system (e-mails, calendar invitations,
        notifications, letters): the authority's reference, never the family's name, since
        calendars are synced to phones and shared diaries far beyond the secure mailbox."""
        return self.reference or f"no. {self.pk}"


class ChildQuerySet(AuthorityQuerySet):
    def visible_to(self, membership: Membership) -> ChildQuerySet:
        if membership.role != Role.PRACTITIONER:
            return self
        return self.filter(
            family__in=Family.objects.for_authority(membership.authority).visible_to(membership)
        )

    def search(self, text: str) -> ChildQuerySet:
        text = text.strip()
        if not text:
            return self
        try:
            return self.filter(date_of_birth=date.fromisoformat(text))
        except ValueError:
            pass
        query = Q()
        for word in text.split():
            query &= (
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(other_names__icontains=word)
            )
        return self.filter(query)


class Child(TenantModel):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="children")
    first_name = models.CharField(max_length=100, help_text='For an unborn child, e.g. "Unborn".')
    last_name = models.CharField(max_length=100)
    other_names = models.CharField(max_length=200, blank=True)
    unborn = models.BooleanField(default=False, help_text="A pre-birth conference is allowed.")
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date = models.DateField("expected date of birth", null=True, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    ethnicity = models.CharField(max_length=100, blank=True)
    religion = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    disability = models.TextField("disability or special need", blank=True)
    address = models.TextField(blank=True, help_text="Leave blank if the same as the family's.")
    # What the CIN census needs, in its own code lists (cases.census_codes).
    la_child_id = models.CharField(
        "LA child ID",
        max_length=20,
        blank=True,
        help_text="The child's ID in the authority's case system: up to 20 letters and digits.",
    )
    upn = models.CharField("unique pupil number (UPN)", max_length=13, blank=True)
    upn_unknown = models.CharField(
        "why the UPN is not known", max_length=3, choices=UPNUnknown.choices, blank=True
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    ethnicity_code = models.CharField(
        "ethnicity (census code)", max_length=4, choices=Ethnicity.choices, blank=True
    )
    disability_codes = models.JSONField(
        "disabilities (census codes)", default=list, blank=True, help_text='e.g. ["NONE"] or ["HEAR", "LD"].'
    )
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(ChildQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["authority", "last_name", "first_name"]),
            models.Index(fields=["authority", "date_of_birth"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(unborn=True, expected_date__isnull=False)
                | Q(unborn=False, date_of_birth__isnull=False),
                name="child_born_has_dob_unborn_has_expected_date",
            ),
            # CENSUS-CHILD-ID: a child's identifiers are unique within the authority.
            models.UniqueConstraint(
                fields=["authority", "la_child_id"],
                condition=~Q(la_child_id=""),
                name="child_unique_la_child_id",
            ),
            models.UniqueConstraint(
                fields=["authority", "upn"], condition=~Q(upn=""), name="child_unique_upn"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)


class Person(TenantModel):
    """A parent or carer. Family members have no accounts."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="people")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    other_names = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        ordering = ["last_name", "first_name"]
        verbose_name = "parent or carer"
        verbose_name_plural = "parents and carers"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RelationshipKind(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARTNER = "partner", "Parent's partner"
    GRANDPARENT = "grandparent", "Grandparent"
    KINSHIP_CARER = "kinship_carer", "Kinship carer"
    FOSTER_CARER = "foster_carer", "Foster carer"
    OTHER = "other", "Other"


class Relationship(TenantModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField("relationship to the child", max_length=20, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta(TenantModel.Meta):
        constraints = [models.UniqueConstraint(fields=["person", "child"], name="relationship_unique_pair")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()} of {self.child}"
