"""On a laptop and a tablet the case page's tables keep their column headings and one-word links
("Children", "Change", "Reviews") whole: the cells break long words anywhere so a pasted link
cannot stretch the page, which had split those short words mid-word in narrow columns."""

from __future__ import annotations

from tests.e2e.test_case_pages_fit import barnsley_case  # noqa: F401  (the fixture)
from tests.factories import PASSWORD

# One-word headings and links (their first text node) drawn on more than one line.
SPLIT_WORDS = """() => [...document.querySelectorAll('.app-table--stack thead th, .app-table--stack td a')]
    .map((el) => el.firstChild)
    .filter((node) => node && node.nodeType === Node.TEXT_NODE && /^\\S+$/.test(node.textContent.trim()))
    .filter((node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
    })
    .map((node) => node.textContent.trim())"""


def test_the_case_pages_headings_and_one_word_links_stay_whole(live_server, page, barnsley_case):  # noqa: F811
    setup = barnsley_case
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(setup.social_worker.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")
    page.goto(f"{live_server.url}/barnsley/cases/{setup.room.conference.family.pk}/")
    page.get_by_role("heading", name="Deadlines").wait_for()
    assert page.get_by_role("link", name="Reviews").count() + page.get_by_role("link", name="Change").count()
    for width, height in ((1280, 900), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(100)
        assert page.evaluate(SPLIT_WORDS) == [], f"words split mid-word at {width}px"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the case page scrolls sideways by {overflow}px at {width}px"
