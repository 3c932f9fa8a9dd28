"""The read audit for an authority's administrators: who opened which case, child's record, report
or minutes, who downloaded which document, and who signed in, filtered and exported as CSV. Only
this authority's events (the scoping path), and only for its administrators."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from authorities.access import require_roles
from authorities.models import Role

from . import selectors
from .forms import AccessEventFilterForm
from .models import AccessEvent

AUDITORS = frozenset({Role.AUTHORITY_ADMIN})
PAGE_SIZE = 50
CSV_COLUMNS = [
    "when",
    "user_id",
    "person",
    "action",
    "object_kind",
    "object_id",
    "case_id",
    "child_id",
    "route",
    "outcome",
]


def _filtered(request: HttpRequest) -> tuple[AccessEventFilterForm, object, dict[int, str]]:
    people = selectors.people_of(request.authority)
    form = AccessEventFilterForm(request.GET or None, people=people)
    if form.is_bound and not form.is_valid():
        return form, AccessEvent.objects.none(), dict(people)
    data = form.cleaned_data if form.is_bound else {}
    events = selectors.access_events(
        request.authority,
        user_id=data.get("person"),
        child_id=data.get("child"),
        case_id=data.get("case"),
        action=data.get("action") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    return form, events, dict(people)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@require_roles(AUDITORS)
def access_events(request: HttpRequest) -> HttpResponse:
    form, events, people = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, people.get(event.user_id)) for event in page.object_list]
    response = render(
        request,
        "accounts/access_events.html",
        {"form": form, "page": page, "rows": rows, "query": _query_without_page(request)},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _cell(value: object) -> str:
    # A spreadsheet runs a cell that starts like a formula: never let an exported value do that.
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(events, people: dict[int, str]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _cell(v)
                for v in (
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    event.user_id,
                    people.get(event.user_id, ""),
                    event.action,
                    event.object_kind,
                    event.object_id,
                    event.case_id,
                    event.child_id,
                    event.route,
                    event.outcome,
                )
            ]
        )


@require_GET
@require_roles(AUDITORS)
def access_events_csv(request: HttpRequest) -> HttpResponse:
    form, events, people = _filtered(request)
    if form.errors:
        return access_events(request)
    response = StreamingHttpResponse(_csv_lines(events, people), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="access-{request.authority.slug}-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
