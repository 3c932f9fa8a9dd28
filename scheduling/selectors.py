"""Set-wise reads of deadlines and escalations that the apps above share (the managers' dashboard):
grouped counts in SQL, a fixed number of queries however many rows there are.

`family_filter` narrows to a team or a social worker: lookups on the family a row belongs to
(`{"social_worker_id": 7}`), matched against the family model the cases app gives (`families`), so
this app still imports no domain app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMonth

from authorities.models import Authority

from .families import attach_families, family_ids
from .models import Deadline, Escalation, EscalationStatus

UNRESOLVED = (EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED)


def _narrow(queryset: QuerySet, authority: Authority | int, family_filter: Mapping[str, object] | None):
    if not family_filter:
        return queryset
    return queryset.filter(family_id__in=family_ids(authority, family_filter))


def open_deadlines(authority: Authority | int, *, family_filter: Mapping[str, object] | None = None):
    return _narrow(Deadline.objects.for_authority(authority).open(), authority, family_filter)


def open_deadline_counts(
    authority: Authority | int,
    *,
    today: date,
    soon_until: date,
    family_filter: Mapping[str, object] | None = None,
) -> dict[str, dict[str, int]]:
    """Per rule: open deadlines overdue, due today and due soon (after today, on or before
    `soon_until`) as on `today`, from the due dates (never the status the last sweep stored).
    One grouped query over the open-deadline partial index."""
    rows = (
        open_deadlines(authority, family_filter=family_filter)
        .filter(due_on__lte=soon_until)
        .order_by()
        .values("rule_id")
        .annotate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due_today=Count("pk", filter=Q(due_on=today)),
            due_soon=Count("pk", filter=Q(due_on__gt=today)),
        )
    )
    return {row["rule_id"]: {key: row[key] for key in ("overdue", "due_today", "due_soon")} for row in rows}


def met_deadlines_by_month(
    authority: Authority | int,
    *,
    rule_ids: Iterable[str],
    since: date,
    until: date,
    family_filter: Mapping[str, object] | None = None,
) -> list[dict]:
    """Deadlines met between `since` and `until`, per rule and month met: how many on time (met on
    or before the due date) and how many late. One grouped query."""
    return list(
        _narrow(Deadline.objects.for_authority(authority), authority, family_filter)
        .filter(rule_id__in=list(rule_ids), met_on__gte=since, met_on__lte=until, cancelled_at__isnull=True)
        .annotate(month=TruncMonth("met_on"))
        .order_by()
        .values("rule_id", "month")
        .annotate(
            on_time=Count("pk", filter=Q(met_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(met_on__gt=F("due_on"))),
        )
        .order_by("rule_id", "month")
    )


def unresolved_escalations(
    authority: Authority | int, *, family_filter: Mapping[str, object] | None = None
) -> QuerySet[Escalation]:
    return _narrow(
        Escalation.objects.for_authority(authority).filter(status__in=UNRESOLVED), authority, family_filter
    )


def unresolved_escalation_counts(
    authority: Authority | int, *, family_filter: Mapping[str, object] | None = None
) -> dict[int, dict[str, int]]:
    """Per ladder level: escalations open and acknowledged. One grouped query."""
    rows = (
        unresolved_escalations(authority, family_filter=family_filter)
        .order_by()
        .values("level")
        .annotate(
            open=Count("pk", filter=Q(status=EscalationStatus.OPEN)),
            acknowledged=Count("pk", filter=Q(status=EscalationStatus.ACKNOWLEDGED)),
        )
    )
    return {row["level"]: {"open": row["open"], "acknowledged": row["acknowledged"]} for row in rows}


def oldest_unresolved_escalations(
    authority: Authority | int, *, per_level: int, family_filter: Mapping[str, object] | None = None
) -> list[Escalation]:
    """The `per_level` oldest open or acknowledged escalations of each level, oldest first: one
    query (a window function ranks them within their level)."""
    ranked = (
        unresolved_escalations(authority, family_filter=family_filter)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("level")], order_by=[F("raised_at").asc(), F("pk").asc()]
            )
        )
        .filter(rank__lte=per_level)
        .order_by("level", "raised_at", "pk")
    )
    return attach_families(ranked)
