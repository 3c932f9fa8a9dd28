"""Django's own settings: secrets and hosts, apps and middleware, database, sign-in, time zone,
files, e-mail and logging."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .env import BASE_DIR, PRODUCTION, env_bool, env_count, env_list

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
    # The project itself (the demo and scale-data commands that need every app) comes first, so
    # its templates/ overrides the admin's form widget templates (the form renderer reads only
    # apps' templates, in this order): cpc/templates/admin/widgets/split_datetime.html.
    "cpc.apps.CpcConfig",
    "cpc.apps.AdminConfig",  # django.contrib.admin, on a site that also asks for the second factor
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

# Absolute links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
