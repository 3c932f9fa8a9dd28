"""The floor: the sweep's writes as a few set-wise statements over every authority at once.

The per-authority inputs (boundary dates from each authority's calendar, the ladder from its rule
set) are the same `SweepPlan`s the sweep computes; they go into two temporary tables, and each
step is one statement with data-modifying CTEs for its historical rows, events and notifications."""

from __future__ import annotations

import json
import time

from django.db import connection
from django.utils import timezone

from scheduling.models import Deadline, Escalation
from scheduling.sweep import SweepPlan, next_rung


def _columns(model) -> str:
    return ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)


def _history_insert(model, source: str, reason_sql: str, history_type: str) -> str:
    columns = _columns(model)
    table = model.history.model._meta.db_table
    return (
        f"INSERT INTO {table} ({columns}, history_date, history_change_reason, history_type, "
        f"history_user_id) "
        f"SELECT {columns}, %(now)s, {reason_sql}, '{history_type}', NULL FROM {source}"
    )


NEW_STATUS = (
    "CASE WHEN d.due_on < p.today THEN 'overdue' WHEN d.due_on = p.today THEN 'due_today' "
    "WHEN d.due_on < p.soon_before THEN 'due_soon' ELSE 'not_due' END"
)

ESCALATION_COLUMNS = (
    "authority_id, kind, deadline_id, family_id, previous_id, level, level_label, roles, reason, "
    "raised_by_id, raised_at, respond_by, status, resolved_at, resolution"
)

NOTIFY_HOLDERS = """
    INSERT INTO scheduling_notification
        (authority_id, recipient_id, kind, subject, body, url, dedupe_key, created_at, read_at, emailed_at)
    SELECT e.authority_id, m.user_id, 'escalation',
           substr('Escalation, level ' || e.level::text || ' (' || e.level_label || '): '
                  || e.reason, 1, 300),
           e.reason, '/' || p.slug || '/escalations/' || e.id::text || '/', 'escalation:' || e.id::text,
           %(now)s, NULL, NULL
    FROM {source} e
    JOIN bench_params p ON p.authority_id = e.authority_id
    LEFT JOIN scheduling_deadline d ON d.id = e.deadline_id
    LEFT JOIN cases_family f ON f.id = COALESCE(d.family_id, e.family_id)
    LEFT JOIN authorities_membership sw ON sw.id = COALESCE(d.responsible_id, f.social_worker_id)
    JOIN authorities_membership m ON m.authority_id = e.authority_id AND m.is_active AND e.roles ? m.role
         AND (m.role <> 'team_manager' OR sw.team_manager_id IS NULL OR m.id = sw.team_manager_id)
    ON CONFLICT DO NOTHING
"""

STATUSES = f"""
    WITH changed AS (
        UPDATE scheduling_deadline d SET status = {NEW_STATUS}, status_changed_on = p.today
        FROM bench_params p
        WHERE d.authority_id = p.authority_id AND d.met_on IS NULL AND d.cancelled_at IS NULL
          AND d.status <> {NEW_STATUS}
        RETURNING d.*, p.today AS swept_on
    )
    {_history_insert(Deadline, "changed", "'sweep: status on ' || swept_on::text", "~")}
"""

DEADLINE_KEY = "'deadline:' || d.id::text || ':' || d.status || ':' || d.due_on::text"
COMING_UP = f"""
    INSERT INTO scheduling_notification
        (authority_id, recipient_id, kind, subject, body, url, dedupe_key, created_at, read_at, emailed_at)
    SELECT d.authority_id, m.user_id, 'deadline',
           substr(CASE d.status WHEN 'due_soon' THEN 'Due soon: ' WHEN 'due_today' THEN 'Due today: '
                  ELSE 'Overdue: ' END || d.label || ' (' || d.rule_id || ')', 1, 300),
           d.rule_id || ': ' || d.label || ' is due by ' || d.due_on::text || '.',
           '/' || p.slug || '/', {DEADLINE_KEY}, %(now)s, NULL, NULL
    FROM scheduling_deadline d
    JOIN bench_params p ON p.authority_id = d.authority_id
    LEFT JOIN cases_family f ON f.id = d.family_id
    JOIN authorities_membership sw ON sw.id = COALESCE(d.responsible_id, f.social_worker_id)
    JOIN authorities_membership m ON (m.id = sw.id OR m.id = sw.team_manager_id) AND m.is_active
    WHERE d.met_on IS NULL AND d.cancelled_at IS NULL AND d.status IN ('due_soon', 'due_today', 'overdue')
      AND NOT EXISTS (
          SELECT 1 FROM scheduling_notification n
          WHERE n.authority_id = d.authority_id AND n.recipient_id = m.user_id
            AND n.dedupe_key <> '' AND n.dedupe_key = {DEADLINE_KEY})
    ON CONFLICT DO NOTHING
"""

RAISE = f"""
    WITH new AS (
        INSERT INTO scheduling_escalation ({ESCALATION_COLUMNS})
        SELECT d.authority_id, 'deadline', d.id, d.family_id, NULL, p.l1_level, p.l1_label, p.l1_roles,
               d.rule_id || ' overdue: ' || d.label || ' was due by ' || d.due_on::text || '.',
               NULL, %(now)s, p.l1_respond_by, 'open', NULL, ''
        FROM scheduling_deadline d
        JOIN bench_params p ON p.authority_id = d.authority_id
        WHERE p.esc_on AND d.met_on IS NULL AND d.cancelled_at IS NULL AND d.due_on < p.today
          AND d.mode = 'required'
          AND NOT EXISTS (
              SELECT 1 FROM scheduling_escalation e WHERE e.deadline_id = d.id
              AND ((e.kind = 'deadline' AND e.level = p.l1_level) OR e.status IN ('open', 'acknowledged')))
        ON CONFLICT DO NOTHING
        RETURNING *
    ), history AS (
        {_history_insert(Escalation, "new", "'sweep: deadline overdue'", "+")}
    ), events AS (
        INSERT INTO scheduling_escalationevent (authority_id, escalation_id, action, by_id, note, "at")
        SELECT authority_id, id, 'raised', NULL, 'Raised by the deadline sweep: ' || reason, %(now)s FROM new
    )
    {NOTIFY_HOLDERS.format(source="new")}
"""

RAISE_UNBOOKED = f"""
    WITH new AS (
        INSERT INTO scheduling_escalation ({ESCALATION_COLUMNS})
        SELECT d.authority_id, 'unbooked', d.id, d.family_id, NULL, p.l1_level, p.l1_label, p.l1_roles,
               d.rule_id || ' due by ' || d.due_on::text || ' and nothing is booked: ' || d.label || '.',
               NULL, %(now)s, p.l1_respond_by, 'open', NULL, ''
        FROM scheduling_deadline d
        JOIN bench_params p ON p.authority_id = d.authority_id
        WHERE p.esc_on AND d.met_on IS NULL AND d.cancelled_at IS NULL AND d.booked_for IS NULL
          AND d.due_on >= p.today AND d.due_on < p.unbooked_before AND d.mode = 'required'
          AND d.rule_id = ANY (p.unbooked_rules)
          AND NOT EXISTS (
              SELECT 1 FROM scheduling_escalation e
              WHERE e.deadline_id = d.id AND e.kind = 'unbooked' AND e.level = p.l1_level)
        ON CONFLICT DO NOTHING
        RETURNING *
    ), history AS (
        {_history_insert(Escalation, "new", "'sweep: due soon, nothing booked'", "+")}
    ), events AS (
        INSERT INTO scheduling_escalationevent (authority_id, escalation_id, action, by_id, note, "at")
        SELECT authority_id, id, 'raised', NULL, 'Raised by the deadline sweep: ' || reason, %(now)s FROM new
    )
    {NOTIFY_HOLDERS.format(source="new")}
"""

MOVE_UP = f"""
    WITH claimed AS (
        UPDATE scheduling_escalation e SET status = 'moved_up'
        FROM bench_params p
        WHERE e.authority_id = p.authority_id AND p.esc_on AND e.status IN ('open', 'acknowledged')
          AND e.respond_by < p.today AND e.level < p.top_level
          AND (e.deadline_id IS NULL OR EXISTS (
              SELECT 1 FROM scheduling_deadline d
              WHERE d.id = e.deadline_id AND d.met_on IS NULL AND d.cancelled_at IS NULL))
        RETURNING e.*
    ), old_history AS (
        {_history_insert(Escalation, "claimed", "'sweep: moved up'", "~")}
    ), old_events AS (
        INSERT INTO scheduling_escalationevent (authority_id, escalation_id, action, by_id, note, "at")
        SELECT c.authority_id, c.id, 'moved_up', NULL,
               'Not resolved by ' || c.respond_by::text || ': moved up to level ' || r.level::text
               || ' (' || r.label || ') by the sweep.', %(now)s
        FROM claimed c JOIN bench_rungs r ON r.authority_id = c.authority_id AND r.from_level = c.level
    ), new AS (
        INSERT INTO scheduling_escalation ({ESCALATION_COLUMNS})
        SELECT c.authority_id, c.kind, c.deadline_id, c.family_id, c.id, r.level, r.label, r.roles, c.reason,
               NULL, %(now)s, r.respond_by, 'open', NULL, ''
        FROM claimed c JOIN bench_rungs r ON r.authority_id = c.authority_id AND r.from_level = c.level
        ON CONFLICT DO NOTHING
        RETURNING *
    ), new_history AS (
        {_history_insert(Escalation, "new", "'sweep: raised'", "+")}
    ), new_events AS (
        INSERT INTO scheduling_escalationevent (authority_id, escalation_id, action, by_id, note, "at")
        SELECT authority_id, id, 'raised', NULL,
               'Moved up by the sweep to level ' || level::text || ' (' || level_label || ').', %(now)s
        FROM new
    )
    {NOTIFY_HOLDERS.format(source="new")}
"""


def run_bare_sql(plans: list[SweepPlan], *, jit: bool) -> float:
    """Load the plans, run the statements; returns the seconds taken (load included). Call inside a
    transaction: `jit` sets PostgreSQL's JIT for it (SET LOCAL), whatever the connection's default."""
    params = []
    rungs = []
    for plan in plans:
        first = plan.first_rung
        params.append(
            (
                plan.authority_id,
                plan.slug,
                plan.today,
                plan.soon_before,
                plan.escalation_on,
                first.level if first else 0,
                first.label if first else "",
                json.dumps(list(first.roles)) if first else "[]",
                plan.respond_by.get(first.level) if first else plan.today,
                plan.ladder[-1].level if plan.ladder else 0,
                plan.unbooked_before,
                list(plan.unbooked_rules),
            )
        )
        for rung in plan.ladder:
            following = next_rung(plan.ladder, rung.level)
            if following is not None:
                rungs.append(
                    (
                        plan.authority_id,
                        rung.level,
                        following.level,
                        following.label,
                        json.dumps(list(following.roles)),
                        plan.respond_by[following.level],
                    )
                )
    now = {"now": timezone.now()}
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL jit = {'on' if jit else 'off'}")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_params (authority_id bigint PRIMARY KEY, slug text, today date, "
            "soon_before date, esc_on boolean, l1_level int, l1_label text, l1_roles jsonb, "
            "l1_respond_by date, top_level int, unbooked_before date, unbooked_rules text[]) ON COMMIT DROP"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_rungs (authority_id bigint, from_level int, level int, label text, "
            "roles jsonb, respond_by date, PRIMARY KEY (authority_id, from_level)) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_params VALUES (%s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s)", params
        )
        cursor.executemany("INSERT INTO bench_rungs VALUES (%s, %s, %s, %s, %s::jsonb, %s)", rungs)
        cursor.execute("ANALYZE bench_params")
        for statement in (STATUSES, COMING_UP, RAISE, RAISE_UNBOOKED, MOVE_UP):
            cursor.execute(statement, now)
    return time.perf_counter() - started
