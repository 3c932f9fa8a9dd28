"""What the sweep does for each authority on a day: its plan, worked out once per batch with the
engine from the rule set in force (the due-soon horizon, the escalation ladder, the unbooked-meeting
horizon and the REPORT-2WD reminder steps)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection

from authorities.models import Authority, ClosureDay, Mode, RuleSet, RuleSetting
from authorities.rules.ids import RuleId

from .engine import WorkingCalendar
from .ladder import Rung, ladder_from_values
from .sweep_common import DEFAULT_REMINDER_WORKING_DAYS, REMINDED_RULE, _table


@dataclass(frozen=True)
class SweepPlan:
    """What one authority's sweep needs to know today, computed once with the engine."""

    authority_id: int
    slug: str
    today: date
    soon_before: date  # the first date that is more than `due soon` working days away
    ladder: tuple[Rung, ...]
    escalation_on: bool
    respond_by: dict[int, date]  # per rung level: respond by, for a rung reached today
    # ESCALATION `unbooked_within_working_days`: a deadline of `unbooked_rules` due before this
    # date with nothing booked is escalated (None: not configured).
    unbooked_before: date | None = None
    unbooked_rules: tuple[str, ...] = ()
    # REPORT-2WD reminder steps reached today: (step, due dates before this date have reached it).
    reminder_steps: tuple[tuple[int, date], ...] = ()

    @property
    def first_rung(self) -> Rung | None:
        return self.ladder[0] if self.ladder else None


def plans_for(
    authority_ids: Sequence[int], today: date, calendars: dict[int, WorkingCalendar] | None = None
) -> dict[int, SweepPlan | None]:
    """Each authority's plan for `today`: None where no rule set is in force (nothing to judge by).

    Two small hand-written queries for the whole batch (rule sets with their ESCALATION and
    REPORT-2WD settings, then closure days): they run once per batch, and the ORM's compilation of
    the equivalent (ordered rule set per authority, subqueries for the ladder) cost more than the
    queries."""
    ids = sorted({int(authority_id) for authority_id in authority_ids})
    if not ids:
        return {}
    closures: dict[int, list[date]] = {authority_id: [] for authority_id in ids}
    with connection.cursor() as cursor:
        rows = _rule_set_rows(cursor, ids, today)
        if calendars is None or any(authority_id not in calendars for authority_id in rows):
            _read_closure_days(cursor, ids, closures)
    plans: dict[int, SweepPlan | None] = {authority_id: None for authority_id in ids}
    for authority_id, row in rows.items():
        calendar = (calendars or {}).get(authority_id) or WorkingCalendar(closure_days=closures[authority_id])
        plans[authority_id] = _plan(authority_id, today, calendar, *row)
    return plans


def _rule_set_rows(cursor, ids: list[int], today: date) -> dict[int, tuple]:
    """Per authority: its slug and, from the rule set in force `today`, the due-soon working days
    and the ESCALATION and REPORT-2WD settings (mode and values)."""
    rule_sets, setting_table = _table(RuleSet), _table(RuleSetting)
    q = connection.ops.quote_name
    in_ids = ", ".join(["%s"] * len(ids))
    day = connection.ops.adapt_datefield_value(today)
    cursor.execute(
        f"SELECT a.id, a.slug, rs.due_soon_working_days, "
        f"s.mode, s.{q('values')}, r.mode, r.{q('values')} "
        f"FROM {_table(Authority)} a "
        f"JOIN {rule_sets} rs ON rs.id = ("
        f"    SELECT latest.id FROM {rule_sets} latest "
        f"    WHERE latest.authority_id = a.id AND latest.effective_from <= %s "
        f"    ORDER BY latest.effective_from DESC LIMIT 1) "
        f"LEFT JOIN {setting_table} s ON s.rule_set_id = rs.id AND s.rule_id = %s "
        f"LEFT JOIN {setting_table} r ON r.rule_set_id = rs.id AND r.rule_id = %s "
        f"WHERE a.id IN ({in_ids})",
        [day, RuleId.ESCALATION, REMINDED_RULE, *ids],
    )
    return {row[0]: row[1:] for row in cursor.fetchall()}


def _read_closure_days(cursor, ids: list[int], closures: dict[int, list[date]]) -> None:
    """Each authority's closure days, added to `closures` (dates come back as text on SQLite)."""
    in_ids = ", ".join(["%s"] * len(ids))
    cursor.execute(
        f"SELECT authority_id, {connection.ops.quote_name('date')} FROM {_table(ClosureDay)} "
        f"WHERE authority_id IN ({in_ids})",
        ids,
    )
    for authority_id, closed in cursor.fetchall():
        closures[authority_id].append(closed if isinstance(closed, date) else date.fromisoformat(closed))


def plan_for(authority_id: int, today: date, calendar: WorkingCalendar | None = None) -> SweepPlan | None:
    """One authority's plan (see `plans_for`)."""
    return plans_for([authority_id], today, {authority_id: calendar} if calendar else None)[authority_id]


def _plan(
    authority_id: int,
    today: date,
    calendar: WorkingCalendar,
    slug: str,
    due_soon_working_days: int,
    escalation_mode: str | None,
    values,
    reminder_mode: str | None,
    reminder_values,
) -> SweepPlan:
    if isinstance(values, str):  # JSON comes back as text on SQLite
        values = json.loads(values)
    if isinstance(reminder_values, str):
        reminder_values = json.loads(reminder_values)
    ladder = tuple(ladder_from_values(values))
    unbooked_days = (values or {}).get("unbooked_within_working_days")
    reminder_steps = ()
    if reminder_mode not in (None, Mode.OFF):
        days = (reminder_values or {}).get("reminder_working_days", DEFAULT_REMINDER_WORKING_DAYS)
        reminder_steps = tuple(
            (step, calendar.add_working_days(today, step + 1))
            for step in sorted({int(d) for d in days if isinstance(d, int) and d >= 0})
        )
    return SweepPlan(
        authority_id=authority_id,
        slug=slug,
        today=today,
        # status_on: due soon while working_days_between(today, due) <= N, i.e. before the
        # (N+1)-th working day after today.
        soon_before=calendar.add_working_days(today, due_soon_working_days + 1),
        ladder=ladder,
        escalation_on=bool(ladder) and escalation_mode not in (None, Mode.OFF),
        respond_by={rung.level: calendar.add_working_days(today, rung.working_days) for rung in ladder},
        # Due within N working days: before the (N+1)-th working day after today, as "due soon".
        unbooked_before=(
            calendar.add_working_days(today, int(unbooked_days) + 1)
            if isinstance(unbooked_days, int) and unbooked_days > 0
            else None
        ),
        unbooked_rules=tuple(str(rule) for rule in (values or {}).get("unbooked_rules", ())),
        reminder_steps=reminder_steps,
    )
