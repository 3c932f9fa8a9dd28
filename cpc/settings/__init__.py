"""Settings from the environment (12-factor), one module per concern; `cpc.settings` stays the
DJANGO_SETTINGS_MODULE.

Nothing set: SQLite file, eager Celery tasks, console e-mail, DEBUG on. `make run` adds
CELERY_BROKER_DIR (a worker and beat on kombu's filesystem transport) and e-mails written to files.
DATABASE_URL switches to PostgreSQL (psycopg 3), REDIS_URL to a Redis broker and cache.
DJANGO_ENV=production turns on the deployment hardening and insists on real secrets.
"""

from .api import *  # noqa: F403
from .background import *  # noqa: F403
from .core import *  # noqa: F403
from .env import *  # noqa: F403
from .security import *  # noqa: F403
