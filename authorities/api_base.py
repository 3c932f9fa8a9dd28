"""The API's tenant boundary: every viewset inherits its scoping from here."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .middleware import narrow_to_authority
from .models import Membership
from .rls.scope import DatabaseScope, current_database_scope, set_database_scope
from .rules.checks import RuleViolation
from .selectors import NoRuleSetInForce


class AuthorityAPIMixin:
    """Resolves `<authority_slug>` after DRF authentication, like the page middleware does."""

    allowed_roles: frozenset[str] | None = None  # None: every member may read

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        # DRF authenticates tokens itself; the page login redirect must not intercept API calls.
        view.login_required = False
        return view

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        slug = kwargs.get("authority_slug")
        # A token user was anonymous to the page middleware: only now can the connection read
        # this person's own memberships (the request's middleware puts the scope back afterwards).
        # A session user's scope (from the middleware) already reads them: no second round trip.
        # Reusing it is safe because it is this same person's (the user ids match) and the look-up
        # names the user, so the wider scope cannot reach anyone else's membership; nothing else
        # runs before narrow_to_authority() narrows it, and a miss is the same 404 either way.
        user_id = getattr(request.user, "pk", None)
        if current_database_scope().user_id != user_id:
            set_database_scope(DatabaseScope(user_id=user_id))
        membership = Membership.objects.current(user=request.user, authority_slug=slug)
        if membership is None:
            raise exceptions.NotFound("No such authority.")
        narrow_to_authority(request, membership)
        if self.allowed_roles is not None and membership.role not in self.allowed_roles:
            raise exceptions.PermissionDenied("Your role here does not allow this.")


class AuthorityViewSet(AuthorityAPIMixin, viewsets.GenericViewSet):
    """Subclasses declare `model`; the queryset is always scoped to the URL's authority and
    narrowed by `visible_to` where the model has one. Overriding get_queryset is refused,
    because a subclass that did would silently drop the tenant filter."""

    model = None
    lookup_value_regex = r"[0-9]+"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must not override get_queryset; use narrow_queryset")

    def get_queryset(self):
        authority = getattr(self.request, "authority", None)
        if authority is None:  # schema generation: no request authority, nothing to show
            return self.model.framework_objects.none()
        queryset = self.model.objects.for_authority(authority)
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(self.request.membership)
        return self.narrow_queryset(queryset)

    def narrow_queryset(self, queryset):
        return queryset

    def http_method_not_allowed(self, request, *args, **kwargs):
        # For an id the caller cannot see, "not found" must come before "method not allowed",
        # whatever the method: the one answer for other authorities' and invisible objects.
        if kwargs.get(self.lookup_url_kwarg or self.lookup_field) is not None:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)


def exception_handler(exc, context):
    if isinstance(exc, RuleViolation):
        body = {"detail": str(exc), "rule_id": exc.rule_id, "needs_reason": exc.answer.needs_reason}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, NoRuleSetInForce):
        # A date before the authority's first rule set (or after a gap) cannot be judged by any
        # rules: the caller's date is wrong, not the server.
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # `ValidationError("...")` raised outside a serializer's fields answers a bare list; every
        # API error is an object, so the message goes where a serializer puts request-wide errors.
        response.data = {"non_field_errors": response.data}
    return response
