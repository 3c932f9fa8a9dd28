"""The deadline sweep: brings one authority's open deadlines and escalations up to date, set-wise.

The engine answers, in Python, the few dates that matter today for this authority (today, the
first date that is no longer "due soon", each rung's respond-by date); everything else is a
handful of SQL statements over the whole authority, so the cost does not grow with a Python loop
over deadlines or cases. Each statement touches only rows that change:

1. status: `UPDATE ... SET status = CASE ... WHERE status <> CASE ...` (open deadlines only);
2. escalations: level 1 of the authority's ESCALATION ladder for every overdue deadline whose mode
   is required (advised deadlines are only flagged overdue); the unique constraint
   (deadline, level) makes a repeat a no-op;
3. move-ups: unresolved escalations past `respond_by` go up a rung (compare-and-set on status);
4. notifications: "coming up" to the responsible social worker and their team manager, and each
   new escalation to the rung's role holders; a dedupe key makes each one once only.

`update()` and raw SQL skip django-simple-history, so the historical rows (and an EscalationEvent
for every escalation step) are written here from the rows each write returned. On PostgreSQL a
write and its follow-ups are one statement (data-modifying CTEs), so a sweep with nothing to do
costs two round trips per authority: the plan, then the statuses plus "anything else to do?" (one
statement, atomic by itself, outside any transaction block: no BEGIN and COMMIT to wait for). Only
when there is more to do does the rest run in one transaction behind a per-authority advisory lock.
A sweep killed half way leaves nothing half written (each part is one statement or one
transaction), a rerun finds what is left by the same checks, and two sweeps at once cannot do
anything twice: an UPDATE waiting on a row lock re-checks its WHERE, and the later part has the
lock, compare-and-set updates and unique constraints besides.

The same parts run one statement at a time on SQLite (the `make run` demo), reading earlier
parts' rows back by id; the few SQL differences are in `_Dialect`.
"""

from __future__ import annotations

import functools
import json
import logging
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from authorities.models import Authority, ClosureDay, Mode, Role, RuleSet, RuleSetting
from reports.services import send_due_report_reminders

from .engine import DeadlineStatus, WorkingCalendar
from .models import Deadline, Escalation, EscalationEvent, EscalationKind, EscalationStatus, Notification

logger = logging.getLogger(__name__)

# Product default (RULES.md, ESCALATION): 2 working days per level where the rule set gives none.
DEFAULT_RUNG_WORKING_DAYS = 2
# Product default for REPORT-2WD reminders where the rule set gives no steps (as reports.services).
DEFAULT_REMINDER_WORKING_DAYS = (5, 2)
REMINDED_RULE = "REPORT-2WD"
# pg_advisory_xact_lock(key1, key2): key1 names "the sweep of one authority".
_LOCK_NAMESPACE = 7_000_001
NOTIFIED_STATUSES = (DeadlineStatus.DUE_SOON, DeadlineStatus.DUE_TODAY, DeadlineStatus.OVERDUE)
UNRESOLVED = (EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED)


@dataclass(frozen=True)
class Rung:
    """One level of an authority's escalation ladder (rule-set data)."""

    level: int
    label: str
    roles: tuple[str, ...]
    working_days: int


def ladder_from_values(values: dict | None) -> list[Rung]:
    rungs = []
    for raw in (values or {}).get("ladder", []):
        rungs.append(
            Rung(
                level=int(raw["level"]),
                label=str(raw.get("label") or f"Level {raw['level']}"),
                roles=tuple(str(role) for role in raw.get("roles", ())),
                working_days=int(raw.get("working_days", DEFAULT_RUNG_WORKING_DAYS)),
            )
        )
    return sorted(rungs, key=lambda rung: rung.level)


def ladder_of(rule_set: RuleSet) -> list[Rung]:
    return ladder_from_values(rule_set.values("ESCALATION"))


def next_rung(ladder: Sequence[Rung], level: int) -> Rung | None:
    return next((rung for rung in ladder if rung.level > level), None)


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


def plan_for(authority_id: int, today: date, calendar: WorkingCalendar | None = None) -> SweepPlan | None:
    """None when the authority has no rule set in force today (nothing to judge by).

    One small hand-written query: it runs once per authority per sweep, and the ORM's compilation
    of the equivalent (ordered rule set, subqueries for the ladder) cost more than the query."""
    rule_sets = _table(RuleSet)
    settings = _table(RuleSetting)
    q = connection.ops.quote_name
    pg = connection.vendor == "postgresql"
    # PostgreSQL brings the closure days in the same round trip.
    closures_sql = (
        f", ARRAY(SELECT {q('date')} FROM {_table(ClosureDay)} c WHERE c.authority_id = rs.authority_id)"
        if pg
        else ""
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rs.due_soon_working_days, s.mode, s.{q('values')}, a.slug, r.mode, r.{q('values')}"
            f"{closures_sql} "
            f"FROM {rule_sets} rs JOIN {_table(Authority)} a ON a.id = rs.authority_id "
            f"LEFT JOIN {settings} s ON s.rule_set_id = rs.id AND s.rule_id = %s "
            f"LEFT JOIN {settings} r ON r.rule_set_id = rs.id AND r.rule_id = %s "
            f"WHERE rs.authority_id = %s AND rs.effective_from <= %s "
            f"ORDER BY rs.effective_from DESC LIMIT 1",
            [
                "ESCALATION",
                REMINDED_RULE,
                authority_id,
                connection.ops.adapt_datefield_value(today),
            ],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        due_soon_working_days, escalation_mode, values, slug, reminder_mode, reminder_values = row[:6]
        if calendar is None and pg:
            calendar = WorkingCalendar(closure_days=row[6] or ())
        elif calendar is None:
            cursor.execute(
                f"SELECT {connection.ops.quote_name('date')} FROM {_table(ClosureDay)} "
                f"WHERE authority_id = %s",
                [authority_id],
            )
            closures = [
                day if isinstance(day, date) else date.fromisoformat(day) for (day,) in cursor.fetchall()
            ]
            calendar = WorkingCalendar(closure_days=closures)
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


@dataclass
class SweepResult:
    authority_id: int
    slug: str = ""
    today: date | None = None
    status_changes: Counter = field(default_factory=Counter)
    escalations_raised: int = 0
    escalations_moved_up: int = 0
    notifications: int = 0
    report_reminders: int = 0
    skipped: str = ""

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.status_changes.values())
            or self.escalations_raised
            or self.escalations_moved_up
            or self.notifications
            or self.report_reminders
        )

    def summary(self) -> str:
        if self.skipped:
            return f"{self.slug or self.authority_id}: skipped ({self.skipped})"
        statuses = ", ".join(
            f"{count} {DeadlineStatus(status).label.lower()}"
            for status, count in sorted(self.status_changes.items())
        )
        parts = [
            f"status changes: {statuses or 'none'}",
            f"escalations raised: {self.escalations_raised}",
            f"moved up: {self.escalations_moved_up}",
            f"notifications: {self.notifications}",
        ]
        if self.report_reminders:
            parts.append(f"report reminders: {self.report_reminders}")
        return f"{self.slug or self.authority_id}: " + "; ".join(parts)


class _Dialect:
    """The few places PostgreSQL and SQLite differ for these statements."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        self.ops = connection.ops

    def q(self, name: str) -> str:
        return self.ops.quote_name(name)

    def json_param(self) -> str:
        return "CAST(%s AS jsonb)" if self.pg else "%s"

    def date_param(self) -> str:
        return "CAST(%s AS date)" if self.pg else "%s"

    def int_param(self) -> str:
        return "CAST(%s AS integer)" if self.pg else "%s"

    def roles_contain(self, roles: str, role: str) -> str:
        """`roles` (a JSON list column) holds `role`."""
        if self.pg:
            return f"{roles} ? {role}"
        return f"{role} IN (SELECT value FROM json_each({roles}))"

    def day(self, value: date):
        return self.ops.adapt_datefield_value(value)

    def moment(self, value: datetime):
        return self.ops.adapt_datetimefield_value(value)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class _Part:
    """One statement of a chain. `sql` may name earlier returning parts as {name}; a part with a
    `table` ends in RETURNING * and its rows can be read by later parts and by the caller."""

    name: str
    sql: str
    params: list
    table: type | None = None
    # "SELECT 1 FROM ... WHERE ..." finding the rows this part would write (for a cheap
    # nothing-to-do test), with its parameters.
    check: tuple[str, list] | None = None


def _run_chain(
    cursor, dialect: _Dialect, parts: list[_Part], results: dict[str, str], checks: Sequence[_Part] = ()
) -> dict[str, list[tuple]]:
    """Run dependent writes as one statement on PostgreSQL (data-modifying CTEs: one round trip,
    one snapshot) or one after another elsewhere. `results` maps a returning part to the column
    (besides id) the caller wants back; returns {part: [(id, column), ...]}."""
    returning = {part.name: part for part in parts if part.table is not None}
    if dialect.pg:
        ctes, params = [], []
        for part in parts:
            ctes.append(f"{part.name} AS ({part.sql.format(**{n: n for n in returning})})")
            params += part.params
        selects = [
            f"SELECT '{name}', id, CAST({column} AS TEXT) FROM {name}" for name, column in results.items()
        ]
        # Whether later parts would find anything, judged in the same round trip.
        for part in checks:
            selects.append(f"SELECT '{part.name}', NULL, CAST(EXISTS ({part.check[0]}) AS TEXT)")
            params += part.check[1]
        cursor.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}", params)
        out: dict[str, list[tuple]] = {name: [] for name in [*results, *(part.name for part in checks)]}
        for name, row_id, value in cursor.fetchall():
            out[name].append((row_id, value))
        return out
    sources: dict[str, str] = {}
    out = {}
    for part in parts:
        cursor.execute(part.sql.format(**sources), part.params)
        if part.table is None:
            continue
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
        ids = [row[columns.index("id")] for row in rows]
        # Later parts read these rows back by id (ints only, so inlining the list is safe).
        sources[part.name] = (
            f"(SELECT * FROM {_table(part.table)} "
            f"WHERE id IN (SELECT value FROM json_each('{json.dumps(ids)}')))"
        )
        if part.name in results:
            column = results[part.name]
            out[part.name] = [
                (row[columns.index("id")], None if column == "NULL" else row[columns.index(column)])
                for row in rows
            ]
    return out


@functools.cache
def _historical_model(model):
    # simple-history builds a new manager class on every `Model.history` access: look it up once.
    return model.history.model


def _history(
    dialect: _Dialect,
    model,
    source: str,
    *,
    history_type: str,
    now: datetime,
    reason: str = "",
    reason_sql: str = "",
) -> _Part:
    """The simple-history rows for rows written by SQL: a copy of each row as it now is. The change
    reason is `reason`, or `reason_sql` computed from each row (as `src`)."""
    historical = _historical_model(model)
    columns = ", ".join(dialect.q(f.column) for f in model._meta.concrete_fields)
    reason_column, params = (reason_sql, []) if reason_sql else ("%s", [reason[:100]])
    return _Part(
        f"{source}_history",
        f"INSERT INTO {_table(historical)} ({columns}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT {columns}, %s, {reason_column}, %s, NULL FROM {{{source}}} src",
        [dialect.moment(now), *params, history_type],
    )


def _events(
    dialect: _Dialect,
    source: str,
    *,
    action: str,
    note_sql: str,
    params: list,
    now,
    join: str = "",
    join_params: Sequence = (),
) -> _Part:
    """One EscalationEvent per escalation in `source` (`note_sql` may use its columns as e.*)."""
    return _Part(
        f"{source}_events",
        f"INSERT INTO {_table(EscalationEvent)} "
        f"(authority_id, escalation_id, action, by_id, note, {dialect.q('at')}) "
        f"SELECT e.authority_id, e.id, %s, NULL, {note_sql}, %s FROM {{{source}}} e {join}",
        [action, *params, dialect.moment(now), *join_params],
    )


def _tell_holders(dialect: _Dialect, source: str, *, slug: str, now: datetime) -> _Part:
    """Tell each escalation's rung role holders in its authority (one notification each, once).

    A team manager rung goes to the team manager of the case's social worker where one is known
    (else to every team manager): the rung names a role, the case names the person."""
    family_table = _table(Escalation._meta.get_field("family").related_model)
    membership = _table(Deadline._meta.get_field("responsible").related_model)
    return _Part(
        f"{source}_told",
        f"""
        INSERT INTO {_table(Notification)}
            (authority_id, recipient_id, kind, subject, body, url, dedupe_key, created_at,
             read_at, emailed_at)
        SELECT e.authority_id, m.user_id, %s,
               substr('Escalation, level ' || CAST(e.level AS TEXT) || ' (' || e.level_label || '): '
                      || e.reason, 1, 300),
               e.reason,
               %s || CAST(e.id AS TEXT) || '/',
               'escalation:' || CAST(e.id AS TEXT),
               %s, NULL, NULL
        FROM {{{source}}} e
        LEFT JOIN {_table(Deadline)} d ON d.id = e.deadline_id
        LEFT JOIN {family_table} f ON f.id = COALESCE(d.family_id, e.family_id)
        LEFT JOIN {membership} sw ON sw.id = COALESCE(d.responsible_id, f.social_worker_id)
        JOIN {membership} m ON m.authority_id = e.authority_id AND m.is_active
             AND {dialect.roles_contain("e.roles", "m.role")}
             AND (m.role <> %s OR sw.team_manager_id IS NULL OR m.id = sw.team_manager_id)
        WHERE 1 = 1
        ON CONFLICT DO NOTHING
        RETURNING *
        """,
        [Notification.Kind.ESCALATION, f"/{slug}/escalations/", dialect.moment(now), Role.TEAM_MANAGER],
        Notification,
    )


def notify_escalation(escalation_id: int, *, slug: str) -> list[int]:
    """Tell the role holders of one escalation's rung (raised or moved up by a person)."""
    dialect = _Dialect()
    parts = [
        _Part("escalation", f"SELECT * FROM {_table(Escalation)} WHERE id = %s", [escalation_id], Escalation),
        _tell_holders(dialect, "escalation", slug=slug, now=timezone.now()),
    ]
    with connection.cursor() as cursor:
        out = _run_chain(cursor, dialect, parts, {"escalation_told": "NULL"})
    return [row_id for row_id, _ in out["escalation_told"]]


def _statuses(dialect: _Dialect, plan: SweepPlan, now: datetime) -> list[_Part]:
    today, soon_before = dialect.day(plan.today), dialect.day(plan.soon_before)
    new_status = (
        f"CASE WHEN due_on < %s THEN '{DeadlineStatus.OVERDUE}' "
        f"WHEN due_on = %s THEN '{DeadlineStatus.DUE_TODAY}' "
        f"WHEN due_on < %s THEN '{DeadlineStatus.DUE_SOON}' ELSE '{DeadlineStatus.NOT_DUE}' END"
    )
    case_params = [today, today, soon_before]
    return [
        _Part(
            "changed",
            f"UPDATE {_table(Deadline)} SET status = {new_status}, status_changed_on = %s "
            f"WHERE authority_id = %s AND met_on IS NULL AND cancelled_at IS NULL AND status <> {new_status} "
            f"RETURNING *",
            [*case_params, today, plan.authority_id, *case_params],
            Deadline,
        ),
        _history(
            dialect,
            Deadline,
            "changed",
            history_type="~",
            reason=f"sweep: status on {plan.today.isoformat()}",
            now=now,
        ),
    ]


def _coming_up(dialect: _Dialect, plan: SweepPlan, now: datetime) -> _Part:
    """'Coming up' (due soon, due today, overdue) to the responsible social worker (else the
    family's) and their team manager, once per deadline, status and due date.

    Keyed by what has not been sent rather than by what changed in this run, so a deadline a
    service opened already due soon is told about too, and a rerun finds nothing to send."""
    family_table = _table(Deadline._meta.get_field("family").related_model)
    membership = _table(Deadline._meta.get_field("responsible").related_model)
    key = "'deadline:' || CAST(d.id AS TEXT) || ':' || d.status || ':' || CAST(d.due_on AS TEXT)"
    statuses = ", ".join(f"'{status}'" for status in NOTIFIED_STATUSES)
    source = f"""
        FROM {_table(Deadline)} d
        LEFT JOIN {family_table} f ON f.id = d.family_id
        JOIN {membership} sw ON sw.id = COALESCE(d.responsible_id, f.social_worker_id)
        JOIN {membership} m ON (m.id = sw.id OR m.id = sw.team_manager_id) AND m.is_active
        WHERE d.authority_id = %s AND d.met_on IS NULL AND d.cancelled_at IS NULL AND d.status IN ({statuses})
          AND NOT EXISTS (
              SELECT 1 FROM {_table(Notification)} n
              WHERE n.authority_id = d.authority_id AND n.recipient_id = m.user_id
                AND n.dedupe_key <> '' AND n.dedupe_key = {key}
          )
    """
    sql = f"""
        INSERT INTO {_table(Notification)}
            (authority_id, recipient_id, kind, subject, body, url, dedupe_key, created_at,
             read_at, emailed_at)
        SELECT d.authority_id, m.user_id, %s,
               substr(CASE d.status WHEN '{DeadlineStatus.DUE_SOON}' THEN 'Due soon: '
                                    WHEN '{DeadlineStatus.DUE_TODAY}' THEN 'Due today: '
                                    ELSE 'Overdue: ' END || d.label || ' (' || d.rule_id || ')', 1, 300),
               d.rule_id || ': ' || d.label || ' is due by ' || CAST(d.due_on AS TEXT) || '.',
               %s,
               {key},
               %s, NULL, NULL
        {source}
        ON CONFLICT DO NOTHING
        RETURNING *
    """
    params = [Notification.Kind.DEADLINE, f"/{plan.slug}/", dialect.moment(now), plan.authority_id]
    return _Part("coming_up", sql, params, Notification, check=(f"SELECT 1 {source}", [plan.authority_id]))


ESCALATION_COLUMNS = (
    "authority_id, kind, deadline_id, family_id, previous_id, level, level_label, roles, reason, "
    "raised_by_id, raised_at, respond_by, status, resolved_at, resolution"
)


def _raise_first_rung(dialect: _Dialect, plan: SweepPlan, now: datetime) -> list[_Part]:
    """Level 1 of the ladder, in one statement, for two concerns about required deadlines
    (advised ones are only flagged):

    - overdue, unless an escalation about the deadline is still unresolved (e.g. one raised when
      nothing was booked: that one goes on up the ladder instead);
    - ESCALATION `unbooked_within_working_days`: a meeting deadline of `unbooked_rules` (ICPC-15WD,
      a review, a core group…) due within N working days with nothing booked for it, before it is
      late; booking the meeting resolves it (`scheduling.services.record_booking`).

    One INSERT for both keeps the sweep's statement as short as it was before the second concern:
    planning that statement is most of what a sweep costs per authority."""
    rung = plan.first_rung
    unresolved = ", ".join(f"'{status}'" for status in UNRESOLVED)
    today = dialect.day(plan.today)
    escalations = _table(Escalation)
    overdue = f"""(d.due_on < %s AND NOT EXISTS (
            SELECT 1 FROM {escalations} x WHERE x.deadline_id = d.id
            AND ((x.kind = %s AND x.level = %s) OR x.status IN ({unresolved}))))"""
    concerns, concern_params = [overdue], [today, EscalationKind.DEADLINE, rung.level]
    if plan.unbooked_before is not None and plan.unbooked_rules:
        rules = ", ".join(["%s"] * len(plan.unbooked_rules))
        concerns.append(
            f"""(d.booked_for IS NULL AND d.due_on >= %s AND d.due_on < %s AND d.rule_id IN ({rules})
            AND NOT EXISTS (SELECT 1 FROM {escalations} x WHERE x.deadline_id = d.id
                            AND x.kind = %s AND x.level = %s))"""
        )
        concern_params += [
            today,
            dialect.day(plan.unbooked_before),
            *plan.unbooked_rules,
            EscalationKind.UNBOOKED,
            rung.level,
        ]
    source_sql = f"""
        FROM {_table(Deadline)} d
        WHERE d.authority_id = %s AND d.met_on IS NULL AND d.cancelled_at IS NULL AND d.mode = %s
          AND ({" OR ".join(concerns)})
    """
    source_params = [plan.authority_id, Mode.REQUIRED, *concern_params]
    kind_sql = (
        f"CASE WHEN d.due_on < %s THEN '{EscalationKind.DEADLINE}' ELSE '{EscalationKind.UNBOOKED}' END"
    )
    reason_sql = (
        "CASE WHEN d.due_on < %s "
        "THEN d.rule_id || ' overdue: ' || d.label || ' was due by ' || CAST(d.due_on AS TEXT) || '.' "
        "ELSE d.rule_id || ' due by ' || CAST(d.due_on AS TEXT) || ' and nothing is booked: ' "
        "|| d.label || '.' END"
    )
    raised = _Part(
        "raised",
        f"""
        INSERT INTO {escalations} ({ESCALATION_COLUMNS})
        SELECT d.authority_id, {kind_sql}, d.id, d.family_id, NULL, %s, %s, {dialect.json_param()},
               {reason_sql}, NULL, %s, %s, %s, NULL, ''
        {source_sql}
        ON CONFLICT DO NOTHING
        RETURNING *
        """,
        [
            today,
            rung.level,
            rung.label,
            json.dumps(list(rung.roles)),
            today,
            dialect.moment(now),
            dialect.day(plan.respond_by[rung.level]),
            EscalationStatus.OPEN,
            *source_params,
        ],
        Escalation,
        check=(f"SELECT 1 {source_sql}", source_params),
    )
    history_reason = (
        f"CASE src.kind WHEN '{EscalationKind.UNBOOKED}' THEN 'sweep: due soon, nothing booked' "
        "ELSE 'sweep: deadline overdue' END"
    )
    return [
        raised,
        _history(dialect, Escalation, "raised", history_type="+", reason_sql=history_reason, now=now),
        _events(
            dialect,
            "raised",
            action=EscalationEvent.Action.RAISED,
            note_sql="%s || e.reason",
            params=["Raised by the deadline sweep: "],
            now=now,
        ),
        _tell_holders(dialect, "raised", slug=plan.slug, now=now),
    ]


def _rungs_table(dialect: _Dialect, plan: SweepPlan) -> tuple[str, list]:
    """The ladder as a small inline table: from_level → the next rung's level, label, roles, respond-by."""
    rows, params = [], []
    for rung in plan.ladder:
        following = next_rung(plan.ladder, rung.level)
        if following is None:
            continue
        rows.append(
            f"SELECT {dialect.int_param()} AS from_level, {dialect.int_param()} AS level, "
            f"%s AS label, {dialect.json_param()} AS roles, "
            f"{dialect.date_param()} AS respond_by"
        )
        params += [
            rung.level,
            following.level,
            following.label,
            json.dumps(list(following.roles)),
            dialect.day(plan.respond_by[following.level]),
        ]
    return "(" + " UNION ALL ".join(rows) + ")", params


def _move_up(dialect: _Dialect, plan: SweepPlan, now: datetime) -> list[_Part]:
    """Unresolved escalations past respond-by go up a rung. Compare-and-set on the status: only
    the sweep (or person) that flips it opens the next rung; (deadline, level) and `previous` are
    unique besides."""
    rungs, rung_params = _rungs_table(dialect, plan)
    where = f"""
        WHERE authority_id = %s AND status IN (%s, %s) AND respond_by < %s AND level < %s
          AND (deadline_id IS NULL OR deadline_id IN (
              SELECT id FROM {_table(Deadline)}
              WHERE authority_id = %s AND met_on IS NULL AND cancelled_at IS NULL))
    """
    where_params = [
        plan.authority_id,
        *UNRESOLVED,
        dialect.day(plan.today),
        plan.ladder[-1].level,
        plan.authority_id,
    ]
    claimed = _Part(
        "claimed",
        f"UPDATE {_table(Escalation)} SET status = %s {where} RETURNING *",
        [EscalationStatus.MOVED_UP, *where_params],
        Escalation,
        check=(f"SELECT 1 FROM {_table(Escalation)} {where}", where_params),
    )
    opened = _Part(
        "opened",
        f"""
        INSERT INTO {_table(Escalation)} ({ESCALATION_COLUMNS})
        SELECT c.authority_id, c.kind, c.deadline_id, c.family_id, c.id, r.level, r.label, r.roles,
               c.reason, NULL, %s, r.respond_by, %s, NULL, ''
        FROM {{claimed}} c JOIN {rungs} r ON r.from_level = c.level
        WHERE 1 = 1
        ON CONFLICT DO NOTHING
        RETURNING *
        """,
        [dialect.moment(now), EscalationStatus.OPEN, *rung_params],
        Escalation,
    )
    return [
        claimed,
        _history(dialect, Escalation, "claimed", history_type="~", reason="sweep: moved up", now=now),
        _events(
            dialect,
            "claimed",
            action=EscalationEvent.Action.MOVED_UP,
            note_sql="'Not resolved by ' || CAST(e.respond_by AS TEXT) || ': moved up to level ' "
            "|| CAST(r.level AS TEXT) || ' (' || r.label || ') by the sweep.'",
            params=[],
            now=now,
            join=f"JOIN {rungs} r ON r.from_level = e.level",
            join_params=rung_params,
        ),
        opened,
        _history(dialect, Escalation, "opened", history_type="+", reason="sweep: raised", now=now),
        _events(
            dialect,
            "opened",
            action=EscalationEvent.Action.RAISED,
            note_sql="'Moved up by the sweep to level ' || CAST(e.level AS TEXT) "
            "|| ' (' || e.level_label || ').'",
            params=[],
            now=now,
        ),
        _tell_holders(dialect, "opened", slug=plan.slug, now=now),
    ]


def queue_emails(authority_id: int, notification_ids: Sequence[int], *, chunk: int = 200) -> None:
    """After commit, e-mail the new notifications in batches (one task per batch, not per row)."""
    if not notification_ids:
        return
    from .tasks import email_notifications

    ids = list(notification_ids)

    def enqueue() -> None:
        for start in range(0, len(ids), chunk):
            email_notifications.delay(authority_id=authority_id, notification_ids=ids[start : start + chunk])

    transaction.on_commit(enqueue)


def _reminders_due(dialect: _Dialect, plan: SweepPlan) -> _Part | None:
    """Whether any REPORT-2WD reminder is due today: an open report deadline with a responsible
    person at a reminder step not yet sent (the reports app's dedupe key). Only a check, asked in
    the status statement's round trip, so a sweep with no reminder to send pays nothing for them;
    the reports app writes the reminders themselves."""
    if not plan.reminder_steps:
        return None
    membership = _table(Deadline._meta.get_field("responsible").related_model)
    steps = sorted(plan.reminder_steps)  # tightest step first: it wins when several are reached
    step_case = "CASE " + " ".join(f"WHEN d.due_on < %s THEN '{step}'" for step, _ in steps) + " END"
    step_params = [dialect.day(before) for _, before in steps]
    key = (
        "'report-reminder:' || CAST(d.subject_id AS TEXT) || ':' || CAST(d.due_on AS TEXT) || ':' || "
        f"({step_case})"
    )
    sql = f"""
        SELECT 1 FROM {_table(Deadline)} d JOIN {membership} m ON m.id = d.responsible_id
        WHERE d.authority_id = %s AND d.rule_id = %s AND d.met_on IS NULL AND d.cancelled_at IS NULL
          AND d.due_on >= %s AND d.due_on < %s
          AND NOT EXISTS (
              SELECT 1 FROM {_table(Notification)} n
              WHERE n.authority_id = d.authority_id AND n.recipient_id = m.user_id
                AND n.dedupe_key = {key}
          )
    """
    params = [
        plan.authority_id,
        REMINDED_RULE,
        dialect.day(plan.today),
        dialect.day(max(before for _, before in steps)),
        *step_params,
    ]
    return _Part("reminders_due", "", [], check=(sql, params))


def _later_parts(dialect: _Dialect, plan: SweepPlan, now: datetime) -> tuple[list[_Part], dict[str, str]]:
    parts, wanted = [_coming_up(dialect, plan, now)], {"coming_up": "NULL"}
    if plan.escalation_on:
        parts += _raise_first_rung(dialect, plan, now)
        wanted |= {"raised": "NULL", "raised_told": "NULL"}
        if len(plan.ladder) > 1:
            parts += _move_up(dialect, plan, now)
            wanted |= {"opened": "NULL", "opened_told": "NULL"}
    return parts, wanted


def sweep_authority(
    *, authority_id: int, today: date, calendar: WorkingCalendar | None = None, report_reminders: bool = True
) -> SweepResult:
    """Bring one authority up to date on `today` (its local date). Safe to run again, or twice at once.
    `report_reminders=False` leaves out the reports app's reminders (the benchmark times them apart)."""
    result = SweepResult(authority_id=authority_id, today=today)
    dialect = _Dialect()
    now = timezone.now()
    told: list[int] = []
    # SQLite (the demo) writes the statuses in two statements, so it needs the transaction.
    with nullcontext() if dialect.pg else transaction.atomic(), connection.cursor() as cursor:
        plan = plan_for(authority_id, today, calendar)
        if plan is None:
            slug = Authority.objects.filter(pk=authority_id).values_list("slug", flat=True).first()
            result.slug, result.skipped = slug or "", f"no rule set in force on {today.isoformat()}"
            return result
        result.slug = plan.slug
        later, wanted = _later_parts(dialect, plan, now)
        # "Coming up" needs today's statuses, and a statement sees rows as they were when it
        # began, so the status change is a statement of its own. It also says whether the rest
        # would find anything (rows it changed aside), so a sweep with nothing to do stops here.
        checks = [part for part in later if part.check is not None] if dialect.pg else []
        reminders_check = _reminders_due(dialect, plan) if dialect.pg and report_reminders else None
        first = _run_chain(
            cursor,
            dialect,
            _statuses(dialect, plan, now),
            {"changed": "status"},
            [*checks, *([reminders_check] if reminders_check else [])],
        )
        result.status_changes.update(status for _, status in first["changed"])
        more = not dialect.pg or first["changed"] or any(first[part.name][0][1] == "true" for part in checks)
        # SQLite (the demo) does not ask; it just runs the reminders.
        reminders_due = not dialect.pg or (
            reminders_check is not None and first["reminders_due"][0][1] == "true"
        )
        if more:
            with transaction.atomic():
                if dialect.pg:  # a second sweep of this authority waits here until this one commits
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, authority_id])
                # Raising and moving up are independent (a new level-1 row responds by a later date).
                out = _run_chain(cursor, dialect, later, wanted)
            result.escalations_raised = len(out.get("raised", ()))
            result.escalations_moved_up = len(out.get("opened", ()))
            for name in ("coming_up", "raised_told", "opened_told"):
                told += [row_id for row_id, _ in out.get(name, ())]
    queue_emails(authority_id, told)
    result.notifications = len(told)
    # Report reminders (REPORT-2WD) belong to the reports app; they run after the deadline work
    # commits, in a transaction of their own, so a failure there cannot undo statuses or escalations.
    if report_reminders and reminders_due:
        with transaction.atomic():
            result.report_reminders = send_due_report_reminders(authority_id, today)
    if result.changed:
        logger.info("sweep %s", result.summary())
    return result


def active_authority_ids() -> list[int]:
    return list(Authority.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
