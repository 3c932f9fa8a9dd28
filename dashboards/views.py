"""The managers' dashboard: the page, the lists behind its figures, its CSV tables, and the steps
a manager takes from it (escalations: acknowledge, move up, resolve; raise one about an agency).

Thin: parse the filters, authorise by role, read through `figures.build_dashboard`, call the
escalation services. Another authority's slug never gets here (the middleware answers 404)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from authorities.access import get_scoped_or_404, require_roles, tenant_object
from authorities.human_dates import long_date
from authorities.models import Agency
from authorities.refusals import in_words
from authorities.rules.checks import RuleViolation
from cases.models import Family
from scheduling import escalations
from scheduling.families import attach_families
from scheduling.models import Escalation, EscalationKind, EscalationStatus

from .figures import NON_ATTEND_RULE, SECTIONS, AgencyRow, Dashboard, build_dashboard
from .filters import DASHBOARD_ROLES, DashboardFilterForm, Filters, filter_people
from .forms import AttendanceEscalationForm, DashboardStepForm
from .lists import DEADLINE_STATUSES, deadline_list_rows
from .tables import csv_rows

DASHBOARD_STEPS = ("acknowledge", "move_up", "resolve")


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, Filters | None]:
    form = DashboardFilterForm(
        request.GET, membership=request.membership, people=filter_people(request.authority)
    )
    return form, (form.filters() if form.is_valid() else None)


def _dashboard_url(request: HttpRequest, filters: Filters | None = None) -> str:
    url = reverse("dashboards:dashboard", kwargs={"authority_slug": request.authority.slug})
    return url + (filters.query_string() if filters else "")


@require_roles(DASHBOARD_ROLES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if filters is None:
        return render(request, "dashboards/dashboard.html", {"form": form, "board": None}, status=400)
    board = build_dashboard(request.membership, filters)
    context = {
        "form": form,
        "board": board,
        "query": filters.query_string(),
        "csv_query": filters.query_string(),
        "may_act": request.membership.role in escalations.ESCALATION_LEADS,
        "statuses": DEADLINE_STATUSES,
    }
    return render(request, "dashboards/dashboard.html", context)


@require_roles(DASHBOARD_ROLES)
@require_GET
def deadline_list(request: HttpRequest) -> HttpResponse:
    """The open deadlines behind one figure of "Now" (a rule and a status), each with its case."""
    form, filters = _filters(request)
    rule_id = request.GET.get("rule", "")
    status = request.GET.get("status", "overdue")
    errors = []
    if status not in DEADLINE_STATUSES:
        errors.append(("status", "status: choose overdue, due_today or due_soon"))
    if filters is None or errors:
        context = {"form": form, "errors": errors or form.error_list(), "page": None}
        return render(request, "dashboards/deadline_list.html", context, status=400)
    rows, today = deadline_list_rows(request.membership, filters, rule_id=rule_id, status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    families = Family.objects.for_authority(request.authority).select_related("social_worker__user")
    page.object_list = attach_families(page.object_list, families=families)
    return render(
        request,
        "dashboards/deadline_list.html",
        {
            "form": form,
            "page": page,
            "rule_id": rule_id,
            "status": status,
            "status_label": DEADLINE_STATUSES[status],
            "today": today,
            "back": _dashboard_url(request, filters),
            "query": filters.query_string(rule=rule_id, status=status),
        },
    )


def _csv_view(table: str):
    @require_roles(DASHBOARD_ROLES)
    @require_GET
    def export(request: HttpRequest) -> HttpResponse:
        form, filters = _filters(request)
        if filters is None:
            body = "\n".join(message for _, message in form.error_list())
            return HttpResponse(body, status=400, content_type="text/plain; charset=utf-8")
        board = build_dashboard(request.membership, filters, sections=[table])
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in csv_rows(board, table)), content_type="text/csv; charset=utf-8"
        )
        name = f"dashboard-{table}-{request.authority.slug}-{board.today.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    export.__name__ = f"{table}_csv"
    return export


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_VIEWS = {table: _csv_view(table) for table in SECTIONS}


def _require_dashboard_role(request: HttpRequest) -> None:
    # After the object's lookup: another authority's object is not found for every role alike.
    if request.membership.role not in DASHBOARD_ROLES:
        raise PermissionDenied("Your role here does not allow this.")


@tenant_object(Escalation)
@require_http_methods(["GET", "POST"])
def escalation_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Acknowledge, move up or resolve an escalation without leaving the dashboard's filters."""
    escalation = get_scoped_or_404(
        request,
        Escalation,
        pk,
        queryset=Escalation.objects.for_authority(request.authority).select_related("deadline"),
    )
    _require_dashboard_role(request)
    _, filters = _filters(request)
    back = _dashboard_url(request, filters)
    may_act = escalations.may_act_on(request.membership, escalation)
    unresolved = escalation.status in (EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED)
    forms_by_step = {step: DashboardStepForm(step=step) for step in DASHBOARD_STEPS}
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in DASHBOARD_STEPS:
            return HttpResponse("step: choose acknowledge, move_up or resolve", status=400)
        if not may_act:
            raise PermissionDenied("Your role may not act on this escalation.")
        form = forms_by_step[step] = DashboardStepForm(request.POST, step=step)
        if form.is_valid():
            try:
                _take_step(step, escalation.pk, request, form.cleaned_data["note"])
            except RuleViolation as error:
                form.add_error("note", str(error))
            else:
                return redirect(back)
    error_form = next((form for form in forms_by_step.values() if form.errors), None)
    return render(
        request,
        "dashboards/escalation_step.html",
        {
            "escalation": escalation,
            "forms": forms_by_step,
            "error_form": error_form,
            "may_act": may_act and unresolved,
            "may_acknowledge": may_act and escalation.status == EscalationStatus.OPEN,
            "back": back,
            "query": filters.query_string() if filters else "",
        },
        status=400 if error_form else 200,
    )


def _take_step(step: str, pk: int, request: HttpRequest, note: str) -> None:
    by = request.membership
    if step == "acknowledge":
        escalations.acknowledge_escalation(escalation_id=pk, by=by, note=note)
        messages.success(request, "Escalation acknowledged.")
    elif step == "move_up":
        moved = escalations.move_up_escalation(escalation_id=pk, by=by, reason=note)
        messages.success(request, f"Escalation moved up to {moved.level_label}.")
    else:
        escalations.resolve_escalation(escalation_id=pk, by=by, resolution=note)
        messages.success(request, "Escalation resolved.")


@tenant_object(Agency)
@require_http_methods(["GET", "POST"])
def attendance_escalation(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise a poor-attendance escalation about an agency whose non-attendance shows the pattern
    NON-ATTEND-LETTER describes, at the first rung of the ladder."""
    agency = get_scoped_or_404(request, Agency, pk)
    _require_dashboard_role(request)
    if request.membership.role not in escalations.ESCALATION_LEADS:
        raise PermissionDenied("Only managers raise escalations from the dashboard.")
    _, filters = _filters(request)
    filters = filters or Filters()
    board = build_dashboard(request.membership, filters, sections=["attendance"])
    row = next((r for r in board.attendance if r.agency_id == agency.pk), None)
    initial = _attendance_reason(agency, row, board) if row else ""
    form = AttendanceEscalationForm(request.POST or None, initial={"reason": initial})
    if request.method == "POST" and form.is_valid():
        try:
            escalation = escalations.raise_escalation(
                by=request.membership, kind=EscalationKind.POOR_ATTENDANCE, reason=form.cleaned_data["reason"]
            )
        except RuleViolation as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, f"Escalation about {agency.name} raised to {escalation.level_label}.")
            return redirect(_dashboard_url(request, filters))
    return render(
        request,
        "dashboards/attendance_escalation.html",
        {
            "agency": agency,
            "row": row,
            "board": board,
            "form": form,
            "back": _dashboard_url(request, filters),
        },
        status=400 if form.errors else 200,
    )


def _attendance_reason(agency: Agency, row: AgencyRow, board: Dashboard) -> str:
    """The words first, the rule id after as a reference, as every message that names a rule."""
    conferences = _count(row.conferences_in_window, "conference")
    return in_words(
        f"{agency.name} neither attended nor sent a report to {conferences} "
        f"and missed {_count(row.core_group_in_window, 'core group meeting')} in the last "
        f"{board.pattern_months} months: {row.in_window} in all (the pattern is {board.pattern_count}). "
        f"Between {long_date(board.attendance_since)} and {long_date(board.attendance_until)}: "
        f"{_count(row.invited, 'invitation')}, {row.absent} not attended, {row.no_report} without a report, "
        f"{_count(row.core_group_missed, 'core group meeting')} missed",
        NON_ATTEND_RULE,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
