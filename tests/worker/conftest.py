"""A real Celery worker (and, for one test, the whole run_stack topology) against the test database.

Tests here are marked `worker`: tasks go through the local Redis to a worker subprocess, not
`task_always_eager`. The broker is a dedicated Redis database number and a queue named for this
test session, so nothing else on the machine takes (or sends) these messages. Tests use
`transactional_db`: the worker only sees committed rows."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "11"))
QUEUE = f"test-sweep-{os.getpid()}"
VISIBILITY_TIMEOUT = 5  # seconds: a killed worker's message comes back quickly


def redis_url() -> str:
    parsed = urlparse(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return f"redis://{parsed.netloc or '127.0.0.1:6379'}/{REDIS_DB}"


def database_url() -> str:
    settings = connection.settings_dict
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings['NAME']}"


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TEST_DATABASE_NAME", None)
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url(),
        CELERY_QUEUE=QUEUE,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        DB_CONN_MAX_AGE="0",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        SWEEP_HOURLY_MINUTE="",  # no beat-driven sweeps in the middle of a test
        SWEEP_NIGHTLY_AT="",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class WorkerProcess:
    """`celery worker --pool=solo` on this session's queue; its log is a file we can read."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"worker-{self.starts}.log"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self) -> WorkerProcess:
        self.starts += 1
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "cpc",
                "worker",
                "--pool=solo",
                "-Q",
                QUEUE,
                "-n",
                f"{QUEUE}-{self.starts}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--prefetch-multiplier=1",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=subprocess_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(
            lambda: " ready." in self.log() or self.process.poll() is not None, timeout=60, what="worker"
        )
        assert self.process.poll() is None, f"worker exited:\n{self.log()}"
        return self

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement: as if the machine lost the process."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture(scope="session")
def celery_test_broker():
    """Point this process's Celery app at the test broker and queue (before it opens a connection)."""
    import redis

    from cpc.celery import app

    url = redis_url()
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis is not reachable at {url}: {error} (set REDIS_URL)")
    previous = (app.conf.broker_url, app.conf.task_default_queue, app.conf.task_always_eager)
    # A producer pool made earlier in the session is bound to the old broker: drop it.
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url
    app.conf.task_default_queue = QUEUE
    app.conf.task_always_eager = False
    app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
    yield app
    for key in client.scan_iter(f"*{QUEUE}*"):
        client.delete(key)
    client.delete("unacked", "unacked_index", "unacked_mutex")
    app.conf.broker_url, app.conf.task_default_queue, app.conf.task_always_eager = previous


@pytest.fixture
def worker(celery_test_broker, transactional_db, tmp_path):
    process = WorkerProcess(tmp_path)
    process.start()
    yield process
    process.stop()
