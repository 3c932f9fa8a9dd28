"""Sign-ins into the read audit: Django's own signals (sent for the sign-in page, the admin's and
anything else that calls `login()` or `authenticate()`), handed straight to the audit service."""

from __future__ import annotations

from .audit import record_sign_in
from .sign_in import attempted_email, user_id_for


def _route(request) -> str:
    match = getattr(request, "resolver_match", None) if request is not None else None
    return match.view_name if match is not None else "login"


def signed_in(sender, request, user, **kwargs) -> None:
    record_sign_in(user_id=user.pk, succeeded=True, route=_route(request))


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django passes the credentials with the password masked; only the address is used, to find
    # whose account it was (an address nobody has is recorded by axes alone).
    email = attempted_email(request, credentials or {})
    record_sign_in(user_id=user_id_for(email), succeeded=False, route=_route(request))
