"""The dashboard's figures as plain data: the API's JSON sections and the CSV tables, both made
from the same `Dashboard`, so the page, the API and the exports agree."""

from __future__ import annotations

from collections.abc import Iterator

from .figures import Dashboard


def as_json(board: Dashboard) -> dict:
    return {
        "authority": board.authority.slug,
        "as_of": board.today.isoformat(),
        "filters": {
            "team": board.filters.team_id,
            "social_worker": board.filters.social_worker_id,
            "start": board.filters.start.isoformat() if board.filters.start else None,
            "end": board.filters.end.isoformat() if board.filters.end else None,
        },
        "due_soon_until": board.soon_until.isoformat(),
        "deadlines": {
            row.rule_id: {"overdue": row.overdue, "due_today": row.due_today, "due_soon": row.due_soon}
            for row in board.deadlines
        },
        "escalations": {str(level.level): level.total for level in board.levels},
        "escalation_levels": [
            {
                "level": level.level,
                "label": level.label,
                "open": level.open,
                "acknowledged": level.acknowledged,
            }
            for level in board.levels
        ],
        "timeliness": {
            row.rule_id: {
                month: {"on_time": figure.on_time, "late": figure.late, "percent": figure.percent}
                for month, figure in row.months.items()
            }
            for row in board.timeliness
        },
        "plans": _plans_json(board),
        "attendance": [
            {
                "agency_id": row.agency_id,
                "agency": row.agency_name,
                "invited": row.invited,
                "absent": row.absent,
                "no_report": row.no_report,
                "absent_without_report": row.absent_without_report,
                "letters_sent": row.letters_sent,
                "core_group_meetings_missed": row.core_group_missed,
                "in_pattern_window": row.in_window,
                "pattern": row.pattern,
            }
            for row in board.attendance
        ],
    }


def _plans_json(board: Dashboard) -> dict:
    return {
        "total": board.plans.get("total", 0),
        "by_category": board.plans.get("by_category", {}),
        "open_months": {str(k): v for k, v in board.plans.get("open_months", {}).items()},
        "second_or_later": board.plans.get("repeat", 0),
        "ended_without_step_down": board.step_down_total,
        "longest_open": [
            {
                "child": row.child_name,
                "family_id": row.family_id,
                "started_on": row.started_on.isoformat(),
                "category": row.category,
                "open_months_reached": row.months_reached,
                "earlier_plans": row.earlier_plans,
            }
            for row in board.long_plans
        ],
    }


def csv_rows(board: Dashboard, table: str) -> Iterator[list]:
    """Header, then rows, of one of the five tables."""
    if table == "deadlines":
        yield ["rule_id", "rule", "overdue", "due_today", "due_soon"]
        for row in board.deadlines:
            yield [row.rule_id, row.title, row.overdue, row.due_today, row.due_soon]
    elif table == "escalations":
        yield ["level", "label", "open", "acknowledged", "open_or_acknowledged"]
        for level in board.levels:
            yield [level.level, level.label, level.open, level.acknowledged, level.total]
    elif table == "timeliness":
        yield ["rule_id", "rule", "month", "on_time", "late", "percent_on_time"]
        for row in board.timeliness:
            for month, figure in row.months.items():
                percent = "" if figure.percent is None else figure.percent
                yield [row.rule_id, row.title, month, figure.on_time, figure.late, percent]
    elif table == "plans":
        yield ["measure", "value", "children"]
        yield ["on_plan", "all", board.plans.get("total", 0)]
        for _value, label, count in board.categories:
            yield ["category", label, count]
        for months, count in board.plans.get("open_months", {}).items():
            yield ["open_months_or_more", months, count]
        yield ["second_or_later_plan", "", board.plans.get("repeat", 0)]
        yield ["ended_at_review_without_step_down", "", board.step_down_total]
    elif table == "attendance":
        yield [
            "agency",
            "invited",
            "did_not_attend",
            "no_report",
            "neither_attended_nor_sent_report",
            "letters_sent",
            "core_group_meetings_missed",
            f"missed_in_last_{board.pattern_months}_months",
            "pattern",
        ]
        for row in board.attendance:
            yield [
                row.agency_name,
                row.invited,
                row.absent,
                row.no_report,
                row.absent_without_report,
                row.letters_sent,
                row.core_group_missed,
                row.in_window,
                "yes" if row.pattern else "no",
            ]
    else:
        raise KeyError(table)
