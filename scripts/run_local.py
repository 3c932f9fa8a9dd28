"""`make run`: the app as it runs in production, on this machine with nothing installed.

The web server, a Celery worker and Celery beat run side by side, as in production, so the deadline
sweep, reminders, escalations and e-mails happen on their own. What production does with servers is
done here with files in `var/` (or RUN_DIR):

- the database is SQLite (`db.sqlite3`, or DATABASE_URL);
- the broker is kombu's filesystem transport (`var/broker/`): kombu's own, no extra package and no
  service; one machine only, which is what a local run is;
- e-mails are written to `var/mail/` (one file per batch), not printed, so the terminal keeps
  to what a person reads;
- each process logs to `var/log/<process>.log`.

The terminal shows the address, the demo logins and where the rest went. Ctrl-C stops all three
processes; if one of them dies the others are stopped too and its last log lines are shown.

    python scripts/run_local.py [--port 8000] [--host 127.0.0.1] [--no-seed]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCESS_NAMES = ("web", "worker", "beat")


def _environment(run_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # the embedded run never talks to a Redis it might find
    env.setdefault("PYTHONUNBUFFERED", "1")
    env["CELERY_BROKER_DIR"] = str(run_dir / "broker")
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    env.setdefault("EMAIL_FILE_PATH", str(run_dir / "mail"))
    return env


def _manage(python: str, env: dict[str, str], *args: str, quiet: bool = True) -> None:
    """Run a management command; its output is shown only if it fails (or when not quiet)."""
    result = subprocess.run(
        [python, "manage.py", *args], cwd=ROOT, env=env, capture_output=quiet, text=True, check=False
    )
    if result.returncode:
        if quiet:
            sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"run: `manage.py {' '.join(args)}` failed (exit {result.returncode})")


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _wait_until_serving(host: str, port: int, web: subprocess.Popen, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if web.poll() is not None:
            return False
        with socket.socket() as probe:
            if probe.connect_ex((host, port)) == 0:
                return True
        time.sleep(0.2)
    return False


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "".join(path.read_text(errors="replace").splitlines(keepends=True)[-lines:])
    except OSError:
        return ""


def _start(name: str, command: list[str], env: dict[str, str], log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - the child process keeps it open
    # A session of its own, so stopping it stops what it started (runserver's reloader child, the
    # worker's pool) and a Ctrl-C in this terminal reaches only this script, which stops them in order.
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--run-dir", type=Path, default=Path(os.environ.get("RUN_DIR", ROOT / "var")))
    parser.add_argument("--no-seed", action="store_true", help="do not (re)create the demo data")
    args = parser.parse_args(argv)

    python = sys.executable
    run_dir = args.run_dir.resolve()
    log_dir = run_dir / "log"
    for folder in (run_dir / "broker", run_dir / "mail", log_dir):
        folder.mkdir(parents=True, exist_ok=True)
    if not _port_is_free(args.host, args.port):
        raise SystemExit(
            f"run: port {args.port} on {args.host} is in use; choose another: make run PORT=8001"
        )
    env = _environment(run_dir)

    print("Preparing the database and the demo data…", flush=True)
    _manage(python, env, "migrate", "--noinput", "--verbosity", "0")
    if not args.no_seed:
        _manage(python, env, "seed_demo", quiet=False)

    commands = {
        "web": [python, "manage.py", "runserver", f"{args.host}:{args.port}"],
        "worker": [python, "-m", "celery", "-A", "cpc", "worker", "-l", "info", "--concurrency", "1"],
        "beat": [python, "-m", "celery", "-A", "cpc", "beat", "-l", "info", "--pidfile="],
    }
    processes = {name: _start(name, command, env, log_dir) for name, command in commands.items()}
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        if not _wait_until_serving(args.host, args.port, processes["web"]):
            print(_tail(log_dir / "web.log"), file=sys.stderr)
            raise SystemExit("run: the web server did not start; its log is above")
        print(
            f"\nOpen http://{args.host}:{args.port}/ and sign in with one of the logins above.\n"
            f"A Celery worker and beat run beside it (the deadline sweep runs hourly and after midnight).\n"
            f"E-mails the app sends: {run_dir / 'mail'}/   Logs: {log_dir}/{{web,worker,beat}}.log\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(_tail(log_dir / f"{name}.log"), file=sys.stderr)
                    print(f"run: the {name} process stopped (exit {process.returncode}); stopping the rest")
                    return 1
            time.sleep(0.5)
        print("Stopping…", flush=True)
        return 0
    finally:
        _stop(processes)


if __name__ == "__main__":
    sys.exit(main())
