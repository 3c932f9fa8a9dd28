"""The live page's forms, one POST endpoint each (`ACTIONS`, routed in urls.py): which form parses
the post, which service it calls, and where the chair lands afterwards."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from authorities.models import Membership, Role, Venue

from . import forms as live_forms
from . import services as live
from .long_plan import answer_long_plan
from .page_context import start_prompts
from .start_forms import StartForm
from .views import _action, _by, _child_key, _int, _prefix_from_post


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


def _long_plan_prefix(post) -> str:
    for name in post:
        if name.startswith("long-plan-") and name.endswith("-child"):
            return name[: -len("-child")]
    return "long-plan"


ACTIONS["long-plan"] = _action(
    "long-plan",
    key=lambda p: ("long-plan", _int(p.get(f"{_long_plan_prefix(p)}-child"))),
    build=lambda r, s: live_forms.LongPlanForm(r.POST, prefix=_long_plan_prefix(r.POST)),
    call=lambda r, c, f: answer_long_plan(
        conference_id=c.pk, child_id=f.cleaned_data["child"], answer=f.cleaned_data["answer"], by=_by(r)
    ),
    anchor=lambda p: f"long-plan-{_int(p.get(f'{_long_plan_prefix(p)}-child'))}",
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
        clash_reason=f.cleaned_data.get("clash_reason", ""),
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
