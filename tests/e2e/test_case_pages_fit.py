"""The case page and the core group page fit a phone, a tablet and a laptop without sideways
scrolling: their tables (children, parents, discussions, conferences, plans, deadlines; the core
group's deadlines, meetings and members) stack as cards on a phone, each cell naming its column. Every
width axe-checked, and a screenshot of each to look at."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from authorities.models import Authority
from cases.models import Child, ChildProtectionPlan
from tests.coregroups.helpers import held_initial
from tests.factories import PASSWORD, ChildInNeedPlanFactory

SHOTS = Path("/tmp/ui16-shots")
WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}
# What a cell shows before its content: its column's label on a phone, nothing in a table.
LABEL_OF = """(selector) => {
    const cell = document.querySelector(selector);
    return cell && getComputedStyle(cell, '::before').content;
}"""


@pytest.fixture
def barnsley_case(transactional_db, clock):
    barnsley = Authority.objects.get(slug="barnsley")
    setup = held_initial(barnsley, clock, children=2)
    # Long words are what push a table past a phone's width.
    Child.objects.for_authority(barnsley).filter(family=setup.room.conference.family).update(
        other_names="Anne-Marie-Louise Featherstonehaugh-Cholmondeley",
        disability="Attention deficit hyperactivity disorder; speech and language therapy weekly",
        first_language="Portuguese",
        interpreter_needed=True,
    )
    # Plans of both kinds, one ended with a long reason: the plans table has the most to fit.
    child = setup.room.children[0]
    ChildInNeedPlanFactory(
        authority=barnsley,
        child=child,
        started_on=datetime.date(2025, 3, 3),
        ended_on=datetime.date(2025, 9, 1),
        end_reason="Needs met through the family's own network; school and health visitor satisfied",
    )
    assert (
        ChildProtectionPlan.objects.for_authority(barnsley).filter(child__in=setup.room.children).count() == 2
    )
    clock.day = datetime.date(2026, 12, 1)
    return setup


def _fits(page, axe, screenshot, name: str, *, stacked_cell: str, label: str) -> None:
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(100)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        axe(page, label=f"{name} at {width_name}")
        screenshot(page, f"{name}-{width_name}", directory=SHOTS)
        shown = page.evaluate(LABEL_OF, stacked_cell)
        if width_name == "phone":
            assert shown == f'"{label}"', f"{name}: {stacked_cell} shows {shown} before it on a phone"
        else:
            assert shown in ("none", "normal"), f"{name}: the column label shows in a table at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_case_page_and_the_core_group_page_fit_every_width(
    live_server, page, axe, screenshot, barnsley_case
):
    setup = barnsley_case
    family = setup.room.conference.family
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(setup.social_worker.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")

    page.goto(f"{live_server.url}/barnsley/cases/{family.pk}/")
    page.get_by_role("heading", name="Deadlines").wait_for()
    _fits(page, axe, screenshot, "case-page", stacked_cell="td[data-label='Due by']", label="Due by")
    assert page.evaluate(LABEL_OF, "td[data-label='Details']") is not None  # the children's table
    page.set_viewport_size({"width": 390, "height": 844})
    plans = page.get_by_role("table", name="Child protection and child in need plans")
    assert plans.locator("tbody tr").count() == 3
    assert plans.evaluate("(table) => getComputedStyle(table).display") == "block"  # cards, not a table
    assert page.evaluate(LABEL_OF, "td[data-label='Plan']") == '"Plan"'
    assert page.locator(".app-table-scroll:has(table)").filter(has_text="Child in need plan").count() == 0
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Core group: members, meetings and deadlines").click()
    page.get_by_role("heading", name="Core group").wait_for()
    _fits(
        page,
        axe,
        screenshot,
        "core-group-page",
        stacked_cell="td[data-label='Booked for']",
        label="Booked for",
    )


# On a laptop and a tablet the tables keep their column headings and one-word links ("Children",
# "Change", "Reviews") whole: cells break long words anywhere so a pasted link cannot stretch the
# page, which had split those short words mid-word in narrow columns.
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


def test_the_case_pages_headings_and_one_word_links_stay_whole(live_server, page, barnsley_case):
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


# A word of a cell's first text (a name, a date; not a reason below it) drawn over two lines
# ("Featherstoneh / augh").
WORDS_SPLIT = """(selector) => [...document.querySelectorAll(selector)]
    .flatMap((cell) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        let text = walker.nextNode();
        while (text && !text.textContent.trim()) text = walker.nextNode();
        if (!text) return [];
        // A line may end after a hyphen ("Newman- / Hartley"), as in print: the parts between
        // spaces and hyphens are what must stay whole.
        return [...text.textContent.matchAll(/[^\\s-]+/g)].map((word) => {
            const range = document.createRange();
            range.setStart(text, word.index);
            range.setEnd(text, word.index + word[0].length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return lines.size > 1 ? word[0] : null;
        });
    })
    .filter(Boolean)"""


def test_a_long_childs_name_wraps_between_its_words_on_a_tablet(live_server, page, screenshot, barnsley_case):
    setup = barnsley_case
    child = setup.room.children[0]
    Child.objects.for_authority(child.authority_id).filter(pk=child.pk).update(
        first_name="Maximilienne", last_name="Featherstonehaugh"
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(setup.social_worker.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(f"{live_server.url}/barnsley/cases/{setup.room.conference.family.pk}/")
    plans = page.get_by_role("table", name="Child protection and child in need plans")
    plans.wait_for()
    named = plans.locator("td[data-label='Child']", has_text="Maximilienne Featherstonehaugh")
    assert named.count() == 2  # a plan of each kind
    screenshot(page, "case-page-long-name-tablet", directory=SHOTS)
    # The names, and the short words beside them: the kind of plan, its dates, each deadline's rule id.
    labels = ("Child", "Name", "Chair", "Plan", "Started", "Ended", "Rule")
    cells = ", ".join(f"td[data-label='{label}']" for label in labels)
    assert page.evaluate(WORDS_SPLIT, cells) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the case page scrolls sideways by {overflow}px at 768px"
