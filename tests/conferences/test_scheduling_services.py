"""Scheduling services: booking inside (or outside) the statutory date, the rules that refuse or
ask for a reason in their mode, invitations with .ics e-mails, moves and cancellations, requests
to the chair, preparation records, and reviews (RCPC1-3M, RCPCN-6M, MIDWAY-REVIEW)."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.human_dates import long_date_with_weekday
from authorities.models import Authority, Mode, Role, RuleSet
from authorities.rules.checks import RuleViolation
from conferences.models import ConferenceKind, ConferenceStatus, RequestDecision
from conferences.preparation import services as scheduling
from scheduling.calendars import calendar_for
from scheduling.engine import add_months
from scheduling.models import Notification
from scheduling.services import deadline_for
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.factories import AgencyFactory, ClosureDayFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def set_mode(authority, rule_id: str, mode: str) -> None:
    rule_set = RuleSet.objects.for_authority(authority).get()
    rule_set.settings.filter(rule_id=rule_id).update(mode=mode)


def book(case, *, day=None, kind=ConferenceKind.INITIAL, **kwargs):
    kwargs.setdefault("chair_id", case.chair.pk)
    kwargs.setdefault("venue_id", case.venue.pk)
    return scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind=kind,
        starts_at=at(day or working_day(case.authority, 3)),
        **kwargs,
    )


def ics_of(message) -> icalendar.Calendar:
    (name, content, mimetype), *_ = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def event_of(message):
    return next(iter(ics_of(message).walk("VEVENT")))


# --- booking -------------------------------------------------------------------------------


def test_an_initial_conference_inside_icpc_is_booked_and_opens_sw_report(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    assert conference.status == ConferenceStatus.SCHEDULED
    assert conference.late_reason == ""
    assert {c.pk for c in conference.children.all()} == {c.pk for c in case.children}
    deadline = deadline_for(authority=mine, rule_id="SW-REPORT", subject=conference)
    assert deadline.due_on == calendar_for(mine).subtract_working_days(working_day(mine, 3), 2)
    assert conference.history.first().history_user == case.social_worker.user


def test_an_initial_conference_after_icpc_needs_a_reason_where_it_is_required(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion(held_on=working_day(mine, -20))
    with pytest.raises(RuleViolation) as refused:
        book(case)
    assert refused.value.rule_id == "ICPC-15WD" and refused.value.field == "late_reason"
    conference = book(case, late_reason="No chair available; family asked for a later date")
    assert conference.late_reason.startswith("No chair")


def test_an_initial_conference_after_icpc_is_only_flagged_where_it_is_advised(two_authorities):
    mine, _ = two_authorities
    set_mode(mine, "ICPC-15WD", Mode.ADVISED)
    case = make_case(mine)
    case.discussion(held_on=working_day(mine, -20))
    assert book(case).pk


@pytest.mark.parametrize("problem", ["past", "weekend", "closure"])
def test_a_date_in_the_past_or_on_a_non_working_day_is_refused(two_authorities, problem):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    today = timezone.localdate()
    if problem == "past":
        day = today - timedelta(days=1)
    elif problem == "weekend":
        day = today + timedelta(days=(5 - today.weekday()) % 7 or 7)  # next Saturday
    else:
        day = working_day(mine, 2)
        ClosureDayFactory(authority=mine, date=day)
    with pytest.raises(ValidationError) as refused:
        book(case, day=day)
    assert "starts_at" in refused.value.message_dict


def test_an_initial_conference_needs_a_section_47_strategy_discussion(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion(section47=False)
    with pytest.raises(ValidationError) as refused:
        book(case)
    assert "strategy_discussion" in refused.value.message_dict


def test_the_chair_may_not_be_the_social_worker_or_their_team_manager(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    case.team_manager.role = Role.CHAIR
    case.team_manager.save()
    with pytest.raises(RuleViolation) as refused:
        book(case, chair_id=case.team_manager.pk)
    assert refused.value.rule_id == "CHAIR-INDEPENDENT" and refused.value.field == "chair"


def test_an_advised_chair_independence_rule_goes_ahead_with_a_recorded_reason(two_authorities):
    mine, _ = two_authorities
    set_mode(mine, "CHAIR-INDEPENDENT", Mode.ADVISED)
    case = make_case(mine)
    case.discussion()
    case.team_manager.role = Role.CHAIR
    case.team_manager.save()
    with pytest.raises(RuleViolation) as asked:
        book(case, chair_id=case.team_manager.pk)
    assert asked.value.answer.needs_reason
    conference = book(
        case, chair_id=case.team_manager.pk, rule_reasons={"CHAIR-INDEPENDENT": "Only chair free"}
    )
    assert conference.rule_reasons == {"CHAIR-INDEPENDENT": "Only chair free"}


def test_a_venue_or_chair_of_another_authority_is_refused_naming_the_field(two_authorities):
    mine, theirs = two_authorities
    case, foreign = make_case(mine), make_case(theirs)
    case.discussion()
    with pytest.raises(ValidationError) as refused:
        book(case, venue_id=foreign.venue.pk)
    assert "venue" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        book(case, chair_id=foreign.chair.pk)
    assert "chair" in refused.value.message_dict


# --- invitations and e-mails ----------------------------------------------------------------


def test_inviting_a_professional_opens_report_2wd_and_emails_an_ics(
    two_authorities, mailoutbox, django_capture_on_commit_callbacks
):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    nurse = MembershipFactory(authority=mine, role=Role.PRACTITIONER, user__email="nurse@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = scheduling.invite_professional(
            by=case.social_worker, conference_id=conference.pk, membership_id=nurse.pk
        )
    deadline = deadline_for(authority=mine, rule_id="REPORT-2WD", subject=invitation)
    assert deadline.due_on == calendar_for(mine).subtract_working_days(working_day(mine, 3), 2)
    assert deadline.responsible == nurse
    (message,) = mailoutbox
    assert message.to == ["nurse@example.test"]
    assert long_date_with_weekday(deadline.due_on) in message.body and "REPORT-2WD" in message.body
    event = event_of(message)
    assert ics_of(message)["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"{conference.ics_uid}@cpc"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == conference.starts_at
    # The same invitation in their notifications list (the e-mail above is the only e-mail).
    (note,) = Notification.objects.for_authority(mine).filter(recipient=nurse.user)
    assert note.kind == Notification.Kind.INVITATION and note.url == "/my-conferences/"
    assert long_date_with_weekday(timezone.localtime(conference.starts_at)) in note.subject


def test_arrival_time_is_shown_where_arrive_30_is_on(mailoutbox, django_capture_on_commit_callbacks):
    staffordshire = Authority.objects.get(slug="staffordshire")
    case = make_case(staffordshire)
    case.discussion()
    conference = book(case)
    nurse = MembershipFactory(authority=staffordshire, role=Role.PRACTITIONER)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.invite_professional(
            by=case.social_worker, conference_id=conference.pk, membership_id=nurse.pk
        )
    assert "Please arrive by 09:30" in mailoutbox[0].body
    assert "ARRIVE-30" in str(event_of(mailoutbox[0])["DESCRIPTION"])


def test_someone_new_is_invited_by_email_and_told_about_their_account(
    two_authorities, mailoutbox, django_capture_on_commit_callbacks
):
    mine, theirs = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    agency = AgencyFactory(authority=mine, name="Alphashire Housing", type="housing")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = scheduling.invite_professional(
            by=case.social_worker,
            conference_id=conference.pk,
            name="Robin New",
            email="robin@housing.example.test",
            agency_id=agency.pk,
        )
    assert invitation.membership is None and invitation.role_label == "Housing"
    assert f"{settings.SITE_URL}/accounts/join/" in mailoutbox[0].body
    foreign_agency = AgencyFactory(authority=theirs, name="Betashire Housing")
    with pytest.raises(ValidationError) as refused:
        scheduling.invite_professional(
            by=case.social_worker,
            conference_id=conference.pk,
            name="X",
            email="x@example.test",
            agency_id=foreign_agency.pk,
        )
    assert "agency" in refused.value.message_dict


def test_moving_sends_the_same_uid_with_a_higher_sequence_and_moves_the_deadlines(
    two_authorities, mailoutbox, django_capture_on_commit_callbacks
):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    nurse = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = scheduling.invite_professional(
            by=case.social_worker, conference_id=conference.pk, membership_id=nurse.pk
        )
    new_day = working_day(mine, 5)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.reschedule_conference(
            by=case.social_worker,
            conference_id=conference.pk,
            starts_at=at(new_day, 14),
            reason="Chair is ill",
        )
    assert len(mailoutbox) == 2
    first, moved = event_of(mailoutbox[0]), event_of(mailoutbox[1])
    assert str(moved["UID"]) == str(first["UID"])
    assert int(moved["SEQUENCE"]) == 1
    # The reason people type stays behind sign-in: the calendar entry and e-mail only say it moved.
    assert "Chair is ill" not in str(moved["DESCRIPTION"]) and "Chair is ill" not in mailoutbox[1].body
    assert "has been moved" in str(moved["DESCRIPTION"]) and "has been moved" in mailoutbox[1].body
    expected_due = calendar_for(mine).subtract_working_days(new_day, 2)
    assert deadline_for(authority=mine, rule_id="REPORT-2WD", subject=invitation).due_on == expected_due
    moved_note = Notification.objects.for_authority(mine).get(
        recipient=invitation.membership.user, kind=Notification.Kind.CONFERENCE_CHANGED
    )
    assert moved_note.kind == Notification.Kind.CONFERENCE_CHANGED
    assert long_date_with_weekday(expected_due) in moved_note.body
    conference.refresh_from_db()
    assert deadline_for(authority=mine, rule_id="SW-REPORT", subject=conference).due_on == expected_due
    assert conference.history.first().history_change_reason == "moved: Chair is ill"


def test_cancelling_sends_method_cancel_and_cancels_the_deadlines(
    two_authorities, mailoutbox, django_capture_on_commit_callbacks
):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    nurse = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = scheduling.invite_professional(
            by=case.social_worker, conference_id=conference.pk, membership_id=nurse.pk
        )
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.cancel_conference(
            by=case.social_worker, conference_id=conference.pk, reason="Family moved away"
        )
    cancel = ics_of(mailoutbox[1])
    assert cancel["METHOD"] == "CANCEL"
    event = next(iter(cancel.walk("VEVENT")))
    assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert "is cancelled" in mailoutbox[1].body and "Family moved away" not in mailoutbox[1].body
    assert deadline_for(authority=mine, rule_id="REPORT-2WD", subject=invitation).cancelled_at
    with pytest.raises(ValidationError):
        scheduling.cancel_conference(by=case.social_worker, conference_id=conference.pk, reason="again")


def test_the_send_task_never_sends_the_same_version_twice(
    two_authorities, mailoutbox, django_capture_on_commit_callbacks
):
    from conferences.tasks import send_conference_update

    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    nurse = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.invite_professional(
            by=case.social_worker, conference_id=conference.pk, membership_id=nurse.pk
        )
    assert send_conference_update(authority_id=mine.pk, conference_id=conference.pk) == 0
    assert len(mailoutbox) == 1


def test_tasks_go_after_commit(two_authorities, django_capture_on_commit_callbacks, mailoutbox):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    nurse = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scheduling.invite_professional(
            by=case.social_worker, conference_id=conference.pk, membership_id=nurse.pk
        )
    assert len(callbacks) == 1 and mailoutbox == []


def test_family_members_are_invited_with_how_and_when_recorded(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    with pytest.raises(RuleViolation) as refused:
        scheduling.invite_family_member(
            by=case.social_worker,
            conference_id=conference.pk,
            person_id=case.mother.pk,
            invited_by="letter",
            invited_on=None,
        )
    assert refused.value.rule_id == "FAMILY-INVITE"
    invitation = scheduling.invite_family_member(
        by=case.social_worker,
        conference_id=conference.pk,
        person_id=case.mother.pk,
        invited_by="letter",
        invited_on=timezone.localdate(),
    )
    assert invitation.invited_by == "letter" and invitation.invited_at
    assert invitation.role_label.startswith("Mother of Child")
    with pytest.raises(ValidationError):
        scheduling.invite_family_member(
            by=case.social_worker,
            conference_id=conference.pk,
            person_id=case.mother.pk,
            invited_by="letter",
            invited_on=timezone.localdate(),
        )


def test_a_childs_wish_to_attend_and_how_their_views_reach_the_conference_are_recorded(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    child = case.children[0]
    with pytest.raises(RuleViolation) as refused:
        scheduling.invite_child(
            by=case.social_worker, conference_id=conference.pk, child_id=child.pk, views_route="written"
        )
    assert refused.value.rule_id == "CHILD-PARTICIPATION"
    invitation = scheduling.invite_child(
        by=case.social_worker,
        conference_id=conference.pk,
        child_id=child.pk,
        views_route="written",
        wishes_to_attend=False,
    )
    assert invitation.wishes_to_attend is False and invitation.views_route == "written"
    baby = scheduling.invite_child(
        by=case.social_worker,
        conference_id=conference.pk,
        child_id=case.children[1].pk,
        views_route="not_appropriate",
    )
    assert baby.invited_at is None


# --- requests to the chair ------------------------------------------------------------------


def test_a_request_on_the_conference_day_is_refused_where_observer_and_prof_slot_are_required(
    two_authorities,
):
    _, theirs = two_authorities  # West Sussex rules: PROF-SLOT and OBSERVER required
    case = make_case(theirs)
    case.discussion()
    conference = book(case)
    practitioner = MembershipFactory(authority=theirs, role=Role.PRACTITIONER)
    on_the_day = timezone.localtime(conference.starts_at).date()
    with pytest.raises(RuleViolation) as refused:
        scheduling.request_professional_slot(
            by=practitioner, conference_id=conference.pk, reason="Live investigation", today=on_the_day
        )
    assert refused.value.rule_id == "PROF-SLOT" and str(refused.value).endswith("(PROF-SLOT)")
    with pytest.raises(RuleViolation) as refused:
        scheduling.request_observer(
            by=practitioner,
            conference_id=conference.pk,
            observer_name="Sam Student",
            observer_role="Student nurse",
            reason="Training",
            late_reason="Forgot",
            today=on_the_day,
        )
    assert refused.value.rule_id == "OBSERVER"
    slot = scheduling.request_professional_slot(
        by=practitioner, conference_id=conference.pk, reason="Live investigation"
    )
    assert slot.decision == RequestDecision.PENDING


def test_a_late_request_goes_ahead_with_a_reason_where_the_rule_is_advised(two_authorities):
    mine, _ = two_authorities  # Barnsley rules: OBSERVER advised
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    practitioner = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    on_the_day = timezone.localtime(conference.starts_at).date()
    kwargs = dict(observer_name="Sam", observer_role="Student", reason="Training", today=on_the_day)
    with pytest.raises(RuleViolation) as asked:
        scheduling.request_observer(by=practitioner, conference_id=conference.pk, **kwargs)
    assert asked.value.answer.needs_reason
    observer = scheduling.request_observer(
        by=practitioner, conference_id=conference.pk, late_reason="Cover", **kwargs
    )
    assert observer.late_reason == "Cover"
    scheduling.decide_observer(by=case.chair, request_id=observer.pk, approve=True, reason="Fine")
    observer.refresh_from_db()
    assert not observer.admitted  # the family has not agreed yet
    scheduling.record_family_agreement(by=case.social_worker, request_id=observer.pk, agreed=True)
    observer.refresh_from_db()
    assert observer.admitted and observer.decided_by == case.chair


def test_a_chairs_decision_needs_a_reason(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    slot = scheduling.request_professional_slot(
        by=case.social_worker, conference_id=conference.pk, reason="Police"
    )
    with pytest.raises(ValidationError):
        scheduling.decide_professional_slot(by=case.chair, request_id=slot.pk, approve=False, reason=" ")
    scheduling.decide_professional_slot(by=case.chair, request_id=slot.pk, approve=False, reason="Not needed")
    slot.refresh_from_db()
    assert slot.decision == RequestDecision.DECLINED and slot.decision_reason == "Not needed"


# --- before the conference ------------------------------------------------------------------


def test_sharing_the_sw_report_meets_its_deadline_and_late_needs_a_reason_where_required(two_authorities):
    mine, _ = two_authorities  # Barnsley: SW-REPORT required
    case = make_case(mine)
    case.discussion()
    conference = book(case, day=working_day(mine, 1))
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        scheduling.record_sw_report(
            by=case.social_worker,
            conference_id=conference.pk,
            sw_report="Report",
            shared_professionals_on=today,
            shared_family_on=today,
        )
    assert "draft_plan" in refused.value.message_dict
    with pytest.raises(RuleViolation) as late:
        scheduling.record_sw_report(
            by=case.social_worker,
            conference_id=conference.pk,
            sw_report="Report",
            draft_plan="Plan",
            shared_professionals_on=today,
            shared_family_on=today,
        )
    assert late.value.rule_id == "SW-REPORT"
    scheduling.record_sw_report(
        by=case.social_worker,
        conference_id=conference.pk,
        sw_report="Report",
        draft_plan="Plan",
        shared_professionals_on=today,
        shared_family_on=today,
        late_reason="Conference brought forward",
    )
    deadline = deadline_for(authority=mine, rule_id="SW-REPORT", subject=conference)
    assert deadline.met_on == today and deadline.status == "met_late"


def test_preparation_records_and_the_checklist_follow_the_rule_set(two_authorities):
    _, theirs = two_authorities  # West Sussex: FAMILY-NEEDS, SEPARATE, PRE-MEET advised
    case = make_case(theirs)
    case.discussion()
    conference = book(case)
    checklist = {item.rule_id: item for item in scheduling.preparation_checklist(conference, [])}
    assert {"FAMILY-NEEDS", "SEPARATE", "PRE-MEET", "SW-REPORT"} <= set(checklist)
    assert not checklist["FAMILY-NEEDS"].done
    scheduling.record_family_needs(by=case.social_worker, conference_id=conference.pk, interpreter="Polish")
    scheduling.record_separate_arrangements(
        by=case.social_worker, conference_id=conference.pk, arrangements="Father joins by phone"
    )
    scheduling.record_pre_meeting(by=case.chair, conference_id=conference.pk, held_on=timezone.localdate())
    conference.refresh_from_db()
    checklist = {item.rule_id: item for item in scheduling.preparation_checklist(conference, [])}
    assert checklist["FAMILY-NEEDS"].done and checklist["SEPARATE"].done and checklist["PRE-MEET"].done
    barnsley_like = make_case(two_authorities[0], name="Other family")
    barnsley_like.discussion()
    other = book(barnsley_like)
    assert "SEPARATE" not in {i.rule_id for i in scheduling.preparation_checklist(other, [])}


# --- reviews --------------------------------------------------------------------------------


def _held(conference, day):
    conference.status, conference.held_on = ConferenceStatus.HELD, day
    conference.starts_at = at(day)
    conference.save()


def test_reviews_are_due_by_rcpc1_3m_then_rcpcn_6m_and_a_midway_review_does_not_reset_the_cycle(
    two_authorities,
):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    initial = book(case)
    held_on = working_day(mine, -30)
    _held(initial, held_on)
    calendar = calendar_for(mine)
    first_due = calendar.on_or_before(add_months(held_on, 3))
    statutory = scheduling.statutory_date_for(family=case.family, kind=ConferenceKind.REVIEW)
    assert (statutory.rule_id, statutory.due_on) == ("RCPC1-3M", first_due)

    midway = scheduling.call_midway_review(
        by=case.social_worker,
        family_id=case.family.pk,
        reason="Plan stalled",
        starts_at=at(working_day(mine, 2)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    assert midway.kind == ConferenceKind.MIDWAY and midway.previous == initial
    assert midway.rule_reasons["MIDWAY-REVIEW"] == "Plan stalled"
    _held(midway, working_day(mine, -5))
    # The midway review is not an anchor: the first review is still due from the initial conference.
    statutory = scheduling.statutory_date_for(family=case.family, kind=ConferenceKind.REVIEW)
    assert (statutory.rule_id, statutory.due_on) == ("RCPC1-3M", first_due)
    review = book(case, kind=ConferenceKind.REVIEW, day=working_day(mine, 4))
    assert review.previous == initial
    _held(review, working_day(mine, -1))
    statutory = scheduling.statutory_date_for(family=case.family, kind=ConferenceKind.REVIEW)
    assert statutory.rule_id == "RCPCN-6M"
    assert statutory.due_on == calendar.on_or_before(add_months(working_day(mine, -1), 6))


def test_a_midway_review_is_refused_where_the_switch_is_off(two_authorities):
    mine, _ = two_authorities
    set_mode(mine, "MIDWAY-REVIEW", Mode.OFF)
    case = make_case(mine)
    case.discussion()
    _held(book(case), working_day(mine, -10))
    with pytest.raises(RuleViolation) as refused:
        scheduling.call_midway_review(
            by=case.social_worker,
            family_id=case.family.pk,
            reason="x",
            starts_at=at(working_day(mine, 2)),
            chair_id=case.chair.pk,
            venue_id=case.venue.pk,
        )
    assert refused.value.rule_id == "MIDWAY-REVIEW"


def test_a_review_reads_the_deadline_the_chair_opened_when_it_exists(two_authorities):
    from scheduling.services import open_deadline

    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    initial = book(case)
    _held(initial, working_day(mine, -10))
    opened = open_deadline(
        authority=mine,
        rule_id="RCPC1-3M",
        subject=initial,
        event_on=working_day(mine, -10),
        label="First review",
    )
    statutory = scheduling.statutory_date_for(family=case.family, kind=ConferenceKind.REVIEW)
    assert statutory.deadline == opened


def test_the_children_of_a_booked_conference_have_history_naming_who_booked_it(two_authorities):
    from conferences.models import ConferenceChild

    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    links = ConferenceChild.objects.for_authority(mine).filter(conference=conference)
    records = ConferenceChild.history.filter(conference_id=conference.pk)
    assert {r.child_id for r in records} == {link.child_id for link in links} == {c.pk for c in case.children}
    assert {(r.history_type, r.history_user_id, r.authority_id) for r in records} == {
        ("+", case.social_worker.user_id, mine.pk)
    }
