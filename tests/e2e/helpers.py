"""Helpers for the browser tests: accessibility checks with axe-core, and screenshots.

Tests use them through the ``axe`` and ``screenshot`` fixtures in conftest.py. Nothing here needs
Django, so the harness can be checked on its own (``-p no:django``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

E2E_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = E2E_DIR.parents[1]
AXE_PATH = E2E_DIR / "vendor" / "axe.min.js"
SCREENSHOT_DIR = PROJECT_ROOT / "test-artifacts" / "screenshots"

# WCAG 2.2 AA, the standard UK public bodies must meet (axe has no wcag22a tag: the 2.2 A
# criteria it can test are under wcag2a/wcag21a).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = ("serious", "critical")


def _inject_axe(page: Page) -> None:
    if page.evaluate("typeof window.axe === 'object'"):
        return
    # Evaluated through the DevTools protocol, which the app's Content Security Policy does not
    # govern: an injected <script> tag would be refused, and the refusal would be reported as a
    # CSP violation (which fails the test, see watch_csp).
    page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    if not page.evaluate("typeof window.axe === 'object'"):
        raise RuntimeError(f"could not load axe-core from {AXE_PATH}")


def axe_check(page: Page, *, label: str) -> dict[str, Any]:
    """Run axe-core's WCAG 2.2 AA rules on the page as it is now.

    Fails the test (AssertionError) listing every serious or critical violation; returns axe's
    full results, so a test can also look at the moderate and minor ones.
    """
    results = _run_axe(page)
    failing = [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]
    if failing:
        lines = [f"axe: {len(failing)} serious or critical WCAG violation(s) on {label} ({results['url']}):"]
        for v in failing:
            target = v["nodes"][0]["target"] if v.get("nodes") else []
            lines.append(f"  - {v['id']} [{v['impact']}] {v['help']}: {target}")
        raise AssertionError("\n".join(lines))
    return results


def _run_axe(page: Page, attempts: int = 3) -> dict[str, Any]:
    # A click that submits a form starts a navigation Playwright does not wait for: axe can start on
    # the page being left (its document torn down under it). Wait for the new page and run again.
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            _inject_axe(page)
            return page.evaluate(
                """async (tags) => {
                    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                    return {violations: results.violations, passes: results.passes.length,
                            incomplete: results.incomplete.length, url: results.url};
                }""",
                AXE_TAGS,
            )
        except PlaywrightError as error:
            navigated = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not navigated or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def watch_csp(page: Page) -> list[str]:
    """Collect the page's Content Security Policy violations as Chromium reports them on the
    console ("Refused to execute inline script because it violates the following Content
    Security Policy directive…"); the list grows as the page runs."""
    violations: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{message.type}: {message.text} ({page.url})")

    page.on("console", on_console)
    return violations


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "page"


def screenshot(page: Page, name: str, *, directory: Path = SCREENSHOT_DIR) -> Path:
    """Save a full-page PNG as test-artifacts/screenshots/<name>.png and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{_safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def current_code(base32_key: str) -> str:
    """The 6-digit code an authenticator app holding this key shows now (RFC 6238, as the demo
    administrators' published key or a set-up page's key is typed into the app)."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(base32_key.replace(' ', ''))):06d}"


def sign_in(page: Page, base_url: str, email: str, password: str, *, code: str | None = None) -> None:
    """Sign in on the sign-in page; with `code`, give it on the page that asks for one (platform
    staff and authority administrators, and roles their authority ticks, are asked)."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if code is not None:
        page.goto(f"{base_url}/accounts/two-factor/verify/")
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def fill_date(scope, legend: str, day, *, at: str | None = None) -> None:
    """Type a date into the GOV.UK date input whose legend starts with `legend` (day, month and
    year boxes; and the time box, "14:30", for a date and time). `scope` is a page or a locator."""
    group = scope.get_by_role("group", name=legend).first
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))
    if at is not None:
        group.get_by_label("Time", exact=True).fill(at)
