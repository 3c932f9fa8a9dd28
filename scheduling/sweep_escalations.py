"""The sweep's escalation steps: raising level 1 for overdue and unbooked deadlines, moving
unresolved escalations up their ladder, and telling each rung's role holders."""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.utils import timezone

from authorities.models import Mode, Role

from .families import families_table
from .models import Deadline, Escalation, EscalationEvent, EscalationKind, EscalationStatus, Notification
from .sweep_batches import (
    _CASE_REFERENCE,
    _Batch,
    _Dialect,
    _events,
    _history,
    _Part,
    _run_chain,
)
from .sweep_common import UNRESOLVED, _table


def _tell_holders(dialect: _Dialect, source: str, *, slugs: tuple[str, list], now: datetime) -> _Part:
    """Tell each escalation's rung role holders in its authority (one notification each, once).
    `slugs` is a relation `p` with each authority's id and slug (for the link).

    A team manager rung goes to the team manager of the case's social worker where one is known
    (else to every team manager): the rung names a role, the case names the person."""
    family_table = families_table()
    membership = _table(Deadline._meta.get_field("responsible").related_model)
    slugs_sql, slugs_params = slugs
    respond_by = dialect.long_date("e.respond_by")
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
               'Respond by ' || {respond_by} || '. The reason is on the escalation page.',
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
    today = dialect.day(batch.today)
    source_sql, source_params = _first_rung_source(dialect, batch)
    escalations = _table(Escalation)
    kind_sql = (
        f"CASE WHEN d.due_on < %s THEN '{EscalationKind.DEADLINE}' ELSE '{EscalationKind.UNBOOKED}' END"
    )
    due = dialect.long_date("d.due_on")
    reason_sql = (
        "CASE WHEN d.due_on < %s "
        f"THEN d.label || ' was due by ' || {due} || ' and is overdue (' || d.rule_id || ').' "
        f"ELSE d.label || ' is due by ' || {due} || ' and nothing is booked (' || d.rule_id || ').' END"
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


def _first_rung_source(dialect: _Dialect, batch: _Batch) -> tuple[str, list]:
    """FROM and WHERE of the deadlines that need a level 1 escalation (see `_raise_first_rung`)."""
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
    return source_sql, source_params


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
    opened = _opened_rung(dialect, rungs_sql, rungs_params, now)
    return [
        claimed,
        _history(dialect, Escalation, "claimed", history_type="~", reason="sweep: moved up", now=now),
        _events(
            dialect,
            "claimed",
            action=EscalationEvent.Action.MOVED_UP,
            note_sql=f"'Not resolved by ' || {dialect.long_date('e.respond_by')} || ': moved up to level ' "
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


def _opened_rung(dialect: _Dialect, rungs_sql: str, rungs_params: list, now: datetime) -> _Part:
    """The next rung's escalation for each one `_move_up` claimed, linked to it by `previous`."""
    return _Part(
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
