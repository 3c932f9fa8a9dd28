"""Access helpers for views: roles, scoped lookups that answer 404, and route metadata the
cross-tenant harness reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Role

CASE_WRITERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CHAIR})
MANAGERS = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE})
STAFF_READERS = frozenset(set(Role) - {Role.PRACTITIONER})
# The managers' dashboard: managers, and the authority's administrators.
DASHBOARD_READERS = MANAGERS | {Role.AUTHORITY_ADMIN}


def tenant_object(model) -> Callable:
    """Declares which tenant model a view's `pk` refers to (read by the isolation harness)."""

    def decorate(view):
        view.tenant_model = model
        return view

    return decorate


def require_roles(roles: Iterable[str]) -> Callable:
    """403 for a member of this authority whose role may not do this (they know it exists;
    non-members never get here: the middleware already answered 404)."""
    allowed = frozenset(roles)

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.membership is None or request.membership.role not in allowed:
                raise PermissionDenied("Your role here does not allow this.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorate


def get_scoped_or_404(request: HttpRequest, model, pk: int, *, queryset=None):
    """The object with this id in the request's authority, narrowed by `visible_to` where the
    model has it; another authority's object and an invisible one look alike: not found."""
    scoped = queryset if queryset is not None else model.objects.for_authority(request.authority)
    if hasattr(scoped, "visible_to"):
        scoped = scoped.visible_to(request.membership)
    return get_object_or_404(scoped, pk=pk)
