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

from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from authorities.human_dates import long_date
from authorities.models import Authority

from .engine import DeadlineStatus, WorkingCalendar
from .hooks import send_due_report_reminders
from .ladder import (
    Rung,
    ladder_from_values,
    ladder_of,
    next_rung,
)
from .sweep_batches import (
    _Batch,
    _Dialect,
    _run_chain,
)
from .sweep_common import (
    DEFAULT_REMINDER_WORKING_DAYS,
    DEFAULT_RUNG_WORKING_DAYS,
    NOTIFIED_STATUSES,
    REMINDED_RULE,
    SWEEP_LOCK_NAMESPACE,
    UNRESOLVED,
    logger,
)
from .sweep_escalations import ESCALATION_COLUMNS, notify_escalation
from .sweep_plan import (
    SweepPlan,
    plan_for,
    plans_for,
)
from .sweep_steps import (
    _later_parts,
    _lock_authorities,
    _reminders_due,
    _statuses,
    queue_emails,
)


@dataclass
# --- runner ---
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
    plans = plans_for(authority_ids, today, calendars)
    results = _results_for(plans, today)
    ready = tuple(plan for plan in plans.values() if plan is not None)
    told: dict[int, list[int]] = {}
    reminders_due: set[int] = set()
    if ready:
        reminders_due = _sweep_batch(
            _Batch(today=today, plans=ready), results, told, report_reminders=report_reminders
        )
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


def _results_for(plans: dict, today: date) -> dict[int, SweepResult]:
    """One result per authority asked for; one with no rule set in force on `today` is skipped."""
    results = {authority_id: SweepResult(authority_id=authority_id, today=today) for authority_id in plans}
    for plan in plans.values():
        if plan is not None:
            results[plan.authority_id].slug = plan.slug
    skipped = [authority_id for authority_id, plan in plans.items() if plan is None]
    if skipped:
        slugs = dict(Authority.objects.filter(pk__in=skipped).values_list("pk", "slug"))
        for authority_id in skipped:
            result = results[authority_id]
            result.slug, result.skipped = (
                slugs.get(authority_id, ""),
                f"no rule set in force on {long_date(today)}",
            )
    return results


def _sweep_batch(
    batch: _Batch, results: dict[int, SweepResult], told: dict[int, list[int]], *, report_reminders: bool
) -> set[int]:
    """The statement chains for the batch: statuses first, then (only if there is anything to do)
    escalations raised and moved up and what is coming up. Fills `results` and `told` (notification
    ids per authority); returns the authorities with report reminders due."""
    dialect = _Dialect()
    now = timezone.now()
    ready = batch.plans
    reminders_due: set[int] = set()
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
        more = not dialect.pg or first["changed"] or any(first[part.name][0][2] == "true" for part in checks)
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
            _count_escalations(out, results, told)
    return reminders_due


def _count_escalations(out: dict, results: dict[int, SweepResult], told: dict[int, list[int]]) -> None:
    for _, authority_id, _ in out.get("raised", ()):
        results[authority_id].escalations_raised += 1
    for _, authority_id, _ in out.get("opened", ()):
        results[authority_id].escalations_moved_up += 1
    for name in ("coming_up", "raised_told", "opened_told"):
        for row_id, authority_id, _ in out.get(name, ()):
            told.setdefault(authority_id, []).append(row_id)


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


__all__ = [
    "DEFAULT_REMINDER_WORKING_DAYS",
    "DEFAULT_RUNG_WORKING_DAYS",
    "ESCALATION_COLUMNS",
    "NOTIFIED_STATUSES",
    "REMINDED_RULE",
    "SWEEP_LOCK_NAMESPACE",
    "UNRESOLVED",
    "Rung",
    "SweepFailed",
    "SweepPlan",
    "SweepResult",
    "active_authority_ids",
    "batches",
    "ladder_from_values",
    "ladder_of",
    "next_rung",
    "notify_escalation",
    "plan_for",
    "plans_for",
    "queue_emails",
    "send_due_report_reminders",
    "sweep_authorities",
    "sweep_authority",
    "sweep_batch",
]
