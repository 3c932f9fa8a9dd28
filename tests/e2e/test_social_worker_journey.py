"""A social worker records a strategy discussion, sees the ICPC due date, schedules the initial
conference inside it, invites three agencies and a parent, and the .ics e-mails go out."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from authorities.human_dates import long_date_with_weekday
from authorities.models import Authority, Membership, Role
from conferences.models import Conference
from scheduling.calendars import calendar_for
from scheduling.engine import working_days_left
from tests.e2e.helpers import fill_date
from tests.factories import PASSWORD, AgencyFactory, MembershipFactory, UserFactory, VenueFactory


@pytest.fixture
def eager_celery(settings):
    from cpc.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def barnsley_people(transactional_db):
    if not Authority.objects.filter(slug="barnsley").exists():
        # A transactional test before this one flushed the shipped authorities (the data migration's rows).
        from tests.conftest import _restore_shipped_authorities

        _restore_shipped_authorities()
    authority = Authority.objects.get(slug="barnsley")
    sw = MembershipFactory(
        authority=authority,
        role=Role.SOCIAL_WORKER,
        user=UserFactory(email="sam.sw@barnsley.example.test", full_name="Sam Okafor"),
    )
    MembershipFactory(authority=authority, role=Role.CHAIR, user__full_name="Jordan Hale")
    for agency_name, agency_type, person in (
        ("South Yorkshire Police", "police", "Dana Whitfield"),
        ("Health Visiting Service", "health_visiting", "Ellis Hart"),
        ("Oakfield Primary School", "school", "Robin Shaw"),
    ):
        agency = AgencyFactory(authority=authority, name=agency_name, type=agency_type)
        MembershipFactory(authority=authority, role=Role.PRACTITIONER, agency=agency, user__full_name=person)
    VenueFactory(authority=authority, name="Civic Centre, Room 2", address="Church Street")
    return authority, sw


def test_social_worker_goes_from_strategy_discussion_to_a_scheduled_conference(
    live_server, page, axe, screenshot, barnsley_people, eager_celery
):
    authority, sw = barnsley_people
    base = f"{live_server.url}/{authority.slug}"
    page.goto(f"{base}/cases/")
    page.get_by_label("E-mail address").fill(sw.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/cases/")
    axe(page, label="case list (empty)")

    page.get_by_role("link", name="Create a case").click()
    axe(page, label="create a case")
    page.get_by_label("Case name").fill("Rivers family")
    page.get_by_role("button", name="Create the case").click()
    page.get_by_role("heading", name="Rivers family").wait_for()

    for first, dob in (("Maya", datetime.date(2019, 4, 2)), ("Leo", datetime.date(2023, 8, 15))):
        page.get_by_role("link", name="Add a child").click()
        page.get_by_label("First name", exact=True).fill(first)
        page.get_by_label("Last name", exact=True).fill("Rivers")
        fill_date(page, "Date of birth", dob)
        if first == "Maya":
            axe(page, label="add a child")
            screenshot(page, "sw-add-child")
        page.get_by_role("button", name="Add the child").click()
        page.get_by_text(f"{first} Rivers added.").wait_for()

    page.get_by_role("link", name="Add a parent or carer").click()
    page.get_by_label("First name", exact=True).fill("Jade")
    page.get_by_label("Last name", exact=True).fill("Rivers")
    for child in ("Maya Rivers", "Leo Rivers"):
        page.get_by_label(f"Relationship to {child}").select_option("mother")
        page.get_by_label(f"Has parental responsibility for {child}").check()
    axe(page, label="add a parent")
    screenshot(page, "sw-add-parent")
    page.get_by_role("button", name="Add the parent or carer").click()

    held_on = calendar_for(authority).subtract_working_days(timezone.localdate(), 1)
    page.get_by_role("link", name="Record a strategy discussion").click()
    fill_date(page, "Date of the strategy discussion", held_on)
    page.get_by_label("Attendees").fill("Social worker, police, health visitor")
    page.get_by_label("Outcome").fill("Section 47 enquiries to start.")
    page.get_by_label("Section 47 enquiries started").check()
    axe(page, label="strategy discussion")
    screenshot(page, "sw-strategy-discussion")
    page.get_by_role("button", name="Record the discussion").click()

    due = calendar_for(authority).add_working_days(held_on, 15)
    page.get_by_role("heading", name=f"Initial conference due by {due:%A} {due.day} {due:%B %Y}").wait_for()
    # Counted by the engine from today, which need not be a working day (on a weekend it is 15).
    left = working_days_left(due=due, today=timezone.localdate(), calendar=calendar_for(authority))
    assert page.get_by_text(f"{left} working days left").first.is_visible()
    axe(page, label="case page")
    screenshot(page, "sw-case-page")

    page.get_by_role("link", name="Schedule the initial conference").click()
    axe(page, label="schedule form")
    screenshot(page, "sw-schedule-form")
    page.locator('input[name="day"]').nth(2).check()
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Venue (optional)", exact=True).select_option(label="Civic Centre, Room 2")
    page.get_by_label("Chair", exact=True).select_option(label="Jordan Hale")
    page.get_by_role("button", name="Book the conference").click()
    page.get_by_role("heading", name="Initial conference").wait_for()

    for option in (
        "Health Visiting Service: Ellis Hart",
        "Oakfield Primary School: Robin Shaw",
        "South Yorkshire Police: Dana Whitfield",
    ):
        page.get_by_role("link", name="Invite a professional").click()
        if option.startswith("Health"):
            axe(page, label="invite a professional")
            screenshot(page, "sw-invite-professional")
        page.get_by_label("Professional (optional)", exact=True).select_option(label=option)
        page.get_by_role("button", name="Send the invitation").click()
        page.get_by_text("Professional invited.").wait_for()

    page.get_by_role("link", name="Invite a parent or carer").click()
    page.get_by_label("Parent or carer").select_option(label="Jade Rivers")
    page.get_by_label("Letter").check()
    axe(page, label="invite a parent")
    page.get_by_role("button", name="Record the invitation").click()
    page.get_by_text("Invitation recorded.").wait_for()

    assert page.get_by_role("cell", name="Letter,").is_visible()
    axe(page, label="conference page")
    screenshot(page, "sw-conference-page")

    page.get_by_role("link", name="Print the letter for Jade Rivers").click()
    page.get_by_role("heading", name="Invitation to a child protection conference").wait_for()
    axe(page, label="family letter")
    screenshot(page, "sw-family-letter")

    practitioners = Membership.objects.for_authority(authority).filter(role=Role.PRACTITIONER)
    emails = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in emails) == sorted(p.user.email for p in practitioners)
    conference = Conference.objects.for_authority(authority).get()
    report_due = calendar_for(authority).subtract_working_days(
        timezone.localtime(conference.starts_at).date(), 2
    )
    for message in emails:
        (name, content, mimetype), *_ = message.attachments
        calendar = icalendar.Calendar.from_ical(content)
        assert name.endswith(".ics") and "method=REQUEST" in mimetype and calendar["METHOD"] == "REQUEST"
        event = next(iter(calendar.walk("VEVENT")))
        assert str(event["UID"]) == f"{conference.ics_uid}@cpc" and int(event["SEQUENCE"]) == 0
        assert f"{long_date_with_weekday(report_due)} (REPORT-2WD)" in message.body
        # The case leaves the system by its reference only: no family or child name anywhere.
        for text in (
            message.subject,
            message.body,
            content if isinstance(content, str) else content.decode(),
        ):
            assert "Rivers" not in text and "Maya" not in text and "Leo " not in text


def test_every_scheduling_page_is_accessible(
    live_server, page, axe, screenshot, barnsley_people, eager_celery
):
    """The pages the journey above does not pass through, each checked with axe (errors shown too)."""
    from conferences.preparation import services as scheduling
    from tests.conferences.sw_helpers import at, make_case, working_day

    authority, _ = barnsley_people
    case = make_case(authority, name="Hollis family")
    case.discussion()
    conference = scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(working_day(authority, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    slot = scheduling.request_professional_slot(
        by=case.social_worker, conference_id=conference.pk, reason="Police"
    )
    observer = scheduling.request_observer(
        by=case.social_worker,
        conference_id=conference.pk,
        observer_name="Sam Student",
        observer_role="Student social worker",
        reason="Training",
    )
    base = f"{live_server.url}/{authority.slug}"

    def sign_in(membership):
        page.context.clear_cookies()
        page.goto(f"{base}/")
        page.get_by_label("E-mail address").fill(membership.user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/")

    sign_in(case.social_worker)
    c = f"{base}/conferences/{conference.pk}"
    pages = {
        "conference list": f"{base}/conferences/",
        "case list": f"{base}/cases/",
        "move": f"{c}/move/",
        "cancel": f"{c}/cancel/",
        "child participation": f"{c}/invite/child/",
        "advocate or interpreter": f"{c}/invite/other/",
        "professional slot request": f"{c}/professional-slot/",
        "observer request": f"{c}/observer/",
        "family needs": f"{c}/family-needs/",
        "separate arrangements": f"{c}/separate/",
        "pre-meeting": f"{c}/pre-meeting/",
        "social worker's report": f"{c}/social-worker-report/",
        "observer family answer": f"{base}/conferences/observers/{observer.pk}/family/",
        "review scheduling": f"{base}/cases/{case.family.pk}/conferences/new/?kind=review",
        "edit child": f"{base}/cases/children/{case.children[0].pk}/edit/",
        "edit parent": f"{base}/cases/people/{case.mother.pk}/edit/",
        "edit case": f"{base}/cases/{case.family.pk}/edit/",
    }
    for label, url in pages.items():
        page.goto(url)
        axe(page, label=label)
        submit = page.locator("main form[method='post'] button")
        if submit.count():
            submit.first.click()  # an empty or unchanged form: the error summary, or a redirect
            axe(page, label=f"{label} after submitting")
        screenshot(page, f"sw-{label.replace(' ', '-')}")

    sign_in(case.chair)
    for label, url in {
        "slot decision": f"{base}/conferences/professional-slots/{slot.pk}/decide/",
        "observer decision": f"{base}/conferences/observers/{observer.pk}/decide/",
    }.items():
        page.goto(url)
        axe(page, label=label)
        page.locator("main form button").first.click()
        page.locator(".govuk-error-summary").wait_for(state="visible")
        axe(page, label=f"{label} with errors")
        screenshot(page, f"sw-{label.replace(' ', '-')}")
