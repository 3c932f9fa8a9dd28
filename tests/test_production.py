"""Production as shipped: static files collected by the image's own step, then gunicorn serving
with DJANGO_ENV=production (DEBUG off, the manifest storage) behind what a TLS proxy would send.
Pages answer 200 with hashed static URLs that are served; error pages give nothing away."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOST = "cp.example.test"
# What a deployment's error pages must never show: Django's debug pages and their contents.
DEBUG_MARKERS = (
    "Traceback",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "Request information",
    "Using the URLconf",
    "OperationalError",
    "psycopg",
    "/site-packages/",
    "ALLOWED_HOSTS",
    "DisallowedHost",
)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """HTTP to the server as the TLS proxy in front of it would send it: the public host name and
    X-Forwarded-Proto: https (so the HTTPS redirect and Secure cookies behave as deployed)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, host: str = HOST, body: str | None = None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": host, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, content


@pytest.fixture(scope="module")
def production_site(production_static, tmp_path_factory):
    """gunicorn with production settings. The database is deliberately unreachable: pages that do
    not need it still answer, and one that does shows the real 500 page."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL", "TEST_"))}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_STATIC_ROOT=str(production_static),
        DATABASE_URL="postgres://nobody@127.0.0.1:9/unreachable",
        DB_CONN_MAX_AGE="0",
        PYTHONUNBUFFERED="1",
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(gunicorn), "cpc.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    site = Site(port)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, log_path.read_text()
            try:
                if site.request("GET", "/healthz")[0].status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.5)
        yield site
    finally:
        server.terminate()
        server.wait(30)


def _no_debug(content: bytes) -> None:
    text = content.decode(errors="replace")
    assert not [marker for marker in DEBUG_MARKERS if marker in text], text[:2000]


def test_collectstatic_as_the_image_runs_it_writes_the_manifest(production_static):
    manifest = json.loads((production_static / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", hashed)
    assert (production_static / hashed).exists() and (production_static / f"{hashed}.gz").exists()


def test_a_page_is_served_with_debug_off_and_hashed_static_urls(production_site, production_static):
    response, content = production_site.request("GET", "/login/")
    assert response.status == 200
    page = content.decode()
    manifest = json.loads((production_static / "staticfiles.json").read_text())["paths"]
    assert f'href="/static/{manifest["css/app.css"]}"' in page
    assert 'href="/static/css/app.css"' not in page
    static, body = production_site.request("GET", f"/static/{manifest['css/app.css']}")
    assert static.status == 200 and body == (production_static / manifest["css/app.css"]).read_bytes()
    assert "immutable" in static.getheader("Cache-Control")


def test_plain_http_is_sent_to_https(production_site):
    response, _ = production_site.request("GET", "/login/", headers={"X-Forwarded-Proto": "http"})
    assert response.status == 301 and response.getheader("Location") == f"https://{HOST}/login/"


def test_the_not_found_page_shows_no_settings_or_stack_frames(production_site):
    response, content = production_site.request("GET", "/no-such-place/at/all.txt")
    assert response.status == 404
    assert "Page not found" in content.decode()
    _no_debug(content)


def test_a_server_error_shows_the_service_page_and_nothing_else(production_site):
    """Signing in needs the database, which is unreachable here: a real failure, not a test view."""
    _, form = production_site.request("GET", "/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1).decode()
    response, content = production_site.request(
        "POST",
        "/login/",
        body=f"csrfmiddlewaretoken={token}&username=someone%40example.test&password=not-a-password",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{HOST}/login/",
            "Origin": f"https://{HOST}",
        },
    )
    assert response.status == 500
    assert "Sorry, there is a problem with the service" in content.decode()
    _no_debug(content)


def test_an_unknown_host_is_refused_without_details(production_site):
    response, content = production_site.request("GET", "/login/", host="attacker.example")
    assert response.status == 400
    _no_debug(content)
