"""Reads for the case list and the case page, by job: today and deadlines as seen today
(`today`), the case list (`case_list`), the case page (`case_page`), and LONG-PLAN with the plan
figures managers watch (`long_plan`). Everything is importable from here, as before the split."""

from .case_list import CASES_PER_PAGE, Whose, case_rows, families_for
from .case_page import CasePage, DiscussionRow, case_family, case_of_child, case_page
from .long_plan import (
    DEFAULT_FLAG_MONTHS,
    LONG_PLAN_RULE,
    LongPlanFlag,
    LongPlanRow,
    LongPlanRule,
    age_words,
    flags_of_open_plans,
    long_plan_flags,
    longest_open_plans,
    open_plan_figures,
    open_plans,
)
from .today import ICPC_RULE, STATUS_TAG, DeadlineView, Today, icpc_deadlines, today_for

__all__ = [
    "CASES_PER_PAGE",
    "DEFAULT_FLAG_MONTHS",
    "ICPC_RULE",
    "LONG_PLAN_RULE",
    "STATUS_TAG",
    "CasePage",
    "DeadlineView",
    "DiscussionRow",
    "LongPlanFlag",
    "LongPlanRow",
    "LongPlanRule",
    "Today",
    "Whose",
    "age_words",
    "case_family",
    "case_of_child",
    "case_page",
    "case_rows",
    "families_for",
    "flags_of_open_plans",
    "icpc_deadlines",
    "long_plan_flags",
    "longest_open_plans",
    "open_plan_figures",
    "open_plans",
    "today_for",
]
