"""The floor for the dashboard benchmark: its aggregates as hand-written SQL, with the parameters
worked out as the page works them out (the engine's dates, the rule set's values); and the agency
invitations seed_scale does not make, so that the attendance aggregate counts real rows."""

from __future__ import annotations

import random
from datetime import date

from django.utils import timezone

from authorities.models import Agency
from authorities.selectors import rule_set_in_force
from cases.models import Category, Child, ChildInNeedPlan, ChildProtectionPlan, Family
from cases.selectors import LongPlanRule
from conferences.models import Conference, Decision, Invitation, StepDown
from dashboards.figures import (
    ESCALATIONS_SHOWN_PER_LEVEL,
    STEP_DOWNS_SHOWN,
    TIMELINESS_MONTHS,
    TIMELINESS_RULES,
)
from reports.models import AgencyReport
from scheduling.calendars import calendar_for
from scheduling.engine import add_months
from scheduling.models import Deadline, Escalation

ATTENDANCE = ("present",) * 14 + ("apologies",) * 3 + ("absent",) * 3


def add_invitations(authority_ids: list[int], *, seed: int = 2026) -> str:
    """Three agency professionals invited to each held conference of these authorities (one per
    agency), most present, and a submitted report from most of them."""
    rnd = random.Random(seed)
    invitations = []
    for authority_id in authority_ids:
        agencies = list(Agency.objects.for_authority(authority_id).values_list("pk", "name"))
        conferences = list(
            Conference.objects.for_authority(authority_id)
            .filter(status="held")
            .values_list("pk", "social_worker_id")
        )
        for conference_id, social_worker_id in conferences:
            for agency_id, name in agencies:
                invitations.append(
                    (
                        Invitation(
                            authority_id=authority_id,
                            conference_id=conference_id,
                            kind="professional",
                            agency_id=agency_id,
                            name=f"{name} officer",
                            attendance=rnd.choice(ATTENDANCE),
                        ),
                        social_worker_id,
                    )
                )
    created = Invitation.objects.bulk_create([i for i, _ in invitations], batch_size=5000)
    reports = [
        AgencyReport(
            authority_id=invitation.authority_id,
            invitation=invitation,
            conference_id=invitation.conference_id,
            status="submitted",
            version=1,
            signed=True,
            submitted_at=timezone.now(),
            created_by_id=social_worker_id,
        )
        for invitation, (_, social_worker_id) in zip(created, invitations, strict=True)
        if rnd.random() < 0.85
    ]
    AgencyReport.objects.bulk_create(reports, batch_size=5000)
    return f"{len(created)} agency invitations and {len(reports)} reports added for the run"


def _t(model) -> str:
    return model._meta.db_table


def bare_sql_statements(authority_id: int, today: date) -> list[tuple[str, list]]:
    """(sql, params) for each of the dashboard's aggregates, whole authority, default date ranges."""
    rule_set = rule_set_in_force(authority_id, on=today)
    calendar = calendar_for(authority_id)
    soon_until = calendar.add_working_days(today, rule_set.due_soon_working_days)
    since = add_months(today, -(TIMELINESS_MONTHS - 1)).replace(day=1)
    values = rule_set.values("NON-ATTEND-LETTER")
    window_since = add_months(today, -int(values.get("pattern_months", 6)))
    return [
        *_deadline_statements(authority_id, today, soon_until=soon_until, since=since),
        *_plan_statements(authority_id, today, since=since, long_plan=LongPlanRule.of(rule_set)),
        _attendance_statement(authority_id, today, window_since=window_since),
    ]


def _deadline_statements(a: int, today: date, *, soon_until: date, since: date) -> list[tuple[str, list]]:
    """Deadlines due, escalations by level and the oldest of each, timeliness by month."""
    deadline, escalation = _t(Deadline), _t(Escalation)
    unresolved = "('open', 'acknowledged')"
    return [
        (
            f"SELECT rule_id, count(*) FILTER (WHERE due_on < %s), count(*) FILTER (WHERE due_on = %s), "
            f"count(*) FILTER (WHERE due_on > %s) FROM {deadline} WHERE authority_id = %s AND met_on IS NULL "
            f"AND cancelled_at IS NULL AND due_on <= %s GROUP BY rule_id",
            [today, today, today, a, soon_until],
        ),
        (
            f"SELECT level, count(*) FILTER (WHERE status = 'open'), "
            f"count(*) FILTER (WHERE status = 'acknowledged') "
            f"FROM {escalation} WHERE authority_id = %s AND status IN {unresolved} GROUP BY level",
            [a],
        ),
        (
            f"SELECT * FROM (SELECT e.*, f.name AS family_name, d.rule_id, row_number() OVER "
            f"(PARTITION BY e.level ORDER BY e.raised_at, e.id) AS rank FROM {escalation} e "
            f"LEFT JOIN {_t(Family)} f ON f.id = e.family_id "
            f"LEFT JOIN {deadline} d ON d.id = e.deadline_id "
            f"WHERE e.authority_id = %s AND e.status IN {unresolved}) ranked WHERE rank <= %s "
            f"ORDER BY level, raised_at, id",
            [a, ESCALATIONS_SHOWN_PER_LEVEL],
        ),
        (
            f"SELECT rule_id, date_trunc('month', met_on), count(*) FILTER (WHERE met_on <= due_on), "
            f"count(*) FILTER (WHERE met_on > due_on) FROM {deadline} WHERE authority_id = %s "
            f"AND rule_id = ANY(%s) AND met_on >= %s AND met_on <= %s AND cancelled_at IS NULL "
            f"GROUP BY 1, 2 ORDER BY 1, 2",
            [a, list(TIMELINESS_RULES), since, today],
        ),
    ]


def _plan_statements(a: int, today: date, *, since: date, long_plan: LongPlanRule) -> list[tuple[str, list]]:
    """Open plans by category, age and repeat; plans ended at a review without a step-down."""
    plan = _t(ChildProtectionPlan)
    categories = ", ".join(f"count(*) FILTER (WHERE p.category = '{c}')" for c in Category.values)
    ages = ", ".join("count(*) FILTER (WHERE p.started_on <= %s)" for _ in long_plan.flag_months)
    ended_without = (
        f"FROM {plan} p JOIN {_t(Conference)} c ON c.id = p.ended_at_conference_id "
        f"WHERE p.authority_id = %s AND p.ended_on BETWEEN %s AND %s AND c.kind = 'review' "
        f"AND NOT EXISTS (SELECT 1 FROM {_t(ChildInNeedPlan)} n WHERE n.authority_id = %s "
        f"AND n.stepped_down_from_id = p.id)"
    )
    step_down = (
        f"(SELECT s.{{col}} FROM {_t(StepDown)} s JOIN {_t(Decision)} d ON d.id = s.decision_id "
        f"WHERE s.authority_id = %s AND d.conference_id = p.ended_at_conference_id "
        f"AND d.child_id = p.child_id "
        f"LIMIT 1)"
    )
    return [
        (
            f"SELECT count(*), {categories}, {ages}, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {plan} e "
            f"WHERE e.authority_id = %s AND e.child_id = p.child_id AND e.started_on < p.started_on)) "
            f"FROM {plan} p WHERE p.authority_id = %s AND p.ended_on IS NULL",
            [*long_plan.started_by(today).values(), a, a],
        ),
        (f"SELECT count(*) {ended_without}", [a, since, today, a]),
        (
            f"SELECT p.id, p.ended_on, p.end_reason, ch.first_name, ch.last_name, ch.family_id, "
            f"{step_down.format(col='route')}, {step_down.format(col='rationale')} "
            f"{ended_without.replace('WHERE', f'JOIN {_t(Child)} ch ON ch.id = p.child_id WHERE', 1)} "
            f"ORDER BY p.ended_on DESC, p.id DESC LIMIT %s",
            [a, a, a, since, today, a, STEP_DOWNS_SHOWN],
        ),
    ]


def _attendance_statement(a: int, today: date, *, window_since: date) -> tuple[str, list]:
    """Agencies' attendance and reports at held conferences (NON-ATTEND-LETTER's pattern)."""
    no_report = (
        f"i.id NOT IN (SELECT r.invitation_id FROM {_t(AgencyReport)} r WHERE r.authority_id = %s "
        f"AND r.status = 'submitted')"
    )
    absent = "(i.attendance <> 'present' AND NOT i.attended_by_proxy)"
    return (
        f"SELECT i.agency_id, ag.name, count(*) FILTER (WHERE c.held_on >= %s), "
        f"count(*) FILTER (WHERE c.held_on >= %s AND {absent}), "
        f"count(*) FILTER (WHERE c.held_on >= %s AND {no_report}), "
        f"count(*) FILTER (WHERE c.held_on >= %s AND {absent} AND {no_report}), "
        f"count(*) FILTER (WHERE c.held_on >= %s AND i.non_attendance_letter_sent_on IS NOT NULL), "
        f"count(*) FILTER (WHERE c.held_on > %s AND {absent} AND {no_report}) "
        f"FROM {_t(Invitation)} i JOIN {_t(Conference)} c ON c.id = i.conference_id "
        f"LEFT JOIN {_t(Agency)} ag ON ag.id = i.agency_id "
        f"WHERE i.authority_id = %s AND i.kind = 'professional' AND c.authority_id = %s "
        f"AND c.status = 'held' "
        f"AND c.held_on <= %s AND c.held_on >= %s GROUP BY i.agency_id, ag.name",
        # the attendance period defaults to the pattern's window, as on the page
        [
            *[window_since] * 3,
            a,
            window_since,
            a,
            window_since,
            window_since,
            a,
            a,
            a,
            today,
            window_since,
        ],
    )
