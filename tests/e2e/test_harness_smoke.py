"""The harness itself: Chromium starts, axe-core loads and catches a real failure.

These use page.set_content only, no Django and no live server, so they can run with
``-p no:django`` while the app is being built.
"""

from __future__ import annotations

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


def test_a_screenshot_is_saved_as_a_png(page, screenshot):
    page.set_content(ACCESSIBLE_PAGE)

    path = screenshot(page, "harness smoke")

    assert path.name == "harness_smoke.png"
    assert path.read_bytes().startswith(b"\x89PNG")
