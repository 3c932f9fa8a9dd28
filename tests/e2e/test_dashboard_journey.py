"""A team manager opens the dashboard from their home page, sees an overdue ICPC and an open
escalation, acknowledges the escalation and sees the counts change; follows a figure to the
cases behind it and on to the case (LONG-PLAN flagged); moves an escalation up; raises one about
an agency past the non-attendance pattern. Every dashboard view axe-checked, at desktop and phone
widths, with screenshots."""

import datetime

import pytest

from authorities.models import Authority, Role
from tests.dashboards.helpers import core_group_meetings, deadline, family_of, held_conference, plan
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    ChildFactory,
    EscalationFactory,
    InvitationFactory,
    MembershipFactory,
)

WEDNESDAY = datetime.date(2026, 6, 10)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def barnsley_team(transactional_db, clock):
    clock.day = WEDNESDAY
    barnsley = Authority.objects.get(slug="barnsley")
    manager = MembershipFactory(
        authority=barnsley,
        role=Role.TEAM_MANAGER,
        user__email="tm@barnsley.example.test",
        user__full_name="Tess Manager",
    )
    worker = MembershipFactory(
        authority=barnsley,
        role=Role.SOCIAL_WORKER,
        team_manager=manager,
        user__email="sw@barnsley.example.test",
        user__full_name="Sam Worker",
    )
    hollins = family_of(worker, "Hollins family")
    overdue = deadline(
        hollins, due_on=datetime.date(2026, 6, 5), label="Initial conference for the Hollins family"
    )
    EscalationFactory(deadline=overdue, reason="ICPC-15WD overdue: Initial conference for the Hollins family")
    older = deadline(
        hollins, rule_id="RCPCN-6M", due_on=datetime.date(2026, 5, 1), label="Review: Hollins family"
    )
    EscalationFactory(deadline=older, reason="RCPCN-6M overdue: Review for the Hollins family")
    child = ChildFactory(family=hollins, first_name="Kai", last_name="Hollins")
    plan(child, started_on=datetime.date(2024, 5, 20), category="emotional")
    for n, category in enumerate(("neglect", "neglect", "physical", "sexual")):
        plan(
            ChildFactory(family=family_of(worker, f"Family {n}")),
            started_on=datetime.date(2026, 1, 5),
            category=category,
        )
    for month in range(1, 6):
        met = datetime.date(2026, month, 12)
        deadline(hollins, rule_id="CG1-10WD", due_on=met, met_on=met)
        deadline(hollins, rule_id="ICPC-15WD", due_on=met, met_on=met + datetime.timedelta(days=month % 2))
    police = AgencyFactory(authority=barnsley, name="South Yorkshire Police", type="police")
    for day in (datetime.date(2026, 2, 3), datetime.date(2026, 3, 3), datetime.date(2026, 5, 5)):
        InvitationFactory(
            conference=held_conference(hollins, day),
            agency=police,
            membership=None,
            name="PC Jones",
            attendance="absent",
        )
    # The health visitor missed three core group meetings: the pattern by core groups alone.
    health = AgencyFactory(authority=barnsley, name="Barnsley Health Visiting", type="health_visiting")
    missed = {datetime.date(2026, month, 4): "absent" for month in (2, 3, 5)}
    core_group_meetings(barnsley, health, missed, family=hollins)
    return barnsley, manager, police


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/barnsley/")


def counts(page, level=1):
    return (
        page.get_by_test_id(f"escalations-open-{level}").inner_text(),
        page.get_by_test_id(f"escalations-acknowledged-{level}").inner_text(),
    )


def test_a_manager_sees_what_is_late_and_escalated_and_acts_on_it(
    live_server, page, axe, screenshot, barnsley_team
):
    _, manager, police = barnsley_team
    sign_in(page, live_server, manager.user.email)
    # Their home page leads with the team's overdue work, then the dashboard as the first task.
    home = page.locator("main").inner_text()
    assert home.index("Overdue, due today and escalated") < home.index("What you can do today")
    tasks = page.locator("main ul.govuk-list").last.locator("li a")
    assert tasks.first.inner_text() == "Dashboard"
    tasks.first.click()
    page.get_by_role("heading", name="Dashboard", level=1).wait_for()
    page.wait_for_function("document.querySelectorAll('canvas').length === 3")

    overdue_icpc = page.get_by_role(
        "link", name="1 overdue, initial conference within 15 working days (ICPC-15WD): see the cases"
    )
    assert overdue_icpc.is_visible()
    assert counts(page) == ("2", "0")
    assert page.locator("strong.govuk-tag", has_text="Pattern").first.is_visible()
    attendance = page.get_by_role("region", name="Attendance and reports by agency")
    health_row = attendance.get_by_role("row", name="Barnsley Health Visiting")
    assert health_row.get_by_role("cell").all_inner_texts()[-3:-1] == ["3", "3"]  # missed, in the window
    longest = page.get_by_role("region", name="Children whose plans have been open longest")
    assert longest.get_by_role("row").nth(1).get_by_role("cell").all_inner_texts() == [
        "Kai Hollins",
        "20 May 2024",
        "2 years or more",
        "Emotional abuse",
    ]
    axe(page, label="dashboard")
    screenshot(page, "dashboard-desktop")
    longest.screenshot(path=str(screenshot(page, "dashboard-longest-plans")))
    attendance.screenshot(path=str(screenshot(page, "dashboard-attendance")))

    page.get_by_role("button", name="Acknowledge Deadline overdue: Hollins family").first.click()
    page.get_by_text("Escalation acknowledged.").wait_for()
    assert counts(page) == ("1", "1")
    axe(page, label="dashboard after acknowledging")
    screenshot(page, "dashboard-acknowledged")

    page.set_viewport_size(PHONE)
    page.reload()
    axe(page, label="dashboard on a phone")
    screenshot(page, "dashboard-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role(
        "link", name="1 overdue, initial conference within 15 working days (ICPC-15WD): see the cases"
    ).click()
    page.get_by_role("heading", name="Overdue: ICPC-15WD").wait_for()
    axe(page, label="overdue ICPC list")
    screenshot(page, "dashboard-deadline-list")
    page.get_by_role("link", name="Hollins family").click()
    # The click returns once the link is followed, not once the case page has drawn: wait for it.
    page.get_by_text("Plan open 2 years or more").wait_for(state="visible")
    screenshot(page, "case-long-plan-flag")

    page.goto(f"{live_server.url}/barnsley/dashboard/?team=all")
    page.get_by_role("link", name="Move up or resolve Deadline overdue: Hollins family").first.click()
    page.get_by_role("button", name="Move up a level").click()
    page.locator(".govuk-error-summary").wait_for()
    axe(page, label="escalation step with an error")
    screenshot(page, "dashboard-escalation-step-error")
    page.get_by_label("Why it needs to go up a level").fill("No date booked after two reminders.")
    page.get_by_role("button", name="Move up a level").click()
    page.get_by_text("Escalation moved up to").wait_for()
    assert page.url.endswith("/barnsley/dashboard/?team=all")
    assert counts(page, 2)[0] == "1"

    page.get_by_role("link", name=f"Raise an escalation about {police.name}").click()
    reason = page.get_by_label("Why are you raising it?").input_value()
    assert reason.startswith(police.name) and reason.endswith("(NON-ATTEND-LETTER)"), reason
    axe(page, label="raise an escalation about an agency")
    screenshot(page, "dashboard-attendance-escalation")
    page.get_by_role("button", name="Raise the escalation").click()
    page.get_by_text(f"Escalation about {police.name} raised").wait_for()

    page.goto(f"{live_server.url}/barnsley/dashboard/?start=2026-06-30&end=2026-01-01")
    page.locator(".govuk-error-summary").wait_for()
    axe(page, label="dashboard with a bad filter")
    screenshot(page, "dashboard-filter-error")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/barnsley/dashboard/deadlines/?rule=ICPC-15WD&status=overdue&team=all")
    axe(page, label="deadline list on a phone")
    screenshot(page, "dashboard-deadline-list-phone")
