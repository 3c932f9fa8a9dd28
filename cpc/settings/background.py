"""Background work: the Celery broker, the beat schedule (deadline sweep, audit retention) and
the cache."""

import os

from celery.schedules import crontab

from .core import TIME_ZONE
from .env import REDIS_URL, env_count

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
