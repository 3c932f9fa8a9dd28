import os
import subprocess
import sys


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist_with_no_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="k" * 20 + "-production-secret-for-the-check-only-0123456789",
        DJANGO_ALLOWED_HOSTS="cp.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secret():
    result = _manage("check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="cp.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_with_nothing_set_the_app_uses_sqlite_and_eager_tasks():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cpc.settings'; django.setup();"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.EMAIL_BACKEND)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]


def _limits(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cpc.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), s.JOIN_LINK_FAILURE_RATE,"
        " s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'], s.TRUSTED_PROXY_COUNT)"
    )
    names = {"SIGN_IN_FAILURE_LIMIT", "SIGN_IN_LOCKOUT_MINUTES", "JOIN_LINK_FAILURE_RATE", "API_USER_RATE"}
    names |= {"API_ANON_RATE", "TRUSTED_PROXY_COUNT"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**clean, **env}, check=False
    )


def test_the_limits_on_guessing_default_as_documented_and_follow_the_environment():
    assert _limits().stdout.strip() == "5 900.0 20/hour {'anon': '100/hour', 'user': '1000/hour'} 0"
    changed = _limits(
        SIGN_IN_FAILURE_LIMIT="10",
        SIGN_IN_LOCKOUT_MINUTES="30",
        JOIN_LINK_FAILURE_RATE="5/minute",
        API_USER_RATE="50/Minute",
        API_ANON_RATE="",
        TRUSTED_PROXY_COUNT="1",
    )
    assert changed.stdout.strip() == "10 1800.0 5/minute {'anon': None, 'user': '50/minute'} 1"


def test_a_limit_that_makes_no_sense_refuses_to_start():
    result = _limits(API_USER_RATE="lots")
    assert result.returncode != 0
    assert "API_USER_RATE='lots': expected a rate such as 100/hour" in result.stderr
    result = _limits(SIGN_IN_FAILURE_LIMIT="0")
    assert result.returncode != 0
    assert "SIGN_IN_FAILURE_LIMIT=0: must be at least 1" in result.stderr


def _printed(expression: str, **env: str) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cpc.settings'; django.setup();"
        f"from django.conf import settings as s; print(*({expression},))"
    )
    names = {"CELERY_VISIBILITY_TIMEOUT", "REPORT_UPLOAD_MAX_ARCHIVE_MEMBERS", "DJANGO_STATIC_ROOT"}
    names |= {"REPORT_UPLOAD_MAX_DECOMPRESSED_MB", "REPORT_UPLOAD_MAX_COMPRESSION_RATIO"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**clean, **env}, check=False
    )


def test_a_lost_workers_task_is_redelivered_after_15_minutes_by_default():
    visibility = "s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout']"
    assert _printed(visibility).stdout.strip() == "900"
    assert _printed(visibility, CELERY_VISIBILITY_TIMEOUT="1800").stdout.strip() == "1800"
    refused = _printed(visibility, CELERY_VISIBILITY_TIMEOUT="0")
    assert refused.returncode != 0 and "CELERY_VISIBILITY_TIMEOUT=0: must be at least 1" in refused.stderr


def test_the_office_upload_limits_default_as_documented_and_follow_the_environment():
    limits = (
        "s.REPORT_UPLOAD_MAX_ARCHIVE_MEMBERS, s.REPORT_UPLOAD_MAX_DECOMPRESSED_BYTES,"
        " s.REPORT_UPLOAD_MAX_COMPRESSION_RATIO"
    )
    assert _printed(limits).stdout.split() == ["1000", str(100 * 1024 * 1024), "100"]
    changed = _printed(
        limits,
        REPORT_UPLOAD_MAX_ARCHIVE_MEMBERS="200",
        REPORT_UPLOAD_MAX_DECOMPRESSED_MB="20",
        REPORT_UPLOAD_MAX_COMPRESSION_RATIO="50",
    )
    assert changed.stdout.split() == ["200", str(20 * 1024 * 1024), "50"]
