"""Settings for the web benchmark's gunicorn: the app's own, DEBUG off, with the bare views mounted
beside the pages and the API's per-user limit out of the way (one user sends thousands a minute)."""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("API_USER_RATE", "100000000/hour")

from cpc.settings import *  # noqa: F403

ROOT_URLCONF = "bench.web_urls"
DEBUG = False
