"""The deadline sweep: brings a batch of authorities' open deadlines and escalations up to date,
set-wise, each by its own rule set and calendar.

The engine answers, in Python, the few dates that matter today for each authority (the first date
that is no longer "due soon", each rung's respond-by date, the "nothing booked" window…); these go
into the statements as small per-authority tables (one JSON parameter each, joined on
authority_id), and everything else is a handful of SQL statements over the whole batch, so the
cost grows neither with a Python loop over deadlines or cases nor with statements per authority
(planning a statement costs about as much for one authority as for fifty). Each statement touches
only rows that change:

1. status: `UPDATE ... SET status = CASE ... WHERE status <> CASE ...` (open deadlines only);
2. escalations: level 1 of each authority's ESCALATION ladder for every overdue deadline whose mode
   is required (advised deadlines are only flagged overdue), or one due soon with nothing booked;
   the unique constraint (deadline, kind, level) makes a repeat a no-op;
3. move-ups: unresolved escalations past `respond_by` go up a rung (compare-and-set on status);
4. notifications: "coming up" to the responsible social worker and their team manager, and each
   new escalation to the rung's role holders; a dedupe key makes each one once only.

`update()` and raw SQL skip django-simple-history, so the historical rows (and an EscalationEvent
for every escalation step) are written here from the rows each write returned. On PostgreSQL a
write and its follow-ups are one statement (data-modifying CTEs), so a sweep with nothing to do
costs three round trips per batch: the plans (two queries), then the statuses plus "anything else
to do?" (one statement, atomic by itself, outside any transaction block: no BEGIN and COMMIT to
wait for). Only when there is more to do does the rest run in one transaction behind per-authority
advisory locks. A sweep killed half way leaves nothing half written (each part is one statement or
one transaction), a rerun finds what is left by the same checks, and two sweeps at once cannot do
anything twice: an UPDATE waiting on a row lock re-checks its WHERE, and the later part has the
locks, compare-and-set updates and unique constraints besides.

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

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from authorities.models import Authority, ClosureDay, Mode, Role, RuleSet, RuleSetting

from .engine import DeadlineStatus, WorkingCalendar
from .hooks import send_due_report_reminders
from .models import Deadline, Escalation, EscalationEvent, EscalationKind, EscalationStatus, Notification

logger = logging.getLogger(__name__)

# Product default (RULES.md, ESCALATION): 2 working days per level where the rule set gives none.
DEFAULT_RUNG_WORKING_DAYS = 2
# Product default for REPORT-2WD reminders where the rule set gives no steps (as reports.services).
DEFAULT_REMINDER_WORKING_DAYS = (5, 2)
REMINDED_RULE = "REPORT-2WD"
# pg_advisory_xact_lock(key1, key2): key1 names "the sweep of one authority".
SWEEP_LOCK_NAMESPACE = 7_000_001
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
    rule_sets, setting_table = _table(RuleSet), _table(RuleSetting)
    q = connection.ops.quote_name
    in_ids = ", ".join(["%s"] * len(ids))
    day = connection.ops.adapt_datefield_value(today)
    rows: dict[int, tuple] = {}
    closures: dict[int, list[date]] = {authority_id: [] for authority_id in ids}
    with connection.cursor() as cursor:
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
            [day, "ESCALATION", REMINDED_RULE, *ids],
        )
        for row in cursor.fetchall():
            rows[row[0]] = row[1:]
        if calendars is None or any(authority_id not in calendars for authority_id in rows):
            cursor.execute(
                f"SELECT authority_id, {q('date')} FROM {_table(ClosureDay)} "
                f"WHERE authority_id IN ({in_ids})",
                ids,
            )
            for authority_id, closed in cursor.fetchall():
                closures[authority_id].append(
                    closed if isinstance(closed, date) else date.fromisoformat(closed)
                )
    plans: dict[int, SweepPlan | None] = {authority_id: None for authority_id in ids}
    for authority_id, row in rows.items():
        calendar = (calendars or {}).get(authority_id) or WorkingCalendar(closure_days=closures[authority_id])
        plans[authority_id] = _plan(authority_id, today, calendar, *row)
    return plans


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

    def records(
        self, alias: str, columns: Sequence[tuple[str, str]], rows: Sequence[dict]
    ) -> tuple[str, list]:
        """A small table of per-authority inputs, as a relation named `alias` for FROM or JOIN,
        passed as one JSON parameter: its SQL does not grow with the number of authorities, so
        the statement plans the same for one authority as for a batch of them."""
        payload = json.dumps(list(rows), default=_json_default)
        if self.pg:
            typed = ", ".join(f"{name} {kind}" for name, kind in columns)
            return f"jsonb_to_recordset(CAST(%s AS jsonb)) AS {alias}({typed})", [payload]
        picked = ", ".join(f"json_extract(value, '$.{name}') AS {name}" for name, _ in columns)
        return f"(SELECT {picked} FROM json_each(%s)) AS {alias}", [payload]

    def any_of(self, column: str, ids: Sequence[int]) -> tuple[str, list]:
        """`column` is one of `ids`, as one parameter whose values the planner sees (so it picks the
        authority index for a small batch and a scan for a large one)."""
        if self.pg:
            return f"{column} = ANY(CAST(%s AS bigint[]))", [list(ids)]
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]

    def returning(self, alias: str) -> str:
        """RETURNING for an UPDATE ... FROM: the updated table's columns only (SQLite returns only
        those anyway and refuses `alias.*`)."""
        return f"RETURNING {alias}.*" if self.pg else "RETURNING *"

    def day(self, value: date):
        return self.ops.adapt_datefield_value(value)

    def moment(self, value: datetime):
        return self.ops.adapt_datetimefield_value(value)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


@dataclass(frozen=True)
class _Batch:
    """The per-authority inputs of one sweep statement chain: every authority's plan, as small
    JSON-parameter tables joined on authority_id (the sweep's SQL is the same for one authority or
    for many, so its planning cost is paid once per batch, not once per authority)."""

    today: date
    plans: tuple[SweepPlan, ...]

    PARAMS = (
        ("authority_id", "bigint"),
        ("slug", "text"),
        ("soon_before", "date"),
        ("esc_on", "boolean"),
        ("l1_level", "integer"),
        ("l1_label", "text"),
        ("l1_roles", "jsonb"),
        ("l1_respond_by", "date"),
        ("unbooked_before", "date"),
        ("unbooked_rules", "jsonb"),
    )
    RUNGS = (
        ("authority_id", "bigint"),
        ("from_level", "integer"),
        ("level", "integer"),
        ("label", "text"),
        ("roles", "jsonb"),
        ("respond_by", "date"),
    )
    STEPS = (("authority_id", "bigint"), ("step", "integer"), ("reached_before", "date"))

    def params(self, dialect: _Dialect, alias: str = "p") -> tuple[str, list]:
        rows = []
        for plan in self.plans:
            first = plan.first_rung
            rows.append(
                {
                    "authority_id": plan.authority_id,
                    "slug": plan.slug,
                    "soon_before": plan.soon_before,
                    "esc_on": plan.escalation_on,
                    "l1_level": first.level if first else None,
                    "l1_label": first.label if first else None,
                    "l1_roles": list(first.roles) if first else [],
                    "l1_respond_by": plan.respond_by.get(first.level) if first else None,
                    "unbooked_before": plan.unbooked_before if plan.unbooked_rules else None,
                    "unbooked_rules": list(plan.unbooked_rules),
                }
            )
        return dialect.records(alias, self.PARAMS, rows)

    def rungs(self, dialect: _Dialect, alias: str = "r") -> tuple[str, list]:
        """from_level → the next rung's level, label, roles and respond-by, where escalation is on."""
        rows = []
        for plan in self.plans:
            if not plan.escalation_on:
                continue
            for rung in plan.ladder:
                following = next_rung(plan.ladder, rung.level)
                if following is not None:
                    rows.append(
                        {
                            "authority_id": plan.authority_id,
                            "from_level": rung.level,
                            "level": following.level,
                            "label": following.label,
                            "roles": list(following.roles),
                            "respond_by": plan.respond_by[following.level],
                        }
                    )
        return dialect.records(alias, self.RUNGS, rows)

    def steps(self, dialect: _Dialect, alias: str = "s") -> tuple[str, list]:
        rows = [
            {"authority_id": plan.authority_id, "step": step, "reached_before": before}
            for plan in self.plans
            for step, before in plan.reminder_steps
        ]
        return dialect.records(alias, self.STEPS, rows)

    def of_batch(self, dialect: _Dialect, column: str) -> tuple[str, list]:
        return dialect.any_of(column, [plan.authority_id for plan in self.plans])

    @property
    def escalation_on(self) -> bool:
        return any(plan.escalation_on for plan in self.plans)

    @property
    def moving_up(self) -> bool:
        return any(plan.escalation_on and len(plan.ladder) > 1 for plan in self.plans)

    @property
    def reminding(self) -> bool:
        return any(plan.reminder_steps for plan in self.plans)


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
    cursor,
    dialect: _Dialect,
    parts: list[_Part],
    results: dict[str, str],
    checks: Sequence[_Part] = (),
    probes: dict[str, tuple[str, list]] | None = None,
) -> dict[str, list[tuple]]:
    """Run dependent writes as one statement on PostgreSQL (data-modifying CTEs: one round trip,
    one snapshot) or one after another elsewhere. `results` maps a returning part to the column
    (besides id and authority_id) the caller wants back; returns {part: [(id, authority_id,
    column), ...]}. On PostgreSQL, in the same round trip: each of `checks` as {name: [(None, None,
    'true' | 'false')]}, and each of `probes` (a SELECT of authority_id) as {name: [(None,
    authority_id, None), ...]}."""
    returning = {part.name: part for part in parts if part.table is not None}
    probes = probes or {}
    if dialect.pg:
        ctes, params = [], []
        for part in parts:
            ctes.append(f"{part.name} AS ({part.sql.format(**{n: n for n in returning})})")
            params += part.params
        selects = [
            f"SELECT '{name}', id, authority_id, CAST({column} AS TEXT) FROM {name}"
            for name, column in results.items()
        ]
        # Whether later parts would find anything, judged in the same round trip.
        for part in checks:
            selects.append(f"SELECT '{part.name}', NULL, NULL, CAST(EXISTS ({part.check[0]}) AS TEXT)")
            params += part.check[1]
        for name, (sql, probe_params) in probes.items():
            selects.append(f"SELECT '{name}', NULL, probe.authority_id, NULL FROM ({sql}) probe")
            params += probe_params
        cursor.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}", params)
        out: dict[str, list[tuple]] = {
            name: [] for name in [*results, *(part.name for part in checks), *probes]
        }
        for name, row_id, authority_id, value in cursor.fetchall():
            out[name].append((row_id, authority_id, value))
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
                (
                    row[columns.index("id")],
                    row[columns.index("authority_id")],
                    None if column == "NULL" else row[columns.index(column)],
                )
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


# Family.case_reference in SQL (the family row as f): notifications are e-mailed, so they name the
# case by its reference (else its number), never by the family's name (a deadline's label has it).
_CASE_REFERENCE = "COALESCE(NULLIF(f.reference, ''), 'no. ' || CAST(f.id AS TEXT))"


def _tell_holders(dialect: _Dialect, source: str, *, slugs: tuple[str, list], now: datetime) -> _Part:
    """Tell each escalation's rung role holders in its authority (one notification each, once).
    `slugs` is a relation `p` with each authority's id and slug (for the link).

    A team manager rung goes to the team manager of the case's social worker where one is known
    (else to every team manager): the rung names a role, the case names the person."""
    family_table = _table(Escalation._meta.get_field("family").related_model)
    membership = _table(Deadline._meta.get_field("responsible").related_model)
    slugs_sql, slugs_params = slugs
    return _Part(
        f"{source}_told",
        f"""
        INSERT INTO {_table(Notification)}
            (authority_id, recipient_id, kind, subject, body, url, dedupe_key, created_at,
             read_at, emailed_at)
        SELECT e.authority_id, m.user_id, %s,
               substr('Escalation, level ' || CAST(e.level AS TEXT) || ' (' || e.level_label || ')'
                      || COALESCE(' about ' || d.rule_id, '') || COALESCE(', case ' || {_CASE_REFERENCE}, ''),
                      1, 300),
               'Respond by ' || CAST(e.respond_by AS TEXT) || '. The reason is on the escalation page.',
               '/' || p.slug || '/escalations/' || CAST(e.id AS TEXT) || '/',
               'escalation:' || CAST(e.id AS TEXT),
               %s, NULL, NULL
        FROM {{{source}}} e
        JOIN {slugs_sql} ON p.authority_id = e.authority_id
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
        [Notification.Kind.ESCALATION, dialect.moment(now), *slugs_params, Role.TEAM_MANAGER],
        Notification,
    )


def notify_escalation(escalation_id: int, *, slug: str) -> list[int]:
    """Tell the role holders of one escalation's rung (raised or moved up by a person)."""
    dialect = _Dialect()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT authority_id FROM {_table(Escalation)} WHERE id = %s", [escalation_id])
        found = cursor.fetchone()
        if found is None:
            return []
        slugs = dialect.records(
            "p", (("authority_id", "bigint"), ("slug", "text")), [{"authority_id": found[0], "slug": slug}]
        )
        parts = [
            _Part(
                "escalation", f"SELECT * FROM {_table(Escalation)} WHERE id = %s", [escalation_id], Escalation
            ),
            _tell_holders(dialect, "escalation", slugs=slugs, now=timezone.now()),
        ]
        out = _run_chain(cursor, dialect, parts, {"escalation_told": "NULL"})
    return [row_id for row_id, _, _ in out["escalation_told"]]


def _statuses(dialect: _Dialect, batch: _Batch, now: datetime) -> list[_Part]:
    today = dialect.day(batch.today)
    new_status = (
        f"CASE WHEN d.due_on < %s THEN '{DeadlineStatus.OVERDUE}' "
        f"WHEN d.due_on = %s THEN '{DeadlineStatus.DUE_TODAY}' "
        f"WHEN d.due_on < p.soon_before THEN '{DeadlineStatus.DUE_SOON}' ELSE '{DeadlineStatus.NOT_DUE}' END"
    )
    params_sql, params = batch.params(dialect)
    in_batch, batch_params = batch.of_batch(dialect, "d.authority_id")
    return [
        _Part(
            "changed",
            f"UPDATE {_table(Deadline)} AS d SET status = {new_status}, status_changed_on = %s "
            f"FROM {params_sql} "
            f"WHERE d.authority_id = p.authority_id AND {in_batch} "
            f"AND d.met_on IS NULL AND d.cancelled_at IS NULL "
            f"AND d.status <> {new_status} {dialect.returning('d')}",
            [today, today, today, *params, *batch_params, today, today],
            Deadline,
        ),
        _history(
            dialect,
            Deadline,
            "changed",
            history_type="~",
            reason=f"sweep: status on {batch.today.isoformat()}",
            now=now,
        ),
    ]


def _coming_up(dialect: _Dialect, batch: _Batch, now: datetime) -> _Part:
    """'Coming up' (due soon, due today, overdue) to the responsible social worker (else the
    family's) and their team manager, once per deadline, status and due date.

    Keyed by what has not been sent rather than by what changed in this run, so a deadline a
    service opened already due soon is told about too, and a rerun finds nothing to send."""
    family_table = _table(Deadline._meta.get_field("family").related_model)
    membership = _table(Deadline._meta.get_field("responsible").related_model)
    key = "'deadline:' || CAST(d.id AS TEXT) || ':' || d.status || ':' || CAST(d.due_on AS TEXT)"
    statuses = ", ".join(f"'{status}'" for status in NOTIFIED_STATUSES)
    params_sql, params = batch.params(dialect)
    in_batch, batch_params = batch.of_batch(dialect, "d.authority_id")
    params = [*params, *batch_params]
    source = f"""
        FROM {_table(Deadline)} d
        JOIN {params_sql} ON p.authority_id = d.authority_id
        LEFT JOIN {family_table} f ON f.id = d.family_id
        JOIN {membership} sw ON sw.id = COALESCE(d.responsible_id, f.social_worker_id)
        JOIN {membership} m ON (m.id = sw.id OR m.id = sw.team_manager_id) AND m.is_active
        WHERE {in_batch} AND d.met_on IS NULL AND d.cancelled_at IS NULL AND d.status IN ({statuses})
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
                                    ELSE 'Overdue: ' END
                      || COALESCE('case ' || {_CASE_REFERENCE}, 'a deadline') || ' (' || d.rule_id || ')',
                      1, 300),
               d.rule_id || COALESCE(' for case ' || {_CASE_REFERENCE}, '') || ' is due by '
                   || CAST(d.due_on AS TEXT) || '.',
               '/' || p.slug || '/',
               {key},
               %s, NULL, NULL
        {source}
        ON CONFLICT DO NOTHING
        RETURNING *
    """
    return _Part(
        "coming_up",
        sql,
        [Notification.Kind.DEADLINE, dialect.moment(now), *params],
        Notification,
        check=(f"SELECT 1 {source}", params),
    )


ESCALATION_COLUMNS = (
    "authority_id, kind, deadline_id, family_id, previous_id, level, level_label, roles, reason, "
    "raised_by_id, raised_at, respond_by, status, resolved_at, resolution"
)


def _raise_first_rung(dialect: _Dialect, batch: _Batch, now: datetime) -> list[_Part]:
    """Level 1 of each authority's ladder, in one statement, for two concerns about required
    deadlines (advised ones are only flagged):

    - overdue, unless an escalation about the deadline is still unresolved (e.g. one raised when
      nothing was booked: that one goes on up the ladder instead);
    - ESCALATION `unbooked_within_working_days`: a meeting deadline of `unbooked_rules` (ICPC-15WD,
      a review, a core group…) due within N working days with nothing booked for it, before it is
      late; booking the meeting resolves it (`scheduling.services.record_booking`).

    One INSERT for both keeps the statement short: planning it is a real part of a sweep's cost."""
    unresolved = ", ".join(f"'{status}'" for status in UNRESOLVED)
    today = dialect.day(batch.today)
    escalations = _table(Escalation)
    params_sql, params = batch.params(dialect)
    in_batch, batch_params = batch.of_batch(dialect, "d.authority_id")
    source_sql = f"""
        FROM {_table(Deadline)} d
        JOIN {params_sql} ON p.authority_id = d.authority_id
        WHERE p.esc_on AND {in_batch} AND d.met_on IS NULL AND d.cancelled_at IS NULL AND d.mode = %s
          AND ((d.due_on < %s AND NOT EXISTS (
                    SELECT 1 FROM {escalations} x WHERE x.deadline_id = d.id
                    AND ((x.kind = %s AND x.level = p.l1_level) OR x.status IN ({unresolved}))))
               OR (p.unbooked_before IS NOT NULL AND d.booked_for IS NULL
                   AND d.due_on >= %s AND d.due_on < p.unbooked_before
                   AND {dialect.roles_contain("p.unbooked_rules", "d.rule_id")}
                   AND NOT EXISTS (SELECT 1 FROM {escalations} x WHERE x.deadline_id = d.id
                                   AND x.kind = %s AND x.level = p.l1_level)))
    """
    source_params = [
        *params,
        *batch_params,
        Mode.REQUIRED,
        today,
        EscalationKind.DEADLINE,
        today,
        EscalationKind.UNBOOKED,
    ]
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
        SELECT d.authority_id, {kind_sql}, d.id, d.family_id, NULL, p.l1_level, p.l1_label, p.l1_roles,
               {reason_sql}, NULL, %s, p.l1_respond_by, %s, NULL, ''
        {source_sql}
        ON CONFLICT DO NOTHING
        RETURNING *
        """,
        [today, today, dialect.moment(now), EscalationStatus.OPEN, *source_params],
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
        _tell_holders(dialect, "raised", slugs=batch.params(dialect), now=now),
    ]


def _move_up(dialect: _Dialect, batch: _Batch, now: datetime) -> list[_Part]:
    """Unresolved escalations past respond-by go up a rung, where the ladder has one above. Compare-
    and-set on the status: only the sweep (or person) that flips it opens the next rung;
    (deadline, kind, level) and `previous` are unique besides."""
    rungs_sql, rungs_params = batch.rungs(dialect)
    in_batch, batch_params = batch.of_batch(dialect, "e.authority_id")
    where = f"""
        WHERE {in_batch} AND e.status IN (%s, %s) AND e.respond_by < %s
          AND EXISTS (SELECT 1 FROM {rungs_sql}
                      WHERE r.authority_id = e.authority_id AND r.from_level = e.level)
          AND (e.deadline_id IS NULL OR EXISTS (
              SELECT 1 FROM {_table(Deadline)} d
              WHERE d.id = e.deadline_id AND d.met_on IS NULL AND d.cancelled_at IS NULL))
    """
    where_params = [*batch_params, *UNRESOLVED, dialect.day(batch.today), *rungs_params]
    claimed = _Part(
        "claimed",
        f"UPDATE {_table(Escalation)} AS e SET status = %s {where} RETURNING *",
        [EscalationStatus.MOVED_UP, *where_params],
        Escalation,
        check=(f"SELECT 1 FROM {_table(Escalation)} e {where}", where_params),
    )
    opened = _Part(
        "opened",
        f"""
        INSERT INTO {_table(Escalation)} ({ESCALATION_COLUMNS})
        SELECT c.authority_id, c.kind, c.deadline_id, c.family_id, c.id, r.level, r.label, r.roles,
               c.reason, NULL, %s, r.respond_by, %s, NULL, ''
        FROM {{claimed}} c JOIN {rungs_sql} ON r.authority_id = c.authority_id AND r.from_level = c.level
        WHERE 1 = 1
        ON CONFLICT DO NOTHING
        RETURNING *
        """,
        [dialect.moment(now), EscalationStatus.OPEN, *rungs_params],
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
            join=f"JOIN {rungs_sql} ON r.authority_id = e.authority_id AND r.from_level = e.level",
            join_params=rungs_params,
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
        _tell_holders(dialect, "opened", slugs=batch.params(dialect), now=now),
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


def _reminders_due(dialect: _Dialect, batch: _Batch) -> tuple[str, list] | None:
    """The authorities where some REPORT-2WD reminder is due today: an open report deadline with a
    responsible person at a reminder step not yet sent (the reports app's dedupe key, at the
    tightest step reached). Only a probe, asked in the status statement's round trip, so a sweep
    with no reminder to send pays nothing for them; the reports app writes the reminders."""
    if not batch.reminding:
        return None
    membership = _table(Deadline._meta.get_field("responsible").related_model)
    steps_sql, steps_params = batch.steps(dialect, "s")
    tighter_sql, tighter_params = batch.steps(dialect, "t")
    in_batch, batch_params = batch.of_batch(dialect, "d.authority_id")
    key = (
        "'report-reminder:' || CAST(d.subject_id AS TEXT) || ':' || CAST(d.due_on AS TEXT) || ':' || "
        "CAST(s.step AS TEXT)"
    )
    sql = f"""
        SELECT DISTINCT d.authority_id AS authority_id
        FROM {_table(Deadline)} d
        JOIN {membership} m ON m.id = d.responsible_id
        JOIN {steps_sql} ON s.authority_id = d.authority_id AND d.due_on < s.reached_before
        WHERE {in_batch} AND d.rule_id = %s AND d.met_on IS NULL AND d.cancelled_at IS NULL
          AND d.due_on >= %s
          AND NOT EXISTS (SELECT 1 FROM {tighter_sql}
                          WHERE t.authority_id = s.authority_id AND t.step < s.step
                            AND d.due_on < t.reached_before)
          AND NOT EXISTS (
              SELECT 1 FROM {_table(Notification)} n
              WHERE n.authority_id = d.authority_id AND n.recipient_id = m.user_id
                AND n.dedupe_key = {key}
          )
    """
    return sql, [*steps_params, *batch_params, REMINDED_RULE, dialect.day(batch.today), *tighter_params]


def _later_parts(dialect: _Dialect, batch: _Batch, now: datetime) -> tuple[list[_Part], dict[str, str]]:
    parts, wanted = [_coming_up(dialect, batch, now)], {"coming_up": "NULL"}
    if batch.escalation_on:
        parts += _raise_first_rung(dialect, batch, now)
        wanted |= {"raised": "NULL", "raised_told": "NULL"}
        if batch.moving_up:
            parts += _move_up(dialect, batch, now)
            wanted |= {"opened": "NULL", "opened_told": "NULL"}
    return parts, wanted


def _lock_authorities(cursor, authority_ids: Sequence[int]) -> None:
    """A second sweep of any of these authorities waits here until this one commits. Taken in id
    order, so two sweeps of overlapping batches cannot deadlock."""
    cursor.execute(
        "SELECT pg_advisory_xact_lock(%s, CAST(a AS integer)) "
        "FROM (SELECT a FROM unnest(CAST(%s AS bigint[])) AS a ORDER BY a) AS ordered",
        [SWEEP_LOCK_NAMESPACE, sorted(authority_ids)],
    )


def sweep_authorities(
    authority_ids: Sequence[int],
    *,
    today: date,
    calendars: dict[int, WorkingCalendar] | None = None,
    report_reminders: bool = True,
) -> list[SweepResult]:
    """Bring a batch of authorities up to date on `today` (their local date), each by its own rule
    set and calendar, with one statement chain for the whole batch. Safe to run again, or twice at
    once. `report_reminders=False` leaves out the reports app's reminders (the benchmark times them
    apart). One result per authority, in id order."""
    dialect = _Dialect()
    now = timezone.now()
    plans = plans_for(authority_ids, today, calendars)
    results = {authority_id: SweepResult(authority_id=authority_id, today=today) for authority_id in plans}
    ready = tuple(plan for plan in plans.values() if plan is not None)
    for plan in ready:
        results[plan.authority_id].slug = plan.slug
    skipped = [authority_id for authority_id, plan in plans.items() if plan is None]
    if skipped:
        slugs = dict(Authority.objects.filter(pk__in=skipped).values_list("pk", "slug"))
        for authority_id in skipped:
            result = results[authority_id]
            result.slug, result.skipped = slugs.get(authority_id, ""), f"no rule set in force on {today}"
    told: dict[int, list[int]] = {}
    reminders_due: set[int] = set()
    if ready:
        batch = _Batch(today=today, plans=ready)
        later, wanted = _later_parts(dialect, batch, now)
        # SQLite (the demo) writes the statuses in two statements, so it needs the transaction.
        with nullcontext() if dialect.pg else transaction.atomic(), connection.cursor() as cursor:
            # "Coming up" needs today's statuses, and a statement sees rows as they were when it
            # began, so the status change is a statement of its own. It also says whether the rest
            # would find anything (rows it changed aside), so a sweep with nothing to do stops here.
            checks = [part for part in later if part.check is not None] if dialect.pg else []
            reminders_probe = _reminders_due(dialect, batch) if dialect.pg and report_reminders else None
            first = _run_chain(
                cursor,
                dialect,
                _statuses(dialect, batch, now),
                {"changed": "status"},
                checks,
                {"reminders_due": reminders_probe} if reminders_probe else None,
            )
            for _, authority_id, status in first["changed"]:
                results[authority_id].status_changes[status] += 1
            more = (
                not dialect.pg or first["changed"] or any(first[part.name][0][2] == "true" for part in checks)
            )
            if not dialect.pg:  # SQLite (the demo) does not ask; it just runs the reminders.
                reminders_due = {plan.authority_id for plan in ready}
            elif reminders_probe:
                reminders_due = {authority_id for _, authority_id, _ in first["reminders_due"]}
            if more:
                with transaction.atomic():
                    if dialect.pg:
                        _lock_authorities(cursor, [plan.authority_id for plan in ready])
                    # Raising and moving up are independent (a new level-1 row responds by a later date).
                    out = _run_chain(cursor, dialect, later, wanted)
                for _, authority_id, _ in out.get("raised", ()):
                    results[authority_id].escalations_raised += 1
                for _, authority_id, _ in out.get("opened", ()):
                    results[authority_id].escalations_moved_up += 1
                for name in ("coming_up", "raised_told", "opened_told"):
                    for row_id, authority_id, _ in out.get(name, ()):
                        told.setdefault(authority_id, []).append(row_id)
    for authority_id, ids in told.items():
        queue_emails(authority_id, ids)
        results[authority_id].notifications = len(ids)
    # Report reminders (REPORT-2WD) belong to the reports app (asked through a hook); they run
    # after the deadline work commits, in a transaction of their own per authority, so a failure
    # there cannot undo statuses or escalations.
    if report_reminders:
        for authority_id in sorted(reminders_due):
            with transaction.atomic():
                results[authority_id].report_reminders = send_due_report_reminders(authority_id, today)
    for result in results.values():
        if result.changed:
            logger.info("sweep %s", result.summary())
    return [results[authority_id] for authority_id in sorted(results)]


def sweep_authority(
    *, authority_id: int, today: date, calendar: WorkingCalendar | None = None, report_reminders: bool = True
) -> SweepResult:
    """Bring one authority up to date on `today` (see `sweep_authorities`)."""
    (result,) = sweep_authorities(
        [authority_id],
        today=today,
        calendars={authority_id: calendar} if calendar else None,
        report_reminders=report_reminders,
    )
    return result


class SweepFailed(Exception):
    """Some authorities of a batch could not be swept; the rest of the batch was."""

    def __init__(self, failed: dict[int, BaseException], results: list[SweepResult]) -> None:
        self.failed, self.results = failed, results
        reasons = "; ".join(f"authority {pk}: {error!r}" for pk, error in sorted(failed.items()))
        super().__init__(f"{len(failed)} of {len(failed) + len(results)} authorities not swept ({reasons})")


def sweep_batch(
    authority_ids: Sequence[int], *, today: date, report_reminders: bool = True
) -> list[SweepResult]:
    """`sweep_authorities`, with one authority's bad data kept from holding up the rest of its batch.

    Rule-set values are data an authority's administrator edits (a rung's label too long for its
    column, a number typed as a word), and a batch is one statement chain, so one bad authority
    would stop fifty. If the batch fails for any reason but the database itself (OperationalError:
    the caller retries the whole batch), its authorities are swept one at a time; those that still
    fail are logged and named in SweepFailed, raised once the others are done."""
    try:
        with _attempt():
            return sweep_authorities(authority_ids, today=today, report_reminders=report_reminders)
    except OperationalError:
        raise
    except Exception:
        if len(authority_ids) <= 1:
            raise
        logger.exception("sweep of a batch of %d failed; sweeping them one by one", len(authority_ids))
    results: list[SweepResult] = []
    failed: dict[int, BaseException] = {}
    for authority_id in sorted(authority_ids):
        try:
            with _attempt():
                results += sweep_authorities([authority_id], today=today, report_reminders=report_reminders)
        except OperationalError:
            raise
        except Exception as error:
            logger.exception("sweep of authority %s failed", authority_id)
            failed[authority_id] = error
    if failed:
        raise SweepFailed(failed, results)
    return results


def _attempt():
    """Inside a caller's transaction (a test, the benchmark) a failed statement would spoil it, so
    each attempt gets a savepoint there; outside one (a task, the command) no transaction is opened,
    keeping a nothing-to-do sweep free of BEGIN and COMMIT."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def active_authority_ids() -> list[int]:
    return list(Authority.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))


def batches(authority_ids: Sequence[int], size: int | None = None) -> list[list[int]]:
    """Authorities in id order, in batches of SWEEP_AUTHORITIES_PER_BATCH (one task each)."""
    size = max(1, size or settings.SWEEP_AUTHORITIES_PER_BATCH)
    ordered = sorted(authority_ids)
    return [ordered[start : start + size] for start in range(0, len(ordered), size)]
