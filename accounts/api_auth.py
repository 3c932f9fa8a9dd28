"""API authentication that keeps the second factor: a session counts only once verified with a
code (for someone who must give one), and a token only for someone who either need not give a code
or has set up an app (tokens are made on the account page, from a verified session)."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from . import two_factor
from .middleware import needs_code


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        # request._request.user is django-otp's wrapped user: is_verified() says whether this
        # session has given a code.
        if needs_code(request._request):
            raise exceptions.AuthenticationFailed(
                "Two-factor sign-in is needed: enter a code from your authenticator app on the "
                "web pages first, or use an API token."
            )
        return result


class VerifiedTokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if two_factor.is_required(user) and not two_factor.has_app(user):
            raise exceptions.AuthenticationFailed(
                "Set up two-factor sign-in on your account page before using the API."
            )
        return user, token
