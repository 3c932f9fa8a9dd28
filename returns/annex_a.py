"""Ofsted's Annex A lists 5 (section 47 enquiries) and 7 (child protection), as CSV and XLSX.

Columns are Ofsted's, in its order. Columns the product does not hold (the allocated team, the last
statutory visit, whether the child was seen alone, emergency protection orders) stay in the list,
empty: an inspector sees the gap, and nothing is made up. Rows come a chunk of children at a time
and are written as they come (csv.writer; xlsxwriter in constant-memory mode).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import IO

import xlsxwriter

from authorities.models import Authority
from cases.census_codes import CENSUS_CATEGORY, Sex
from cases.models import Child, ChildProtectionPlan, StrategyDiscussion
from conferences.models import ConferenceChild, Decision, DecisionOutcome

from .periods import Period
from .selectors import chunks, initial_conferences

COMMON = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
)
LIST_5 = (
    *COMMON,
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Number of Section 47 Enquiries in the last 12 months",
    "Number of ICPCs in the last 12 months",
    "Allocated Team",
    "Allocated Worker",
)
LIST_7 = (
    *COMMON,
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
)
LISTS = {"5": ("List 5 - Section 47 enquiries", LIST_5), "7": ("List 7 - Child protection", LIST_7)}
_SEX_WORDS = {Sex.MALE: "Male", Sex.FEMALE: "Female", Sex.UNKNOWN: "Unknown"}


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _age(child: Child, on: date) -> str:
    if child.unborn or child.date_of_birth is None:
        return ""
    born = child.date_of_birth
    return str(on.year - born.year - ((on.month, on.day) < (born.month, born.day)))


def _common(child: Child, on: date) -> list[str]:
    disability = ""
    if child.disability_codes:
        disability = "No" if child.disability_codes == ["NONE"] else "Yes"
    return [
        child.la_child_id or str(child.pk),
        _SEX_WORDS.get(child.sex, ""),
        child.ethnicity_code,
        _day(child.date_of_birth or child.expected_date),
        _age(child, on),
        disability,
    ]


def _children(authority: Authority, ids: list[int]) -> dict[int, Child]:
    return {
        c.pk: c
        for c in Child.objects.for_authority(authority)
        .filter(pk__in=ids)
        .select_related("family__social_worker__user")
    }


def _worker(child: Child) -> str:
    worker = child.family.social_worker
    return worker.user.display_name if worker else ""


def list_5_rows(authority: Authority, period: Period) -> Iterator[list[str]]:
    """One row per child per section 47 enquiry that started in the period."""
    through = StrategyDiscussion.children.through
    links = through.objects.filter(
        strategydiscussion__authority=authority, strategydiscussion__section47_started=True
    )
    ids = sorted(
        set(
            links.filter(strategydiscussion__held_on__range=(period.start, period.end)).values_list(
                "child_id", flat=True
            )
        )
    )
    for chunk in chunks(ids):
        children = _children(authority, chunk)
        year_before = period.start - timedelta(days=366)
        rows = list(
            links.filter(child_id__in=chunk, strategydiscussion__held_on__range=(year_before, period.end))
            .order_by("child_id", "strategydiscussion__held_on", "strategydiscussion_id")
            .values_list(
                "child_id",
                "strategydiscussion_id",
                "strategydiscussion__held_on",
                "strategydiscussion__icpc_not_required",
            )
        )
        icpcs, plan_decided = _initial_conferences(authority, chunk)
        history: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for child_id, sd_id, started, _ in rows:
            history[child_id].append((started, icpcs.get((child_id, sd_id), (None,))[0]))
        for child_id, sd_id, started, not_required in rows:
            if started < period.start:
                continue
            child = children[child_id]
            icpc_on, conference_id = icpcs.get((child_id, sd_id), (None, None))
            earlier = [h for h in history[child_id] if started - timedelta(days=365) <= h[0] < started]
            yield [
                *_common(child, period.end),
                _day(started),
                _yes_no(not_required if icpc_on is None else False),
                _day(icpc_on),
                _yes_no((conference_id, child_id) in plan_decided) if icpc_on else "",
                str(len(earlier)),
                str(sum(1 for _, held in earlier if held is not None and held < started)),
                "",
                _worker(child),
            ]


def _initial_conferences(authority: Authority, chunk: list[int]) -> tuple[dict, set]:
    """(child, strategy discussion) → (held on, conference) of the initial conferences that followed,
    and the (conference, child) pairs decided a child protection plan there."""
    icpcs = {
        (child_id, sd_id): (held_on, conference_id)
        for child_id, sd_id, held_on, conference_id in ConferenceChild.objects.for_authority(authority)
        .filter(child_id__in=chunk, conference__in=initial_conferences(authority))
        .values_list("child_id", "conference__strategy_discussion_id", "conference__held_on", "conference_id")
    }
    plan_decided = set(
        Decision.objects.for_authority(authority)
        .filter(
            child_id__in=chunk,
            conference_id__in=[c for _, c in icpcs.values()],
            outcome=DecisionOutcome.CP_PLAN,
        )
        .values_list("conference_id", "child_id")
    )
    return icpcs, plan_decided


def list_7_rows(authority: Authority, period: Period) -> Iterator[list[str]]:
    """One row per child protection plan open at any point in the period."""
    plans = ChildProtectionPlan.objects.for_authority(authority)
    ids = sorted(
        set(
            plans.filter(started_on__lte=period.end)
            .exclude(ended_on__lt=period.start)
            .values_list("child_id", flat=True)
        )
    )
    for chunk in chunks(ids):
        children = _children(authority, chunk)
        all_plans = list(
            plans.filter(child_id__in=chunk, started_on__lte=period.end)
            .order_by("child_id", "started_on", "pk")
            .values_list("child_id", "started_on", "ended_on", "category", "started_at_conference_id")
        )
        initial = {
            (conference_id, child_id): category
            for conference_id, child_id, category in Decision.objects.for_authority(authority)
            .filter(child_id__in=chunk, conference_id__in={p[4] for p in all_plans if p[4]})
            .exclude(category="")
            .values_list("conference_id", "child_id", "category")
        }
        reviews: dict[int, list[date]] = defaultdict(list)
        for child_id, held_on in (
            ConferenceChild.objects.for_authority(authority)
            .filter(
                child_id__in=chunk,
                conference__kind__in=("review", "midway"),
                conference__status="held",
                conference__held_on__lte=period.end,
            )
            .values_list("child_id", "conference__held_on")
        ):
            reviews[child_id].append(held_on)
        previous: dict[int, int] = defaultdict(int)
        for child_id, started, ended, category, conference_id in all_plans:
            if ended is None or ended >= period.start:
                child = children[child_id]
                last = ended or period.end
                latest_review = max((d for d in reviews[child_id] if started < d <= last), default=None)
                yield [
                    *_common(child, period.end),
                    _day(started),
                    CENSUS_CATEGORY.get(initial.get((conference_id, child_id), category), ""),
                    CENSUS_CATEGORY.get(category, ""),
                    "",
                    "",
                    _day(latest_review),
                    _day(ended if ended and ended <= period.end else None),
                    "",
                    str(previous[child_id]),
                    "",
                    _worker(child),
                ]
            previous[child_id] += 1


def rows_for(number: str, authority: Authority, period: Period) -> Iterator[list[str]]:
    return list_5_rows(authority, period) if number == "5" else list_7_rows(authority, period)


def write_csv(out: IO[str], header: Iterable[str], rows: Iterable[list[str]]) -> int:
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(path_or_file, sheet: str, header: Iterable[str], rows: Iterable[list[str]]) -> int:
    """Rows to one worksheet, flushed row by row (xlsxwriter's constant-memory mode)."""
    workbook = xlsxwriter.Workbook(path_or_file, {"constant_memory": True, "in_memory": False})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True, "text_wrap": True})
    worksheet.write_row(0, 0, list(header), bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        worksheet.write_row(count, 0, row)
    workbook.close()
    return count
