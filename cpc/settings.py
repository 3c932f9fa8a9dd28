"""Settings from the environment (12-factor).

Nothing set: SQLite file, eager Celery tasks, console e-mail, DEBUG on. `make run` adds
CELERY_BROKER_DIR (a worker and beat on kombu's filesystem transport) and e-mails written to files.
DATABASE_URL switches to PostgreSQL (psycopg 3), REDIS_URL to a Redis broker and cache.
DJANGO_ENV=production turns on the deployment hardening and insists on real secrets.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_count(name: str, default: int, minimum: int = 1) -> int:
    value = int(os.environ.get(name, "").strip() or default)
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value}: must be at least {minimum}")
    return value


def env_rate(name: str, default: str) -> str | None:
    """A rate such as `100/hour` (per second, minute, hour or day); empty turns the limit off.
    Checked here because django-ratelimit and DRF each parse rates leniently, differently."""
    value = os.environ.get(name, default).strip().lower()
    if not value:
        return None
    if not re.fullmatch(r"[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name}={value!r}: expected a rate such as 100/hour")
    return value


PRODUCTION = os.environ.get("DJANGO_ENV", "local").lower() == "production"

if PRODUCTION:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set (50+ characters) when DJANGO_ENV=production"
        )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production")
    DEBUG = False
else:
    # A fixed key is fine for a laptop demo; production refuses to start without its own.
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "local-only-insecure-key-9f3b2c7e1d5a4b8c0e6f2a1d3c5b7e9f0a2c4e6b8d"
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DEBUG = env_bool("DJANGO_DEBUG", True)

INSTALLED_APPS = [
    "cpc.apps.AdminConfig",  # django.contrib.admin, on a site that also asks for the second factor
    "cpc.apps.CpcConfig",  # the project itself: the demo and scale-data commands that need every app
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "simple_history",
    "accounts",
    "authorities",
    "scheduling",
    "cases",
    "conferences",
    "reports",
    "coregroups",
    "dashboards",
    "returns",
    "django_celery_beat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: these headers go on every response, error pages included.
    "cpc.headers.ResponseHeadersMiddleware",
    "cpc.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "authorities.middleware.AuthorityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cpc.urls"
WSGI_APPLICATION = "cpc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "authorities.context_processors.tenancy",
                "scheduling.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Reusing connections matters: a fresh one per request made a bare view 14x slower here.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    # The local run has three processes on one SQLite file (web, worker, beat): write-ahead logging
    # lets readers go on while one writes, and IMMEDIATE transactions take the write lock up front,
    # so two writers wait their turn (up to the timeout) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"].get("ENGINE") == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a statement whose estimated cost passes jit_above_cost; for this
    # app's short statements that costs more than it saves (the sweep's chain for 50 authorities:
    # 142 ms of JIT compilation in a 289 ms statement). DB_JIT=on gives it back.
    _jit = "on" if os.environ.get("DB_JIT", "off").strip().lower() in ("on", "1", "true") else "off"
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit={_jit}"
# Row-level security (authorities/rls): the app logs in as DATABASE_URL's role, which must be
# neither a superuser nor the tables' owner (`manage.py create_app_role` makes one); `migrate`
# logs in as DATABASE_OWNER_URL's role when that is set (only its user and password are taken: the
# database stays DATABASE_URL's). Unset, migrate uses DATABASE_URL, as SQLite and a laptop do.
DATABASE_OWNER_URL = os.environ.get("DATABASE_OWNER_URL", "")
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "cpc_app")
DATABASE_APP_PASSWORD = os.environ.get("DATABASE_APP_PASSWORD", "")
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes' backend goes first: it refuses a locked-out e-mail address and IP before the password
# is checked (it needs authenticate() to be given the request). ModelBackend does the checking.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "authority-picker"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Source maps are fetched only by a developer's tools: compressing them (most of the bytes
# collectstatic compresses, in the API docs' bundles) costs build time and saves nobody anything.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Uploaded reports live outside the web root and are only served by permission-checked views.
MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
# Office uploads (.docx, .odt) are zip archives, checked before anything reads them: a zip bomb is
# refused on its member count, its total decompressed size or its compression ratio (decompressed
# size over file size). A real report: tens of members, a few MB, a ratio under 20 (images barely
# compress; text 3 to 10 times); a bomb: thousands of times.
REPORT_UPLOAD_MAX_ARCHIVE_MEMBERS = env_count("REPORT_UPLOAD_MAX_ARCHIVE_MEMBERS", 1000)
REPORT_UPLOAD_MAX_DECOMPRESSED_BYTES = env_count("REPORT_UPLOAD_MAX_DECOMPRESSED_MB", 100) * 1024 * 1024
REPORT_UPLOAD_MAX_COMPRESSION_RATIO = env_count("REPORT_UPLOAD_MAX_COMPRESSION_RATIO", 100)

REDIS_URL = os.environ.get("REDIS_URL", "")

# Without Redis, CELERY_BROKER_DIR (set by `make run`) selects kombu's filesystem transport: a real
# worker and beat beside the web server with no service to install, on one machine. With neither,
# tasks run in the calling process (a bare `manage.py runserver` or shell).
CELERY_BROKER_DIR = os.environ.get("CELERY_BROKER_DIR", "")
CELERY_BROKER_URL = REDIS_URL or ("filesystem://localhost/" if CELERY_BROKER_DIR else "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not (REDIS_URL or CELERY_BROKER_DIR)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A message not acknowledged within this many seconds (its worker was killed or lost with the
# machine) is delivered again: README, "When a worker dies". It must outlast the longest time a
# healthy worker holds a message unacknowledged, or that message runs twice: a retry waiting out
# its backoff (at most 600 s, Celery's retry_backoff_max; 300 s for the sweep) plus the task itself
# (a sweep batch well under a second at national scale, a PDF or an e-mail a few seconds). 15
# minutes clears that with room, and brings back a lost reminder or invitation in about a quarter
# of an hour rather than kombu's default hour; the hourly sweep redoes a lost sweep regardless.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_count("CELERY_VISIBILITY_TIMEOUT", 900),
}
if CELERY_BROKER_DIR and not REDIS_URL:
    # The web process writes messages into the folder the worker and beat read from.
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": CELERY_BROKER_DIR,
        "data_folder_out": CELERY_BROKER_DIR,
        "control_folder": os.path.join(CELERY_BROKER_DIR, "control"),
    }
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The deadline sweep: hourly at SWEEP_HOURLY_MINUTE past, and once just after midnight (Europe/London)
# at SWEEP_NIGHTLY_AT (HH:MM). Empty turns either off. Beat copies these into django_celery_beat.
CELERY_BEAT_SCHEDULE = {}
if _hourly := os.environ.get("SWEEP_HOURLY_MINUTE", "15").strip():
    CELERY_BEAT_SCHEDULE["sweep-hourly"] = {
        "task": "scheduling.tasks.sweep_all",
        "schedule": crontab(minute=_hourly),
    }
if _nightly := os.environ.get("SWEEP_NIGHTLY_AT", "00:05").strip():
    _hour, _minute = _nightly.split(":")
    CELERY_BEAT_SCHEDULE["sweep-after-midnight"] = {
        "task": "scheduling.tasks.sweep_all",
        "schedule": crontab(hour=_hour, minute=_minute),
    }

# The read audit (accounts.AccessEvent): events older than AUDIT_RETENTION_DAYS are deleted by a
# nightly task at AUDIT_PURGE_AT (HH:MM, Europe/London; empty turns it off) or by
# `manage.py purge_access_events`. Two years by default: long enough to answer a complaint or a
# subject access request about who looked at a child's record.
AUDIT_RETENTION_DAYS = env_count("AUDIT_RETENTION_DAYS", 730, minimum=1)
if _purge := os.environ.get("AUDIT_PURGE_AT", "02:30").strip():
    _hour, _minute = _purge.split(":")
    CELERY_BEAT_SCHEDULE["audit-retention"] = {
        "task": "accounts.tasks.delete_expired_access_events",
        "schedule": crontab(hour=_hour, minute=_minute),
    }

# How many authorities one sweep task brings up to date with one statement chain: the SQL costs
# about the same to plan for one authority as for fifty, so batching is what keeps a national
# deployment's sweep near the bare set-wise SQL; smaller batches spread the work over more workers.
SWEEP_AUTHORITIES_PER_BATCH = int(os.environ.get("SWEEP_AUTHORITIES_PER_BATCH", "50"))

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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

# The API (DRF throttling, in the default cache): per signed-in user, and per IP for anonymous calls.
API_USER_RATE = env_rate("API_USER_RATE", "1000/hour")
API_ANON_RATE = env_rate("API_ANON_RATE", "100/hour")

# django-ratelimit lists only django-redis among Redis caches; Django's own RedisCache increments
# with Redis INCR just the same. Without Redis the cache is per process: fine for the one-process
# local run, so its "not a shared cache" error is for deployments, which set REDIS_URL.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get(
    "EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail")
)  # the file backend's folder
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "conferences@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.VerifiedSessionAuthentication",
        "accounts.api_auth.VerifiedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # JSON bodies are depth-checked (authorities.api_inputs): a deeply nested body is a 400.
    "DEFAULT_PARSER_CLASSES": [
        "authorities.api_inputs.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "authorities.api_base.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["cpc.throttling.AnonRateThrottle", "cpc.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE, "user": API_USER_RATE},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Child protection conferences API",
    "DESCRIPTION": "Per-authority API. Every path starts /api/v1/<authority-slug>/; "
    "you see only authorities where you hold a membership.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names every route and field of a child's record: signed-in people only (session
    # or token), like the API itself.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Token first: a caller without credentials gets 401 with `WWW-Authenticate: Token`.
    "SERVE_AUTHENTICATION": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Requests get components of their own, so a file field is declared binary (multipart) in the
    # upload's request, not as the URI a response would carry.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cpc.api_schema.declare_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind": name each choice set after its model so the schema is stable.
    "ENUM_NAME_OVERRIDES": {
        "ConferenceKindEnum": "conferences.models.ConferenceKind",
        "InviteeKindEnum": "conferences.models.InviteeKind",
        "CoreGroupAttendanceStatusEnum": "coregroups.models.AttendanceStatus",
        "ProtectionPlanItemKindEnum": "cases.models.PlanItemKind",
        "InNeedReviewOutcomeEnum": "cases.plans.models.InNeedReviewOutcome",
    },
}

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"drop_query_strings": {"()": "cpc.log_filters.DropQueryStrings"}},
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Request lines without their query strings: a search there can hold a family's name.
        "requests": {
            "class": "logging.StreamHandler",
            "filters": ["drop_query_strings"],
            "formatter": "server",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # axes says INFO at every start and sign-in; its failures and lockouts are WARNINGs.
        "axes": {"level": "WARNING"},
    },
}

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

# Absolute links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
