from django.http import Http404

from .models import Membership, Role
from .rls.scope import (
    DatabaseScope,
    admin_scope_for_user,
    current_database_scope,
    restore_database_scope,
    scope_for_user,
    set_database_scope,
)


class AuthorityMiddleware:
    """Resolves `/<authority-slug>/...` to the request's authority and membership.

    Runs after authentication. Unknown authority and "no membership there" are both 404, so
    nobody learns what exists elsewhere. API views resolve the tenant themselves after DRF has
    authenticated the request (token users are anonymous at this point).

    It also scopes the request's database connection (PostgreSQL row-level security): first to
    the authorities of the person's own memberships (every authority for platform staff, none
    when signed out), then, once the URL names an authority, to that one alone; on the admin site,
    to the authorities the person administers (every authority for platform staff). The previous
    scope is put back after the response, because the connection serves the next request too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.authority = None
        request.membership = None
        previous = current_database_scope()
        try:
            set_database_scope(scope_for_user(request.user))
            response = self.get_response(request)
        except BaseException:
            restore_database_scope(previous)
            raise
        if getattr(response, "streaming", False):
            # A streamed body (a CSV export) is produced after this returns, as the server iterates
            # it: the scope stays until the server closes the response, then is put back.
            response._resource_closers.append(lambda: restore_database_scope(previous))
        else:
            restore_database_scope(previous)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            set_database_scope(admin_scope_for_user(request.user, Role.AUTHORITY_ADMIN))
            return None
        if getattr(view_func, "cls", None) is not None and "authority_slug" in view_kwargs:
            return None  # a DRF view: AuthorityAPIMixin.initial() does it after authentication
        slug = view_kwargs.pop("authority_slug", None)
        if slug is None:
            return None
        membership, own = Membership.objects.current_and_own(user=request.user, authority_slug=slug)
        if membership is None:
            raise Http404("No such authority")
        request.own_memberships = own  # for the header (authorities.context_processors.tenancy)
        narrow_to_authority(request, membership)
        return None


def narrow_to_authority(request, membership: Membership) -> None:
    """The request works in the membership's authority: so does its database connection."""
    request.authority, request.membership = membership.authority, membership
    set_database_scope(DatabaseScope.of([membership.authority_id], user_id=membership.user_id))
