"""Services for running a conference live: every change the chair makes in the room.

Each service takes keyword-only arguments, runs in one transaction, locks the conference row (so two
people in the room serialise rather than overwrite each other), reads only inside the chair's
authority, checks the rules against the rule set in force on the conference's date, and records who
changed what and why in the history. The views and the API call the same functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.models import Agency, Membership, Mode, Role, RuleSet, Venue
from authorities.refusals import refusal
from authorities.rules.checks import RuleViolation, check_deadline, check_rule, enforce
from cases.models import Category, Child, ChildInNeedPlan, ChildProtectionPlan, Person, PlanItem, PlanItemKind
from conferences import hooks
from conferences.models import (
    AgendaNote,
    Attendance,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Decision,
    DecisionOutcome,
    Dissent,
    Invitation,
    InviteeKind,
    Opinion,
    OutlineItemKind,
    OutlinePlan,
    OutlinePlanItem,
    ParentView,
    PlanKind,
    ReportCorrection,
    StepDown,
    StepDownRoute,
    TriggerAction,
    TriggerResponse,
    ViewsFormat,
    ViewsGiven,
    ViewsRoute,
)
from conferences.preparation.services import record_statutory_booking
from conferences.selectors import (
    PLAN_OUTCOMES,
    LiveConference,
    agenda_sections,
    load_live,
    outstanding_before_close,
)
from scheduling.calendars import calendar_for, timescale_of
from scheduling.engine import Timescale, due_date
from scheduling.models import Escalation, EscalationEvent, EscalationKind, Notification
from scheduling.services import deadline_for, meet_deadline, notify, open_deadline, record_booking

from . import plan_actions

LIVE_STATUSES = (ConferenceStatus.SCHEDULED, ConferenceStatus.IN_PROGRESS)


class StaleEdit(Exception):
    """Someone else saved the same text since this person loaded it: refused, never overwritten."""

    def __init__(self, *, what: str, current_text: str, current_version: int, by_name: str) -> None:
        self.what = what
        self.current_text = current_text
        self.current_version = current_version
        self.by_name = by_name
        super().__init__(
            f"{what}: {by_name or 'someone else'} saved a change while you were editing. "
            "Your text has not been saved; their version is shown so you can merge the two and save again."
        )


# --- access and loading ------------------------------------------------------------------------


def _conference(by: Membership, conference_id: int, *, live: bool = True) -> Conference:
    """The conference, locked, in the chair's authority; only its chair may change it."""
    conference = (
        Conference.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("authority")
        .get(pk=conference_id)
    )
    if conference.chair_id != by.pk:
        raise PermissionDenied("Only this conference's chair may change it.")
    if live and conference.status not in LIVE_STATUSES:
        raise refusal(
            None, f"This conference is {conference.get_status_display().lower()}: it can no longer change."
        )
    return conference


def _started(conference: Conference) -> None:
    if conference.status != ConferenceStatus.IN_PROGRESS:
        raise refusal(None, "Start the conference first.")


def _proceeding(live: LiveConference) -> None:
    """Opinions and decisions are taken only once the conference may go ahead (QUORUM)."""
    if not live.quorum.may_proceed:
        missing = "; ".join(live.quorum.missing)
        raise RuleViolation(
            check_rule(
                live.rule_set,
                "QUORUM",
                satisfied=False,
                message=f"the conference is not quorate (missing {missing}); go ahead with a recorded "
                "reason where the chair may, or adjourn",
            )
        )


# --- starting, attendance, quorum ----------------------------------------------------------------


@transaction.atomic
def start_conference(*, conference_id: int, by: Membership) -> Conference:
    """The chair opens the conference: it is in progress, the chair is present, and the case's
    social worker is on the attendance list (quorum needs them)."""
    conference = _conference(by, conference_id)
    if conference.status == ConferenceStatus.IN_PROGRESS:
        return conference
    social_worker = conference.social_worker
    Invitation.objects.for_authority(conference.authority).get_or_create(
        conference=conference,
        membership=social_worker,
        defaults={
            "authority": conference.authority,
            "kind": InviteeKind.PROFESSIONAL,
            "agency": social_worker.agency,
            "name": social_worker.user.display_name,
            "email": social_worker.user.email,
            "role_label": "Social worker",
        },
    )
    conference.status = ConferenceStatus.IN_PROGRESS
    conference.started_at = timezone.now()
    save_with_history(conference, by=by, reason="conference started", update_fields=["status", "started_at"])
    # Actions drafted before the start run from now on (plan_actions).
    plan_actions.sync_plan_actions(conference, plan_in_force=True)
    return conference


@transaction.atomic
def record_attendance(
    *,
    conference_id: int,
    invitation_id: int,
    attendance: str,
    by: Membership,
    proxy_name: str = "",
    views_route: str = "",
    reason: str = "",
) -> Invitation:
    """Present, sent apologies or absent. A briefed colleague may attend in a practitioner's place
    (REPORT-PROXY); an observer is admitted only when the chair and the family agreed (OBSERVER);
    for the child, how their views reach the conference (CHILD-PARTICIPATION)."""
    conference = _conference(by, conference_id)
    _started(conference)
    if attendance not in Attendance.values:
        raise refusal("attendance", f"attendance: choose one of {', '.join(Attendance.labels)}")
    invitation = conference.invitations.select_for_update().get(pk=invitation_id)
    rule_set = conference.rule_set_in_force()
    proxy_name = proxy_name.strip()
    if proxy_name:
        if invitation.kind != InviteeKind.PROFESSIONAL:
            raise refusal("proxy_name", "REPORT-PROXY: only a professional can send a briefed colleague.")
        if attendance != Attendance.PRESENT:
            raise refusal(
                "proxy_name", "REPORT-PROXY: a briefed colleague is recorded as present in their place."
            )
    if invitation.kind == InviteeKind.OBSERVER and attendance == Attendance.PRESENT:
        live = load_live(conference, rule_set=rule_set)
        agreed = invitation.name.strip().lower() in live.admitted_observer_names()
        enforce(
            check_rule(
                rule_set,
                "OBSERVER",
                satisfied=agreed,
                message=f"{invitation.name} was not agreed by the chair and the family before the day; "
                "an observer who was not agreed is refused entry",
            ),
            reason=reason,
            field="attendance",
        )
    if views_route:
        if invitation.kind != InviteeKind.CHILD:
            raise refusal(
                "views_route", "CHILD-PARTICIPATION: how views are given is recorded for the child."
            )
        if views_route not in ViewsRoute.values:
            raise refusal("views_route", "CHILD-PARTICIPATION: choose how the child's views are given.")
        invitation.views_route = views_route
    invitation.attendance = attendance
    invitation.attended_by_proxy = bool(proxy_name)
    if proxy_name:
        invitation.proxy_name = proxy_name
    save_with_history(
        invitation,
        by=by,
        reason=reason or f"attendance: {attendance}",
        update_fields=["attendance", "attended_by_proxy", "proxy_name", "views_route"],
    )
    return invitation


@transaction.atomic
def admit_observer(*, conference_id: int, observer_request_id: int, by: Membership) -> Invitation:
    """OBSERVER: put an observer the chair and the family agreed to on the attendance list."""
    conference = _conference(by, conference_id)
    _started(conference)
    request = conference.observer_requests.get(pk=observer_request_id)
    rule_set = conference.rule_set_in_force()
    enforce(
        check_rule(
            rule_set,
            "OBSERVER",
            satisfied=request.admitted,
            message=f"{request.observer_name} was not agreed by the chair and the family; refused entry",
        ),
        field="observer",
    )
    invitation, _ = Invitation.objects.for_authority(conference.authority).get_or_create(
        conference=conference,
        kind=InviteeKind.OBSERVER,
        name=request.observer_name,
        defaults={"authority": conference.authority, "role_label": request.observer_role},
    )
    invitation.attendance = Attendance.PRESENT
    save_with_history(invitation, by=by, reason="observer admitted", update_fields=["attendance"])
    return invitation


@transaction.atomic
def go_ahead_inquorate(*, conference_id: int, reason: str, by: Membership) -> Conference:
    """Going ahead without quorum. Where QUORUM-OVERRIDE is on, the chair may, with a recorded
    reason; elsewhere the rule's mode decides (required: refused, so adjourn; advised: reason)."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    quorum = live.quorum
    if quorum.quorate or not quorum.applies:
        return conference
    missing = "; ".join(quorum.missing)
    if quorum.override_on:
        if not reason.strip():
            raise RuleViolation(
                check_rule(
                    live.rule_set,
                    "QUORUM",
                    satisfied=False,
                    message=f"not quorate (missing {missing}). QUORUM-OVERRIDE: give the reason to go "
                    "ahead (the child's age, enough information to decide, or risk to the child from delay)",
                ),
                field="reason",
            )
    else:
        enforce(
            check_rule(
                live.rule_set,
                "QUORUM",
                satisfied=False,
                message=f"not quorate (missing {missing}); this authority does not go ahead inquorate: "
                "adjourn the conference",
            ),
            reason=reason,
            field="reason",
        )
    conference.quorum_override_reason = reason.strip()
    save_with_history(
        conference, by=by, reason="going ahead inquorate", update_fields=["quorum_override_reason"]
    )
    return conference


@transaction.atomic
def adjourn_conference(*, conference_id: int, reason: str, by: Membership) -> Conference:
    conference = _conference(by, conference_id)
    if not reason.strip():
        raise refusal("reason", "reason: say why the conference is adjourned.")
    conference.status = ConferenceStatus.ADJOURNED
    conference.change_reason = reason.strip()
    save_with_history(conference, by=by, reason="adjourned", update_fields=["status", "change_reason"])
    # The plan was not agreed: its actions' deadlines stop (the reconvened conference agrees its own).
    plan_actions.sync_plan_actions(conference, plan_in_force=False)
    # An adjourned conference no longer meets its timescale: the deadline is unbooked again
    # unless another conference is booked for it.
    record_statutory_booking(by, conference)
    return conference


# --- agenda notes (optimistic locking) -----------------------------------------------------------


@transaction.atomic
def save_agenda_note(
    *, conference_id: int, section_key: str, text: str, expected_version: int, by: Membership
) -> AgendaNote:
    """Save the notes of one agenda section. `expected_version` is the version the editor loaded
    (0 for a section with no notes yet); a mismatch means someone else saved first, and the save
    is refused with their text rather than overwriting it."""
    conference = _conference(by, conference_id)
    rule_set = conference.rule_set_in_force()
    section = next((s for s in agenda_sections(conference, rule_set) if s["key"] == section_key), None)
    if section is None:
        raise refusal("section", f"section: {section_key!r} is not on this conference's agenda.")
    note = (
        conference.agenda_notes.select_for_update(of=("self",))
        .select_related("updated_by__user")
        .filter(section_key=section_key)
        .first()
    )
    current = note.version if note else 0
    if current != expected_version:
        raise StaleEdit(
            what=section["heading"],
            current_text=note.text if note else "",
            current_version=current,
            by_name=note.updated_by.user.display_name if note and note.updated_by else "",
        )
    if note is None:
        note = AgendaNote(
            authority=conference.authority, conference=conference, section_key=section_key, version=0
        )
    note.text = text
    note.family_visible = section["family_visible"]
    note.version += 1
    note.updated_by = by
    try:
        with transaction.atomic():
            save_with_history(note, by=by, reason=f"notes: {section_key}")
    except IntegrityError:
        # Two first saves of the same section at once: the other one won.
        other = conference.agenda_notes.get(section_key=section_key)
        raise StaleEdit(
            what=section["heading"], current_text=other.text, current_version=other.version, by_name=""
        ) from None
    return note


# --- parents' views ------------------------------------------------------------------------------


def _family_person(conference: Conference, person_id: int | None) -> Person | None:
    if not person_id:
        return None
    return Person.objects.for_authority(conference.authority).get(
        pk=person_id, family_id=conference.family_id
    )


@transaction.atomic
def record_parent_views(
    *,
    conference_id: int,
    views: str,
    given: str,
    format: str,
    by: Membership,
    person_id: int | None = None,
    name: str = "",
) -> ParentView:
    """PARENT-VIEWS: a parent's or carer's own views, in writing or another format, before or at."""
    conference = _conference(by, conference_id)
    person = _family_person(conference, person_id)
    name = (str(person) if person else name).strip()
    if not name:
        raise refusal("person", "PARENT-VIEWS: say whose views these are.")
    if not views.strip():
        raise refusal("views", "PARENT-VIEWS: record the parent's views.")
    if given not in ViewsGiven.values or format not in ViewsFormat.values:
        raise refusal("given", "PARENT-VIEWS: say when and how the views were given.")
    view = ParentView(
        authority=conference.authority,
        conference=conference,
        person=person,
        name=name,
        given=given,
        format=format,
        views=views.strip(),
        recorded_by=by,
    )
    save_with_history(view, by=by, reason="parent's views recorded")
    return view


@transaction.atomic
def record_report_correction(
    *,
    conference_id: int,
    invitation_id: int,
    factually_correct: bool,
    by: Membership,
    correction: str = "",
    person_id: int | None = None,
) -> ReportCorrection:
    """PARENT-VIEWS: whether a report is factually correct; a correction is recorded against it."""
    conference = _conference(by, conference_id)
    invitation = conference.invitations.get(pk=invitation_id, kind=InviteeKind.PROFESSIONAL)
    person = _family_person(conference, person_id)
    if not factually_correct and not correction.strip():
        raise refusal("correction", "PARENT-VIEWS: record the correction the parent asks for.")
    row = ReportCorrection(
        authority=conference.authority,
        conference=conference,
        invitation=invitation,
        person=person,
        factually_correct=factually_correct,
        correction=correction.strip(),
        recorded_by=by,
    )
    save_with_history(row, by=by, reason="report correction recorded")
    return row


# --- opinions, triggers, decisions, dissent -------------------------------------------------------


def _conference_child(conference: Conference, child_id: int) -> Child:
    return Child.objects.for_authority(conference.authority).get(pk=child_id, conferences=conference)


@transaction.atomic
def record_opinion(
    *,
    conference_id: int,
    child_id: int,
    invitation_id: int,
    plan_needed: bool | None,
    by: Membership,
    reasons: str = "",
    category: str = "",
    score: int | None = None,
) -> Opinion:
    """OPINION: one professional present, for one child (ALL-CHILDREN): plan needed yes/no (None:
    abstained), reasons and category of harm if yes (CATEGORY), and a scaling score where SCALING
    is on, within the rule set's range."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    rules = live.rule_set
    _proceeding(live)
    child = _conference_child(conference, child_id)
    invitation = next((i for i in live.present_professionals if i.pk == invitation_id), None)
    if invitation is None:
        raise refusal(
            "invitation", "OPINION: only a professional present at the conference gives an opinion."
        )
    if plan_needed:
        enforce(
            check_rule(
                rules, "OPINION", satisfied=bool(reasons.strip()), message="give the reasons a plan is needed"
            ),
            field="reasons",
        )
        allowed = rules.values("CATEGORY").get("categories") or Category.values
        enforce(
            check_rule(
                rules,
                "CATEGORY",
                satisfied=category in allowed,
                message="choose the category of harm (" + ", ".join(allowed) + ")",
            ),
            field="category",
        )
    elif category:
        category = ""  # a category only goes with "a plan is needed"
    if score is not None:
        if not rules.is_on("SCALING"):
            raise refusal("score", "SCALING: this authority does not use scaling scores.")
        scaling = rules.values("SCALING")
        low, high = int(scaling.get("min", 0)), int(scaling.get("max", 10))
        if not low <= score <= high:
            raise refusal("score", f"SCALING: a score is between {low} and {high}.")
    opinion, _ = Opinion.objects.for_authority(conference.authority).get_or_create(
        conference=conference,
        child=child,
        invitation=invitation,
        defaults={"authority": conference.authority},
    )
    opinion.plan_needed = plan_needed
    opinion.reasons = reasons.strip()
    opinion.category = category
    opinion.score = score
    save_with_history(opinion, by=by, reason="opinion recorded")
    return opinion


def _rung_recipients(conference: Conference, roles: list[str]) -> list[Membership]:
    """Who answers at a ladder rung: the case's own team manager and chair where the rung names
    those roles, everyone holding any other role named."""
    recipients: dict[int, Membership] = {}
    for role in roles:
        if role == Role.TEAM_MANAGER and conference.social_worker.team_manager_id:
            manager = conference.social_worker.team_manager
            recipients[manager.pk] = manager
        elif role == Role.CHAIR:
            recipients[conference.chair_id] = conference.chair
        else:
            for membership in (
                Membership.objects.for_authority(conference.authority)
                .filter(role=role, is_active=True)
                .select_related("user")
            ):
                recipients[membership.pk] = membership
    return list(recipients.values())


def _raise_score_escalation(conference: Conference, rules: RuleSet, child: Child, note: str, by: Membership):
    ladder = rules.values("ESCALATION").get("ladder") or []
    if not ladder:
        raise refusal(None, "ESCALATION: this authority's rule set has no escalation ladder.")
    rung = ladder[0]
    today = timezone.localdate()
    respond_by = due_date(
        Timescale(unit="working_days", amount=int(rung.get("working_days", 2))),
        today,
        calendar_for(conference.authority),
    )
    reason = note.strip() or f"SCORE-ALL-ZERO: most professionals scored {child} at 0 at the conference."
    escalation = Escalation(
        authority=conference.authority,
        kind=EscalationKind.SCORE_ALL_ZERO,
        family=conference.family,
        level=int(rung.get("level", 1)),
        level_label=rung.get("label", ""),
        roles=list(rung.get("roles", [])),
        reason=reason,
        raised_by=by,
        respond_by=respond_by,
    )
    save_with_history(escalation, by=by, reason="SCORE-ALL-ZERO escalation raised")
    EscalationEvent.objects.create(
        authority=conference.authority,
        escalation=escalation,
        action=EscalationEvent.Action.RAISED,
        by=by,
        note=reason,
    )
    url = f"/{conference.authority.slug}/conferences/{conference.pk}/live/"
    for member in _rung_recipients(conference, escalation.roles):
        notify(
            authority=conference.authority,
            recipient=member.user,
            kind=Notification.Kind.ESCALATION,
            # The case reference and dates only: the child's name and the reason stay behind sign-in.
            subject=f"Escalation: scores at zero (SCORE-ALL-ZERO), case {conference.family.case_reference}",
            body=f"Respond by {respond_by:%d %B %Y}. The reason is on the conference's live page.",
            url=url,
            dedupe_key=f"escalation-{escalation.pk}",
        )
    return escalation


@transaction.atomic
def respond_to_trigger(
    *, conference_id: int, child_id: int, rule_id: str, action: str, by: Membership, note: str = ""
) -> TriggerResponse:
    """When SCORE-ALL-ZERO fires the chair escalates to the social work management team in one
    step; when SCORE-MAJ-ABOVE-5 fires the chair records the child-in-need discussion; or, for
    either, records why not."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    child = _conference_child(conference, child_id)
    tally = live.tallies[child.pk]
    fired = {"SCORE-ALL-ZERO": tally.all_zero_fires, "SCORE-MAJ-ABOVE-5": tally.majority_above_fires}
    if not fired.get(rule_id):
        raise refusal("rule_id", f"{rule_id}: has not fired for {child}.")
    allowed = {
        "SCORE-ALL-ZERO": (TriggerAction.ESCALATED, TriggerAction.DECLINED),
        "SCORE-MAJ-ABOVE-5": (TriggerAction.DISCUSSED, TriggerAction.DECLINED),
    }[rule_id]
    if action not in allowed:
        raise refusal("action", f"{rule_id}: choose " + " or ".join(a.label.lower() for a in allowed) + ".")
    if action != TriggerAction.ESCALATED and not note.strip():
        what = "why not" if action == TriggerAction.DECLINED else "what the discussion concluded"
        raise refusal("note", f"{rule_id}: record {what}.")
    if (child.pk, rule_id) in live.trigger_responses:
        raise refusal(None, f"{rule_id}: already answered for {child}.")
    escalation = (
        _raise_score_escalation(conference, live.rule_set, child, note, by)
        if action == TriggerAction.ESCALATED
        else None
    )
    response = TriggerResponse(
        authority=conference.authority,
        conference=conference,
        child=child,
        rule_id=rule_id,
        action=action,
        note=note.strip(),
        escalation=escalation,
        by=by,
    )
    save_with_history(response, by=by, reason=f"{rule_id}: {action}")
    return response


def allowed_outcomes(conference: Conference) -> list[tuple[str, str]]:
    """DECISION: at an initial conference a CP plan, a CIN plan or no further action; at a review
    (or midway review) continue or end the plan."""
    if conference.is_review:
        keep = (DecisionOutcome.CONTINUE_PLAN, DecisionOutcome.END_PLAN)
    else:
        keep = (DecisionOutcome.CP_PLAN, DecisionOutcome.CIN_PLAN, DecisionOutcome.NO_FURTHER_ACTION)
    return [(o.value, o.label) for o in keep]


@transaction.atomic
def record_decision(
    *,
    conference_id: int,
    child_id: int,
    outcome: str,
    by: Membership,
    category: str = "",
    rationale: str = "",
    step_down_route: str = "",
    step_down_rationale: str = "",
    oversight_by_id: int | None = None,
) -> Decision:
    """DECISION for one child. A plan needs its primary category (CATEGORY: the chair decides it
    where professionals differ); the chair's rationale is required unless every opinion given
    (abstentions aside) matches the decision. Every professional present has given an opinion first
    (OPINION), and a fired scoring trigger has been answered. Ending a plan where STEPDOWN-CIN-3M is
    on needs a CIN plan, an exemption, or a rationale with head-of-service oversight."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    rules = live.rule_set
    _proceeding(live)
    child = _conference_child(conference, child_id)
    if outcome not in dict(allowed_outcomes(conference)):
        raise refusal(
            "outcome",
            "DECISION: choose one of " + ", ".join(label for _, label in allowed_outcomes(conference)) + ".",
        )
    tally = live.tallies[child.pk]
    given_by = {o.invitation_id for o in tally.opinions}
    waiting = [str(i.name) for i in live.present_professionals if i.pk not in given_by]
    enforce(
        check_rule(
            rules,
            "OPINION",
            satisfied=not waiting,
            message=f"no opinion yet for {child} from {', '.join(waiting)} (an abstention counts)",
        ),
        field="outcome",
    )
    for rule_id, fired in (
        ("SCORE-ALL-ZERO", tally.all_zero_fires),
        ("SCORE-MAJ-ABOVE-5", tally.majority_above_fires),
    ):
        if fired and (child.pk, rule_id) not in live.trigger_responses:
            raise refusal(
                "outcome",
                f"{rule_id}: fired for {child}; escalate or record the discussion, or why not, first.",
            )
    if outcome in PLAN_OUTCOMES:
        allowed = rules.values("CATEGORY").get("categories") or Category.values
        enforce(
            check_rule(
                rules,
                "CATEGORY",
                satisfied=category in allowed,
                message=f"a child on a plan has one primary category of harm; choose it for {child}",
            ),
            field="category",
        )
    else:
        category = ""
    needs_rationale = not tally.matches(outcome)
    if needs_rationale and not rationale.strip():
        why = "opinions are split" if tally.split else "the decision differs from the opinions given"
        enforce(
            check_rule(
                rules, "DECISION", satisfied=False, message=f"{why} for {child}: record the chair's rationale"
            ),
            field="rationale",
        )
    decision = (
        Decision.objects.for_authority(conference.authority)
        .filter(conference=conference, child=child)
        .first()
    )
    if decision is None:
        decision = Decision(authority=conference.authority, conference=conference, child=child)
    decision.outcome = outcome
    decision.category = category
    decision.rationale = rationale.strip()
    decision.decided_by = by
    step_down = None
    if outcome == DecisionOutcome.END_PLAN and rules.is_on("STEPDOWN-CIN-3M"):
        step_down = _step_down(
            conference, rules, child, step_down_route, step_down_rationale, oversight_by_id
        )
    save_with_history(decision, by=by, reason=f"decision: {outcome}")
    if step_down is not None:
        step_down.decision = decision
        existing = StepDown.objects.for_authority(conference.authority).filter(decision=decision).first()
        if existing:
            step_down.pk = existing.pk
        save_with_history(step_down, by=by, reason="step-down recorded")
    else:
        StepDown.objects.for_authority(conference.authority).filter(decision=decision).delete()
    return decision


def _step_down(conference, rules, child, route, rationale, oversight_by_id) -> StepDown:
    if route not in StepDownRoute.values:
        raise RuleViolation(
            check_rule(
                rules,
                "STEPDOWN-CIN-3M",
                satisfied=False,
                message=f"ending {child}'s plan: choose a child in need plan, an exemption (looked after, "
                "moved authority), or a recorded reason with head of service oversight",
            ),
            field="step_down_route",
        )
    oversight = None
    if route == StepDownRoute.OTHER:
        if not rationale.strip():
            raise refusal(
                "step_down_rationale", "STEPDOWN-CIN-3M: record why there is no child in need plan."
            )
        oversight = (
            Membership.objects.for_authority(conference.authority)
            .filter(pk=oversight_by_id, role=Role.HEAD_OF_SERVICE, is_active=True)
            .first()
            if oversight_by_id
            else None
        )
        if oversight is None:
            raise refusal("oversight_by", "STEPDOWN-CIN-3M: name the head of service who oversees this.")
    return StepDown(
        authority=conference.authority, route=route, rationale=rationale.strip(), oversight_by=oversight
    )


@transaction.atomic
def record_dissent(
    *, conference_id: int, decision_id: int, invitation_id: int, reasons: str, by: Membership
) -> Dissent:
    """DISSENT: a professional present who disagrees with the confirmed decision, by name, with reasons."""
    conference = _conference(by, conference_id)
    decision = conference.decisions.get(pk=decision_id)
    invitation = conference.invitations.filter(
        pk=invitation_id, kind=InviteeKind.PROFESSIONAL, attendance=Attendance.PRESENT
    ).first()
    if invitation is None:
        raise refusal(
            "invitation", "DISSENT: only a professional present at the conference records a dissent."
        )
    if not reasons.strip():
        raise refusal("reasons", "DISSENT: record the reasons for the dissent.")
    dissent = Dissent(
        authority=conference.authority, decision=decision, invitation=invitation, reasons=reasons.strip()
    )
    save_with_history(dissent, by=by, reason="dissent recorded")
    return dissent


# --- the outline plan ------------------------------------------------------------------------------


def _plan(conference: Conference) -> OutlinePlan:
    plan = (
        OutlinePlan.objects.for_authority(conference.authority)
        .select_for_update()
        .filter(conference=conference)
        .first()
    )
    if plan is None:
        plan = OutlinePlan.objects.create(authority=conference.authority, conference=conference, version=0)
    return plan


@transaction.atomic
def record_plan(
    *,
    conference_id: int,
    expected_version: int,
    by: Membership,
    contingency: str = "",
    bottom_lines: str = "",
    resource_plan_review: str = "",
    safety_plan_review: str = "",
) -> OutlinePlan:
    """OUTCOME: the contingency plan and non-negotiable bottom lines (and, where PLAN-KINDS is on,
    how often the resource and safety plans are reviewed). A stale save is refused (StaleEdit)."""
    conference = _conference(by, conference_id)
    plan = _plan(conference)
    if plan.version != expected_version:
        raise StaleEdit(
            what="The plan",
            current_text=f"Contingency plan: {plan.contingency}\n\nBottom lines: {plan.bottom_lines}",
            current_version=plan.version,
            by_name=plan.updated_by.user.display_name if plan.updated_by_id else "",
        )
    plan.contingency = contingency.strip()
    plan.bottom_lines = bottom_lines.strip()
    plan.resource_plan_review = resource_plan_review.strip()
    plan.safety_plan_review = safety_plan_review.strip()
    plan.version += 1
    plan.updated_by = by
    save_with_history(plan, by=by, reason="plan saved")
    return plan


@transaction.atomic
def add_plan_item(
    *,
    conference_id: int,
    kind: str,
    text: str,
    by: Membership,
    plan_kind: str = "",
    indicators: str = "",
    collected_by: str = "",
    owner_agency_id: int | None = None,
    owner_name: str = "",
    due_on: date | None = None,
    answers_id: int | None = None,
    frequency: str = "",
) -> OutlinePlanItem:
    """One line of the plan (OUTCOME): a danger statement, a safety goal, an outcome statement
    with its indicators and who collects them, an action with owner and due date answering a
    named danger, or (CG-SEE-CHILD) how often a member sees the child."""
    conference = _conference(by, conference_id)
    rules = conference.rule_set_in_force()
    plan = _plan(conference)
    if kind not in OutlineItemKind.values:
        raise refusal("kind", "OUTCOME: choose what kind of plan line this is.")
    if not text.strip():
        raise refusal("text", "OUTCOME: write the plan line.")
    if plan_kind and plan_kind not in PlanKind.values:
        raise refusal("plan_kind", "PLAN-KINDS: choose the resource plan or the safety plan.")
    if plan_kind and not rules.is_on("PLAN-KINDS"):
        plan_kind = ""
    owner_agency = (
        Agency.objects.for_authority(conference.authority).get(pk=owner_agency_id)
        if owner_agency_id
        else None
    )
    answers = None
    if kind == OutlineItemKind.ACTION:
        problems = []
        if not (owner_agency or owner_name.strip()):
            problems.append("an owner (person or agency)")
        if not due_on:
            problems.append("a due date")
        if answers_id:
            answers = plan.items.filter(pk=answers_id, kind=OutlineItemKind.DANGER).first()
        if answers is None:
            problems.append("the danger statement it answers")
        if problems:
            enforce(
                check_rule(
                    rules, "OUTCOME", satisfied=False, message="an action needs " + ", ".join(problems)
                ),
                field="text",
            )
        if due_on and due_on < conference.day:
            raise refusal("due_on", "OUTCOME: an action is due after the conference.")
    if kind == OutlineItemKind.OUTCOME:
        enforce(
            check_rule(
                rules,
                "OUTCOME",
                satisfied=bool(indicators.strip() and collected_by.strip()),
                message="an outcome statement needs its indicators (what will show us the child is safe?) "
                "and who collects that information",
            ),
            field="indicators",
        )
    if kind == OutlineItemKind.CONTACT and not frequency.strip():
        raise refusal("frequency", "CG-SEE-CHILD: say how often this member sees the child.")
    item = OutlinePlanItem(
        authority=conference.authority,
        plan=plan,
        kind=kind,
        text=text.strip(),
        plan_kind=plan_kind,
        indicators=indicators.strip() if kind == OutlineItemKind.OUTCOME else "",
        collected_by=collected_by.strip() if kind == OutlineItemKind.OUTCOME else "",
        owner_agency=owner_agency if kind in (OutlineItemKind.ACTION, OutlineItemKind.CONTACT) else None,
        owner_name=owner_name.strip() if kind in (OutlineItemKind.ACTION, OutlineItemKind.CONTACT) else "",
        due_on=due_on if kind == OutlineItemKind.ACTION else None,
        answers=answers,
        frequency=frequency.strip() if kind == OutlineItemKind.CONTACT else "",
        position=plan.items.filter(kind=kind).count(),
    )
    save_with_history(item, by=by, reason=f"plan: {kind} added")
    plan_actions.track_action(item, conference=conference, rules=rules)
    return item


@transaction.atomic
def change_action_due_date(
    *, conference_id: int, item_id: int, due_on: date | None, by: Membership
) -> OutlinePlanItem:
    """Move an action's due date in the room; its OUTCOME deadline moves with it (or stops, where
    the rule set lets an action go without a date)."""
    conference = _conference(by, conference_id)
    rules = conference.rule_set_in_force()
    item = (
        OutlinePlanItem.objects.for_authority(conference.authority)
        .select_for_update(of=("self",))
        .filter(plan__conference=conference)
        .get(pk=item_id)
    )
    if item.kind != OutlineItemKind.ACTION:
        raise refusal(
            "item", f"item: only an action has a due date, not a {item.get_kind_display().lower()}."
        )
    if item.done_on is not None:
        raise refusal("due_on", f"due_on: this action was done on {item.done_on:%d %B %Y}; its date stays.")
    if due_on is None:
        enforce(
            check_rule(rules, "OUTCOME", satisfied=False, message="an action needs a due date"),
            field="due_on",
        )
    elif due_on < conference.day:
        raise refusal(
            "due_on",
            f"due_on: an action is due on or after the day of the conference "
            f"({conference.day:%d %B %Y}) (OUTCOME).",
        )
    if item.due_on != due_on:
        item.due_on = due_on
        save_with_history(item, by=by, reason="plan: action's due date changed", update_fields=["due_on"])
    plan_actions.track_action(item, conference=conference, rules=rules)
    return item


@transaction.atomic
def remove_plan_item(*, conference_id: int, item_id: int, by: Membership) -> None:
    conference = _conference(by, conference_id)
    plan = _plan(conference)
    item = plan.items.get(pk=item_id)
    if item.answered_by.exists():
        raise refusal("item", "OUTCOME: actions answer this danger statement; remove them first.")
    if item.kind == OutlineItemKind.ACTION:
        plan_actions.untrack_action(item, conference=conference)
    item._history_user = by.user
    item._change_reason = "plan line removed"
    item.delete()


@transaction.atomic
def record_outcome_teller(
    *, conference_id: int, name: str, expected_version: int, by: Membership
) -> Conference:
    """CHILD-PARTICIPATION: the named person who tells the child the outcome and shares the safety plan."""
    conference = _conference(by, conference_id)
    if conference.version != expected_version:
        raise StaleEdit(
            what="Who tells the child",
            current_text=conference.outcome_told_by,
            current_version=conference.version,
            by_name="",
        )
    if not name.strip():
        raise refusal("outcome_told_by", "CHILD-PARTICIPATION: name who tells the child the outcome.")
    conference.outcome_told_by = name.strip()
    conference.version += 1
    save_with_history(
        conference, by=by, reason="who tells the child", update_fields=["outcome_told_by", "version"]
    )
    return conference


# --- next dates and the core group -----------------------------------------------------------------


@dataclass(frozen=True)
class NextDatesProposal:
    core_group_rule: str | None
    core_group_due: date | None
    review_rule: str
    review_due: date


def review_rule_after(conference: Conference) -> str:
    """The next review counts RCPC1-3M from an initial conference, RCPCN-6M from a review."""
    return "RCPC1-3M" if conference.kind == ConferenceKind.INITIAL else "RCPCN-6M"


def propose_next_dates(conference: Conference, rule_set: RuleSet | None = None) -> NextDatesProposal:
    """NEXT-DATES, proposed from the rules with the engine: the first core group within CG1-10WD
    (initial conferences) and the next review within RCPC1-3M or RCPCN-6M of this conference."""
    rule_set = rule_set or conference.rule_set_in_force()
    calendar = calendar_for(conference.authority_id)
    held = conference.day
    review_rule = review_rule_after(conference)
    core_due = None
    if conference.kind == ConferenceKind.INITIAL:
        core_due = due_date(timescale_of(rule_set, "CG1-10WD"), held, calendar)
    return NextDatesProposal(
        core_group_rule="CG1-10WD" if core_due else None,
        core_group_due=core_due,
        review_rule=review_rule,
        review_due=due_date(timescale_of(rule_set, review_rule), held, calendar),
    )


@transaction.atomic
def book_next_dates(
    *,
    conference_id: int,
    next_review_on: date,
    by: Membership,
    first_core_group_at: datetime | None = None,
    venue_id: int | None = None,
    reason: str = "",
) -> Conference:
    """NEXT-DATES in one step: the next review's date and (initial conferences) the first core
    group meeting, booked in the family's core group. A date beyond its timescale needs a reason
    where the deadline is required, and is only flagged where it is advised."""
    conference = _conference(by, conference_id)
    rules = conference.rule_set_in_force()
    proposal = propose_next_dates(conference, rules)
    held = conference.day
    if next_review_on <= held:
        raise refusal("next_review_on", f"{proposal.review_rule}: the next review is after this conference.")
    enforce(
        check_deadline(rules, proposal.review_rule, due=proposal.review_due, acted_on=next_review_on),
        reason=reason,
        field="next_review_on",
    )
    if proposal.core_group_rule:
        if first_core_group_at is None:
            raise refusal("first_core_group_at", "CG1-10WD: book the first core group.")
        core_day = (
            timezone.localdate(first_core_group_at)
            if timezone.is_aware(first_core_group_at)
            else first_core_group_at.date()
        )
        if core_day <= held:
            raise refusal("first_core_group_at", "CG1-10WD: the first core group meets after the conference.")
        enforce(
            check_deadline(rules, "CG1-10WD", due=proposal.core_group_due, acted_on=core_day),
            reason=reason,
            field="first_core_group_at",
        )
    venue = Venue.objects.for_authority(conference.authority).get(pk=venue_id) if venue_id else None
    if first_core_group_at is not None and proposal.core_group_rule:
        hooks.book_first_core_group(
            conference=conference, by=by, scheduled_at=first_core_group_at, venue=venue, reason=reason
        )
        conference.first_core_group_at = first_core_group_at
    conference.next_review_on = next_review_on
    conference.version += 1
    save_with_history(
        conference,
        by=by,
        reason=reason or "next dates booked",
        update_fields=["next_review_on", "first_core_group_at", "version"],
    )
    return conference


@transaction.atomic
def name_core_group_members(
    *,
    conference_id: int,
    by: Membership,
    invitation_ids: list[int] = (),
    person_ids: list[int] = (),
    other_names: list[tuple[str, str]] = (),
) -> list:
    """NEXT-DATES: the core group's members, named at the conference: invitees (with or without
    an account), family members (no accounts) and anyone else by name. Replaces the list. The
    core group app writes the rows."""
    conference = _conference(by, conference_id)
    invitations = list(conference.invitations.filter(pk__in=list(invitation_ids)).select_related("agency"))
    invited_people = {i.person_id for i in invitations if i.person_id}
    people = [
        person
        for person in Person.objects.for_authority(conference.authority).filter(
            pk__in=list(person_ids), family_id=conference.family_id
        )
        if person.pk not in invited_people
    ]
    others = [(name.strip(), role.strip()) for name, role in other_names if name.strip()]
    if not (invitations or people or others):
        raise refusal("members", "NEXT-DATES: name at least one core group member.")
    return hooks.name_core_group_members(
        conference=conference, by=by, invitations=invitations, people=people, other_names=others
    )


# --- holding (closing) the conference ----------------------------------------------------------------


def _met_deadline(conference: Conference, rules: RuleSet, held: date, reason: str) -> None:
    """Holding the conference meets its own timescale: ICPC-15WD counted from the strategy
    discussion, or the review deadline opened by the previous conference. Late under a required
    timescale needs a reason (the one recorded at scheduling does)."""
    if conference.kind == ConferenceKind.INITIAL and conference.strategy_discussion_id:
        rule_id, subject = "ICPC-15WD", conference.strategy_discussion
        event = subject.held_on
    elif conference.kind == ConferenceKind.REVIEW and conference.previous_id:
        subject = conference.previous
        rule_id = review_rule_after(subject)
        event = subject.day
    else:
        return  # a midway review does not reset the review cycle (MIDWAY-REVIEW)
    deadline = deadline_for(authority=conference.authority, rule_id=rule_id, subject=subject)
    if deadline is not None:
        due = deadline.due_on
    elif rules.mode(rule_id) == Mode.OFF:
        return
    else:
        due = due_date(timescale_of(rules, rule_id), event, calendar_for(conference.authority))
    why = reason.strip() or conference.late_reason
    enforce(check_deadline(rules, rule_id, due=due, acted_on=held), reason=why, field="reason")
    meet_deadline(
        authority=conference.authority,
        rule_id=rule_id,
        subject=subject,
        met_on=held,
        reason=why if held > due else "",
    )


def _update_child_plans(live: LiveConference, held: date, by: Membership) -> None:
    """The outcome reaches each child's plan in cases: a CP plan starts (start date, category), a
    continued plan is updated, an ended plan gets its end date, and a CIN plan follows where decided."""
    conference = live.conference
    authority = conference.authority
    dangers = "\n".join(i.text for i in live.dangers)
    active = {
        p.child_id: p
        for p in ChildProtectionPlan.objects.for_authority(authority).filter(
            child__in=live.children, ended_on__isnull=True
        )
    }
    for child in live.children:
        decision = live.decisions[child.pk]
        plan = active.get(child.pk)
        if decision.outcome in PLAN_OUTCOMES:
            if plan is None:
                plan = ChildProtectionPlan(
                    authority=authority, child=child, started_on=held, started_at_conference=conference
                )
            plan.category = decision.category
            if live.plan:
                plan.danger_statement = dangers or plan.danger_statement
                plan.contingency_plan = live.plan.contingency or plan.contingency_plan
                plan.bottom_lines = live.plan.bottom_lines or plan.bottom_lines
            save_with_history(plan, by=by, reason=f"{decision.get_outcome_display()} at conference")
            _copy_plan_items(live, plan, by)
        elif decision.outcome == DecisionOutcome.END_PLAN and plan is not None:
            plan.ended_on = held
            plan.ended_at_conference = conference
            plan.end_reason = decision.rationale or "Ended at review conference"
            save_with_history(plan, by=by, reason="plan ended at review")
            step_down = getattr(decision, "step_down", None)
            if step_down is not None and step_down.route == StepDownRoute.CIN_PLAN:
                save_with_history(
                    ChildInNeedPlan(
                        authority=authority, child=child, started_on=held, stepped_down_from=plan
                    ),
                    by=by,
                    reason="STEPDOWN-CIN-3M: child in need plan after the CP plan",
                )
        elif decision.outcome == DecisionOutcome.CIN_PLAN:
            save_with_history(
                ChildInNeedPlan(authority=authority, child=child, started_on=held, notes=decision.rationale),
                by=by,
                reason="child in need plan decided at conference",
            )


_ITEM_KINDS = {
    OutlineItemKind.DANGER: PlanItemKind.DANGER,
    OutlineItemKind.SAFETY_GOAL: PlanItemKind.SAFETY_GOAL,
    OutlineItemKind.OUTCOME: PlanItemKind.OUTCOME,
    OutlineItemKind.ACTION: PlanItemKind.ACTION,
}


def _copy_plan_items(live: LiveConference, plan: ChildProtectionPlan, by: Membership) -> None:
    copied: dict[int, PlanItem] = {}
    ordered = sorted(live.plan_items, key=lambda i: i.kind != OutlineItemKind.DANGER)  # dangers first
    for item in ordered:
        kind = _ITEM_KINDS.get(item.kind)
        if kind is None:
            continue
        row = PlanItem(
            authority=plan.authority,
            plan=plan,
            kind=kind,
            text=item.text,
            answers=copied.get(item.answers_id),
            indicators=item.indicators,
            collected_by=item.collected_by,
            owner_agency=item.owner_agency,
            owner_name=item.owner_name,
            due_on=item.due_on,
            position=item.position,
        )
        save_with_history(row, by=by, reason="from the conference's outline plan")
        copied[item.pk] = row


@transaction.atomic
def hold_conference(*, conference_id: int, by: Membership, reason: str = "") -> Conference:
    """Close the conference as held. Refuses while a required rule is unmet (every child decided,
    the plan, NEXT-DATES, who tells the child); an advised one needs `reason`. Then: meets the
    conference's own deadline, opens CG1-10WD and the next review's, and updates each child's plan."""
    conference = _conference(by, conference_id)
    _started(conference)
    live = load_live(conference)
    rules = live.rule_set
    for item in outstanding_before_close(live):
        enforce(
            check_rule(rules, item.rule_id, satisfied=False, message=item.message),
            reason=reason,
            field="reason",
        )
    held = conference.day
    _met_deadline(conference, rules, held, reason)
    family_id = conference.family_id
    if live.any_plan and conference.kind != ConferenceKind.MIDWAY:
        if conference.kind == ConferenceKind.INITIAL:
            open_deadline(
                authority=conference.authority,
                rule_id="CG1-10WD",
                subject=conference,
                event_on=held,
                label=f"First core group for {conference.family}",
                family_id=family_id,
                responsible=conference.social_worker,
                rule_set=rules,
            )
            if conference.first_core_group_at is not None:  # booked with NEXT-DATES
                record_booking(
                    authority=conference.authority,
                    rule_id="CG1-10WD",
                    subject=conference,
                    booked_for=timezone.localdate(conference.first_core_group_at),
                    by=by,
                )
        review_rule = review_rule_after(conference)
        open_deadline(
            authority=conference.authority,
            rule_id=review_rule,
            subject=conference,
            event_on=held,
            label=f"Review conference for {conference.family}",
            family_id=family_id,
            responsible=conference.chair,
            rule_set=rules,
        )
    _update_child_plans(live, held, by)
    if not live.any_plan and conference.is_review:
        hooks.end_core_group(conference=conference, on=held, by=by)
    conference.status = ConferenceStatus.HELD
    conference.held_on = held
    conference.version += 1
    save_with_history(
        conference, by=by, reason=reason or "conference held", update_fields=["status", "held_on", "version"]
    )
    # The plan's actions run on where a child is on a plan; with none, they stop, and so do the
    # family's earlier actions still open once a review has ended every plan.
    plan_actions.sync_plan_actions(conference, plan_in_force=live.any_plan, rules=rules)
    if not live.any_plan:
        plan_actions.end_earlier_plan_actions(conference)
    return conference


close_conference = hold_conference
