"""Every figure on the managers' dashboard, as at the moment it is drawn: grouped counts in SQL
through the lower apps' selectors, a fixed number of queries whatever the data size.

`build_dashboard()` is the one read behind the page, the API and the CSV exports, so the three
always show the same numbers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from authorities.models import Authority, Membership
from authorities.rules.catalogue import RULES, RULES_BY_ID
from authorities.selectors import rule_set_in_force
from cases.models import Category
from cases.selectors import LongPlanRow, LongPlanRule, Today, age_words, longest_open_plans, open_plan_figures
from coregroups.attendance_history import meetings_missed_by_agency
from reports.agency_attendance import attendance_by_agency
from scheduling.calendars import calendar_for
from scheduling.engine import add_months
from scheduling.selectors import (
    met_deadlines_by_month,
    oldest_unresolved_escalations,
    open_deadline_counts,
    unresolved_escalation_counts,
)
from scheduling.sweep import Rung, ladder_of

from .filters import Filters
from .step_downs import StepDownRow, ended_without_step_down

SECTIONS = ("deadlines", "escalations", "timeliness", "plans", "attendance")
# Always shown in "Now", even at zero: the statutory timescales every authority runs.
NOW_RULES = ("ICPC-15WD", "CG1-10WD", "RCPC1-3M", "RCPCN-6M", "REPORT-2WD", "SW-REPORT")
TIMELINESS_RULES = ("ICPC-15WD", "CG1-10WD", "RCPC1-3M", "RCPCN-6M", "REPORT-2WD")
TIMELINESS_MONTHS = 12
ESCALATIONS_SHOWN_PER_LEVEL = 10
STEP_DOWNS_SHOWN = 20
LONG_PLANS_SHOWN = 20
NON_ATTEND_RULE = "NON-ATTEND-LETTER"
CATALOGUE_ORDER = {rule.id: n for n, rule in enumerate(RULES)}


@dataclass(frozen=True)
class DeadlineRow:
    rule_id: str
    title: str
    overdue: int
    due_today: int
    due_soon: int

    @property
    def figures(self) -> list[tuple[str, int]]:
        return [("overdue", self.overdue), ("due_today", self.due_today), ("due_soon", self.due_soon)]


@dataclass(frozen=True)
class MonthRow:
    key: str
    label: str
    figures: list


@dataclass(frozen=True)
class LevelRow:
    level: int
    label: str
    open: int
    acknowledged: int
    mine: bool  # the viewer's role holds this rung
    escalations: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.open + self.acknowledged


@dataclass(frozen=True)
class AgencyRow:
    """One agency's conferences (invited, not attended, no report, neither) and the core group
    meetings its member missed; the pattern counts both within the rule's window."""

    agency_id: int | None
    agency_name: str
    invited: int = 0
    absent: int = 0
    no_report: int = 0
    absent_without_report: int = 0
    letters_sent: int = 0
    conferences_in_window: int = 0
    core_group_missed: int = 0
    core_group_in_window: int = 0
    pattern_count: int = 3

    @property
    def in_window(self) -> int:
        return self.conferences_in_window + self.core_group_in_window

    @property
    def pattern(self) -> bool:
        return self.in_window >= self.pattern_count


@dataclass(frozen=True)
class MonthFigure:
    on_time: int
    late: int

    @property
    def total(self) -> int:
        return self.on_time + self.late

    @property
    def percent(self) -> float | None:
        return round(100 * self.on_time / self.total, 1) if self.total else None

    @property
    def percent_text(self) -> str:
        """Like 95.5% or 100%; empty when nothing was met."""
        percent = self.percent
        if percent is None:
            return ""
        return f"{percent:g}%"


@dataclass(frozen=True)
class TimelinessRow:
    rule_id: str
    title: str
    months: dict[str, MonthFigure]  # "YYYY-MM" → figure, every month of the range

    @property
    def overall(self) -> MonthFigure:
        return MonthFigure(
            sum(m.on_time for m in self.months.values()), sum(m.late for m in self.months.values())
        )


@dataclass
class Dashboard:
    authority: Authority
    today: date
    filters: Filters
    soon_until: date
    due_soon_working_days: int
    timeliness_since: date
    timeliness_until: date
    attendance_since: date
    attendance_until: date
    pattern_count: int
    pattern_months: int
    pattern_mode: str
    long_plan: LongPlanRule
    deadlines: list[DeadlineRow] = field(default_factory=list)
    levels: list[LevelRow] = field(default_factory=list)
    timeliness: list[TimelinessRow] = field(default_factory=list)
    month_keys: list[str] = field(default_factory=list)
    plans: dict = field(default_factory=dict)
    step_downs: list[StepDownRow] = field(default_factory=list)
    step_down_total: int = 0
    long_plans: list[LongPlanRow] = field(default_factory=list)
    attendance: list[AgencyRow] = field(default_factory=list)

    @property
    def month_rows(self) -> list[MonthRow]:
        return [
            MonthRow(
                key,
                date.fromisoformat(f"{key}-01").strftime("%b %Y"),
                [r.months[key] for r in self.timeliness],
            )
            for key in self.month_keys
        ]

    @property
    def long_plan_rows(self) -> list[tuple[int, str, int]]:
        return [
            (m, f"Plans open {age_words(m)} or more", n) for m, n in self.plans.get("open_months", {}).items()
        ]

    @property
    def long_plan_total(self) -> int:
        """Open plans at the shortest flagged age or more: how many `long_plans` lists from."""
        open_months = self.plans.get("open_months", {})
        return open_months[min(open_months)] if open_months else 0

    @property
    def long_plan_shortest(self) -> str:
        """The shortest age LONG-PLAN flags, in words: "18 months or more"."""
        return f"{age_words(min(self.long_plan.flag_months))} or more" if self.long_plan.flag_months else ""

    @property
    def categories(self) -> list[tuple[str, str, int]]:
        counts = self.plans.get("by_category", {})
        return [(value, label, counts.get(value, 0)) for value, label in Category.choices]


def month_keys(since: date, until: date) -> list[str]:
    keys, day = [], since.replace(day=1)
    while day <= until:
        keys.append(day.strftime("%Y-%m"))
        day = add_months(day, 1)
    return keys


def _title(rule_id: str) -> str:
    rule = RULES_BY_ID.get(rule_id)
    return rule.title if rule else rule_id


def build_dashboard(
    membership: Membership,
    filters: Filters,
    *,
    today: date | None = None,
    sections: Iterable[str] = SECTIONS,
) -> Dashboard:
    authority = membership.authority
    today = today or timezone.localdate()
    sections = set(sections)
    rule_set = rule_set_in_force(authority, on=today)
    calendar = calendar_for(authority)
    now = Today(day=today, calendar=calendar, due_soon_working_days=rule_set.due_soon_working_days)
    end = min(filters.end or today, today)
    non_attend = rule_set.values(NON_ATTEND_RULE) if NON_ATTEND_RULE in rule_set.settings_by_id else {}
    pattern_months = int(non_attend.get("pattern_months", 6))
    board = Dashboard(
        authority=authority,
        today=today,
        filters=filters,
        soon_until=now.calendar.add_working_days(today, now.due_soon_working_days),
        due_soon_working_days=now.due_soon_working_days,
        timeliness_since=filters.start or add_months(today, -(TIMELINESS_MONTHS - 1)).replace(day=1),
        timeliness_until=end,
        attendance_since=filters.start or add_months(end, -pattern_months),
        attendance_until=end,
        pattern_count=int(non_attend.get("pattern_count", 3)),
        pattern_months=pattern_months,
        pattern_mode=rule_set.mode(NON_ATTEND_RULE) if non_attend else "off",
        long_plan=LongPlanRule.of(rule_set),
    )
    scope = filters.family_filter()
    if "deadlines" in sections:
        board.deadlines = _deadlines(authority, today, board.soon_until, scope)
    if "escalations" in sections:
        board.levels = _levels(authority, ladder_of(rule_set), membership, scope)
    if "timeliness" in sections:
        board.month_keys = month_keys(board.timeliness_since, board.timeliness_until)
        board.timeliness = _timeliness(authority, board, scope)
    if "plans" in sections:
        board.plans = open_plan_figures(authority, today=today, rule=board.long_plan, family_filter=scope)
        board.long_plans = longest_open_plans(
            authority, today=today, rule=board.long_plan, family_filter=scope, limit=LONG_PLANS_SHOWN
        )
        board.step_downs, board.step_down_total = ended_without_step_down(
            authority, since=board.timeliness_since, until=end, family_filter=scope, limit=STEP_DOWNS_SHOWN
        )
    if "attendance" in sections:
        board.attendance = _attendance(authority, board, end, scope)
    return board


def _deadlines(authority, today: date, soon_until: date, scope) -> list[DeadlineRow]:
    counts = open_deadline_counts(authority, today=today, soon_until=soon_until, family_filter=scope)
    rule_ids = sorted(set(NOW_RULES) | set(counts), key=lambda r: (CATALOGUE_ORDER.get(r, 999), r))
    zero = {"overdue": 0, "due_today": 0, "due_soon": 0}
    return [DeadlineRow(rule_id, _title(rule_id), **counts.get(rule_id, zero)) for rule_id in rule_ids]


def _levels(authority, ladder: list[Rung], membership: Membership, scope) -> list[LevelRow]:
    counts = unresolved_escalation_counts(authority, family_filter=scope)
    oldest = oldest_unresolved_escalations(
        authority, per_level=ESCALATIONS_SHOWN_PER_LEVEL, family_filter=scope
    )
    labels = {rung.level: rung for rung in ladder}
    rows = []
    for level in sorted(set(labels) | set(counts)):
        rung = labels.get(level)
        figures = counts.get(level, {"open": 0, "acknowledged": 0})
        rows.append(
            LevelRow(
                level=level,
                label=rung.label if rung else f"Level {level}",
                open=figures["open"],
                acknowledged=figures["acknowledged"],
                mine=bool(rung) and membership.role in rung.roles,
                escalations=[e for e in oldest if e.level == level],
            )
        )
    return rows


def _timeliness(authority, board: Dashboard, scope) -> list[TimelinessRow]:
    rows = met_deadlines_by_month(
        authority,
        rule_ids=TIMELINESS_RULES,
        since=board.timeliness_since,
        until=board.timeliness_until,
        family_filter=scope,
    )
    found: dict[str, dict[str, MonthFigure]] = {rule_id: {} for rule_id in TIMELINESS_RULES}
    for row in rows:
        found[row["rule_id"]][row["month"].strftime("%Y-%m")] = MonthFigure(row["on_time"], row["late"])
    empty = MonthFigure(0, 0)
    return [
        TimelinessRow(
            rule_id, _title(rule_id), {key: found[rule_id].get(key, empty) for key in board.month_keys}
        )
        for rule_id in TIMELINESS_RULES
    ]


def _attendance(authority, board: Dashboard, end: date, scope) -> list[AgencyRow]:
    """The conferences from the reports app and the core group meetings from the core groups app,
    one grouped query each, put together by agency."""
    window = {
        "since": board.attendance_since,
        "until": end,
        "window_since": add_months(end, -board.pattern_months),
        "family_filter": scope,
    }
    conferences = attendance_by_agency(authority, pattern_count=board.pattern_count, **window)
    meetings = meetings_missed_by_agency(authority.pk, **window)
    rows = []
    for row in conferences:
        missed = meetings.pop(row.agency_id, None)
        rows.append(
            AgencyRow(
                row.agency_id,
                row.agency_name,
                invited=row.invited,
                absent=row.absent,
                no_report=row.no_report,
                absent_without_report=row.absent_without_report,
                letters_sent=row.letters_sent,
                conferences_in_window=row.in_window,
                core_group_missed=missed.missed if missed else 0,
                core_group_in_window=missed.in_window if missed else 0,
                pattern_count=board.pattern_count,
            )
        )
    rows += [
        AgencyRow(
            m.agency_id,
            m.agency_name,
            core_group_missed=m.missed,
            core_group_in_window=m.in_window,
            pattern_count=board.pattern_count,
        )
        for m in meetings.values()
    ]
    return sorted(
        rows, key=lambda r: (not r.pattern, -r.absent_without_report - r.core_group_missed, r.agency_name)
    )
