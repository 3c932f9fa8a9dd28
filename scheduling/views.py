from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from authorities.rules.catalogue import RULES_BY_ID
from authorities.selectors import NoRuleSetInForce, rule_set_in_force

from .calendars import calendar_for, status_on, timescale_of, working_days_left
from .engine import due_date
from .forms import EVENT_WORDS, DueDateForm


@require_GET
def due_date_calculator(request: HttpRequest) -> HttpResponse:
    form = DueDateForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        rule_id, event = form.cleaned_data["rule_id"], form.cleaned_data["event"]
        try:
            rule_set = rule_set_in_force(request.authority, on=event)
        except NoRuleSetInForce as missing:
            form.add_error("event", str(missing))
        else:
            calendar = calendar_for(request.authority)
            due = due_date(timescale_of(rule_set, rule_id), event, calendar)
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
