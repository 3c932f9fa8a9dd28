from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from authorities.access import CASE_WRITERS, MANAGERS, get_scoped_or_404, tenant_object
from authorities.models import Role
from authorities.rules.catalogue import RULES_BY_ID
from authorities.rules.checks import RuleViolation
from authorities.selectors import NoRuleSetInForce, rule_set_in_force

from . import escalations
from .calendars import calendar_for, status_on, timescale_of, working_days_left
from .engine import DateOutOfRange, due_date
from .families import attach_families, family_model
from .forms import EVENT_WORDS, DueDateForm, EscalationStepForm, RaiseEscalationForm
from .models import Escalation, EscalationEvent, EscalationStatus, Notification
from .services import mark_notifications_read
from .sweep import ladder_of, next_rung


@require_GET
def due_date_calculator(request: HttpRequest) -> HttpResponse:
    form = DueDateForm(request.GET or None)
    result = due = None
    if form.is_bound and form.is_valid():
        rule_id, event = form.cleaned_data["rule_id"], form.cleaned_data["event"]
        try:
            rule_set = rule_set_in_force(request.authority, on=event)
        except NoRuleSetInForce as missing:
            form.add_error("event", str(missing))
        else:
            calendar = calendar_for(request.authority)
            try:
                due = due_date(timescale_of(rule_set, rule_id), event, calendar)
            except DateOutOfRange as out_of_range:
                form.add_error("event", str(out_of_range))
        if due is not None:
            today = timezone.localdate()
            result = {
                "rule": RULES_BY_ID[rule_id],
                "event": event,
                "event_words": EVENT_WORDS[rule_id],
                "due": due,
                "mode": rule_set.setting(rule_id).get_mode_display(),
                "rule_set": rule_set,
                "status": status_on(
                    due=due,
                    today=today,
                    calendar=calendar,
                    due_soon_working_days=rule_set.due_soon_working_days,
                ),
            }
            result["working_days_left"] = working_days_left(due=due, today=today, calendar=calendar)
            result["days_overdue"] = max(0, -result["working_days_left"])
    template = "scheduling/_due_date_result.html" if request.htmx else "scheduling/due_dates.html"
    response = render(request, template, {"form": form, "result": result})
    response["Vary"] = "HX-Request"
    return response


# --- escalations ------------------------------------------------------------------------------

RAISERS = CASE_WRITERS | MANAGERS
STEP_SERVICES = {
    "acknowledge": lambda pk, by, note: escalations.acknowledge_escalation(
        escalation_id=pk, by=by, note=note
    ),
    "comment": lambda pk, by, note: escalations.comment_on_escalation(escalation_id=pk, by=by, note=note),
    "move_up": lambda pk, by, note: escalations.move_up_escalation(escalation_id=pk, by=by, reason=note),
    "resolve": lambda pk, by, note: escalations.resolve_escalation(escalation_id=pk, by=by, resolution=note),
}
STEP_MESSAGES = {
    "acknowledge": "Escalation acknowledged.",
    "comment": "Comment added.",
    "move_up": "Escalation moved up a level.",
    "resolve": "Escalation resolved.",
}


def _families(request: HttpRequest):
    return (
        family_model()
        .objects.for_authority(request.authority)
        .visible_to(request.membership)
        .order_by("name")
    )


@require_GET
def escalation_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in ("open", "all"):
        show = "open"
    queryset = (
        Escalation.objects.for_authority(request.authority)
        .visible_to(request.membership)
        .select_related("deadline")
        .order_by("respond_by", "-level", "pk")
    )
    if show == "open":
        queryset = queryset.unresolved()
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    page.object_list = attach_families(page.object_list)
    return render(
        request,
        "scheduling/escalation_list.html",
        {
            "page": page,
            "show": show,
            "today": timezone.localdate(),
            "can_raise": request.membership.role in RAISERS,
        },
    )


@require_http_methods(["GET", "POST"])
def escalation_raise(request: HttpRequest) -> HttpResponse:
    can_raise = request.membership.role in RAISERS
    if request.method == "POST" and not can_raise:
        raise PermissionDenied("Only social workers, chairs and managers raise escalations.")
    form = RaiseEscalationForm(request.POST or None, families=_families(request) if can_raise else ())
    if request.method == "POST" and form.is_valid():
        try:
            escalation = escalations.raise_escalation(
                by=request.membership,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                family_id=form.cleaned_data["family"],
            )
        except RuleViolation as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Escalation raised to {escalation.level_label}.")
            return redirect(
                "scheduling:escalation-detail", authority_slug=request.authority.slug, pk=escalation.pk
            )
    return render(request, "scheduling/escalation_raise.html", {"form": form, "can_raise": can_raise})


def _chain(escalation: Escalation) -> list[Escalation]:
    """Every level of this concern, lowest first (a move-up opens a new row)."""
    scoped = Escalation.objects.for_authority(escalation.authority_id)
    chain = [escalation]
    while chain[0].previous_id:
        chain.insert(0, scoped.get(pk=chain[0].previous_id))
    while (following := scoped.filter(previous_id=chain[-1].pk).first()) is not None:
        chain.append(following)
    return chain


@tenant_object(Escalation)
@require_http_methods(["GET", "POST"])
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = get_scoped_or_404(
        request,
        Escalation,
        pk,
        queryset=Escalation.objects.for_authority(request.authority).select_related(
            "deadline", "raised_by__user"
        ),
    )
    membership = request.membership
    may_act = escalations.may_act_on(membership, escalation)
    may_comment = membership.role != Role.PRACTITIONER
    forms_by_step = {step: EscalationStepForm(step=step) for step in EscalationStepForm.STEPS}
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in STEP_SERVICES:
            return HttpResponseBadRequest("Unknown step.")
        if not (may_comment if step == "comment" else may_act):
            raise PermissionDenied("Your role may not do this to this escalation.")
        form = forms_by_step[step] = EscalationStepForm(request.POST, step=step)
        if form.is_valid():
            try:
                result = STEP_SERVICES[step](pk, membership, form.cleaned_data["note"])
            except RuleViolation as error:
                form.add_error("note", str(error))
            else:
                messages.success(request, STEP_MESSAGES[step])
                target = result.pk if isinstance(result, Escalation) else pk
                return redirect(
                    "scheduling:escalation-detail", authority_slug=request.authority.slug, pk=target
                )
    chain = _chain(escalation)
    events = (
        EscalationEvent.objects.for_authority(request.authority)
        .filter(escalation__in=[level.pk for level in chain])
        .select_related("by__user", "escalation")
    )
    unresolved = escalation.status in (EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED)
    ladder = []
    with suppress(NoRuleSetInForce):
        ladder = ladder_of(rule_set_in_force(request.authority, on=timezone.localdate()))
    error_form = next((form for form in forms_by_step.values() if form.errors), None)
    return render(
        request,
        "scheduling/escalation_detail.html",
        {
            "escalation": escalation,
            "chain": chain,
            "events": events,
            "forms": forms_by_step,
            "error_form": error_form,
            "may_act": may_act and unresolved,
            "may_acknowledge": may_act and escalation.status == EscalationStatus.OPEN,
            "may_move_up": may_act and unresolved and next_rung(ladder, escalation.level) is not None,
            "may_comment": may_comment,
            "next_rung": next_rung(ladder, escalation.level),
            "ladder": ladder,
        },
    )


# --- notifications ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.for_authority(request.authority).visible_to(request.membership)
    if request.method == "POST":
        if request.POST.get("all"):
            marked = mark_notifications_read(by=request.membership)
            messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked as read.")
        else:
            try:
                pk = int(request.POST.get("notification", ""))
            except ValueError:
                return HttpResponseBadRequest("Which notification?")
            get_object_or_404(mine, pk=pk)
            mark_notifications_read(by=request.membership, notification_id=pk)
        return redirect(request.get_full_path())
    show = request.GET.get("show", "all")
    queryset = mine.unread() if show == "unread" else mine
    page = Paginator(queryset.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "scheduling/notification_list.html",
        {"page": page, "show": show, "unread_count": mine.unread().count()},
    )
