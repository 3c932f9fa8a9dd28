"""How the OpenAPI schema names the API's sign-in: the verified session is Django's session cookie
(the second factor is given on the sign-in pages, not in the API)."""

from drf_spectacular.authentication import SessionScheme


class VerifiedSessionScheme(SessionScheme):
    target_class = "accounts.api_auth.VerifiedSessionAuthentication"
