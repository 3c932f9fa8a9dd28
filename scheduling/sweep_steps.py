"""The steps of the sweep: statuses, what is coming up, the escalation steps (in
`sweep_escalations`) in order, e-mailing notifications, and the REPORT-2WD reminders due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from authorities.human_dates import long_date

from .engine import DeadlineStatus
from .families import families_table
from .models import Deadline, Notification
from .sweep_batches import (
    _CASE_REFERENCE,
    _Batch,
    _Dialect,
    _history,
    _Part,
    rule_title_sql,
)
from .sweep_common import NOTIFIED_STATUSES, REMINDED_RULE, SWEEP_LOCK_NAMESPACE, _table
from .sweep_escalations import _move_up, _raise_first_rung


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
            reason=f"sweep: status on {long_date(batch.today)}",
            now=now,
        ),
    ]


def _coming_up(dialect: _Dialect, batch: _Batch, now: datetime) -> _Part:
    """'Coming up' (due soon, due today, overdue) to the responsible social worker (else the
    family's) and their team manager, once per deadline, status and due date.

    Keyed by what has not been sent rather than by what changed in this run, so a deadline a
    service opened already due soon is told about too, and a rerun finds nothing to send."""
    family_table = families_table()
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
               {rule_title_sql("d.rule_id")} || COALESCE(', case ' || {_CASE_REFERENCE}, '')
                   || ': due by ' || {dialect.long_date("d.due_on")} || ' (' || d.rule_id || ').',
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
