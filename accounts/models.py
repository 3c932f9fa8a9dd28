from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from authorities.history import ChangeHistory
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
        return self.full_name or self.get_full_name() or self.email


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
        return f"link to {self.invitation} ({self.created_at:%d %b %Y %H:%M})"
