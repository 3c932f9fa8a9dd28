from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from authorities.history import ChangeHistory
from authorities.human_dates import long_datetime
from authorities.models import Role
from authorities.scoping import AuthorityManager, AuthorityQuerySet, TenantModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("email: an e-mail address is required to log in")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in. E-mail is the login; people are not tenant-owned because one
    practitioner can hold memberships in several authorities."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=50, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()
    # Who changed a person's name, e-mail or access, and when; never their password hash, and not
    # a row per sign-in.
    history = ChangeHistory(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_to_show(self.full_name, self.first_name, self.last_name, self.email)

    @staticmethod
    def name_to_show(full_name: str, first_name: str, last_name: str, email: str) -> str:
        """The display name from the four columns: for lists read with `.values()`."""
        return full_name or f"{first_name} {last_name}".strip() or email

    # The columns `name_to_show` needs, for `.values()` through a relation.
    NAME_FIELDS = ("full_name", "first_name", "last_name", "email")


# Product default (no authority document sets one): an invitation to create an account stays open
# for 14 days from the latest invitation or e-mailed link.
ACCOUNT_INVITATION_DAYS = 14


class AccountInvitationQuerySet(AuthorityQuerySet):
    def open(self) -> AccountInvitationQuerySet:
        return self.filter(accepted_at__isnull=True)


class AccountInvitation(TenantModel):
    """Someone new, invited by e-mail (to a conference), who may create an account and so join the
    authority as a practitioner of one of its agencies. One open invitation per authority and
    e-mail: inviting them again refreshes it. The link's token is never stored, only its SHA-256
    (`AccountInvitationToken`), so the raw token exists only in the e-mail that carried it."""

    email = models.EmailField("e-mail address", help_text="Stored in lower case.")
    name = models.CharField(max_length=200)
    agency = models.ForeignKey("authorities.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PRACTITIONER)
    invited_by = models.ForeignKey(
        "authorities.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    membership = models.ForeignKey(
        "authorities.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The membership it became (or that made it unnecessary).",
    )
    history = HistoricalRecords()

    objects = AuthorityManager.from_queryset(AccountInvitationQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["authority", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "email"],
                condition=Q(accepted_at__isnull=True),
                name="account_invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())


class AccountInvitationToken(TenantModel):
    """One e-mailed link to an account invitation. Each e-mail carries a fresh token, so a second
    e-mail (another conference, a moved one) does not break the link in the first; accepting the
    invitation closes them all (single use)."""

    invitation = models.ForeignKey(AccountInvitation, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token, in hex.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(TenantModel.Meta):
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"link to {self.invitation} ({long_datetime(self.created_at)})"


class AccessAction(models.TextChoices):
    """What someone did that the read audit records. Reads of a child's case, reports and minutes,
    downloads of documents, and sign-ins; writes keep their own history (simple-history)."""

    CASE_VIEW = "case.view", "Opened a case record"
    CHILD_VIEW = "child.view", "Opened a child's record"
    REPORT_VIEW = "report.view", "Opened an agency report"
    REPORT_DOWNLOAD = "report.download", "Downloaded an agency report (PDF)"
    UPLOAD_DOWNLOAD = "upload.download", "Downloaded an uploaded report"
    MINUTES_VIEW = "minutes.view", "Opened minutes"
    MINUTES_DOWNLOAD = "minutes.download", "Downloaded minutes (PDF)"
    LETTER_VIEW = "letter.view", "Opened a letter"
    LETTER_DOWNLOAD = "letter.download", "Downloaded a letter (PDF)"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in.failed", "Failed to sign in"


class AccessOutcome(models.TextChoices):
    OK = "ok", "Allowed"
    NOT_FOUND = "not_found", "Not found (404)"
    REFUSED = "refused", "Refused (403)"
    FAILED = "failed", "Failed"


class AccessEventQuerySet(AuthorityQuerySet):
    def older_than(self, cutoff: datetime) -> AccessEventQuerySet:
        return self.filter(at__lt=cutoff)


class AccessEvent(TenantModel):
    """One read of personal data, or one sign-in, in one authority: appended by
    `accounts.audit.record_access`, never edited. It holds ids only (user, object, case, child),
    never a name or free text, so the audit itself does not spread what it guards. A sign-in is
    recorded once in each authority where the person has a membership; a failed sign-in for an
    address nobody has belongs to no authority and stays in django-axes' attempts (platform staff)."""

    at = models.DateTimeField(default=timezone.now)
    # Ids rather than foreign keys: the trail must outlive the people, cases and documents it
    # names, and an insert must not wait on their rows.
    user_id = models.BigIntegerField(null=True, blank=True, help_text="Who (the user's id).")
    action = models.CharField(max_length=30, choices=AccessAction.choices)
    object_kind = models.CharField(max_length=60, blank=True, help_text='e.g. "reports.agencyreport".')
    object_id = models.BigIntegerField(null=True, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True, help_text="The family's case (its id).")
    child_id = models.BigIntegerField(null=True, blank=True, help_text="The child, where one applies.")
    route = models.CharField(max_length=100, blank=True, help_text="The URL name, page or API.")
    outcome = models.CharField(max_length=20, choices=AccessOutcome.choices, default=AccessOutcome.OK)

    objects = AuthorityManager.from_queryset(AccessEventQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["authority", "at"], name="access_event_authority_at"),
            models.Index(fields=["authority", "user_id", "at"], name="access_event_user"),
            models.Index(fields=["authority", "case_id", "at"], name="access_event_case"),
            models.Index(fields=["authority", "child_id", "at"], name="access_event_child"),
        ]

    def __str__(self) -> str:
        what = f"{self.object_kind} {self.object_id}" if self.object_kind else ""
        return f"{long_datetime(self.at)} user {self.user_id} {self.action} {what}".rstrip()

    def save(self, *args, **kwargs):
        # Appended only: the trail is evidence, so a row once written is never changed.
        if self.pk is not None and not self._state.adding:
            raise ValueError("An access event cannot be changed once recorded.")
        super().save(*args, **kwargs)
