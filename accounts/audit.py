"""The read audit: who opened which child's case, report and minutes, who downloaded which
document, and who signed in (or failed to). One service writes every event (`record_access`); pages
declare what they audit with `@audited(...)` and API viewsets with `AuditedReadsMixin`, so no view
scatters its own calls. Each audited read costs one INSERT: the case and child ids are looked up
inside it, by a subquery scoped to the request's authority.

Events hold ids only (user, object, case, child), never a name: the audit of children's records
must not become one more place their names are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from authorities.models import Authority, Membership
from authorities.rls.scope import EVERY_AUTHORITY, database_scope, scope_for_user_id

from .models import AccessAction, AccessEvent, AccessOutcome

READ_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class Subject:
    """Where an audited model's case (family) and child are, as ORM paths from its row; "pk"
    when the row is the case or the child itself, "" when it has none."""

    case: str = ""
    child: str = ""


def outcome_for(status_code: int) -> str | None:
    """How a read ended, as the audit tells it; None for answers that read nothing worth a row
    (bad input, a method not allowed, a server error)."""
    if status_code < 400:
        return AccessOutcome.OK
    if status_code == 404:
        return AccessOutcome.NOT_FOUND
    if status_code == 403:
        return AccessOutcome.REFUSED
    return None


def _id_of(model: type[Model], authority: Authority, object_id: int | None, path: str, *, found: bool):
    """The id at `path` of this object of the authority's, as a value or a subquery that the
    INSERT evaluates (another authority's object matches nothing: NULL). An id the read did not
    find is not taken as a case or child of this authority's: the subquery decides."""
    if not path or object_id is None:
        return None
    if path == "pk" and found:
        return object_id
    rows = model.objects.for_authority(authority).filter(pk=object_id).values(path)[:1]
    return Subquery(rows)


def record_access(
    *,
    authority: Authority | int,
    user_id: int | None,
    action: str,
    model: type[Model] | None = None,
    object_id: int | None = None,
    subject: Subject = Subject(),
    route: str = "",
    outcome: str = AccessOutcome.OK,
) -> AccessEvent:
    """Appends one access event in one INSERT (autocommit: an event of a refused or failed read is
    kept even though the read raised)."""
    found = outcome == AccessOutcome.OK
    return AccessEvent.objects.create(
        authority_id=getattr(authority, "pk", authority),
        user_id=user_id,
        action=action,
        object_kind=model._meta.label_lower if model is not None else "",
        object_id=object_id,
        case_id=_id_of(model, authority, object_id, subject.case, found=found) if model else None,
        child_id=_id_of(model, authority, object_id, subject.child, found=found) if model else None,
        route=route[:100],
        outcome=outcome,
    )


def record_sign_in(*, user_id: int | None, succeeded: bool, route: str = "login") -> int:
    """One event in each authority where this person has an active membership (each authority's
    administrators see their own people's sign-ins); none for an address nobody has."""
    if user_id is None:
        return 0
    # The request has no authority yet (nobody was signed in when it started): the connection
    # sees this person's authorities, and only them, for the writing of these events.
    with database_scope(scope_for_user_id(user_id)):
        return _record_sign_in(user_id=user_id, succeeded=succeeded, route=route)


def _record_sign_in(*, user_id: int, succeeded: bool, route: str) -> int:
    authority_ids = (
        Membership.objects.unscoped(reason="a sign-in is recorded in each of the person's authorities")
        .filter(user_id=user_id, is_active=True)
        .values_list("authority_id", flat=True)
    )
    now = timezone.now()
    action = AccessAction.SIGN_IN if succeeded else AccessAction.SIGN_IN_FAILED
    outcome = AccessOutcome.OK if succeeded else AccessOutcome.FAILED
    events = [
        AccessEvent(
            authority_id=authority_id,
            at=now,
            user_id=user_id,
            action=action,
            object_kind="accounts.user",
            object_id=user_id,
            route=route,
            outcome=outcome,
        )
        for authority_id in authority_ids
    ]
    return len(AccessEvent.objects.bulk_create(events))


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)


def delete_expired_events(*, now: datetime | None = None) -> int:
    """Deletes every authority's events older than AUDIT_RETENTION_DAYS; returns how many."""
    cutoff = retention_cutoff(now)
    # A platform task (beat's, or the purge command): the database lets it see every authority.
    with database_scope(EVERY_AUTHORITY):
        expired = AccessEvent.objects.unscoped(reason="retention applies to every authority alike")
        deleted, _ = expired.older_than(cutoff).delete()
    return deleted


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


def _record_read(request, *, action: str, model, object_id, subject: Subject, outcome: str | None) -> None:
    authority = getattr(request, "authority", None)
    if outcome is None or authority is None or request.method not in READ_METHODS:
        return  # outside an authority nothing was read; writes keep their own history
    record_access(
        authority=authority,
        user_id=request.user.pk,
        action=action,
        model=model,
        object_id=object_id,
        subject=subject,
        route=_route(request),
        outcome=outcome,
    )


def audited(action: str, *, subject: Subject = Subject()) -> Callable:
    """Records each read (GET) of a page about one object: the object is the view's `pk`, its model
    the view's `tenant_model` (declared with `@tenant_object`, which this must sit under). A read
    that ends in 404 or 403 is recorded too, with that outcome."""

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            model = getattr(wrapped, "tenant_model", None)
            pk = kwargs.get("pk")
            audit = {"action": action, "model": model, "object_id": pk, "subject": subject}
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                _record_read(request, **audit, outcome=AccessOutcome.NOT_FOUND)
                raise
            except PermissionDenied:
                _record_read(request, **audit, outcome=AccessOutcome.REFUSED)
                raise
            _record_read(request, **audit, outcome=outcome_for(response.status_code))
            return response

        wrapped.audited_action = action
        return wrapped

    return decorate


class AuditedReadsMixin:
    """For API viewsets: `audited_actions` maps a viewset action ("retrieve", "file", …) to the
    AccessAction it records; `audit_subject` says where the case and child are. Recorded once the
    response is final, so a 404 or 403 is recorded with that outcome."""

    audited_actions: dict[str, str] = {}
    audit_subject: Subject = Subject()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        action = self.audited_actions.get(getattr(self, "action", None) or "")
        if action is not None:
            lookup = self.lookup_url_kwarg or self.lookup_field
            _record_read(
                request,
                action=action,
                model=self.model,
                object_id=_int_or_none(kwargs.get(lookup)),
                subject=self.audit_subject,
                outcome=outcome_for(response.status_code),
            )
        return response


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def audited_routes(patterns: Iterable | None = None) -> list[str]:
    """The names of the page routes that record reads (for the README and tests)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(entries, namespace: str = "") -> None:
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and getattr(entry.callback, "audited_action", None):
                found.append(f"{namespace}{entry.name}")

    walk(patterns if patterns is not None else get_resolver().url_patterns)
    return sorted(set(found))
