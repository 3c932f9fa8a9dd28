"""The harness itself: Chromium starts, axe-core loads and catches a real failure.

These use page.set_content only, no Django and no live server, so they can run with
``-p no:django`` while the app is being built.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ACCESSIBLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness check</title></head>
<body>
  <header><p>Child protection conferences</p></header>
  <main>
    <h1>Harness check</h1>
    <p>A page that meets WCAG 2.2 AA.</p>
    <form>
      <label for="name">Name</label>
      <input id="name" name="name" type="text" autocomplete="name">
      <button type="submit">Continue</button>
    </form>
  </main>
</body>
</html>"""


def test_an_accessible_page_passes_the_axe_check(page, axe):
    page.set_content(ACCESSIBLE_PAGE)

    results = axe(page, label="accessible page")

    assert results["passes"] > 0  # axe really ran its rules


def test_an_image_without_alt_text_fails_the_axe_check(page, axe):
    page.set_content(
        ACCESSIBLE_PAGE.replace("</main>", '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>')
    )

    with pytest.raises(AssertionError, match=r"image-alt \[critical\]"):
        axe(page, label="page with an unlabelled image")


def test_axe_still_loads_under_a_content_security_policy(page, axe):
    csp = """<meta http-equiv="Content-Security-Policy" content="script-src 'none'">"""
    page.set_content(ACCESSIBLE_PAGE.replace("<head>", f"<head>{csp}"))

    assert axe(page, label="page with a strict CSP")["passes"] > 0


@pytest.mark.csp_violations_expected
def test_a_csp_violation_on_the_console_is_caught(page):
    from tests.e2e.helpers import watch_csp

    violations = watch_csp(page)
    csp = """<meta http-equiv="Content-Security-Policy" content="script-src 'self'">"""
    page.set_content(
        ACCESSIBLE_PAGE.replace("<head>", f"<head>{csp}").replace("</main>", "<script>1</script></main>")
    )
    page.wait_for_timeout(200)

    assert violations and "inline script" in violations[0]


def test_a_screenshot_is_saved_as_a_png(page, screenshot):
    page.set_content(ACCESSIBLE_PAGE)

    path = screenshot(page, "harness smoke")

    assert path.name == "harness_smoke.png"
    assert path.read_bytes().startswith(b"\x89PNG")


def test_the_built_govuk_styles_apply_and_pass_the_axe_check(page, axe, screenshot):
    static = Path(__file__).resolve().parents[2] / "static"
    css = (static / "vendor/govuk/govuk-frontend.min.css").read_text(encoding="utf-8")
    css += (static / "css/app.css").read_text(encoding="utf-8")
    page.set_content(GOVUK_PAGE.replace("/* styles */", css))

    heading_font = page.eval_on_selector("h1", "e => getComputedStyle(e).fontFamily")
    button_background = page.eval_on_selector(".govuk-button", "e => getComputedStyle(e).backgroundColor")
    screenshot(page, "harness-govuk-css")

    assert heading_font.startswith("system-ui")  # GOV.UK's restricted typeface is not used
    assert button_background not in ("rgba(0, 0, 0, 0)", "transparent")
    axe(page, label="page styled with the built GOV.UK Frontend CSS")


GOVUK_PAGE = """<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head><meta charset="utf-8"><title>Styles check</title><style>/* styles */</style></head>
<body class="govuk-template__body">
  <a href="#main-content" class="govuk-skip-link">Skip to main content</a>
  <header class="govuk-template__header app-header">
    <section aria-label="Service information" class="govuk-service-navigation">
      <div class="govuk-width-container"><div class="govuk-service-navigation__container">
        <span class="govuk-service-navigation__service-name">
          <a href="#" class="govuk-service-navigation__link">Child protection conferences</a>
        </span>
      </div></div>
    </section>
  </header>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
      <h1 class="govuk-heading-l">Schedule the conference</h1>
      <div class="govuk-form-group govuk-form-group--error">
        <label class="govuk-label" for="venue">Venue</label>
        <div id="venue-hint" class="govuk-hint">Where people will meet</div>
        <p id="venue-error" class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> Enter a venue
        </p>
        <input class="govuk-input govuk-input--error" id="venue" name="venue" type="text"
               aria-describedby="venue-hint venue-error">
      </div>
      <button type="submit" class="govuk-button">Save</button>
    </main>
  </div>
  <footer class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta">
    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
      <p class="govuk-body-s app-footer__marking">Official &ndash; Sensitive</p>
    </div>
  </div></div></footer>
</body>
</html>"""
