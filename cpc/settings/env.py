"""What every settings module reads first: the environment's parsers and the switches that
change more than one section (the project folder, production or not, Redis or not)."""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


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
REDIS_URL = os.environ.get("REDIS_URL", "")
