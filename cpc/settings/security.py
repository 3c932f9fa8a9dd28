"""Limits on guessing (sign-in, join links, the client's address behind proxies), session length
and two-factor sign-in, what a browser may do with our pages, and production's hardening."""

import os
from datetime import timedelta

from .env import PRODUCTION, REDIS_URL, env_bool, env_count, env_list, env_rate

# --- Limits on guessing -------------------------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For (0: the connecting
# address is the client). Every limit below that counts per IP reads the address through
# cpc.client_ip, so behind a proxy set this, or everyone shares the proxy's address.
TRUSTED_PROXY_COUNT = env_count("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Sign-in (django-axes): after SIGN_IN_FAILURE_LIMIT failed attempts for one e-mail address from one
# IP, that address is refused from that IP (HTTP 429 and a page saying when to try again) until
# SIGN_IN_LOCKOUT_MINUTES after the latest attempt. Keyed on address and IP together, so one person
# mistyping, or someone guessing, in a shared office does not lock out the rest of the office.
SIGN_IN_FAILURE_LIMIT = env_count("SIGN_IN_FAILURE_LIMIT", 5)  # 0 would lock everyone out
SIGN_IN_LOCKOUT_MINUTES = env_count("SIGN_IN_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SIGN_IN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field (it holds the e-mail address)
AXES_USERNAME_CALLABLE = "accounts.sign_in.attempted_email"
AXES_CLIENT_IP_CALLABLE = "cpc.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.sign_in.locked_out"
# Axes' log lines name the client by user id, never by e-mail address (see accounts.sign_in).
AXES_CLIENT_STR_CALLABLE = "accounts.sign_in.client_str"
AXES_RESET_ON_SUCCESS = True  # signing in clears that address's failures from that IP
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # what accounts.sign_in.try_again_at counts on
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (AccessAttempt); successful sign-ins are not logged
AXES_ENABLE_ADMIN = False  # accounts/admin.py registers axes' models for platform superusers only

# --- Sessions and two-factor sign-in ------------------------------------------------------------
# A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after signing in
# whatever happens (a working day), instead of Django's two weeks; the cookie also goes when the
# browser closes. accounts.middleware.SessionLifetimeMiddleware enforces both.
SESSION_IDLE_MINUTES = env_count("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_count("SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Who must use a second factor: platform staff, authority administrators, and the roles each
# authority ticks (Authority.two_factor_roles). Codes come from an authenticator app (TOTP); each
# of the recovery codes made with it works once.
TWO_FACTOR_RECOVERY_CODES = env_count("TWO_FACTOR_RECOVERY_CODES", 10)
# How long a session remembers that its person need not give a code (asking costs two queries a
# page); a role an authority newly ticks reaches people already signed in within this time.
TWO_FACTOR_RECHECK_MINUTES = env_count("TWO_FACTOR_RECHECK_MINUTES", 5)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Child protection conferences")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows an app's secret once it is set up
# A password reset link works for PASSWORD_RESET_MINUTES (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_count("PASSWORD_RESET_MINUTES", 60) * 60

# The join page (django-ratelimit, counted in the default cache): at most JOIN_LINK_FAILURE_RATE
# unknown, used or expired links per IP; past that every join link from that IP answers 429 until
# the window ends. Valid links are not counted.
JOIN_LINK_FAILURE_RATE = env_rate("JOIN_LINK_FAILURE_RATE", "20/hour")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "cpc.client_ip.client_ip"

# django-ratelimit lists only django-redis among Redis caches; Django's own RedisCache increments
# with Redis INCR just the same. Without Redis the cache is per process: fine for the one-process
# local run, so its "not a shared cache" error is for deployments, which set REDIS_URL.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# --- What a browser may do with our pages ------------------------------------------------------
# Content Security Policy (django-csp): scripts, styles, fonts and images from this site only; no
# inline <script>, no inline event handler attributes, no eval (htmx's is off in base.html), no
# plugins, and no framing. Anything written by a person that slipped through escaping would still
# not run. PDFs are rendered server-side by WeasyPrint, so their inline print CSS is not affected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # GOV.UK Frontend and Swagger UI draw a few icons from data: URIs; favicon is data:, too.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy: none of these browser features is used by any page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "serial=(), usb=(), xr-spatial-tracking=()"
)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
