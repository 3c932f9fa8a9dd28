"""Each figure of the managers' dashboard against hand-built data, as the page and the API give it."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import Agency, Role
from cases.models import ChildInNeedPlan
from scheduling.calendars import calendar_for
from tests.dashboards.helpers import deadline, family_of, held_conference, plan, team
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    ChildFactory,
    EscalationFactory,
    InvitationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2026, 6, 10)


def api(client, authority, query: str = "") -> dict:
    response = client.get(f"/api/v1/{authority.slug}/dashboard/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def as_service_manager(client, authority):
    client.force_login(MembershipFactory(authority=authority, role=Role.SERVICE_MANAGER).user)


def test_a_deadline_due_yesterday_is_overdue_today_even_if_no_sweep_has_run(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, theirs = two_authorities
    _, worker = team(mine)
    family = family_of(worker)
    calendar = calendar_for(mine)
    # The sweep last ran long ago: every stored status still says "not due".
    deadline(family, due_on=WEDNESDAY - datetime.timedelta(days=1), status="not_due")
    deadline(family, due_on=WEDNESDAY, status="not_due")
    deadline(family, due_on=calendar.add_working_days(WEDNESDAY, 5), status="not_due")
    deadline(family, due_on=calendar.add_working_days(WEDNESDAY, 6), status="not_due")  # not yet soon
    deadline(family, due_on=WEDNESDAY - datetime.timedelta(days=3), met_on=WEDNESDAY)  # met: not open
    deadline(family_of(team(theirs)[1]), due_on=WEDNESDAY - datetime.timedelta(days=1))  # theirs
    as_service_manager(client, mine)

    figures = api(client, mine)["deadlines"]

    assert figures["ICPC-15WD"] == {"overdue": 1, "due_today": 1, "due_soon": 1}
    assert figures["RCPC1-3M"] == {"overdue": 0, "due_today": 0, "due_soon": 0}
    page = client.get(f"/{mine.slug}/dashboard/")
    overdue_list = f"/{mine.slug}/dashboard/deadlines/?rule=ICPC-15WD&amp;status=overdue"
    assert overdue_list in page.content.decode()


def test_the_list_behind_a_figure_links_each_case(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, _ = two_authorities
    _, worker = team(mine)
    late, fine = family_of(worker, "Late family"), family_of(worker, "Fine family")
    deadline(late, due_on=WEDNESDAY - datetime.timedelta(days=2))
    deadline(fine, due_on=WEDNESDAY + datetime.timedelta(days=30))
    as_service_manager(client, mine)

    page = client.get(f"/{mine.slug}/dashboard/deadlines/?rule=ICPC-15WD&status=overdue").content.decode()

    assert f"/{mine.slug}/cases/{late.pk}/" in page and "Late family" in page
    assert "Fine family" not in page


def test_a_deadline_met_a_day_late_counts_late_in_its_month(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, _ = two_authorities
    family = family_of(team(mine)[1])
    deadline(family, due_on=datetime.date(2026, 5, 29), met_on=datetime.date(2026, 6, 1))  # a day late
    deadline(family, rule_id="CG1-10WD", due_on=datetime.date(2026, 5, 20), met_on=datetime.date(2026, 5, 20))
    deadline(family, rule_id="CG1-10WD", due_on=datetime.date(2026, 5, 21), met_on=datetime.date(2026, 5, 22))
    as_service_manager(client, mine)

    timeliness = api(client, mine)["timeliness"]

    assert timeliness["ICPC-15WD"]["2026-06"] == {"on_time": 0, "late": 1, "percent": 0.0}
    assert timeliness["ICPC-15WD"]["2026-05"] == {"on_time": 0, "late": 0, "percent": None}
    assert timeliness["CG1-10WD"]["2026-05"] == {"on_time": 1, "late": 1, "percent": 50.0}
    assert list(timeliness["RCPCN-6M"]) == [
        f"{y}-{m:02d}"
        for y, m in [
            (2025, 7),
            (2025, 8),
            (2025, 9),
            (2025, 10),
            (2025, 11),
            (2025, 12),
            (2026, 1),
            (2026, 2),
            (2026, 3),
            (2026, 4),
            (2026, 5),
            (2026, 6),
        ]
    ]


def test_a_category_change_shows_in_the_plan_figures(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, _ = two_authorities
    child = ChildFactory(family=family_of(team(mine)[1]))
    cp_plan = plan(child, category="neglect", started_on=datetime.date(2026, 1, 5))
    as_service_manager(client, mine)
    assert api(client, mine)["plans"]["by_category"] == {
        "neglect": 1,
        "physical": 0,
        "emotional": 0,
        "sexual": 0,
    }

    cp_plan.category = "emotional"  # as a review conference changes it
    cp_plan.save()

    plans = api(client, mine)["plans"]
    assert plans["by_category"] == {"neglect": 0, "physical": 0, "emotional": 1, "sexual": 0}
    assert plans["total"] == 1


def test_long_and_repeat_plans_are_counted_and_flagged_on_the_case_page(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, _ = two_authorities
    family = family_of(team(mine)[1])
    nineteen_months, twenty_five_months, repeat = (ChildFactory(family=family) for _ in range(3))
    plan(nineteen_months, started_on=datetime.date(2024, 11, 10))
    plan(twenty_five_months, started_on=datetime.date(2024, 5, 10))
    plan(repeat, started_on=datetime.date(2022, 1, 10), ended_on=datetime.date(2022, 12, 1))
    plan(repeat, started_on=datetime.date(2026, 3, 2))
    plan(ChildFactory(family=family), started_on=datetime.date(2024, 12, 11))  # a day short of 18 months
    as_service_manager(client, mine)

    plans = api(client, mine)["plans"]

    assert plans["open_months"] == {"18": 2, "24": 1}
    assert plans["second_or_later"] == 1
    client.force_login(family.social_worker.user)
    page = client.get(f"/{mine.slug}/cases/{family.pk}/").content.decode()
    assert page.count("Plan open 18 months or more") == 1
    assert page.count("Plan open 2 years or more") == 1
    assert "Second child protection plan" in page
    assert "LONG-PLAN" in page


def test_managers_see_who_is_on_the_longest_plans_by_name_longest_first(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, theirs = two_authorities
    family = family_of(team(mine)[1], name="Oak family")
    other_team_family = family_of(team(mine, "Rue")[1], name="Elm family")
    longest = ChildFactory(family=family, first_name="Ada", last_name="O'Brien & <Sons>")
    repeat = ChildFactory(family=family, first_name="Bea", last_name="Oak")
    plan(longest, category="emotional", started_on=datetime.date(2024, 5, 10))  # 2 years and a month
    plan(repeat, started_on=datetime.date(2021, 1, 4), ended_on=datetime.date(2022, 1, 4))
    plan(repeat, started_on=datetime.date(2024, 12, 1))  # 18 months and a little
    plan(
        ChildFactory(family=other_team_family, first_name="Cal", last_name="Elm"),
        started_on=datetime.date(2024, 11, 2),
    )
    plan(ChildFactory(family=family, first_name="Dee"), started_on=datetime.date(2024, 12, 11))  # a day short
    plan(
        ChildFactory(family=family_of(team(theirs)[1]), first_name="Eve"),
        started_on=datetime.date(2020, 1, 6),
    )
    as_service_manager(client, mine)

    longest_open = api(client, mine)["plans"]["longest_open"]
    page = client.get(f"/{mine.slug}/dashboard/").content.decode()

    assert [(row["child"], row["open_months_reached"], row["earlier_plans"]) for row in longest_open] == [
        ("Ada O'Brien & <Sons>", 24, 0),
        ("Cal Elm", 18, 0),
        ("Bea Oak", 18, 1),
    ]
    assert longest_open[0] | {"child": ""} == {
        "child": "",
        "family_id": family.pk,
        "started_on": "2024-05-10",
        "category": "Emotional abuse",
        "open_months_reached": 24,
        "earlier_plans": 0,
    }
    assert "Plans open longest:" in page
    assert "Ada O&#x27;Brien &amp; &lt;Sons&gt;" in page and "<Sons>" not in page
    assert f'href="/{mine.slug}/cases/{family.pk}/"' in page
    assert "10 May 2024" in page and "2 years or more" in page
    assert "Plan 2 for this child" in page
    assert "Dee" not in page and "Eve" not in page

    # A team manager's dashboard lists only their team's children.
    client.force_login(family.social_worker.team_manager.user)
    team_rows = api(client, mine, f"?team={family.social_worker.team_manager_id}")["plans"]["longest_open"]
    assert [row["child"].split(" ")[0] for row in team_rows] == ["Ada", "Bea"]


def test_the_longest_plans_list_says_how_many_it_leaves_out_and_is_not_drawn_when_the_rule_is_off(
    client, two_authorities, clock
):
    from cases.selectors import LongPlanRule, longest_open_plans
    from dashboards.figures import LONG_PLANS_SHOWN
    from tests.coregroups.review_helpers import set_mode

    clock.day = WEDNESDAY
    mine, _ = two_authorities
    family = family_of(team(mine)[1])
    for day in range(LONG_PLANS_SHOWN + 1):
        plan(ChildFactory(family=family), started_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day))
    as_service_manager(client, mine)

    page = client.get(f"/{mine.slug}/dashboard/").content.decode()
    assert f"The {LONG_PLANS_SHOWN} plans open longest, of {LONG_PLANS_SHOWN + 1}:" in page
    shown = longest_open_plans(mine, today=WEDNESDAY, rule=LongPlanRule(), limit=LONG_PLANS_SHOWN)
    assert [row.started_on for row in shown] == sorted(row.started_on for row in shown)
    assert shown[0].started_on == datetime.date(2024, 1, 1)

    set_mode(mine, "LONG-PLAN", "off")
    page = client.get(f"/{mine.slug}/dashboard/").content.decode()
    assert "plans open longest" not in page.lower() and "Flagging long and repeat plans is off" in page
    assert api(client, mine)["plans"]["longest_open"] == []


def test_no_long_plan_is_said_in_words(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, _ = two_authorities
    plan(ChildFactory(family=family_of(team(mine)[1])), started_on=datetime.date(2026, 1, 5))
    as_service_manager(client, mine)

    page = client.get(f"/{mine.slug}/dashboard/").content.decode()

    assert "No child's plan has been open 18 months or more." in page


def test_plans_ended_at_a_review_without_a_step_down_plan_are_listed_with_the_reason(
    client, two_authorities, clock
):
    from conferences.models import Decision, StepDown

    clock.day = WEDNESDAY
    mine, _ = two_authorities
    family = family_of(team(mine)[1])
    stepped, not_stepped = (
        ChildFactory(family=family, first_name="Stepped"),
        ChildFactory(family=family, first_name="Unstepped"),
    )
    review = held_conference(
        family, datetime.date(2026, 4, 14), kind="review", children=[stepped, not_stepped]
    )
    ended = {"ended_on": review.held_on, "ended_at_conference": review}
    stepped_plan = plan(stepped, started_on=datetime.date(2025, 4, 1), **ended)
    plan(not_stepped, started_on=datetime.date(2025, 4, 1), end_reason="Risk reduced", **ended)
    ChildInNeedPlan.framework_objects.create(
        authority=mine, child=stepped, started_on=review.held_on, stepped_down_from=stepped_plan
    )
    decision = Decision.framework_objects.create(
        authority=mine, conference=review, child=not_stepped, outcome="end", decided_by=review.chair
    )
    StepDown.framework_objects.create(
        authority=mine, decision=decision, route="moved_authority", rationale="Moved to Leeds"
    )
    as_service_manager(client, mine)

    assert api(client, mine)["plans"]["ended_without_step_down"] == 1
    page = client.get(f"/{mine.slug}/dashboard/").content.decode()
    assert "Unstepped" in page and "moved to another authority" in page and "Moved to Leeds" in page
    assert "Stepped " not in page


def test_escalations_open_or_acknowledged_are_counted_per_level(client, two_authorities):
    mine, _ = two_authorities
    family = family_of(team(mine)[1])
    due = datetime.date(2026, 1, 5)
    for level, status in (
        (1, "open"),
        (1, "acknowledged"),
        (2, "acknowledged"),
        (1, "resolved"),
        (1, "moved_up"),
    ):
        EscalationFactory(deadline=deadline(family, due_on=due), level=level, status=status)
    as_service_manager(client, mine)

    body = api(client, mine)

    assert body["escalations"] == {"1": 2, "2": 1, "3": 0, "4": 0}  # Barnsley's ladder has four levels
    assert body["escalation_levels"][0] | {"label": ""} == {
        "level": 1,
        "label": "",
        "open": 1,
        "acknowledged": 1,
    }


def test_an_agency_past_the_non_attendance_pattern_is_flagged(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, _ = two_authorities
    police = Agency.objects.for_authority(mine).get(name="Alphashire Police")
    health = AgencyFactory(authority=mine, name="Alphashire Health", type="health_visiting")
    family = family_of(team(mine)[1])
    for n, day in enumerate(
        (datetime.date(2026, 2, 3), datetime.date(2026, 3, 3), datetime.date(2026, 5, 5))
    ):
        conference = held_conference(family, day)
        InvitationFactory(
            conference=conference, agency=police, membership=None, name=f"PC {n}", attendance="absent"
        )
        came = InvitationFactory(
            conference=conference, agency=health, membership=None, name=f"HV {n}", attendance="apologies"
        )
        if n:
            AgencyReportFactory(invitation=came, submitted_by=None, created_by=conference.social_worker)
    # Older than the pattern's six months: shown in neither count.
    InvitationFactory(
        conference=held_conference(family, datetime.date(2025, 9, 1)),
        agency=police,
        membership=None,
        attendance="absent",
    )
    as_service_manager(client, mine)

    rows = {row["agency"]: row for row in api(client, mine)["attendance"]}

    assert rows["Alphashire Police"] | {"agency_id": None} == {
        "agency_id": None,
        "agency": "Alphashire Police",
        "invited": 3,
        "absent": 3,
        "no_report": 3,
        "absent_without_report": 3,
        "letters_sent": 0,
        "core_group_meetings_missed": 0,
        "in_pattern_window": 3,
        "pattern": True,
    }
    assert rows["Alphashire Health"]["absent_without_report"] == 1
    assert rows["Alphashire Health"]["pattern"] is False
    page = client.get(f"/{mine.slug}/dashboard/").content.decode()
    assert f"/{mine.slug}/dashboard/attendance/{police.pk}/escalate/" in page
    assert f"/{mine.slug}/dashboard/attendance/{health.pk}/escalate/" not in page


def test_a_manager_raises_an_escalation_about_an_agency_from_the_dashboard(client, two_authorities, clock):
    from scheduling.models import Escalation

    clock.day = WEDNESDAY
    mine, _ = two_authorities
    police = Agency.objects.for_authority(mine).get(name="Alphashire Police")
    manager = MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER)
    client.force_login(manager.user)
    url = f"/{mine.slug}/dashboard/attendance/{police.pk}/escalate/"

    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": " "})
    assert refused.status_code == 400 and "reason: say why" in refused.content.decode()
    response = client.post(url, {"reason": "Police missed three conferences in six months."})

    assert response.status_code == 302
    raised = Escalation.objects.for_authority(mine).get()
    assert raised.kind == "poor_attendance" and raised.level == 1 and raised.raised_by == manager


def test_a_team_manager_sees_their_team_by_default_and_the_authority_on_request(
    client, two_authorities, clock
):
    clock.day = WEDNESDAY
    mine, _ = two_authorities
    manager, worker = team(mine, "Mine")
    _, other_worker = team(mine, "Other")
    yesterday = WEDNESDAY - datetime.timedelta(days=1)
    deadline(family_of(worker, "Ours"), due_on=yesterday)
    deadline(family_of(other_worker, "Theirs"), due_on=yesterday)
    deadline(family_of(other_worker, "Theirs too"), due_on=yesterday)
    client.force_login(manager.user)

    assert api(client, mine)["deadlines"]["ICPC-15WD"]["overdue"] == 1
    # The view's address names the team, so a colleague it is shared with sees the same figures.
    page = client.get(f"/{mine.slug}/dashboard/").content.decode()
    assert f'href="/{mine.slug}/dashboard/?team={manager.pk}">Link to this view' in page
    assert api(client, mine, "?team=all")["deadlines"]["ICPC-15WD"]["overdue"] == 3
    assert (
        api(client, mine, f"?team=all&social_worker={other_worker.pk}")["deadlines"]["ICPC-15WD"]["overdue"]
        == 2
    )
    assert (
        api(client, mine, f"?team={other_worker.team_manager_id}")["deadlines"]["ICPC-15WD"]["overdue"] == 2
    )


def test_the_csv_tables_carry_the_same_figures_with_the_filters_applied(client, two_authorities, clock):
    clock.day = WEDNESDAY
    mine, _ = two_authorities
    _, worker = team(mine, "Mine")
    _, other = team(mine, "Other")
    deadline(family_of(worker), due_on=WEDNESDAY - datetime.timedelta(days=1))
    deadline(family_of(other), due_on=WEDNESDAY - datetime.timedelta(days=1))
    as_service_manager(client, mine)

    def lines(table, query=""):
        response = client.get(f"/{mine.slug}/dashboard/{table}.csv{query}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        return b"".join(response.streaming_content).decode().splitlines()

    assert "ICPC-15WD,Initial conference within 15 working days,2,0,0" in lines("deadlines")
    assert "ICPC-15WD,Initial conference within 15 working days,1,0,0" in lines(
        "deadlines", f"?social_worker={worker.pk}"
    )
    for table in ("escalations", "timeliness", "plans", "attendance"):
        assert len(lines(table)) >= 1
    assert lines("timeliness")[0] == "rule_id,rule,month,on_time,late,percent_on_time"


def test_bad_filters_get_a_message_naming_the_field_not_a_500(client, two_authorities):
    mine, _ = two_authorities
    as_service_manager(client, mine)
    for query, field, words in (
        ("?social_worker=999999", "social_worker", "social_worker:"),
        ("?team=nonsense", "team", "team:"),
        ("?start=2026-13-45", "start", "From must be a real date"),
        ("?start_day=1&start_month=1&start_year=20260", "start", "From: the year must include 4 numbers"),
        ("?start=2026-06-01&end=2026-01-01", "end", "end:"),
    ):
        page = client.get(f"/{mine.slug}/dashboard/{query}")
        assert page.status_code == 400 and words in page.content.decode(), query
        response = client.get(f"/api/v1/{mine.slug}/dashboard/{query}")
        assert response.status_code == 400 and field in response.json()["errors"], query
        assert client.get(f"/{mine.slug}/dashboard/deadlines.csv{query}").status_code == 400
    assert client.get(f"/{mine.slug}/dashboard/deadlines/?status=late").status_code == 400


def test_the_dashboard_is_in_the_openapi_schema(client, two_authorities):
    mine, _ = two_authorities
    as_service_manager(client, mine)
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/{authority_slug}/dashboard/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"team", "social_worker", "start", "end"}
    component = schema["components"]["schemas"]["Dashboard"]["properties"]
    assert {"deadlines", "escalations", "timeliness", "plans", "attendance"} <= set(component)
