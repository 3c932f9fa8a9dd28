"""`make run` behaves like production: beat schedules the sweep, the broker carries it, a worker runs it.

The run script is started as a person starts it (a subprocess with its own SQLite file, run folder
and port), with the hourly sweep set to every minute so that beat sends it within the test.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := predicate():
            return found
        time.sleep(0.5)
    pytest.fail(f"waited {seconds:.0f} s for {what}")


@pytest.fixture
def local_run(tmp_path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "TEST_DATABASE_NAME", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "SWEEP_HOURLY_MINUTE": "*"}
    output = open(tmp_path / "run.out", "wb")  # noqa: SIM115 - closed below
    run = subprocess.Popen(
        [
            sys.executable,
            "scripts/run_local.py",
            "--port",
            str(port),
            "--run-dir",
            str(tmp_path / "var"),
            "--no-seed",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        yield run, port, tmp_path
    finally:
        if run.poll() is None:
            run.send_signal(signal.SIGINT)
            try:
                run.wait(timeout=30)
            except subprocess.TimeoutExpired:
                run.kill()
        output.close()


def test_make_run_serves_pages_and_beat_sends_the_sweep_to_a_worker_on_the_wall_clock(local_run):
    run, port, tmp_path = local_run
    printed = tmp_path / "run.out"
    _wait_for(
        lambda: run.poll() is not None or "Press Ctrl-C" in printed.read_text(), 180, "the run to start"
    )
    assert run.poll() is None, printed.read_text()
    assert f"http://127.0.0.1:{port}/" in printed.read_text()

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as page:
        assert page.status == 200

    worker_log = tmp_path / "var" / "log" / "worker.log"
    swept = re.compile(r"Task scheduling\.tasks\.sweep_all\[[^\]]+\] succeeded")
    _wait_for(
        lambda: worker_log.exists() and swept.search(worker_log.read_text()),
        100,
        "beat to send the sweep and the worker to run it",
    )

    run.send_signal(signal.SIGINT)
    assert run.wait(timeout=30) == 0
    # Nothing the run started is left behind holding the port.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
