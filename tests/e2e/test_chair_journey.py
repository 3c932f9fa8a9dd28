"""A chair runs a whole initial conference in Chromium: attendance until the quorum turns green,
opinions for two children, a split decision with its rationale, a dissent, the plan, next dates,
closing, and both PDFs (the family's without the professional slot)."""

from __future__ import annotations

import datetime
import io

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


@pytest.fixture
def conference_room(transactional_db):
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
    PersonFactory(family=family, first_name="Dana", last_name="Hollis")
    VenueFactory(authority=authority, name="Barnsley Town Hall")
    conference = ConferenceFactory(
        family=family,
        children=children,
        chair=chair,
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2),
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


def test_a_chair_runs_a_whole_initial_conference(
    live_server, page, axe, screenshot, conference_room, tmp_path
):
    conference, (amy, ben), _professionals = conference_room
    _login(page, live_server, "chair@example.test")
    live_url = f"{live_server.url}/barnsley/conferences/{conference.pk}/live/"
    page.goto(live_url)
    axe(page, label="live page before the start")
    screenshot(page, "chair-01-before-start")

    page.get_by_role("button", name="Start the conference").click()
    page.wait_for_load_state()
    assert page.locator('[data-quorum="inquorate"]').is_visible()
    assert "social worker" in page.locator("#quorum-panel").inner_text()

    # Attendance by htmx: the quorum panel turns green once the third person is marked present.
    for name in ("Sam Social", "Pat Police", "Hana Health"):
        page.locator("#attendance-quorum tr", has_text=name).get_by_role("button", name="Present").click()
        page.locator(f"#attendance-quorum tr:has-text('{name}') .govuk-tag--green").wait_for()
    page.locator('[data-quorum="quorate"]').wait_for()
    axe(page, label="quorate")
    screenshot(page, "chair-02-quorate")

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
    axe(page, label="opinions")
    screenshot(page, "chair-03-opinions")

    # The professional slot, never shown to the family.
    page.get_by_role("link", name="Professional slot (not shared with the family)").click()
    page.get_by_label("Notes for this section").fill(SLOT_TEXT)
    page.get_by_role("button", name="Save notes").click()
    page.wait_for_load_state()
    assert page.get_by_text("Never shown to the family").is_visible()

    # Decisions: Amy unanimous; Ben split needs the chair's rationale.
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
    axe(page, label="plan")
    screenshot(page, "chair-05-plan")

    page.get_by_label("Who tells the child the outcome").fill("Sam Social, after school on Friday")
    page.get_by_role("button", name="Save who tells the child").click()
    page.wait_for_load_state()

    # Next dates (proposed from the rules) and the core group.
    page.get_by_role("button", name="Book the next dates").click()
    page.wait_for_load_state()
    assert page.locator("[data-booked]").is_visible()
    members = page.locator("form:has(button:has-text('Save the core group members'))")
    for name in ("Sam Social", "Pat Police", "Hana Health"):
        members.get_by_label(name, exact=False).check()
    members.get_by_role("button", name="Save the core group members").click()
    page.wait_for_load_state()
    screenshot(page, "chair-06-next-dates")

    page.get_by_role("button", name="Close the conference as held").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Conference held").is_visible()
    axe(page, label="held")
    screenshot(page, "chair-07-held")

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
