"""The case list: a page of families, each with its children and its ICPC due date and status;
the same few queries however many cases the authority has."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from accounts.models import User
from authorities.compiled_reads import CompiledRead
from authorities.human_dates import short_date, short_date_with_weekday
from authorities.models import Membership, Role

from ..models import Child, Family
from .today import DeadlineView, DueDate, Today, icpc_deadlines, today_for


def _iso_if_uk_date(text: str) -> str:
    """People type dates of birth the British way (27/03/2019); the search matches ISO dates."""
    try:
        return datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return text


CASES_PER_PAGE = 50


class Whose:
    """Which cases the list shows: everyone's the viewer may see, their own, or their team's."""

    ALL = ""
    MINE = "mine"
    TEAM = "team"
    CHOICES = [(ALL, "All cases"), (MINE, "My cases"), (TEAM, "My team's cases")]


def _team_workers(membership: Membership) -> Q:
    """The social workers in the viewer's team: those they manage, or who share their team manager."""
    if membership.role == Role.TEAM_MANAGER:
        return Q(social_worker__team_manager=membership) | Q(social_worker=membership)
    if membership.team_manager_id:
        return Q(social_worker__team_manager_id=membership.team_manager_id) | Q(social_worker=membership)
    return Q(social_worker=membership)


def families_for(
    membership: Membership,
    *,
    search: str = "",
    social_worker_id: int | None = None,
    whose: str = Whose.ALL,
) -> QuerySet[Family]:
    families = Family.objects.for_authority(membership.authority).visible_to(membership)
    search = _iso_if_uk_date(search.strip())
    if search:
        children = Child.objects.for_authority(membership.authority).search(search)
        families = families.filter(
            Q(name__icontains=search) | Q(reference__iexact=search) | Q(pk__in=children.values("family_id"))
        )
    if social_worker_id:
        families = families.filter(social_worker_id=social_worker_id)
    if whose == Whose.MINE:
        families = families.filter(social_worker=membership)
    elif whose == Whose.TEAM:
        families = families.filter(_team_workers(membership))
    return families


def case_rows(
    membership: Membership,
    *,
    search: str = "",
    status: str = "",
    social_worker_id: int | None = None,
    whose: str = Whose.ALL,
    page: int | str = 1,
    per_page: int = CASES_PER_PAGE,
    today: Today | None = None,
) -> Page:
    """A page of the case list: each family, its children and its ICPC due date with today's status.

    The viewer's own cases come first, then their team's, then the rest, each by name; a page costs
    the same few queries however many cases the authority has. Rows are plain dicts of what the
    row shows, words and dates already written out (see `_case_row`)."""
    authority = membership.authority
    today = today or today_for(authority, rules=False)
    families = families_for(membership, search=search, social_worker_id=social_worker_id, whose=whose)
    if status:
        with_status = icpc_deadlines(authority).filter(today.status_q(status))
        families = families.filter(pk__in=with_status.values("family_id"))
    worker_fields = [f"social_worker__user__{field}" for field in User.NAME_FIELDS]
    rows = (
        families.annotate(
            nearness=Case(
                When(social_worker=membership, then=Value(0)),
                When(_team_workers(membership), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("nearness", "name", "pk")
        .values("pk", "name", "reference", "social_worker_id", *worker_fields)
    )
    page_of_families = _CountedPaginator(rows, per_page, counted=families).get_page(page)
    on_page = list(page_of_families)
    ids = [family["pk"] for family in on_page]
    children: dict[int, list[str]] = {}
    for family_id, *child in _children_of(authority.pk, ids):
        children.setdefault(family_id, []).append(_child_words(*child))
    latest: dict[int, DueDate] = {}
    # Newest first, so the first seen for a family is its latest: plain tuples, not model instances.
    for family_id, due_on, met_on in _icpc_due_dates(authority.pk, ids):
        if family_id not in latest:
            latest[family_id] = DueDate(due_on=due_on, met_on=met_on)
    page_of_families.object_list = [
        _case_row(family, children.get(family["pk"], []), today.view(latest.get(family["pk"])), worker_fields)
        for family in on_page
    ]
    return page_of_families


# A page's children and ICPC due dates, by the families' ids: the SQL is compiled once per process
# for each length of page.
_children_of = CompiledRead(
    lambda authority, families: (
        Child.objects.for_authority(authority)
        .filter(family_id__in=families)
        .order_by("date_of_birth", "expected_date")
        .values_list("family_id", "first_name", "last_name", "unborn", "date_of_birth", "expected_date")
    )
)
_icpc_due_dates = CompiledRead(
    lambda authority, families: (
        icpc_deadlines(authority).filter(family_id__in=families).values_list("family_id", "due_on", "met_on")
    )
)


class _CountedPaginator(Paginator):
    """Counts the filtered families rather than the rows the page shows: the same number (the
    joins are to one social worker and one user, the ordering is only an ordering), without the
    ORM rebuilding the annotated, joined query for a COUNT."""

    def __init__(self, object_list: QuerySet, per_page: int, *, counted: QuerySet) -> None:
        super().__init__(object_list, per_page)
        self._counted = counted

    @cached_property
    def count(self) -> int:
        return self._counted.count()


def _child_words(
    first_name: str, last_name: str, unborn: bool, born: date | None, expected: date | None
) -> str:
    """Ann Smith (born 3 Mar 2019) / Unborn Smith (unborn, expected 1 Feb 2027)."""
    if unborn:
        return f"{first_name} {last_name} (unborn, expected {short_date(expected)})"
    return f"{first_name} {last_name} (born {short_date(born)})"


def _case_row(family: dict, children: list[str], icpc: DeadlineView | None, worker_fields: list[str]) -> dict:
    """One row of the case list as the template shows it. A dict, not the model: the list's
    template reads every value by key, which Django's template engine tries first."""
    allocated = family["social_worker_id"] is not None
    return {
        "pk": family["pk"],
        "name": family["name"],
        "reference": family["reference"],
        "children": children,
        "social_worker": User.name_to_show(*(family[f] for f in worker_fields)) if allocated else "",
        "icpc": icpc
        and {
            "due": short_date_with_weekday(icpc.due_on),
            "days_left": icpc.days_left_text,
            "label": icpc.label,
            "tag_class": icpc.tag_class,
        },
    }
