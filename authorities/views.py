from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import selectors
from .access import DASHBOARD_READERS
from .date_fields import PERIOD, DateInputField
from .hooks import home_panels
from .models import Membership, Role
from .rules.catalogue import RULES
from .rules.presentation import rules_in_force_rows


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
def authority_picker(request: HttpRequest) -> HttpResponse:
    memberships = list(Membership.objects.of_user(request.user))
    if len(memberships) == 1 and "stay" not in request.GET:
        return redirect("home", authority_slug=memberships[0].authority.slug)
    has_practitioner = any(m.role == Role.PRACTITIONER for m in memberships)
    return render(
        request, "authorities/picker.html", {"memberships": memberships, "has_practitioner": has_practitioner}
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    today = timezone.localdate()
    rule_set = selectors.rule_set_in_force(request.authority, on=today)
    return render(
        request,
        "authorities/home.html",
        {
            "membership": membership,
            "rule_set": rule_set,
            "tasks": home_tasks(membership),
            "panels": home_panels(membership=membership, today=today),
            "today": today,
        },
    )


def home_tasks(membership: Membership) -> list[dict[str, str]]:
    """What this person can do here today, by role: links to pages that exist."""
    slug, role = membership.authority.slug, membership.role
    tasks = []
    if role in DASHBOARD_READERS:
        tasks.append(_task("Dashboard", f"/{slug}/dashboard/", DASHBOARD_TEXT))
    if role == Role.PRACTITIONER:
        tasks.append(_task("My conferences and reports", "/my-conferences/", MY_CONFERENCES_TEXT))
        tasks.append(_task("Conferences you are invited to", f"/{slug}/conferences/", INVITED_TEXT))
    if role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CHAIR):
        tasks.append(_task("Cases and conferences", f"/{slug}/cases/", CASES_TEXT))
    due_dates_text = DUE_DATES_TEXT_BY_ROLE.get(role, DUE_DATES_TEXT)
    tasks.append(_task("Work out a statutory due date", f"/{slug}/due-dates/", due_dates_text))
    tasks.append(_task("See the rules in force", f"/{slug}/rules/", RULES_TEXT))
    if role == Role.AUTHORITY_ADMIN or membership.user.is_staff:
        tasks.append(_task("Administer this authority", "/admin/", ADMIN_TEXT))
    if role == Role.AUTHORITY_ADMIN:
        tasks.append(_task("Access log", f"/{slug}/access-log/", ACCESS_LOG_TEXT))
    return tasks


def _task(title: str, url: str, text: str) -> dict[str, str]:
    return {"title": title, "url": url, "text": text}


DASHBOARD_TEXT = (
    "What is overdue, due today and due soon; escalations at each level; timeliness "
    "against statute; long and repeat plans; non-attendance by agency."
)
MY_CONFERENCES_TEXT = (
    "Every conference you are invited to, in all your authorities: write or upload your "
    "report, record sharing with the family, say if you cannot attend."
)
INVITED_TEXT = (
    "Dates, venues and report deadlines; ask the chair for a professional slot or to bring an observer."
)
CASES_TEXT = (
    "Record families, children and strategy discussions, see each initial conference due "
    "date, and schedule conferences and invite agencies and family."
)
DUE_DATES_TEXT = (
    "Initial conference, core group, review and report deadlines, counted in this authority's working days."
)
ICPC_DUE_TEXT = (
    "After a strategy discussion, see the date the initial conference must be held by "
    "(ICPC-15WD) and how many working days are left."
)
# Each role is pointed at the due date it asks about most.
DUE_DATES_TEXT_BY_ROLE = {
    Role.SOCIAL_WORKER: ICPC_DUE_TEXT,
    Role.TEAM_MANAGER: ICPC_DUE_TEXT,
    Role.PRACTITIONER: "See the date your agency's report is due before a conference (REPORT-2WD).",
}
RULES_TEXT = "Every practice rule, whether it is required or advised here, and where it comes from."
ADMIN_TEXT = "People and memberships, agencies, venues, closure days and rule-set versions."
ACCESS_LOG_TEXT = (
    "Who opened which case, child's record, report or minutes, who downloaded which "
    "document, and who signed in here; filter it and download it as CSV."
)


@require_GET
def rules_in_force(request: HttpRequest) -> HttpResponse:
    asked = "on" in request.GET or "on_day" in request.GET
    form = RulesOnForm(request.GET if asked else None, initial={"on": timezone.localdate()})
    on = (form.cleaned_data["on"] if form.is_valid() else None) or timezone.localdate()
    versions = selectors.rule_set_versions(request.authority)
    try:
        rule_set = selectors.rule_set_in_force(request.authority, on=on)
    except selectors.NoRuleSetInForce as missing:
        return render(
            request,
            "authorities/rules_in_force.html",
            {"missing": str(missing), "on": on, "versions": versions, "form": form},
            status=200,
        )
    return render(
        request,
        "authorities/rules_in_force.html",
        {
            "rule_set": rule_set,
            "rows": rules_in_force_rows(rule_set),
            "rule_count": len(RULES),
            "on": on,
            "versions": versions,
            "form": form,
        },
    )


class RulesOnForm(forms.Form):
    on = DateInputField(
        label="Rules in force on",
        required=False,
        bounds=PERIOD,
        help_text="Conferences are judged by the rules in force on their date. For example, 27 3 2026.",
    )
