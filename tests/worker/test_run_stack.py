"""One request-to-notification round trip through the run_stack topology: gunicorn, two Celery
workers and beat as plain processes (scripts/run_stack.sh) against the test database and Redis."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import urllib.parse
import urllib.request

import pytest

from authorities.models import Authority, Role
from scheduling.models import Escalation, Notification
from tests.factories import PASSWORD, MembershipFactory
from tests.worker.conftest import ROOT, free_port, subprocess_env, wait_for

pytestmark = pytest.mark.worker


class Browser:
    """Just enough of a browser: cookies, and the CSRF token from the last page."""

    def __init__(self, base: str) -> None:
        self.base = base
        # The stack runs production settings, so its cookies are Secure; browsers send those to
        # http://127.0.0.1 (a secure context), urllib only over https unless told the same.
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(policy))
        )
        self.token = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=20) as response:
            body = response.read().decode()
        if match := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body):
            self.token = match.group(1)
        return body

    def post(self, path: str, data: dict) -> tuple[int, str]:
        payload = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **data}).encode()
        request = urllib.request.Request(
            self.base + path, data=payload, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=20) as response:
            return response.status, response.geturl()


def test_raising_an_escalation_in_the_browser_reaches_the_rung_by_e_mail_on_the_wall_clock(
    celery_test_broker, transactional_db, tmp_path, production_static
):
    authority = Authority.objects.get(slug="barnsley")
    social_worker = MembershipFactory(
        authority=authority, role=Role.SOCIAL_WORKER, user__email="sw@example.test"
    )
    chair = MembershipFactory(authority=authority, role=Role.CHAIR, user__email="chair@example.test")
    port = free_port()
    log_path = tmp_path / "stack.log"
    with log_path.open("w") as log:
        stack = subprocess.Popen(
            ["bash", "scripts/run_stack.sh"],
            cwd=ROOT,
            # Production settings (the script's own); static files already collected the same way.
            env=subprocess_env(
                PORT=str(port),
                RUN_STACK_MIGRATE="0",
                RUN_STACK_COLLECTSTATIC="0",
                DJANGO_STATIC_ROOT=str(production_static),
                WEB_WORKERS="1",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the whole stack is stopped below
        )
    try:
        base = f"http://127.0.0.1:{port}"
        stack_log = lambda: log_path.read_text(errors="replace")  # noqa: E731

        def up() -> bool:
            assert stack.poll() is None, f"run_stack exited:\n{stack_log()}"
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_for(up, timeout=60, what="gunicorn")
        wait_for(lambda: stack_log().count(" ready.") >= 2, timeout=60, what="two Celery workers")

        browser = Browser(base)
        browser.get("/login/")
        browser.post("/login/", {"username": social_worker.user.email, "password": PASSWORD})
        browser.get("/barnsley/escalations/new/")
        status, landed = browser.post(
            "/barnsley/escalations/new/",
            {"kind": "plan_not_progressing", "reason": "No progress on the plan for six weeks."},
        )
        assert status == 200 and re.search(r"/barnsley/escalations/\d+/$", landed), landed

        escalation = Escalation.objects.for_authority(authority).get()
        told = Notification.objects.for_authority(authority).filter(dedupe_key=f"escalation:{escalation.pk}")
        assert told.get().recipient_id == chair.user_id  # level 1 here: team manager and chair
        # A worker picked the e-mail task off Redis and sent it (console backend: into the log).
        wait_for(lambda: "To: chair@example.test" in stack_log(), timeout=30, what="the e-mail")
        assert told.get().emailed_at is not None
        # What leaves the system names the case, not the reason typed (that stays behind sign-in).
        assert "The reason is on the escalation page." in stack_log()
        assert "No progress on the plan for six weeks." not in stack_log()
    finally:
        _stop_group(stack)


def _stop_group(stack: subprocess.Popen) -> None:
    """SIGTERM the stack's process group and wait until every process in it has gone (their
    database connections with them), SIGKILL after 30 seconds."""

    def group_alive() -> bool:
        stack.poll()  # reap the script itself, or it lingers as a zombie in the group
        try:
            os.killpg(stack.pid, 0)
        except ProcessLookupError:
            return False
        return True

    if group_alive():
        os.killpg(stack.pid, signal.SIGTERM)
    try:
        wait_for(lambda: not group_alive(), timeout=30, what="the stack to stop")
    except AssertionError:
        os.killpg(stack.pid, signal.SIGKILL)
    stack.wait(10)
