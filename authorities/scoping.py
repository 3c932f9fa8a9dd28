"""The one scoping path for tenant-owned data.

Every tenant-owned model uses `AuthorityManager` as `objects`: reading without naming an
authority raises `UnscopedQuery` (fail closed). `for_authority()` is the way in;
`unscoped(reason=...)` is the named, greppable exit for the sweep, the admin and data
migrations. Django's own machinery (admin, unique checks, related descriptors) uses
`framework_objects`, the model's default manager, whose callers scope by hand.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .models import Authority

logger = logging.getLogger(__name__)


class UnscopedQuery(Exception):
    """A tenant-owned table was read without naming an authority."""


class AuthorityQuerySet(models.QuerySet):
    def for_authority(self, authority: Authority | int) -> AuthorityQuerySet:
        return self.filter(authority=authority)


class AuthorityManager(models.Manager.from_queryset(AuthorityQuerySet)):
    def get_queryset(self) -> AuthorityQuerySet:
        raise UnscopedQuery(f"{self.model.__name__}: use .for_authority(authority)")

    def _base(self) -> AuthorityQuerySet:
        return super().get_queryset()

    def for_authority(self, authority: Authority | int) -> AuthorityQuerySet:
        if authority is None:
            raise UnscopedQuery(f"{self.model.__name__}: for_authority(None)")
        return self._base().filter(authority=authority)

    def none(self) -> AuthorityQuerySet:
        # An empty queryset reveals nothing; schema generators and filters ask for one.
        return self._base().none()

    def unscoped(self, *, reason: str) -> AuthorityQuerySet:
        if not reason:
            raise UnscopedQuery("unscoped() needs a reason")
        logger.debug("unscoped %s: %s", self.model.__name__, reason)
        return self._base()

    # Writes name their authority, so they may go straight to the table once that is checked.
    def create(self, **kwargs: Any):
        obj = self.model(**kwargs)
        self._check_has_authority([obj])
        obj.save(force_insert=True, using=self.db)
        return obj

    def bulk_create(self, objs, *args: Any, **kwargs: Any):
        objs = list(objs)
        self._check_has_authority(objs)
        return self._base().bulk_create(objs, *args, **kwargs)

    def _check_has_authority(self, objs) -> None:
        for obj in objs:
            if obj.authority_id is None:
                raise UnscopedQuery(f"{self.model.__name__}: cannot create a row without an authority")


class TenantModel(models.Model):
    """Base for every row that belongs to one authority."""

    authority = models.ForeignKey("authorities.Authority", on_delete=models.PROTECT, related_name="+")

    objects = AuthorityManager()
    framework_objects = models.Manager()

    class Meta:
        abstract = True
        default_manager_name = "framework_objects"
