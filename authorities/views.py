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
    slug = membership.authority.slug
    tasks = [
        {
            "title": "Work out a statutory due date",
            "url": f"/{slug}/due-dates/",
            "text": "Initial conference, core group, review and report deadlines, counted in this "
            "authority's working days.",
        },
        {
            "title": "See the rules in force",
            "url": f"/{slug}/rules/",
            "text": "Every practice rule, whether it is required or advised here, and where it comes from.",
        },
    ]
    if membership.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        tasks[0]["text"] = (
            "After a strategy discussion, see the date the initial conference must be held by "
            "(ICPC-15WD) and how many working days are left."
        )
    if membership.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CHAIR):
        tasks.insert(
            0,
            {
                "title": "Cases and conferences",
                "url": f"/{slug}/cases/",
                "text": "Record families, children and strategy discussions, see each initial conference due "
                "date, and schedule conferences and invite agencies and family.",
            },
        )
    if membership.role == Role.PRACTITIONER:
        tasks[0]["text"] = "See the date your agency's report is due before a conference (REPORT-2WD)."
        tasks.insert(
            0,
            {
                "title": "Conferences you are invited to",
                "url": f"/{slug}/conferences/",
                "text": "Dates, venues and report deadlines; ask the chair for a professional slot or "
                "to bring an observer.",
            },
        )
    if membership.role == Role.PRACTITIONER:
        tasks.insert(
            0,
            {
                "title": "My conferences and reports",
                "url": "/my-conferences/",
                "text": "Every conference you are invited to, in all your authorities: write or upload your "
                "report, record sharing with the family, say if you cannot attend.",
            },
        )
    if membership.role in DASHBOARD_READERS:
        tasks.insert(
            0,
            {
                "title": "Dashboard",
                "url": f"/{slug}/dashboard/",
                "text": "What is overdue, due today and due soon; escalations at each level; timeliness "
                "against statute; long and repeat plans; non-attendance by agency.",
            },
        )
    if membership.role == Role.AUTHORITY_ADMIN or membership.user.is_staff:
        tasks.append(
            {
                "title": "Administer this authority",
                "url": "/admin/",
                "text": "People and memberships, agencies, venues, closure days and rule-set versions.",
            }
        )
    if membership.role == Role.AUTHORITY_ADMIN:
        tasks.append(
            {
                "title": "Access log",
                "url": f"/{slug}/access-log/",
                "text": "Who opened which case, child's record, report or minutes, who downloaded which "
                "document, and who signed in here; filter it and download it as CSV.",
            }
        )
    return tasks


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
