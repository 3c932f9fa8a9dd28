"""Browser-test harness: Debian's Chromium driven by Playwright's sync API.

Fixtures: ``browser`` (one Chromium per session), ``page`` (a fresh context per test, 1280x900),
``axe`` (``axe(page, label=...)`` fails on serious or critical WCAG 2.2 AA violations) and
``screenshot`` (``screenshot(page, name)`` saves test-artifacts/screenshots/<name>.png).
Every test under tests/e2e is marked ``e2e``. A failing test's page is saved to
test-artifacts/failures/. A Content Security Policy violation reported on the console fails the
test (``@pytest.mark.csp_violations_expected`` for a test that causes one on purpose).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in the test's thread, so Django sees every ORM call a
# test makes (fixtures, factories) as coming from async code and refuses it without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_DIR = Path(__file__).resolve().parent
FAILURE_DIR = E2E_DIR.parents[1] / "test-artifacts" / "failures"


def _load_helpers():
    # Loaded by path under a name of its own: the tests directories are not packages, and a
    # plain "import helpers" could pick up another directory's helpers.py.
    name = "e2e_helpers"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, E2E_DIR / "helpers.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


helpers = _load_helpers()

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "csp_violations_expected: the test causes Content Security Policy violations on purpose"
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = helpers.watch_csp(page)
    try:
        yield page
        report = getattr(request.node, "_e2e_report_call", None)
        if report is not None and report.failed:
            try:
                helpers.screenshot(page, request.node.nodeid, directory=FAILURE_DIR)
            except Exception as exc:  # a crashed page must not hide the test's own failure
                print(f"no failure screenshot for {request.node.nodeid}: {exc}")
    finally:
        context.close()
    # Chromium enforces the policy: something it refused is something a user would miss.
    if violations and request.node.get_closest_marker("csp_violations_expected") is None:
        pytest.fail("Content Security Policy violations:\n  " + "\n  ".join(violations), pytrace=False)


@pytest.fixture
def axe() -> Callable[..., dict]:
    """axe(page, label="home page"): fails on serious or critical WCAG 2.2 AA violations."""
    return helpers.axe_check


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """screenshot(page, "home"): saves test-artifacts/screenshots/home.png, returns the path."""
    return helpers.screenshot


@pytest.fixture(autouse=True)
def _cookies_last_as_long_as_the_browser(settings):
    """The server may run on a frozen day (tests/clock.py) while Chromium judges a cookie's expiry
    by the real clock, so a session cookie set "14 days after" a day long past would be dropped at
    once. Cookies without an expiry avoid that; the server still ends sessions by its own clock."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
