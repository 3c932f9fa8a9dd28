"""Scheduling and preparing conferences: the services behind the social worker's pages and API.

Every function takes keyword-only arguments, runs in one transaction, reads only the caller's
authority, keeps history (who and why), and asks the rule set (never the authority's name) what
is required. Deadlines are opened, moved and cancelled through `scheduling.services`; e-mails
with calendar attachments go after commit (`conferences.tasks`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.services import invite_to_create_account
from authorities.dates import local_day
from authorities.history import stamp
from authorities.models import Agency, Membership, Mode, Role, RuleSet, Venue
from authorities.rules.checks import Outcome, RuleAnswer, RuleViolation, check_deadline, check_rule, enforce
from authorities.selectors import rule_set_in_force
from cases.models import Child, Family, Person, StrategyDiscussion
from cases.services import family_label
from conferences import hooks
from conferences.models import (
    REPORTING_KINDS,
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceStatus,
    FamilyNeeds,
    Invitation,
    InvitedBy,
    InviteeKind,
    ObserverRequest,
    ProfessionalSlotRequest,
    RequestDecision,
    ViewsRoute,
)
from scheduling.calendars import calendar_for, due_date_for
from scheduling.engine import WorkingCalendar
from scheduling.models import Deadline, Notification
from scheduling.services import (
    cancel_deadline,
    deadline_for,
    meet_deadline,
    notify,
    open_deadline,
    record_booking,
)

# Who is e-mailed a calendar invitation (family members and children are invited by letter or in person).
EMAILED_KINDS = (InviteeKind.PROFESSIONAL, InviteeKind.ADVOCATE, InviteeKind.INTERPRETER)
REAL_CONFERENCE_KINDS = (ConferenceKind.INITIAL, ConferenceKind.REVIEW)


def _conference(by: Membership, conference_id: int, *, lock: bool = False) -> Conference:
    queryset = Conference.objects.for_authority(by.authority)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.select_related("family", "strategy_discussion", "previous").get(pk=conference_id)


def _must_be_scheduled(conference: Conference) -> None:
    if conference.status != ConferenceStatus.SCHEDULED:
        raise ValidationError(
            f"This conference is {conference.get_status_display().lower()}; "
            "only a scheduled one can be changed."
        )


def _refuse(rule_id: str, message: str, field: str | None = None) -> RuleViolation:
    return RuleViolation(RuleAnswer(Outcome.REFUSED, rule_id, message), field=field)


# --- statutory dates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StatutoryDate:
    """The date a conference must be held by, and the rule that says so."""

    rule_id: str
    event_on: date
    due_on: date
    rule_set: RuleSet
    deadline: Deadline | None

    @property
    def mode(self) -> str:
        return self.rule_set.mode(self.rule_id)


def _statutory(authority, rule_id: str, subject, event_on: date) -> StatutoryDate:
    rule_set = rule_set_in_force(authority, on=event_on)
    deadline = deadline_for(authority=authority, rule_id=rule_id, subject=subject)
    if deadline is not None and deadline.cancelled_at is None:
        due_on = deadline.due_on
    else:
        deadline = None
        due_on = due_date_for(authority=authority, rule_id=rule_id, event=event_on)
    return StatutoryDate(rule_id, event_on, due_on, rule_set, deadline)


def icpc_date(discussion: StrategyDiscussion) -> StatutoryDate:
    return _statutory(discussion.authority_id, "ICPC-15WD", discussion, discussion.held_on)


def conference_day(conference: Conference) -> date:
    return conference.held_on or conference.day


def review_date(previous: Conference) -> StatutoryDate:
    """RCPC1-3M counts from the initial conference, RCPCN-6M from the previous review."""
    rule_id = "RCPC1-3M" if previous.kind == ConferenceKind.INITIAL else "RCPCN-6M"
    return _statutory(previous.authority_id, rule_id, previous, previous.day)


def last_real_conference(family: Family) -> Conference | None:
    """The latest held initial or review conference. A midway review is never the anchor, so it
    does not reset the review cycle (MIDWAY-REVIEW)."""
    return (
        Conference.objects.for_authority(family.authority_id)
        .filter(family=family, kind__in=REAL_CONFERENCE_KINDS, status=ConferenceStatus.HELD)
        .order_by("-starts_at")
        .first()
    )


def section47_discussions(family: Family):
    return (
        StrategyDiscussion.objects.for_authority(family.authority_id)
        .filter(family=family, section47_started=True)
        .order_by("-held_on", "-pk")
    )


def statutory_date_for(
    *, family: Family, kind: str, strategy_discussion: StrategyDiscussion | None = None
) -> StatutoryDate | None:
    """What a new conference of this kind for this family must be held by (None for a midway review
    or when nothing starts a timescale yet)."""
    if kind == ConferenceKind.INITIAL:
        discussion = strategy_discussion or section47_discussions(family).first()
        return icpc_date(discussion) if discussion else None
    if kind == ConferenceKind.REVIEW:
        previous = last_real_conference(family)
        return review_date(previous) if previous else None
    return None


def working_days_within(
    *, calendar: WorkingCalendar, today: date, due_on: date, limit: int = 20
) -> list[date]:
    """The working days from today up to the due date, to offer on the scheduling form."""
    days: list[date] = []
    day = today if calendar.is_working_day(today) else calendar.add_working_days(today, 1)
    while day <= due_on and len(days) < limit:
        days.append(day)
        day = calendar.add_working_days(day, 1)
    return days


# --- checks shared by scheduling and rescheduling ----------------------------------------------


def _check_when(by: Membership, starts_at: datetime, calendar: WorkingCalendar, now: datetime) -> date:
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    day = local_day(starts_at)
    if starts_at <= now:
        raise ValidationError({"starts_at": "The conference date and time must be in the future."})
    if not calendar.is_working_day(day):
        raise ValidationError(
            {
                "starts_at": f"{day:%A %d %B %Y} is not a working day in {by.authority.name} "
                "(a weekend, a bank holiday or an office closure day)."
            }
        )
    return day


def _venue(by: Membership, venue_id: int | None, virtual_link: str) -> Venue | None:
    if venue_id is None:
        if not virtual_link:
            raise ValidationError({"venue": "Choose a venue or give a link for a virtual conference."})
        return None
    venue = Venue.objects.for_authority(by.authority).filter(pk=venue_id, is_active=True).first()
    if venue is None:
        raise ValidationError({"venue": "Choose one of this authority's venues."})
    return venue


def _chair(by: Membership, chair_id: int) -> Membership:
    chair = (
        Membership.objects.for_authority(by.authority)
        .select_related("user")
        .filter(pk=chair_id, role=Role.CHAIR, is_active=True)
        .first()
    )
    if chair is None:
        raise ValidationError({"chair": "Choose a conference chair of this authority."})
    return chair


def chair_independence(rule_set: RuleSet, *, chair: Membership, social_worker: Membership) -> RuleAnswer:
    """CHAIR-INDEPENDENT: not the case's social worker, nor their team manager."""
    problem = ""
    if chair.pk == social_worker.pk or chair.user_id == social_worker.user_id:
        problem = "the chair cannot be the case's social worker"
    elif social_worker.team_manager_id and chair.pk == social_worker.team_manager_id:
        problem = "the chair cannot be the social worker's team manager"
    return check_rule(rule_set, "CHAIR-INDEPENDENT", satisfied=not problem, message=problem)


def _check_statutory(statutory: StatutoryDate | None, day: date, late_reason: str) -> bool:
    """Deadline rules never block: late under a required rule needs a reason; advised only flags.
    Returns whether the date is late."""
    if statutory is None:
        return False
    answer = check_deadline(statutory.rule_set, statutory.rule_id, due=statutory.due_on, acted_on=day)
    enforce(answer, reason=late_reason, field="late_reason")
    return not answer.ok


def _rule_reason(answer: RuleAnswer, reasons: dict[str, str], field: str) -> dict[str, str]:
    reason = (reasons or {}).get(answer.rule_id, "")
    enforce(answer, reason=reason, field=field)
    return {answer.rule_id: reason.strip()} if answer.advised and reason.strip() else {}


def _open_conference_deadlines(by: Membership, conference: Conference, day: date) -> None:
    """SW-REPORT for the conference and REPORT-2WD for each invited professional count back from
    its date; calling open_deadline again moves them when the date moves."""
    label = f"{family_label(conference.family)}'s {conference.get_kind_display().lower()}"
    open_deadline(
        authority=by.authority,
        rule_id="SW-REPORT",
        subject=conference,
        event_on=day,
        label=f"Social worker's report for {label}",
        family_id=conference.family_id,
        responsible=conference.social_worker,
    )
    for invitation in Invitation.objects.for_authority(by.authority).filter(
        conference=conference, kind__in=REPORTING_KINDS
    ):
        _open_report_deadline(by, conference, invitation, day)


def _open_report_deadline(by: Membership, conference: Conference, invitation: Invitation, day: date) -> None:
    """REPORT-2WD for one report writer. An advocate's report is flagged when late but never
    escalated: the rule's required mode is about agencies' reports, and an advocate is not one."""
    advocate = invitation.kind == InviteeKind.ADVOCATE
    who = (
        f"Advocate {invitation.name}'s"
        if advocate
        else (invitation.agency.name if invitation.agency_id else invitation.name)
    )
    open_deadline(
        authority=by.authority,
        rule_id="REPORT-2WD",
        subject=invitation,
        event_on=day,
        label=f"{who} report for {family_label(conference.family)}'s {conference.get_kind_display().lower()}",
        family_id=conference.family_id,
        responsible=invitation.membership,
        mode=Mode.ADVISED if advocate else None,
    )


BOOKED_STATUSES = (ConferenceStatus.SCHEDULED, ConferenceStatus.IN_PROGRESS, ConferenceStatus.HELD)


def record_statutory_booking(by: Membership, conference: Conference) -> None:
    """Tell the conference's statutory deadline (ICPC-15WD from the strategy discussion, the review
    timescale from the previous conference) the date of the earliest conference still booked for
    it, or that none is: the sweep escalates a close deadline with nothing booked."""
    if conference.kind == ConferenceKind.INITIAL and conference.strategy_discussion_id:
        rule_id, subject = "ICPC-15WD", conference.strategy_discussion
        same_timescale = {"strategy_discussion": subject}
    elif conference.kind == ConferenceKind.REVIEW and conference.previous_id:
        subject = conference.previous
        rule_id = "RCPC1-3M" if subject.kind == ConferenceKind.INITIAL else "RCPCN-6M"
        same_timescale = {"previous": subject}
    else:
        return  # a midway review meets no timescale (MIDWAY-REVIEW)
    earliest = (
        Conference.objects.for_authority(by.authority)
        .filter(kind=conference.kind, status__in=BOOKED_STATUSES, **same_timescale)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    record_booking(
        authority=by.authority,
        rule_id=rule_id,
        subject=subject,
        booked_for=local_day(earliest) if earliest else None,
        by=by,
    )


def _send_after_commit(authority_id: int, conference_id: int) -> None:
    from conferences.tasks import send_conference_update

    transaction.on_commit(
        lambda: send_conference_update.delay(authority_id=authority_id, conference_id=conference_id)
    )


# --- scheduling --------------------------------------------------------------------------------


@transaction.atomic
def schedule_conference(
    *,
    by: Membership,
    family_id: int,
    kind: str,
    starts_at: datetime,
    chair_id: int,
    child_ids: Iterable[int] | None = None,
    venue_id: int | None = None,
    virtual_link: str = "",
    strategy_discussion_id: int | None = None,
    late_reason: str = "",
    rule_reasons: dict[str, str] | None = None,
    now: datetime | None = None,
) -> Conference:
    """Book a conference (initial, review or midway) for a family's children."""
    authority = by.authority
    now = now or timezone.now()
    family = Family.objects.for_authority(authority).select_related("social_worker").get(pk=family_id)
    if kind not in ConferenceKind.values:
        raise ValidationError({"kind": "Choose an initial conference, a review or a midway review."})
    calendar = calendar_for(authority)
    day = _check_when(by, starts_at, calendar, now)
    rule_set = rule_set_in_force(authority, on=day)

    family_children = Child.objects.for_authority(authority).filter(family=family)
    if child_ids is None:
        children = list(family_children)
    else:
        wanted = set(child_ids)
        children = list(family_children.filter(pk__in=wanted))
        if len(children) != len(wanted):
            raise ValidationError({"children": "Choose children of this family only."})
    if not children:
        raise ValidationError(
            {"children": "Add the children to the case, then choose who the conference is for."}
        )

    social_worker = family.social_worker or (by if by.role == Role.SOCIAL_WORKER else None)
    if social_worker is None:
        raise ValidationError(
            {"social_worker": "Allocate a social worker to the case before booking a conference."}
        )
    venue = _venue(by, venue_id, virtual_link)
    chair = _chair(by, chair_id)
    reasons = _rule_reason(
        chair_independence(rule_set, chair=chair, social_worker=social_worker), rule_reasons or {}, "chair"
    )

    discussion, previous, statutory = None, None, None
    if kind == ConferenceKind.INITIAL:
        discussions = section47_discussions(family)
        discussion = (
            discussions.filter(pk=strategy_discussion_id).first()
            if strategy_discussion_id
            else discussions.first()
        )
        if discussion is None:
            raise ValidationError(
                {
                    "strategy_discussion": "An initial conference follows a strategy discussion that started "
                    "section 47 enquiries: record it first (ICPC-15WD counts from it)."
                }
            )
        if day < discussion.held_on:
            raise ValidationError(
                {
                    "starts_at": "The conference cannot be before the strategy discussion "
                    f"({discussion.held_on:%d %B %Y})."
                }
            )
        statutory = icpc_date(discussion)
    else:
        previous = last_real_conference(family)
        if previous is None:
            raise ValidationError(
                {"kind": "A review follows a held initial or review conference; none is recorded."}
            )
        if day <= previous.day:
            raise ValidationError({"starts_at": "A review must be after the conference it follows."})
        if kind == ConferenceKind.REVIEW:
            statutory = review_date(previous)
        elif rule_set.mode("MIDWAY-REVIEW") == Mode.OFF:
            raise _refuse(
                "MIDWAY-REVIEW", "midway reviews are switched off in this authority's rules", "kind"
            )
        elif not (rule_reasons or {}).get("MIDWAY-REVIEW", "").strip():
            raise ValidationError({"midway_reason": "Say why the plan is not progressing (MIDWAY-REVIEW)."})
        else:
            reasons["MIDWAY-REVIEW"] = rule_reasons["MIDWAY-REVIEW"].strip()
    is_late = _check_statutory(statutory, day, late_reason)

    conference = Conference(
        authority=authority,
        family=family,
        kind=kind,
        strategy_discussion=discussion,
        previous=previous,
        starts_at=starts_at,
        venue=venue,
        virtual_link=virtual_link,
        chair=chair,
        social_worker=social_worker,
        late_reason=late_reason.strip() if is_late else "",
        rule_reasons=reasons,
        created_by=by,
    )
    stamp(conference, by=by, reason=f"{conference.get_kind_display().lower()} scheduled")
    conference.save()
    bulk_create_with_history(
        [ConferenceChild(authority=authority, conference=conference, child=child) for child in children],
        ConferenceChild,
        default_user=by.user,
        default_change_reason="child added when the conference was scheduled",
    )
    _open_conference_deadlines(by, conference, day)
    record_statutory_booking(by, conference)
    return conference


def schedule_review(*, by: Membership, family_id: int, **kwargs) -> Conference:
    """A review conference: due by RCPC1-3M after the initial conference, RCPCN-6M after a review."""
    return schedule_conference(by=by, family_id=family_id, kind=ConferenceKind.REVIEW, **kwargs)


def call_midway_review(*, by: Membership, family_id: int, reason: str, **kwargs) -> Conference:
    """MIDWAY-REVIEW: scheduled like a review; its `previous` stays the last real conference, so the
    next review is still due from that one."""
    reasons = dict(kwargs.pop("rule_reasons", None) or {})
    reasons["MIDWAY-REVIEW"] = reason
    return schedule_conference(
        by=by, family_id=family_id, kind=ConferenceKind.MIDWAY, rule_reasons=reasons, **kwargs
    )


def statutory_date_of(conference: Conference) -> StatutoryDate | None:
    if conference.kind == ConferenceKind.INITIAL and conference.strategy_discussion_id:
        return icpc_date(conference.strategy_discussion)
    if conference.kind == ConferenceKind.REVIEW and conference.previous_id:
        return review_date(conference.previous)
    return None


@transaction.atomic
def reschedule_conference(
    *,
    by: Membership,
    conference_id: int,
    starts_at: datetime,
    reason: str,
    venue_id: int | None = None,
    virtual_link: str | None = None,
    late_reason: str = "",
    now: datetime | None = None,
) -> Conference:
    """Move a conference: same checks as booking, a recorded reason, the deadlines that count back
    from it moved, and an updated calendar invitation (same UID, higher SEQUENCE) to everyone."""
    conference = _conference(by, conference_id, lock=True)
    _must_be_scheduled(conference)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the conference is being moved; invitees are told."})
    day = _check_when(by, starts_at, calendar_for(by.authority), now or timezone.now())
    if conference.strategy_discussion_id and day < conference.strategy_discussion.held_on:
        raise ValidationError({"starts_at": "The conference cannot be before the strategy discussion."})
    is_late = _check_statutory(statutory_date_of(conference), day, late_reason)
    if virtual_link is not None or venue_id is not None:
        conference.venue = _venue(by, venue_id, virtual_link if virtual_link is not None else "")
        conference.virtual_link = virtual_link or ""
    conference.starts_at = starts_at
    conference.late_reason = late_reason.strip() if is_late else ""
    conference.change_reason = reason.strip()
    conference.ics_sequence += 1
    conference.version += 1
    stamp(conference, by=by, reason=f"moved: {reason.strip()}")
    conference.save()
    _open_conference_deadlines(by, conference, day)
    record_statutory_booking(by, conference)
    _send_after_commit(by.authority_id, conference.pk)
    # Report writers also hear about the new date in the app (REPORT-2WD moved with it).
    authority_id, conference_pk = by.authority_id, conference.pk
    transaction.on_commit(lambda: hooks.conference_moved(authority_id, conference_pk))
    return conference


@transaction.atomic
def cancel_conference(*, by: Membership, conference_id: int, reason: str) -> Conference:
    conference = _conference(by, conference_id, lock=True)
    _must_be_scheduled(conference)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the conference is cancelled; invitees are told."})
    conference.status = ConferenceStatus.CANCELLED
    conference.change_reason = reason.strip()
    conference.ics_sequence += 1
    conference.version += 1
    stamp(conference, by=by, reason=f"cancelled: {reason.strip()}")
    conference.save()
    cancel_deadline(authority=by.authority, rule_id="SW-REPORT", subject=conference)
    for invitation in conference.invitations.filter(kind__in=REPORTING_KINDS):
        cancel_deadline(authority=by.authority, rule_id="REPORT-2WD", subject=invitation)
    record_statutory_booking(by, conference)
    _send_after_commit(by.authority_id, conference.pk)
    return conference


# --- invitations -------------------------------------------------------------------------------


def _invitable(by: Membership, conference_id: int) -> Conference:
    conference = _conference(by, conference_id, lock=True)
    _must_be_scheduled(conference)
    return conference


def _save_invitation(invitation: Invitation, by: Membership, reason: str, field: str) -> Invitation:
    stamp(invitation, by=by, reason=reason)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise ValidationError({field: f"{invitation.name} is already invited to this conference."}) from None
    return invitation


def _invited_at(invited_on: date | None, now: datetime) -> datetime | None:
    if invited_on is None:
        return None
    if invited_on > timezone.localdate(now):
        raise ValidationError({"invited_on": "The date they were invited cannot be in the future."})
    if invited_on == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(invited_on, datetime.min.time()))


def role_label_for(membership: Membership) -> str:
    if membership.agency_id:
        return membership.agency.get_type_display()
    return membership.get_role_display()


@transaction.atomic
def invite_professional(
    *,
    by: Membership,
    conference_id: int,
    membership_id: int | None = None,
    name: str = "",
    email: str = "",
    agency_id: int | None = None,
    role_label: str = "",
    now: datetime | None = None,
) -> Invitation:
    """Invite a professional: a member of this authority, or someone new by e-mail. Someone with no
    membership here also gets an invitation to create an account (or, with an account elsewhere, to
    join this authority): their e-mail carries the join link, and joining links this invitation."""
    conference = _invitable(by, conference_id)
    now = now or timezone.now()
    members = (
        Membership.objects.for_authority(by.authority).select_related("user", "agency").filter(is_active=True)
    )
    membership = None
    if membership_id is not None:
        membership = members.filter(pk=membership_id).first()
        if membership is None:
            raise ValidationError({"membership": "Choose a professional who works with this authority."})
    elif email:
        membership = members.filter(user__email__iexact=email.strip()).first()
    if membership is not None:
        agency = membership.agency
        name, email = membership.user.display_name, membership.user.email
        role_label = role_label or role_label_for(membership)
    else:
        errors = {}
        if not name.strip():
            errors["name"] = "Enter the professional's name."
        if not email.strip():
            errors["email"] = "Enter the professional's e-mail address."
        agency = (
            Agency.objects.for_authority(by.authority).filter(pk=agency_id, is_active=True).first()
            if agency_id
            else None
        )
        if agency is None:
            errors["agency"] = "Choose the professional's agency from this authority's agencies."
        if errors:
            raise ValidationError(errors)
        if conference.invitations.filter(email__iexact=email.strip()).exists():
            raise ValidationError({"email": f"{email} is already invited to this conference."})
        role_label = role_label or agency.get_type_display()
    invitation = Invitation(
        authority=by.authority,
        conference=conference,
        kind=InviteeKind.PROFESSIONAL,
        membership=membership,
        agency=agency,
        name=name.strip(),
        email=email.strip(),
        role_label=role_label.strip(),
        invited_by=InvitedBy.EMAIL,
        invited_at=now,
    )
    _save_invitation(invitation, by, "professional invited", "membership" if membership else "email")
    if membership is None:
        invite_to_create_account(by=by, email=invitation.email, name=invitation.name, agency=agency, now=now)
    else:
        _tell_invitee_in_app(by, conference, invitation, membership)
    _open_report_deadline(by, conference, invitation, conference.day)
    _send_after_commit(by.authority_id, conference.pk)
    return invitation


def _tell_invitee_in_app(
    by: Membership, conference: Conference, invitation: Invitation, membership: Membership
) -> None:
    """The invitation in the invitee's notifications list too; the e-mail with the calendar
    attachment goes from the task, so this one sends no e-mail of its own."""
    when = timezone.localtime(conference.starts_at)
    notify(
        authority=by.authority,
        recipient=membership.user,
        kind=Notification.Kind.INVITATION,
        subject=f"Invitation: {conference.get_kind_display().lower()} on {when:%A %d %B %Y at %H:%M}",
        body=(
            f"You are invited to the {conference.get_kind_display().lower()} for case "
            f"{conference.family.case_reference} on {when:%A %d %B %Y at %H:%M}. "
            "Your report is due before it (REPORT-2WD): see My conferences."
        ),
        url="/my-conferences/",
        dedupe_key=f"invitation:{invitation.pk}",
        email=False,
    )


FAMILY_INVITED_BY = (InvitedBy.LETTER, InvitedBy.IN_PERSON, InvitedBy.PHONE)


def family_role_label(person: Person) -> str:
    parts = [f"{r.get_kind_display()} of {r.child.first_name}" for r in person.relationships.all()]
    return ", ".join(parts) or "Family member"


@transaction.atomic
def invite_family_member(
    *,
    by: Membership,
    conference_id: int,
    person_id: int,
    invited_by: str,
    invited_on: date | None,
    reason: str = "",
    now: datetime | None = None,
) -> Invitation:
    """FAMILY-INVITE: family members have no accounts; how and when each was invited is recorded."""
    conference = _invitable(by, conference_id)
    now = now or timezone.now()
    person = (
        Person.objects.for_authority(by.authority)
        .filter(pk=person_id, family=conference.family_id)
        .prefetch_related("relationships__child")
        .first()
    )
    if person is None:
        raise ValidationError({"person": "Choose a parent or carer of this family."})
    if invited_by and invited_by not in FAMILY_INVITED_BY:
        raise ValidationError({"invited_by": "Family members are invited by letter, in person or by phone."})
    rule_set = conference.rule_set_in_force()
    answer = check_rule(
        rule_set,
        "FAMILY-INVITE",
        satisfied=bool(invited_by and invited_on),
        message="record how and when the family member was invited",
    )
    reasons = _rule_reason(answer, {"FAMILY-INVITE": reason}, "invited_by")
    invitation = Invitation(
        authority=by.authority,
        conference=conference,
        kind=InviteeKind.PARENT,
        person=person,
        name=str(person),
        role_label=family_role_label(person),
        invited_by=invited_by or InvitedBy.LETTER,
        invited_at=_invited_at(invited_on, now),
        rule_reasons=reasons,
    )
    return _save_invitation(invitation, by, f"family member invited ({invited_by or 'not yet'})", "person")


@transaction.atomic
def invite_child(
    *,
    by: Membership,
    conference_id: int,
    child_id: int,
    views_route: str,
    wishes_to_attend: bool | None = None,
    invited_by: str = "",
    invited_on: date | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Invitation:
    """CHILD-PARTICIPATION: the child's wish to attend and how their views reach the conference."""
    conference = _invitable(by, conference_id)
    now = now or timezone.now()
    child = conference.children.filter(pk=child_id).first()
    if child is None:
        raise ValidationError({"child": "Choose a child this conference is about."})
    if views_route and views_route not in ViewsRoute.values:
        raise ValidationError({"views_route": "Choose how the child's views will reach the conference."})
    appropriate = views_route != ViewsRoute.NOT_APPROPRIATE
    missing = []
    if not views_route:
        missing.append("how their views will reach the conference")
    if appropriate and wishes_to_attend is None:
        missing.append("whether they wish to attend")
    if appropriate and wishes_to_attend and not (invited_by and invited_on):
        missing.append("how and when they were invited")
    rule_set = conference.rule_set_in_force()
    answer = check_rule(
        rule_set,
        "CHILD-PARTICIPATION",
        satisfied=not missing,
        message="record " + " and ".join(missing) if missing else "",
    )
    reasons = _rule_reason(answer, {"CHILD-PARTICIPATION": reason}, "views_route")
    invitation = Invitation(
        authority=by.authority,
        conference=conference,
        kind=InviteeKind.CHILD,
        child=child,
        name=child.full_name,
        role_label="Child",
        invited_by=invited_by or InvitedBy.IN_PERSON,
        invited_at=_invited_at(invited_on, now) if appropriate else None,
        wishes_to_attend=wishes_to_attend if appropriate else None,
        views_route=views_route,
        rule_reasons=reasons,
    )
    if conference.invitations.filter(child=child).exists():
        raise ValidationError({"child": f"{child.full_name}'s participation is already recorded."})
    return _save_invitation(invitation, by, "child's participation recorded", "child")


@transaction.atomic
def invite_advocate_or_interpreter(
    *,
    by: Membership,
    conference_id: int,
    kind: str,
    name: str,
    email: str = "",
    role_label: str = "",
    invited_by: str = InvitedBy.EMAIL,
    invited_on: date | None = None,
    now: datetime | None = None,
) -> Invitation:
    conference = _invitable(by, conference_id)
    now = now or timezone.now()
    if kind not in (InviteeKind.ADVOCATE, InviteeKind.INTERPRETER):
        raise ValidationError({"kind": "Choose advocate or interpreter."})
    if not name.strip():
        raise ValidationError({"name": "Enter their name."})
    if invited_by == InvitedBy.EMAIL and not email.strip():
        raise ValidationError({"email": "Enter their e-mail address to invite them by e-mail."})
    invitation = Invitation(
        authority=by.authority,
        conference=conference,
        kind=kind,
        name=name.strip(),
        email=email.strip(),
        role_label=role_label.strip() or InviteeKind(kind).label,
        invited_by=invited_by,
        invited_at=now if invited_by == InvitedBy.EMAIL else _invited_at(invited_on, now),
    )
    _save_invitation(invitation, by, f"{kind} invited", "name")
    if kind in REPORTING_KINDS:
        _open_report_deadline(by, conference, invitation, conference.day)
    if invitation.email:
        _send_after_commit(by.authority_id, conference.pk)
    return invitation


# --- requests to the chair (PROF-SLOT, OBSERVER) -----------------------------------------------


def _before_the_day(
    rule_set: RuleSet, rule_id: str, conference: Conference, today: date, late_reason: str
) -> str:
    """A request must reach the chair before the conference day: refused where required, a
    recorded reason where advised."""
    answer = check_rule(
        rule_set,
        rule_id,
        satisfied=today < conference.day,
        message="requests must be made before the day of the conference",
    )
    enforce(answer, reason=late_reason, field="late_reason" if answer.advised else None)
    return late_reason.strip() if not answer.ok else ""


@transaction.atomic
def request_professional_slot(
    *, by: Membership, conference_id: int, reason: str, late_reason: str = "", today: date | None = None
) -> ProfessionalSlotRequest:
    conference = _invitable(by, conference_id)
    if not reason.strip():
        raise ValidationError({"reason": "Say why a professional slot is needed."})
    rule_set = conference.rule_set_in_force()
    late = _before_the_day(rule_set, "PROF-SLOT", conference, today or timezone.localdate(), late_reason)
    slot = ProfessionalSlotRequest(
        authority=by.authority,
        conference=conference,
        requested_by=by,
        reason=reason.strip(),
        late_reason=late,
    )
    stamp(slot, by=by, reason="professional slot requested")
    slot.save()
    return slot


@transaction.atomic
def request_observer(
    *,
    by: Membership,
    conference_id: int,
    observer_name: str,
    observer_role: str,
    reason: str,
    late_reason: str = "",
    today: date | None = None,
) -> ObserverRequest:
    conference = _invitable(by, conference_id)
    errors = {}
    for field, value in (
        ("observer_name", observer_name),
        ("observer_role", observer_role),
        ("reason", reason),
    ):
        if not value.strip():
            errors[field] = "This cannot be blank."
    if errors:
        raise ValidationError(errors)
    rule_set = conference.rule_set_in_force()
    late = _before_the_day(rule_set, "OBSERVER", conference, today or timezone.localdate(), late_reason)
    observer = ObserverRequest(
        authority=by.authority,
        conference=conference,
        requested_by=by,
        observer_name=observer_name.strip(),
        observer_role=observer_role.strip(),
        reason=reason.strip(),
        late_reason=late,
    )
    stamp(observer, by=by, reason="observer requested")
    observer.save()
    return observer


def _decide(request_obj, by: Membership, approve: bool, reason: str, now: datetime | None):
    if not reason.strip():
        raise ValidationError({"decision_reason": "Give the reason for the decision."})
    request_obj.decision = RequestDecision.APPROVED if approve else RequestDecision.DECLINED
    request_obj.decided_by, request_obj.decided_at = by, now or timezone.now()
    request_obj.decision_reason = reason.strip()
    stamp(request_obj, by=by, reason=f"chair {request_obj.get_decision_display().lower()}")
    request_obj.save()
    return request_obj


@transaction.atomic
def decide_professional_slot(
    *, by: Membership, request_id: int, approve: bool, reason: str, now: datetime | None = None
) -> ProfessionalSlotRequest:
    slot = ProfessionalSlotRequest.objects.for_authority(by.authority).select_for_update().get(pk=request_id)
    return _decide(slot, by, approve, reason, now)


@transaction.atomic
def decide_observer(
    *, by: Membership, request_id: int, approve: bool, reason: str, now: datetime | None = None
) -> ObserverRequest:
    observer = ObserverRequest.objects.for_authority(by.authority).select_for_update().get(pk=request_id)
    return _decide(observer, by, approve, reason, now)


@transaction.atomic
def record_family_agreement(
    *, by: Membership, request_id: int, agreed: bool, now: datetime | None = None
) -> ObserverRequest:
    """OBSERVER: the chair asks the family; an observer they did not agree to is refused entry."""
    observer = ObserverRequest.objects.for_authority(by.authority).select_for_update().get(pk=request_id)
    observer.family_agreed = agreed
    observer.family_agreement_recorded_at = now or timezone.now()
    stamp(
        observer,
        by=by,
        reason="family agreed to the observer" if agreed else "family did not agree to the observer",
    )
    observer.save()
    return observer


# --- before the conference ---------------------------------------------------------------------


def _not_future(field: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        raise ValidationError({field: "This date cannot be in the future."})


@transaction.atomic
def record_family_needs(
    *,
    by: Membership,
    conference_id: int,
    advocacy: str = "",
    interpreter: str = "",
    transport: str = "",
    childcare: str = "",
    accessibility: str = "",
    social_worker_met_family_on: date | None = None,
    written_information_given_on: date | None = None,
) -> FamilyNeeds:
    """FAMILY-NEEDS: advocacy, interpreter, transport, childcare, accessibility; when the social
    worker met the family and gave them written information on how conferences work."""
    conference = _invitable(by, conference_id)
    today = timezone.localdate()
    _not_future("social_worker_met_family_on", social_worker_met_family_on, today)
    _not_future("written_information_given_on", written_information_given_on, today)
    needs = FamilyNeeds.objects.for_authority(by.authority).filter(
        conference=conference
    ).first() or FamilyNeeds(authority=by.authority, conference=conference)
    needs.advocacy, needs.interpreter, needs.transport = advocacy, interpreter, transport
    needs.childcare, needs.accessibility = childcare, accessibility
    needs.social_worker_met_family_on = social_worker_met_family_on
    needs.written_information_given_on = written_information_given_on
    stamp(needs, by=by, reason="family needs recorded")
    needs.save()
    return needs


def _save_conference(conference: Conference, by: Membership, reason: str, fields: list[str]) -> Conference:
    conference.version += 1
    stamp(conference, by=by, reason=reason)
    conference.save(update_fields=[*fields, "version"])
    return conference


@transaction.atomic
def record_separate_arrangements(*, by: Membership, conference_id: int, arrangements: str) -> Conference:
    """SEPARATE: where court orders, bail conditions or domestic abuse keep parents apart."""
    conference = _invitable(by, conference_id)
    conference.separate_attendance = arrangements.strip()
    return _save_conference(
        conference, by, "separate attendance arrangements recorded", ["separate_attendance"]
    )


@transaction.atomic
def record_pre_meeting(*, by: Membership, conference_id: int, held_on: date, notes: str = "") -> Conference:
    """PRE-MEET: the chair meets the parents before the conference."""
    conference = _invitable(by, conference_id)
    _not_future("held_on", held_on, timezone.localdate())
    if held_on > conference.day:
        raise ValidationError({"held_on": "The pre-meeting is before the conference."})
    conference.pre_meeting_on, conference.pre_meeting_notes = held_on, notes.strip()
    return _save_conference(
        conference, by, "chair's pre-meeting recorded", ["pre_meeting_on", "pre_meeting_notes"]
    )


@transaction.atomic
def record_sw_report(
    *,
    by: Membership,
    conference_id: int,
    sw_report: str,
    draft_plan: str = "",
    danger_statement_draft: str = "",
    shared_professionals_on: date | None = None,
    shared_family_on: date | None = None,
    late_reason: str = "",
) -> Conference:
    """SW-REPORT: the social worker's report (and for an initial conference the draft plan prepared
    with the family), shared with professionals and family by its deadline."""
    conference = _invitable(by, conference_id)
    today = timezone.localdate()
    _not_future("shared_professionals_on", shared_professionals_on, today)
    _not_future("shared_family_on", shared_family_on, today)
    if not sw_report.strip():
        raise ValidationError({"sw_report": "Enter the social worker's report."})
    shared = shared_professionals_on and shared_family_on
    if shared and conference.kind == ConferenceKind.INITIAL and not draft_plan.strip():
        raise ValidationError(
            {"draft_plan": "For an initial conference, share the draft plan prepared with the family too."}
        )
    deadline = deadline_for(authority=by.authority, rule_id="SW-REPORT", subject=conference)
    if shared and deadline is not None:
        met_on = max(shared_professionals_on, shared_family_on)
        rule_set = conference.rule_set_in_force()
        enforce(
            check_deadline(rule_set, "SW-REPORT", due=deadline.due_on, acted_on=met_on),
            reason=late_reason,
            field="late_reason",
        )
        meet_deadline(
            authority=by.authority,
            rule_id="SW-REPORT",
            subject=conference,
            met_on=met_on,
            reason=late_reason.strip(),
        )
    conference.sw_report, conference.draft_plan = sw_report.strip(), draft_plan.strip()
    conference.danger_statement_draft = danger_statement_draft.strip()
    conference.sw_report_shared_professionals_on = shared_professionals_on
    conference.sw_report_shared_family_on = shared_family_on
    return _save_conference(
        conference,
        by,
        "social worker's report recorded",
        [
            "sw_report",
            "draft_plan",
            "danger_statement_draft",
            "sw_report_shared_professionals_on",
            "sw_report_shared_family_on",
        ],
    )


# --- what is still to do before the day ----------------------------------------------------------


@dataclass(frozen=True)
class Preparation:
    rule_id: str
    title: str
    mode: str
    done: bool
    detail: str


def preparation_checklist(conference: Conference, invitations: list[Invitation]) -> list[Preparation]:
    """The pre-conference rules in force for this conference, and whether each is done yet.
    Rules that are off here are left out: the checklist follows the rule set, not the authority."""
    rule_set = conference.rule_set_in_force()
    needs = getattr(conference, "family_needs", None) if hasattr(conference, "family_needs") else None
    parents = [i for i in invitations if i.kind == InviteeKind.PARENT]
    children = [i for i in invitations if i.kind == InviteeKind.CHILD]
    items = [
        (
            "FAMILY-INVITE",
            "Family members invited (how and when)",
            bool(parents) and all(i.invited_at for i in parents),
            f"{len(parents)} parent or carer invitation{'s' if len(parents) != 1 else ''} recorded",
        ),
        (
            "CHILD-PARTICIPATION",
            "Each child's participation recorded",
            len(children) >= conference.children.count(),
            f"{len(children)} of {conference.children.count()} recorded",
        ),
        (
            "FAMILY-NEEDS",
            "Family needs recorded",
            needs is not None,
            "Recorded" if needs else "Not recorded yet",
        ),
        (
            "SEPARATE",
            "Separate attendance arrangements considered",
            bool(conference.separate_attendance),
            conference.separate_attendance or "None recorded",
        ),
        (
            "PRE-MEET",
            "Chair's pre-meeting with parents",
            bool(conference.pre_meeting_on),
            f"Held {conference.pre_meeting_on:%d %b %Y}" if conference.pre_meeting_on else "Not recorded yet",
        ),
        (
            "SW-REPORT",
            "Social worker's report shared",
            bool(conference.sw_report_shared_family_on and conference.sw_report_shared_professionals_on),
            "Shared"
            if conference.sw_report_shared_family_on and conference.sw_report_shared_professionals_on
            else "Not shared yet",
        ),
    ]
    return [
        Preparation(rule_id, title, rule_set.setting(rule_id).get_mode_display(), done, detail)
        for rule_id, title, done, detail in items
        if rule_set.is_on(rule_id)
    ]


__all__ = [
    "StatutoryDate",
    "call_midway_review",
    "cancel_conference",
    "decide_observer",
    "decide_professional_slot",
    "invite_advocate_or_interpreter",
    "invite_child",
    "invite_family_member",
    "invite_professional",
    "record_family_agreement",
    "record_family_needs",
    "record_pre_meeting",
    "record_separate_arrangements",
    "record_sw_report",
    "request_observer",
    "request_professional_slot",
    "reschedule_conference",
    "schedule_conference",
    "schedule_review",
]
