"""A chair runs a whole initial conference in Chromium, step by step: the start on the booked day,
attendance until the quorum turns green, the parents' views, opinions for two children, a split
decision with its rationale, a dissent, the plan, next dates and the core group (the venue and the
family member kept as saved), the checklist and the close, and both PDFs (the family's without the
professional slot). The steps fit a laptop, a tablet and a phone without sideways scrolling."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from authorities.models import Authority, Role
from tests.e2e.helpers import fill_date
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    ChildFactory,
    ConferenceFactory,
    FamilyFactory,
    InvitationFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    VenueFactory,
)

SLOT_TEXT = "Operation Heron: a live police investigation"
SHOTS = Path("/work/shots/live")
WIDTHS = {"desktop": (1280, 900), "tablet": (768, 1024), "phone": (390, 844)}


@pytest.fixture
def conference_room(transactional_db, clock):
    clock.day = timezone.localdate()  # noon today, so the booked day cannot pass during the test
    authority = Authority.objects.get(slug="barnsley")  # QUORUM required, SCALING on
    chair = MembershipFactory(
        authority=authority,
        role=Role.CHAIR,
        user=UserFactory(email="chair@example.test", full_name="Cara Chair"),
    )
    social_worker = MembershipFactory(
        authority=authority, role=Role.SOCIAL_WORKER, user__full_name="Sam Social"
    )
    family = FamilyFactory(authority=authority, name="Hollis family", social_worker=social_worker)
    children = [
        ChildFactory(
            family=family, first_name="Amy", last_name="Hollis", date_of_birth=datetime.date(2019, 4, 2)
        ),
        ChildFactory(
            family=family, first_name="Ben", last_name="Hollis", date_of_birth=datetime.date(2022, 9, 9)
        ),
    ]
    dana = PersonFactory(family=family, first_name="Dana", last_name="Hollis")
    VenueFactory(authority=authority, name="Barnsley Town Hall")
    conference = ConferenceFactory(
        family=family,
        children=children,
        chair=chair,
        starts_at=timezone.now() + datetime.timedelta(hours=3),  # later today: the chair starts early
        sw_report_shared_family_on=timezone.localdate(),
        sw_report_shared_professionals_on=timezone.localdate(),
    )
    InvitationFactory(
        conference=conference,
        kind="parent",
        membership=None,
        person=dana,
        name="Dana Hollis",
        invited_by="letter",
        invited_at=timezone.now(),
    )
    for child in children:
        InvitationFactory(
            conference=conference,
            kind="child",
            membership=None,
            child=child,
            name=str(child),
            views_route="social_worker",
        )
    professionals = []
    for name, agency_name, agency_type in (
        ("Pat Police", "South Yorkshire Police", "police"),
        ("Hana Health", "Barnsley Health Visiting", "health_visiting"),
    ):
        agency = AgencyFactory(authority=authority, name=agency_name, type=agency_type)
        member = MembershipFactory(
            authority=authority, role=Role.PRACTITIONER, agency=agency, user__full_name=name
        )
        professionals.append(InvitationFactory(conference=conference, membership=member, name=name))
    return conference, children, professionals


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _opinion(page, child, who, answer, *, score, reasons="", category=""):
    box = page.locator(f"#opinions-{child.pk}")
    box.get_by_text(f"Record an opinion for {child}").click()
    box.get_by_label("Professional").select_option(label=who)
    box.get_by_label(answer, exact=True).check()
    if reasons:
        box.get_by_label("Reasons").fill(reasons)
    if category:
        box.get_by_label("Category of harm").select_option(category)
    box.get_by_label("Scaling score").fill(str(score))
    box.get_by_role("button", name=f"Save opinion for {child}").click()


def _step(page, key):
    page.locator(f"[data-step='{key}'] a").click()
    page.wait_for_load_state()


def _fits(page, axe, screenshot, name):
    """At each width: no sideways scrolling, no serious axe violation, and a screenshot to look at."""
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(100)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        axe(page, label=f"{name} at {width_name}")
        screenshot(page, f"{name}-{width_name}", directory=SHOTS)
    page.set_viewport_size({"width": 1280, "height": 900})


def _opinion_cells_name_their_column(page, child):
    """On a phone the opinions stack as cards with the header row hidden: each cell names its column."""
    page.set_viewport_size({"width": 390, "height": 844})
    shown = page.evaluate(
        """(box) => [...document.querySelectorAll(`${box} tbody tr:first-child [data-label]`)]
            .map((cell) => getComputedStyle(cell, '::before').content)""",
        f"#opinions-{child.pk}",
    )
    assert shown == ['"Professional"', '"Plan needed"', '"Category"', '"Score"', '"Reasons"'], shown
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_chair_runs_a_whole_initial_conference(
    live_server, page, axe, screenshot, conference_room, tmp_path
):
    conference, (amy, ben), _professionals = conference_room
    _login(page, live_server, "chair@example.test")
    live_url = f"{live_server.url}/barnsley/conferences/{conference.pk}/live/"
    page.goto(live_url)
    assert page.locator("[data-step='start'] a").get_attribute("aria-current") == "step"
    _fits(page, axe, screenshot, "chair-01-before-start")

    page.get_by_role("button", name="Start the conference").click()
    page.wait_for_load_state()
    assert "step=attendance" in page.url
    assert page.locator("[data-step='start']").get_attribute("data-done") == "true"
    assert page.locator('[data-quorum="inquorate"]').is_visible()
    assert "social worker" in page.locator("#quorum-panel").inner_text()

    # Attendance by htmx: the quorum panel turns green once the third person is marked present.
    for name in ("Sam Social", "Pat Police", "Hana Health"):
        page.locator("#attendance-quorum tr", has_text=name).get_by_role("button", name="Present").click()
        page.locator(f"#attendance-quorum tr:has-text('{name}') .govuk-tag--green").wait_for()
    page.locator('[data-quorum="quorate"]').wait_for()
    assert "Quorate" in page.locator("#at-hand").inner_text()  # the panel beside the steps followed
    _fits(page, axe, screenshot, "chair-02-quorate")

    # The parents' views, in their own step.
    _step(page, "parents")
    form = page.locator("form:has(button:has-text('Save views'))")
    form.get_by_label("Whose views").select_option(label="Dana Hollis")
    form.get_by_label("At the conference").check()
    form.get_by_label("Spoken").check()
    form.get_by_label("Their views, or why they were not given").fill("Dana wants the children home.")
    form.get_by_role("button", name="Save views").click()
    page.wait_for_load_state()
    assert page.get_by_text("Dana wants the children home.").is_visible()

    _step(page, "opinions")
    # Opinions for two children (the forms were refreshed with the attendance, without a reload):
    # unanimous for Amy, split for Ben.
    people = ["Sam Social (Social worker)", "Pat Police (Police)", "Hana Health (Health visiting)"]
    for who, score in zip(people, (2, 1, 3), strict=True):
        _opinion(
            page,
            amy,
            who,
            "Yes, a plan is needed",
            score=score,
            reasons="Neglect at home",
            category="neglect",
        )
        page.locator(f"#opinions-{amy.pk} tr:has-text('{who.split(' (')[0]}')").wait_for()
    _opinion(page, ben, people[0], "Yes, a plan is needed", score=2, reasons="Same home", category="neglect")
    page.locator(f"#opinions-{ben.pk} tr:has-text('Sam Social')").wait_for()
    _opinion(page, ben, people[1], "No plan needed", score=7)
    page.locator(f"#opinions-{ben.pk} tr:has-text('Pat Police')").wait_for()
    _opinion(
        page, ben, people[2], "Yes, a plan is needed", score=3, reasons="Baby at risk", category="neglect"
    )
    page.locator(f"[data-tally='{ben.pk}']:has-text('2 yes, 1 no, 0 abstained')").wait_for()
    assert page.locator(f"[data-tally='{amy.pk}']").inner_text().startswith("3 yes, 0 no")
    _fits(page, axe, screenshot, "chair-03-opinions")
    _opinion_cells_name_their_column(page, ben)

    # The professional slot, never shown to the family.
    _step(page, "agenda")
    page.get_by_role("link", name="Professional slot (not shared with the family)").click()
    page.get_by_label("Notes for this section").fill(SLOT_TEXT)
    page.get_by_role("button", name="Save notes").click()
    page.wait_for_load_state()
    assert page.get_by_text("Never shown to the family").is_visible()

    # Decisions: Amy unanimous; Ben split needs the chair's rationale.
    _step(page, "decisions")
    amy_decision = page.locator(f"#decision-{amy.pk}")
    amy_decision.get_by_label("Child protection plan").check()
    amy_decision.get_by_label("Primary category of harm").select_option("neglect")
    amy_decision.get_by_role("button", name=f"Save the decision for {amy}").click()
    page.wait_for_load_state()
    ben_decision = page.locator(f"#decision-{ben.pk}")
    ben_decision.get_by_label("Child protection plan").check()
    ben_decision.get_by_label("Primary category of harm").select_option("neglect")
    ben_decision.get_by_role("button", name=f"Save the decision for {ben}").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "Opinions are split" in summary.inner_text() and "(DECISION)" in summary.inner_text()
    axe(page, label="split decision refused")
    screenshot(page, "chair-04-split-refused")
    ben_decision = page.locator(f"#decision-{ben.pk}")
    ben_decision.get_by_label("Chair's rationale").fill(
        "Ben is a baby in the same home; the police view is noted."
    )
    ben_decision.get_by_role("button", name=f"Save the decision for {ben}").click()
    page.wait_for_load_state()
    assert page.locator(f"[data-decision='{ben.pk}']").inner_text().startswith("Child protection plan")

    # Dissent by name.
    ben_decision = page.locator(f"#decision-{ben.pk}")
    ben_decision.get_by_text("Record a dissent").click()
    ben_decision.get_by_label("Who dissents").select_option(label="Pat Police")
    ben_decision.get_by_label("Reasons for the dissent").fill("No evidence of harm to Ben.")
    ben_decision.get_by_role("button", name="Record the dissent").click()
    page.wait_for_load_state()
    assert page.get_by_text("No evidence of harm to Ben.").is_visible()

    # The plan.
    def add(kind, text, **fields):
        form = page.locator("form:has(button:has-text('Add to the plan'))")
        form.get_by_label("What to add").select_option(label=kind)
        form.get_by_label("Text", exact=True).fill(text)
        for label, value in fields.items():
            if isinstance(value, datetime.date):
                fill_date(form, label, value)
                continue
            field = form.get_by_label(label, exact=True)
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        form.get_by_role("button", name="Add to the plan").click()
        page.wait_for_load_state()

    _step(page, "plan")
    add("Danger statement", "Amy and Ben are left alone when Dad drinks")
    add("Safety goal", "A sober adult is always at home")
    due = timezone.localdate() + datetime.timedelta(days=30)
    add(
        "Action",
        "Dad attends the alcohol service weekly",
        **{
            "Owner (person) (optional)": "Sam Social",
            "Due by (optional)": due,
            "Danger statement it answers (optional)": "Amy and Ben are left alone when Dad drinks",
        },
    )
    plan_form = page.locator("form:has(button:has-text('Save the plan'))")
    plan_form.get_by_label("Contingency plan").fill("The children stay with their grandmother")
    plan_form.get_by_label("Non-negotiable bottom lines").fill("No drinking while caring for the children")
    plan_form.get_by_role("button", name="Save the plan").click()
    page.wait_for_load_state()
    _fits(page, axe, screenshot, "chair-05-plan")

    _step(page, "next")
    page.get_by_label("Who tells the child the outcome").fill("Sam Social, after school on Friday")
    page.get_by_role("button", name="Save who tells the child").click()
    page.wait_for_load_state()

    # Next dates (proposed from the rules) and the core group; what was saved shows as saved.
    page.get_by_label("Core group venue").select_option(label="Barnsley Town Hall")
    page.get_by_role("button", name="Book the next dates").click()
    page.wait_for_load_state()
    assert page.locator("[data-booked]").is_visible()
    assert page.get_by_label("Core group venue").input_value() != ""
    assert page.locator("#id_dates-venue option:checked").inner_text() == "Barnsley Town Hall"
    members = page.locator("form:has(button:has-text('Save the core group members'))")
    for name in ("Sam Social", "Pat Police", "Hana Health"):
        members.get_by_label(name, exact=False).check()
    members.locator("fieldset:has-text('Family members')").get_by_label("Dana Hollis").check()
    members.get_by_role("button", name="Save the core group members").click()
    page.wait_for_load_state()
    members = page.locator("form:has(button:has-text('Save the core group members'))")
    assert members.locator("fieldset:has-text('Family members')").get_by_label("Dana Hollis").is_checked()
    assert page.locator("#id_dates-venue option:checked").inner_text() == "Barnsley Town Hall"
    _fits(page, axe, screenshot, "chair-06-next-dates")

    # The checklist the close checks: everything done, so the page says so and the close goes through.
    _step(page, "close")
    assert page.get_by_text("Everything the rules need is recorded").is_visible()
    _fits(page, axe, screenshot, "chair-07-checklist")
    page.get_by_role("button", name="Close the conference as held").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Conference held").is_visible()
    _fits(page, axe, screenshot, "chair-08-held")

    texts = {}
    for version in ("professional", "family"):
        with page.expect_download() as download:
            page.get_by_role("link", name=f"Download the minutes ({version} version, PDF)").click()
        path = tmp_path / f"{version}.pdf"
        download.value.save_as(path)
        data = path.read_bytes()
        assert data.startswith(b"%PDF")
        texts[version] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Operation Heron" in texts["professional"]
    assert "Operation Heron" not in texts["family"] and "police investigation" not in texts["family"]
    assert "No evidence of harm to Ben." in texts["family"]
