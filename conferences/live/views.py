"""The chair's live conference page and the forms it posts.

Thin: find the conference (404 for another authority's, and for practitioners, who never see the
live page), authorise (only the conference's chair changes it: 403 for other staff, who may read),
parse, call the service, then redirect (no JavaScript) or return the updated part of the page
(htmx). A refusal re-renders the form where it was, with the rule id in the message."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from authorities.access import get_scoped_or_404, tenant_object
from authorities.models import Membership, Role, Venue
from authorities.rules.checks import RuleViolation
from conferences.models import Conference
from conferences.selectors import load_live

from . import forms as live_forms
from . import services as live
from .page_context import Failure, start_prompts
from .page_context import page_context as _context
from .start_forms import StartForm


def _conference(request: HttpRequest, pk: int, *, write: bool) -> Conference:
    if request.membership.role == Role.PRACTITIONER:
        raise Http404  # invited practitioners see nothing of the live page
    # The same lookup as every other conference page (authority, then visibility), with what the
    # live page reads joined in.
    conference = get_scoped_or_404(
        request,
        Conference,
        pk,
        queryset=Conference.objects.for_authority(request.authority).select_related(
            "family", "chair__user", "social_worker__user", "venue", "authority"
        ),
    )
    if write and conference.chair_id != request.membership.pk:
        raise PermissionDenied("Only this conference's chair may change the live page.")
    return conference


def _url(conference: Conference, anchor: str = "") -> str:
    url = reverse(
        "conferences:live", kwargs={"authority_slug": conference.authority.slug, "pk": conference.pk}
    )
    if anchor.startswith("?"):
        return f"{url}{anchor}"
    return f"{url}#{anchor}" if anchor else url


def _render(request, conference, *, failure: Failure | None = None, status: int = 200):
    state = load_live(conference)
    response = render(
        request, "conferences/live/page.html", _context(request, conference, state, failure), status=status
    )
    response["Vary"] = "HX-Request"
    return response


@require_GET
@tenant_object(Conference)
def live_page(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk, write=False)
    return _render(request, conference)


# --- actions ---------------------------------------------------------------------------------------


def _action(
    name: str,
    *,
    key: Callable[[dict], tuple],
    build: Callable,
    call: Callable,
    anchor: Callable[[dict], str] | str,
    partial: str | None = None,
    partial_child: Callable[[dict], int] | None = None,
):
    """One POST endpoint of the live page. `build(request, state, data)` makes the bound form,
    `call(request, conference, form)` calls the service."""

    @tenant_object(Conference)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        conference = _conference(request, pk, write=request.method == "POST")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        state = load_live(conference)
        form = build(request, state)
        failure_key = key(request.POST)
        if form.is_valid():
            try:
                call(request, conference, form)
            except live.StaleEdit as stale:
                # Keep this person's text in the form, but against the version now saved, so that
                # once they have merged the other person's text a second save goes through.
                form.data = form.data.copy()
                form.data[form.add_prefix("version")] = str(stale.current_version)
                return _render(request, conference, failure=Failure(failure_key, form, stale), status=409)
            except RuleViolation as refused:
                form.add_error(refused.field if refused.field in form.fields else None, str(refused))
            except ValidationError as invalid:
                for field, messages in getattr(invalid, "message_dict", {None: invalid.messages}).items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            except ObjectDoesNotExist:
                form.add_error(None, "That is not part of this conference.")
            else:
                if partial and request.htmx:
                    conference.refresh_from_db()
                    return _partial(
                        request, conference, partial, partial_child(request.POST) if partial_child else None
                    )
                where = anchor(request.POST) if callable(anchor) else anchor
                return redirect(_url(conference, where))
        failure = Failure(failure_key, form)
        if partial and request.htmx:
            return _partial(
                request, conference, partial, partial_child(request.POST) if partial_child else None, failure
            )
        return _render(request, conference, failure=failure, status=400)

    view.__name__ = f"live_{name.replace('-', '_')}"
    return view


def _partial(request, conference, template, child_pk=None, failure=None):
    state = load_live(conference)
    context = _context(request, conference, state, failure)
    context["row"] = next((r for r in context["rows"] if r["child"].pk == child_pk), None)
    response = render(request, template, context, status=200 if failure is None else 400)
    response["Vary"] = "HX-Request"
    if failure is not None:
        # htmx swaps 2xx responses only by default; a refusal must still replace the form.
        response["HX-Reswap"] = "outerHTML"
        response.status_code = 200
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _child_key(kind: str, prefix: str):
    def key(post) -> tuple:
        for name, value in post.items():
            if name.startswith(prefix) and name.endswith("-child"):
                return (kind, _int(value))
        return (kind, None)

    return key


def _prefix_from_post(post, start: str) -> str:
    for name in post:
        if name.startswith(start) and name.endswith("-child"):
            return name[: -len("-child")]
    return start


def _by(request) -> Membership:
    return request.membership


def _start(request, conference, form):
    live.start_conference(
        conference_id=conference.pk,
        held_day=form.cleaned_data["held_day"],
        held_reason=form.cleaned_data["held_reason"],
        reasons=form.reasons(),
        by=_by(request),
    )


ACTIONS: dict[str, Callable] = {}

ACTIONS["start"] = _action(
    "start",
    key=lambda p: ("start",),
    build=lambda r, s: StartForm(r.POST, prompts=start_prompts(s)),
    call=_start,
    anchor="attendance",
)
ACTIONS["attendance"] = _action(
    "attendance",
    key=lambda p: ("attendance",),
    build=lambda r, s: live_forms.AttendanceForm(r.POST),
    call=lambda r, c, f: live.record_attendance(
        conference_id=c.pk,
        invitation_id=f.cleaned_data["invitation"],
        attendance=f.cleaned_data["attendance"],
        proxy_name=f.cleaned_data["proxy_name"],
        views_route=f.cleaned_data["views_route"],
        reason=f.cleaned_data["reason"],
        by=_by(r),
    ),
    anchor="attendance",
    partial="conferences/live/_attendance.html",
)
ACTIONS["observer"] = _action(
    "observer",
    key=lambda p: ("attendance",),
    build=lambda r, s: live_forms.forms.Form(r.POST),
    call=lambda r, c, f: live.admit_observer(
        conference_id=c.pk, observer_request_id=_int(r.POST.get("observer")) or 0, by=_by(r)
    ),
    anchor="attendance",
    partial="conferences/live/_attendance.html",
)
ACTIONS["go-ahead"] = _action(
    "go-ahead",
    key=lambda p: ("quorum",),
    build=lambda r, s: live_forms.ReasonForm(r.POST, prefix="quorum"),
    call=lambda r, c, f: live.go_ahead_inquorate(
        conference_id=c.pk, reason=f.cleaned_data["reason"], by=_by(r)
    ),
    anchor="attendance",
)
ACTIONS["adjourn"] = _action(
    "adjourn",
    key=lambda p: ("adjourn",),
    build=lambda r, s: live_forms.ReasonForm(r.POST, prefix="adjourn"),
    call=lambda r, c, f: live.adjourn_conference(
        conference_id=c.pk, reason=f.cleaned_data["reason"], by=_by(r)
    ),
    anchor="top",
)
ACTIONS["agenda"] = _action(
    "agenda",
    key=lambda p: ("agenda", p.get("agenda-section", "")),
    build=lambda r, s: live_forms.AgendaNoteForm(r.POST, prefix="agenda"),
    call=lambda r, c, f: live.save_agenda_note(
        conference_id=c.pk,
        section_key=f.cleaned_data["section"],
        text=f.cleaned_data["text"],
        expected_version=f.cleaned_data["version"],
        by=_by(r),
    ),
    anchor=lambda p: f"?{urlencode({'section': p.get('agenda-section', '')})}#agenda",
)
ACTIONS["parent-views"] = _action(
    "parent-views",
    key=lambda p: ("parent",),
    build=lambda r, s: live_forms.ParentViewForm(r.POST, prefix="parent", live=s),
    call=lambda r, c, f: live.record_parent_views(
        conference_id=c.pk,
        person_id=_int(f.cleaned_data["person"]),
        name=f.cleaned_data["name"],
        given=f.cleaned_data["given"],
        format=f.cleaned_data["format"],
        views=f.cleaned_data["views"],
        by=_by(r),
    ),
    anchor="parents-views",
)
ACTIONS["correction"] = _action(
    "correction",
    key=lambda p: ("correction",),
    build=lambda r, s: live_forms.CorrectionForm(r.POST, prefix="correction", live=s),
    call=lambda r, c, f: live.record_report_correction(
        conference_id=c.pk,
        invitation_id=_int(f.cleaned_data["invitation"]),
        person_id=_int(f.cleaned_data["person"]),
        factually_correct=f.cleaned_data["factually_correct"] == "yes",
        correction=f.cleaned_data["correction"],
        by=_by(r),
    ),
    anchor="parents-views",
)
ACTIONS["opinion"] = _action(
    "opinion",
    key=_child_key("opinion", "opinion-"),
    build=lambda r, s: live_forms.OpinionForm(r.POST, prefix=_prefix_from_post(r.POST, "opinion-"), live=s),
    call=lambda r, c, f: live.record_opinion(
        conference_id=c.pk,
        child_id=f.cleaned_data["child"],
        invitation_id=_int(f.cleaned_data["invitation"]),
        plan_needed=f.plan_needed_value(),
        reasons=f.cleaned_data["reasons"],
        category=f.cleaned_data["category"],
        score=f.cleaned_data.get("score"),
        by=_by(r),
    ),
    anchor=lambda p: f"child-{_child_key('opinion', 'opinion-')(p)[1]}",
    partial="conferences/live/_child_opinions.html",
    partial_child=lambda p: _child_key("opinion", "opinion-")(p)[1],
)


def _trigger_prefix(post) -> str:
    for name in post:
        if name.startswith("trigger-") and name.endswith("-child"):
            return name[: -len("-child")]
    return "trigger"


def _trigger_key(post) -> tuple:
    prefix = _trigger_prefix(post)
    return ("trigger", _int(post.get(f"{prefix}-child")), post.get(f"{prefix}-rule_id", ""))


ACTIONS["trigger"] = _action(
    "trigger",
    key=_trigger_key,
    build=lambda r, s: live_forms.TriggerForm(r.POST, prefix=_trigger_prefix(r.POST)),
    call=lambda r, c, f: live.respond_to_trigger(
        conference_id=c.pk,
        child_id=f.cleaned_data["child"],
        rule_id=f.cleaned_data["rule_id"],
        action=f.cleaned_data["action"],
        note=f.cleaned_data["note"],
        by=_by(r),
    ),
    anchor=lambda p: f"child-{_trigger_key(p)[1]}",
)
ACTIONS["decision"] = _action(
    "decision",
    key=_child_key("decision", "decision-"),
    build=lambda r, s: live_forms.DecisionForm(
        r.POST,
        prefix=_prefix_from_post(r.POST, "decision-"),
        live=s,
        heads_of_service=list(
            Membership.objects.for_authority(s.conference.authority)
            .filter(role=Role.HEAD_OF_SERVICE, is_active=True)
            .select_related("user")
        ),
    ),
    call=lambda r, c, f: live.record_decision(
        conference_id=c.pk,
        child_id=f.cleaned_data["child"],
        outcome=f.cleaned_data["outcome"],
        category=f.cleaned_data["category"],
        rationale=f.cleaned_data["rationale"],
        step_down_route=f.cleaned_data.get("step_down_route", ""),
        step_down_rationale=f.cleaned_data.get("step_down_rationale", ""),
        oversight_by_id=_int(f.cleaned_data.get("oversight_by")),
        by=_by(r),
    ),
    anchor=lambda p: f"decision-{_child_key('decision', 'decision-')(p)[1]}",
)


def _dissent_prefix(post) -> str:
    for name in post:
        if name.startswith("dissent-") and name.endswith("-decision"):
            return name[: -len("-decision")]
    return "dissent"


ACTIONS["dissent"] = _action(
    "dissent",
    key=lambda p: ("dissent", _int(p.get(f"{_dissent_prefix(p)}-decision"))),
    build=lambda r, s: live_forms.DissentForm(r.POST, prefix=_dissent_prefix(r.POST), live=s),
    call=lambda r, c, f: live.record_dissent(
        conference_id=c.pk,
        decision_id=f.cleaned_data["decision"],
        invitation_id=_int(f.cleaned_data["invitation"]),
        reasons=f.cleaned_data["reasons"],
        by=_by(r),
    ),
    anchor="decisions",
)
ACTIONS["plan"] = _action(
    "plan",
    key=lambda p: ("plan",),
    build=lambda r, s: live_forms.PlanForm(r.POST, prefix="plan", live=s),
    call=lambda r, c, f: live.record_plan(
        conference_id=c.pk,
        expected_version=f.cleaned_data["version"],
        contingency=f.cleaned_data["contingency"],
        bottom_lines=f.cleaned_data["bottom_lines"],
        resource_plan_review=f.cleaned_data.get("resource_plan_review", ""),
        safety_plan_review=f.cleaned_data.get("safety_plan_review", ""),
        by=_by(r),
    ),
    anchor="plan",
)
ACTIONS["plan-item"] = _action(
    "plan-item",
    key=lambda p: ("item",),
    build=lambda r, s: live_forms.PlanItemForm(r.POST, prefix="item", live=s),
    call=lambda r, c, f: live.add_plan_item(
        conference_id=c.pk,
        kind=f.cleaned_data["kind"],
        text=f.cleaned_data["text"],
        plan_kind=f.cleaned_data.get("plan_kind", ""),
        indicators=f.cleaned_data["indicators"],
        collected_by=f.cleaned_data["collected_by"],
        owner_name=f.cleaned_data["owner_name"],
        owner_agency_id=_int(f.cleaned_data["owner_agency"]),
        due_on=f.cleaned_data["due_on"],
        answers_id=_int(f.cleaned_data["answers"]),
        frequency=f.cleaned_data.get("frequency", ""),
        by=_by(r),
    ),
    anchor="plan",
)
ACTIONS["remove-plan-item"] = _action(
    "remove-plan-item",
    key=lambda p: ("item",),
    build=lambda r, s: live_forms.RemoveItemForm(r.POST),
    call=lambda r, c, f: live.remove_plan_item(conference_id=c.pk, item_id=f.cleaned_data["item"], by=_by(r)),
    anchor="plan",
)


def _due_prefix(post) -> str:
    for name in post:
        if name.startswith("due-") and name.endswith("-item"):
            return name[: -len("-item")]
    return "due"


def _due_key(post) -> tuple:
    return ("action-due", _int(post.get(f"{_due_prefix(post)}-item")))


ACTIONS["action-due"] = _action(
    "action-due",
    key=_due_key,
    build=lambda r, s: live_forms.ActionDueForm(r.POST, prefix=_due_prefix(r.POST)),
    call=lambda r, c, f: live.change_action_due_date(
        conference_id=c.pk, item_id=f.cleaned_data["item"], due_on=f.cleaned_data["due_on"], by=_by(r)
    ),
    anchor=lambda p: f"plan-item-{_due_key(p)[1]}",
)
ACTIONS["outcome-teller"] = _action(
    "outcome-teller",
    key=lambda p: ("teller",),
    build=lambda r, s: live_forms.OutcomeTellerForm(r.POST, prefix="teller"),
    call=lambda r, c, f: live.record_outcome_teller(
        conference_id=c.pk,
        name=f.cleaned_data["outcome_told_by"],
        expected_version=f.cleaned_data["version"],
        by=_by(r),
    ),
    anchor="after",
)
ACTIONS["next-dates"] = _action(
    "next-dates",
    key=lambda p: ("dates",),
    build=lambda r, s: live_forms.NextDatesForm(
        r.POST, prefix="dates", live=s, venues=list(Venue.objects.for_authority(s.conference.authority))
    ),
    call=lambda r, c, f: live.book_next_dates(
        conference_id=c.pk,
        next_review_on=f.cleaned_data["next_review_on"],
        first_core_group_at=f.cleaned_data.get("first_core_group_at"),
        venue_id=_int(f.cleaned_data.get("venue")),
        reason=f.cleaned_data["reason"],
        by=_by(r),
    ),
    anchor="next-dates",
)
ACTIONS["core-group"] = _action(
    "core-group",
    key=lambda p: ("members",),
    build=lambda r, s: live_forms.MembersForm(r.POST, prefix="members", live=s),
    call=lambda r, c, f: live.name_core_group_members(
        conference_id=c.pk,
        invitation_ids=[int(i) for i in f.cleaned_data["invitations"]],
        person_ids=[int(i) for i in f.cleaned_data["people"]],
        other_names=f.other_name_pairs(),
        by=_by(r),
    ),
    anchor="next-dates",
)
ACTIONS["close"] = _action(
    "close",
    key=lambda p: ("close",),
    build=lambda r, s: live_forms.CloseForm(r.POST, prefix="close"),
    call=lambda r, c, f: live.hold_conference(conference_id=c.pk, reason=f.cleaned_data["reason"], by=_by(r)),
    anchor="top",
)
