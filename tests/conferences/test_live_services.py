"""The live conference services: attendance and quorum, agenda notes, opinions and their tally,
the scoring triggers, decisions, dissent, the plan, next dates and holding the conference."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from authorities.models import Authority, Mode, Role, RuleSet
from authorities.rules.checks import RuleViolation
from cases.models import ChildInNeedPlan, ChildProtectionPlan, PlanItem
from conferences.live import services as live
from conferences.models import (
    Attendance,
    ConferenceStatus,
    Decision,
    InviteeKind,
    StepDownRoute,
    TriggerAction,
)
from conferences.selectors import load_live, quorum_state, tally_child
from coregroups.models import CoreGroup, CoreGroupMeeting
from scheduling.models import Deadline, Escalation, EscalationEvent, EscalationKind, Notification
from scheduling.services import meet_deadline, open_deadline
from tests.conferences.live_helpers import everyone, give_opinions, make_room, prepare, start
from tests.factories import (
    AgencyFactory,
    InvitationFactory,
    MembershipFactory,
    StrategyDiscussionFactory,
    copy_rule_set,
)

pytestmark = pytest.mark.django_db


def _set_mode(authority, rule_id, mode, **values):
    rule_set = RuleSet.objects.for_authority(authority).get()
    setting = rule_set.settings.get(rule_id=rule_id)
    setting.mode = mode
    if values:
        setting.values = {**setting.values, **values}
    setting.save()


@pytest.fixture
def birmingham_like(db):
    """A fresh authority with Birmingham's rules: scaling, both scoring triggers, step-down."""
    from tests.factories import AuthorityFactory

    authority = AuthorityFactory(name="Gammashire", slug="gammashire")
    copy_rule_set(RuleSet.objects.for_authority(Authority.objects.get(slug="birmingham")).get(), authority)
    return authority


# --- attendance and quorum -------------------------------------------------------------------------


def test_quorum_needs_the_chair_the_social_worker_and_two_other_agencies(two_authorities):
    mine, _ = two_authorities  # Barnsley's rules: QUORUM required, 2 other agencies
    room = make_room(mine, agencies=2, present=False)
    state = load_live(room.conference).quorum
    assert not state.quorate
    assert "the social worker" in state.missing
    assert any("2 more agencies" in m for m in state.missing)

    live.record_attendance(
        conference_id=room.pk,
        invitation_id=room.social_worker_invitation.pk,
        attendance="present",
        by=room.chair,
    )
    live.record_attendance(
        conference_id=room.pk, invitation_id=room.professionals[0].pk, attendance="present", by=room.chair
    )
    state = load_live(room.refresh()).quorum
    assert state.missing == ("professionals from 1 more agency (needs 2)",)
    # A briefed colleague attending in the practitioner's place counts for the agency (REPORT-PROXY).
    live.record_attendance(
        conference_id=room.pk,
        invitation_id=room.professionals[1].pk,
        attendance="present",
        proxy_name="Sam Briefed",
        by=room.chair,
    )
    state = load_live(room.refresh()).quorum
    assert state.quorate and len(state.agencies_present) == 2


def test_two_professionals_from_one_agency_count_once(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, agencies=1)
    colleague = MembershipFactory(authority=mine, role=Role.PRACTITIONER, agency=room.professionals[0].agency)
    extra = InvitationFactory(conference=room.conference, membership=colleague)
    live.record_attendance(conference_id=room.pk, invitation_id=extra.pk, attendance="present", by=room.chair)
    assert not load_live(room.refresh()).quorum.quorate


def test_the_quorum_size_comes_from_the_rule_set(two_authorities):
    mine, _ = two_authorities
    _set_mode(mine, "QUORUM", Mode.REQUIRED, min_other_agencies=3)
    room = make_room(mine, agencies=2)
    assert load_live(room.conference).quorum.missing == ("professionals from 1 more agency (needs 3)",)


def test_where_quorum_is_required_going_ahead_inquorate_is_refused_and_the_conference_adjourns(
    two_authorities,
):
    mine, _ = two_authorities
    room = make_room(mine, agencies=1)
    with pytest.raises(RuleViolation) as refused:
        live.go_ahead_inquorate(conference_id=room.pk, reason="Enough information", by=room.chair)
    assert refused.value.rule_id == "QUORUM"
    with pytest.raises(RuleViolation, match="QUORUM"):
        give_opinions(room, room.children[0], [True, True])
    with pytest.raises(ValidationError):
        live.adjourn_conference(conference_id=room.pk, reason=" ", by=room.chair)
    live.adjourn_conference(
        conference_id=room.pk, reason="Not quorate: police and school absent", by=room.chair
    )
    conference = room.refresh()
    assert conference.status == ConferenceStatus.ADJOURNED
    assert conference.history.first().history_change_reason == "adjourned"


def test_where_the_override_is_on_the_chair_goes_ahead_inquorate_with_a_reason(two_authorities):
    _, theirs = two_authorities  # West Sussex's rules: QUORUM-OVERRIDE on
    room = make_room(theirs, agencies=1)
    with pytest.raises(RuleViolation) as refused:
        live.go_ahead_inquorate(conference_id=room.pk, reason="", by=room.chair)
    assert "QUORUM-OVERRIDE" in str(refused.value)
    live.go_ahead_inquorate(
        conference_id=room.pk, reason="Only the health visitor knows a 3-month-old", by=room.chair
    )
    assert load_live(room.refresh()).quorum.may_proceed
    give_opinions(room, room.children[0], [True, True])


def test_an_observer_not_agreed_by_the_family_is_refused_entry(two_authorities):
    _, theirs = two_authorities  # OBSERVER required in West Sussex
    room = make_room(theirs)
    observer = InvitationFactory(
        conference=room.conference,
        kind=InviteeKind.OBSERVER,
        membership=None,
        agency=None,
        name="Ola Observer",
    )
    with pytest.raises(RuleViolation) as refused:
        live.record_attendance(
            conference_id=room.pk, invitation_id=observer.pk, attendance="present", by=room.chair
        )
    assert refused.value.rule_id == "OBSERVER"
    room.conference.observer_requests.create(
        authority=theirs,
        requested_by=room.chair,
        observer_name="Ola Observer",
        observer_role="Student social worker",
        reason="Training",
        decision="approved",
        family_agreed=True,
    )
    live.record_attendance(
        conference_id=room.pk, invitation_id=observer.pk, attendance="present", by=room.chair
    )


def test_only_this_conferences_chair_changes_it(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    other_chair = MembershipFactory(authority=mine, role=Role.CHAIR)
    with pytest.raises(PermissionDenied):
        live.record_attendance(
            conference_id=room.pk, invitation_id=room.professionals[0].pk, attendance="absent", by=other_chair
        )


# --- agenda notes ----------------------------------------------------------------------------------


def test_a_stale_agenda_note_save_is_refused_and_shows_the_other_persons_text(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    note = live.save_agenda_note(
        conference_id=room.pk,
        section_key="child_voice",
        text="A likes school",
        expected_version=0,
        by=room.chair,
    )
    assert note.version == 1
    live.save_agenda_note(
        conference_id=room.pk,
        section_key="child_voice",
        text="A likes school and football",
        expected_version=1,
        by=room.chair,
    )
    with pytest.raises(live.StaleEdit) as stale:
        live.save_agenda_note(
            conference_id=room.pk, section_key="child_voice", text="Mine", expected_version=1, by=room.chair
        )
    assert stale.value.current_text == "A likes school and football"
    assert stale.value.current_version == 2
    assert room.conference.agenda_notes.get(section_key="child_voice").text == "A likes school and football"


def test_review_only_sections_are_not_on_an_initial_conferences_agenda(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    with pytest.raises(ValidationError):
        live.save_agenda_note(
            conference_id=room.pk, section_key="review_of_plan", text="x", expected_version=0, by=room.chair
        )
    slot = live.save_agenda_note(
        conference_id=room.pk,
        section_key="professional_slot",
        text="Police",
        expected_version=0,
        by=room.chair,
    )
    assert slot.family_visible is False


# --- opinions and the tally ------------------------------------------------------------------------


def test_only_professionals_present_give_opinions_and_a_plan_needs_reasons_and_category(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    absent = InvitationFactory(conference=room.conference)
    child = room.children[0]
    with pytest.raises(ValidationError):
        live.record_opinion(
            conference_id=room.pk, child_id=child.pk, invitation_id=absent.pk, plan_needed=True, by=room.chair
        )
    with pytest.raises(RuleViolation) as refused:
        live.record_opinion(
            conference_id=room.pk,
            child_id=child.pk,
            invitation_id=room.professionals[0].pk,
            plan_needed=True,
            reasons="Worried",
            by=room.chair,
        )
    assert refused.value.rule_id == "CATEGORY"
    with pytest.raises(ValidationError, match="SCALING"):
        live.record_opinion(
            conference_id=room.pk,
            child_id=child.pk,
            invitation_id=room.professionals[0].pk,
            plan_needed=False,
            score=11,
            by=room.chair,
        )


def test_scores_are_refused_where_scaling_is_off(two_authorities):
    _, theirs = two_authorities
    room = make_room(theirs)
    with pytest.raises(ValidationError, match="SCALING"):
        live.record_opinion(
            conference_id=room.pk,
            child_id=room.children[0].pk,
            invitation_id=room.professionals[0].pk,
            plan_needed=False,
            score=5,
            by=room.chair,
        )


def test_each_child_is_tallied_separately(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    first, second = room.children
    give_opinions(room, first, [True, True, True])
    give_opinions(room, second, [False, False, None])
    tallies = load_live(room.refresh()).tallies
    assert (tallies[first.pk].yes, tallies[first.pk].no, tallies[first.pk].abstained) == (3, 0, 0)
    assert (tallies[second.pk].yes, tallies[second.pk].no, tallies[second.pk].abstained) == (0, 2, 1)
    assert tallies[first.pk].majority is True and tallies[second.pk].majority is False


class _Opinion:
    def __init__(self, plan_needed, score):
        self.plan_needed, self.score, self.category, self.invitation_id = plan_needed, score, "", None


def _tally(rule_set, *pairs):
    return tally_child(object(), [_Opinion(p, s) for p, s in pairs], rule_set)


def test_score_all_zero_fires_on_more_than_half_of_those_scoring(birmingham_like):
    rules = RuleSet.objects.for_authority(birmingham_like).get()
    assert _tally(rules, (True, 0), (True, 0), (True, 3)).all_zero_fires
    assert _tally(rules, (True, 0), (True, 0)).all_zero_fires  # all
    # Exactly half is not more than half.
    assert not _tally(rules, (True, 0), (True, 0), (True, 3), (False, 7)).all_zero_fires
    # Abstentions and professionals who gave no score are left out of "those scoring".
    assert _tally(rules, (True, 0), (True, 0), (None, 6), (None, 7), (False, None), (True, 4)).all_zero_fires
    assert not _tally(rules, (True, None), (None, 0)).all_zero_fires


def test_score_majority_above_five_fires_on_a_strict_majority(birmingham_like):
    rules = RuleSet.objects.for_authority(birmingham_like).get()
    assert _tally(rules, (False, 6), (False, 7), (True, 2)).majority_above_fires
    assert not _tally(rules, (False, 6), (True, 2)).majority_above_fires  # a tie
    assert not _tally(rules, (False, 5), (False, 5), (True, 6)).majority_above_fires  # 5 is not above 5
    assert _tally(rules, (False, 8), (None, 1), (None, 1), (True, None)).majority_above_fires


def test_score_triggers_do_not_fire_where_the_rule_set_has_them_off(two_authorities):
    mine, _ = two_authorities  # Barnsley: scaling on, triggers off
    rules = RuleSet.objects.for_authority(mine).get()
    tally = _tally(rules, (True, 0), (True, 0))
    assert not tally.all_zero_fires and not tally.majority_above_fires


def test_the_score_direction_comes_from_the_rule_set(birmingham_like):
    _set_mode(birmingham_like, "SCALING", Mode.ON, safe_end="min")
    rules = RuleSet.objects.for_authority(birmingham_like).get()
    # With 0 as the safe end, 10s are the "not safe" scores.
    assert _tally(rules, (True, 10), (True, 10), (False, 2)).all_zero_fires
    assert not _tally(rules, (True, 0), (True, 0)).all_zero_fires


def test_score_all_zero_raises_an_escalation_to_the_first_rung_and_tells_its_people(birmingham_like):
    room = make_room(birmingham_like, children=2)
    manager = MembershipFactory(authority=birmingham_like, role=Role.TEAM_MANAGER)
    social_worker = room.conference.social_worker
    social_worker.team_manager = manager
    social_worker.save()
    first, second = room.children
    give_opinions(room, first, [True, True, True], scores=[0, 0, 4])
    give_opinions(room, second, [True, True, False], scores=[3, 4, 0])
    tallies = load_live(room.refresh()).tallies
    assert tallies[first.pk].all_zero_fires and not tallies[second.pk].all_zero_fires
    with pytest.raises(ValidationError):
        live.record_decision(
            conference_id=room.pk, child_id=first.pk, outcome="cp_plan", category="neglect", by=room.chair
        )
    with pytest.raises(ValidationError):
        live.respond_to_trigger(
            conference_id=room.pk,
            child_id=second.pk,
            rule_id="SCORE-ALL-ZERO",
            action="escalated",
            by=room.chair,
        )
    response = live.respond_to_trigger(
        conference_id=room.pk, child_id=first.pk, rule_id="SCORE-ALL-ZERO", action="escalated", by=room.chair
    )
    escalation = Escalation.objects.for_authority(birmingham_like).get()
    assert response.escalation == escalation
    assert escalation.kind == EscalationKind.SCORE_ALL_ZERO and escalation.level == 1
    assert escalation.roles == ["team_manager"] and escalation.family == room.conference.family
    assert escalation.respond_by > timezone.localdate()
    assert EscalationEvent.objects.for_authority(birmingham_like).get().action == "raised"
    assert Notification.objects.for_authority(birmingham_like).get().recipient == manager.user
    live.record_decision(
        conference_id=room.pk, child_id=first.pk, outcome="cp_plan", category="neglect", by=room.chair
    )


def test_score_all_zero_may_be_answered_with_why_not(birmingham_like):
    room = make_room(birmingham_like, children=1)
    child = room.children[0]
    give_opinions(room, child, [True, True, True], scores=[0, 0, 0])
    with pytest.raises(ValidationError):
        live.respond_to_trigger(
            conference_id=room.pk,
            child_id=child.pk,
            rule_id="SCORE-ALL-ZERO",
            action="declined",
            by=room.chair,
        )
    live.respond_to_trigger(
        conference_id=room.pk,
        child_id=child.pk,
        rule_id="SCORE-ALL-ZERO",
        action="declined",
        note="Management already overseeing: escalated last week",
        by=room.chair,
    )
    assert not Escalation.objects.for_authority(birmingham_like).exists()


def test_score_majority_above_five_records_the_cin_discussion(birmingham_like):
    room = make_room(birmingham_like, children=1)
    child = room.children[0]
    give_opinions(room, child, [False, False, True], scores=[7, 8, 2])
    response = live.respond_to_trigger(
        conference_id=room.pk,
        child_id=child.pk,
        rule_id="SCORE-MAJ-ABOVE-5",
        action=TriggerAction.DISCUSSED,
        note="A child in need plan would suffice: agreed",
        by=room.chair,
    )
    assert response.action == "discussed"
    with pytest.raises(RuleViolation, match="split"):
        live.record_decision(conference_id=room.pk, child_id=child.pk, outcome="cin_plan", by=room.chair)
    live.record_decision(
        conference_id=room.pk,
        child_id=child.pk,
        outcome="cin_plan",
        rationale="Most see safety",
        by=room.chair,
    )


# --- decisions and dissent ----------------------------------------------------------------------


def test_every_professional_present_gives_an_opinion_before_the_decision(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    child = room.children[0]
    give_opinions(room, child, [True, True])  # the third has not spoken
    with pytest.raises(RuleViolation) as refused:
        live.record_decision(
            conference_id=room.pk, child_id=child.pk, outcome="cp_plan", category="neglect", by=room.chair
        )
    assert refused.value.rule_id == "OPINION"


def test_a_cp_plan_needs_its_primary_category(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    child = room.children[0]
    give_opinions(room, child, [True, True, True])
    with pytest.raises(RuleViolation) as refused:
        live.record_decision(conference_id=room.pk, child_id=child.pk, outcome="cp_plan", by=room.chair)
    assert refused.value.rule_id == "CATEGORY"


def test_a_rationale_is_needed_when_split_or_against_the_majority_but_not_when_all_agree(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=3)
    unanimous, split, against = room.children
    give_opinions(room, unanimous, [True, None, True])  # an abstention does not split it
    give_opinions(room, split, [True, False, True])
    give_opinions(room, against, [False, False, False])
    decision = live.record_decision(
        conference_id=room.pk, child_id=unanimous.pk, outcome="cp_plan", category="neglect", by=room.chair
    )
    assert decision.rationale == ""
    with pytest.raises(RuleViolation, match="split"):
        live.record_decision(
            conference_id=room.pk, child_id=split.pk, outcome="cp_plan", category="neglect", by=room.chair
        )
    live.record_decision(
        conference_id=room.pk,
        child_id=split.pk,
        outcome="cp_plan",
        category="neglect",
        rationale="Police evidence outweighs",
        by=room.chair,
    )
    with pytest.raises(RuleViolation, match="differs"):
        live.record_decision(
            conference_id=room.pk, child_id=against.pk, outcome="cp_plan", category="physical", by=room.chair
        )


def test_reviews_continue_or_end_and_initial_conferences_cannot_continue(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1)
    child = room.children[0]
    give_opinions(room, child, [True, True, True])
    with pytest.raises(ValidationError):
        live.record_decision(
            conference_id=room.pk, child_id=child.pk, outcome="continue", category="neglect", by=room.chair
        )


def test_a_dissent_is_recorded_by_name_with_reasons(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1)
    child = room.children[0]
    give_opinions(room, child, [True, False, True])
    decision = live.record_decision(
        conference_id=room.pk,
        child_id=child.pk,
        outcome="cp_plan",
        category="neglect",
        rationale="Risk",
        by=room.chair,
    )
    with pytest.raises(ValidationError):
        live.record_dissent(
            conference_id=room.pk,
            decision_id=decision.pk,
            invitation_id=room.professionals[0].pk,
            reasons="",
            by=room.chair,
        )
    dissent = live.record_dissent(
        conference_id=room.pk,
        decision_id=decision.pk,
        invitation_id=room.professionals[0].pk,
        reasons="School sees steady improvement",
        by=room.chair,
    )
    assert dissent.invitation.name == room.professionals[0].name


# --- plan, next dates, holding -----------------------------------------------------------------


def _plan(room):
    danger = live.add_plan_item(
        conference_id=room.pk,
        kind="danger",
        text="Dad's drinking leaves the children unsupervised",
        by=room.chair,
    )
    live.add_plan_item(conference_id=room.pk, kind="safety_goal", text="A sober adult at home", by=room.chair)
    live.add_plan_item(
        conference_id=room.pk,
        kind="outcome",
        text="The children are supervised",
        indicators="School reports attendance",
        collected_by="Social worker",
        by=room.chair,
    )
    live.add_plan_item(
        conference_id=room.pk,
        kind="action",
        text="Refer Dad to the alcohol service",
        owner_name="Social worker",
        due_on=room.conference.day + datetime.timedelta(days=14),
        answers_id=danger.pk,
        by=room.chair,
    )
    live.record_plan(
        conference_id=room.pk,
        contingency="Children stay with Gran",
        bottom_lines="No drinking when caring",
        resource_plan_review="Every 3 months",
        safety_plan_review="Every 2 weeks",
        expected_version=0,
        by=room.chair,
    )
    return danger


def test_an_action_answers_a_named_danger_with_an_owner_and_a_date(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    with pytest.raises(RuleViolation, match=r"An action needs an owner.*\(OUTCOME\)"):
        live.add_plan_item(conference_id=room.pk, kind="action", text="Do a thing", by=room.chair)
    with pytest.raises(RuleViolation, match="indicators"):
        live.add_plan_item(conference_id=room.pk, kind="outcome", text="Safe", by=room.chair)


def test_a_stale_plan_save_is_refused(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    live.record_plan(
        conference_id=room.pk, contingency="A", bottom_lines="B", expected_version=0, by=room.chair
    )
    with pytest.raises(live.StaleEdit) as stale:
        live.record_plan(
            conference_id=room.pk, contingency="C", bottom_lines="D", expected_version=0, by=room.chair
        )
    assert "A" in stale.value.current_text


def test_next_dates_are_proposed_from_the_rules(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, starts_at=datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC))
    proposal = live.propose_next_dates(room.conference)
    assert proposal.core_group_rule == "CG1-10WD" and proposal.core_group_due == datetime.date(2026, 12, 14)
    # RULES.md: 2026-11-30 + 3 months is Sunday 2027-02-28, so Friday 2027-02-26.
    assert proposal.review_rule == "RCPC1-3M" and proposal.review_due == datetime.date(2027, 2, 26)


def test_booking_next_dates_late_needs_a_reason_and_books_the_core_group(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, starts_at=datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC))
    late_core = datetime.datetime(2026, 12, 16, 10, tzinfo=datetime.UTC)
    with pytest.raises(RuleViolation) as refused:
        live.book_next_dates(
            conference_id=room.pk,
            next_review_on=datetime.date(2027, 2, 20),
            first_core_group_at=late_core,
            by=room.chair,
        )
    assert refused.value.rule_id == "CG1-10WD"
    live.book_next_dates(
        conference_id=room.pk,
        next_review_on=datetime.date(2027, 2, 20),
        first_core_group_at=late_core,
        reason="Venue closed for the week",
        by=room.chair,
    )
    meeting = CoreGroupMeeting.objects.for_authority(mine).get()
    assert meeting.scheduled_at == late_core and meeting.core_group.family == room.conference.family


def test_closing_is_refused_without_decisions_plan_next_dates_and_who_tells_the_child(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1)
    child = room.children[0]
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair)
    assert refused.value.rule_id == "ALL-CHILDREN"
    give_opinions(room, child, [True, True, True])
    live.record_decision(
        conference_id=room.pk, child_id=child.pk, outcome="cp_plan", category="neglect", by=room.chair
    )
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair)
    assert refused.value.rule_id == "OUTCOME"
    _plan(room)
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair)
    assert refused.value.rule_id == "NEXT-DATES"


def _book(room):
    proposal = live.propose_next_dates(room.refresh())
    core = (
        datetime.datetime.combine(proposal.core_group_due, datetime.time(10), tzinfo=datetime.UTC)
        if proposal.core_group_due
        else None
    )
    live.book_next_dates(
        conference_id=room.pk, next_review_on=proposal.review_due, first_core_group_at=core, by=room.chair
    )
    live.name_core_group_members(
        conference_id=room.pk,
        invitation_ids=[i.pk for i in everyone(room)],
        other_names=[("Gran Smith", "Grandmother")],
        by=room.chair,
    )
    live.record_outcome_teller(
        conference_id=room.pk,
        name="The social worker, on Friday",
        expected_version=room.refresh().version,
        by=room.chair,
    )


def test_holding_an_initial_conference_meets_icpc_opens_cg_and_review_and_starts_plans(two_authorities):
    mine, _ = two_authorities
    discussion_day = datetime.date(2026, 11, 16)
    room = make_room(mine, children=2, starts_at=datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC))
    discussion = StrategyDiscussionFactory(family=room.conference.family, held_on=discussion_day)
    room.conference.strategy_discussion = discussion
    room.conference.save()
    open_deadline(
        authority=mine, rule_id="ICPC-15WD", subject=discussion, event_on=discussion_day, label="ICPC"
    )
    first, second = room.children
    give_opinions(room, first, [True, True, True])
    give_opinions(room, second, [False, False, False])
    live.record_decision(
        conference_id=room.pk, child_id=first.pk, outcome="cp_plan", category="neglect", by=room.chair
    )
    live.record_decision(conference_id=room.pk, child_id=second.pk, outcome="cin_plan", by=room.chair)
    _plan(room)
    _book(room)
    sent, missing = room.professionals
    for invitation in (sent, missing):
        open_deadline(
            authority=mine, rule_id="REPORT-2WD", subject=invitation, event_on=discussion_day, label="R"
        )
    meet_deadline(authority=mine, rule_id="REPORT-2WD", subject=sent, met_on=datetime.date(2026, 11, 20))
    conference = live.hold_conference(conference_id=room.pk, by=room.chair)
    assert conference.status == ConferenceStatus.HELD and conference.held_on == datetime.date(2026, 11, 30)
    # The meeting is over: the report that never came stops counting down (no more reminders);
    # the one that came keeps its record.
    report_deadlines = Deadline.objects.for_authority(mine).filter(rule_id="REPORT-2WD")
    assert not report_deadlines.open().exists()
    stopped = report_deadlines.get(subject_id=missing.pk)
    assert stopped.met_on is None and stopped.cancelled_at is not None
    assert (
        stopped.history.first().history_change_reason
        == "conference held on 30 November 2026 without this report"
    )
    assert report_deadlines.get(subject_id=sent.pk).cancelled_at is None
    deadlines = {d.rule_id: d for d in Deadline.objects.for_authority(mine).exclude(rule_id="REPORT-2WD")}
    assert deadlines["ICPC-15WD"].met_on == datetime.date(2026, 11, 30)
    assert deadlines["CG1-10WD"].subject == conference and deadlines["CG1-10WD"].due_on == datetime.date(
        2026, 12, 14
    )
    assert deadlines["RCPC1-3M"].due_on == datetime.date(2027, 2, 26)
    plan = ChildProtectionPlan.objects.for_authority(mine).get(child=first)
    assert (plan.category, plan.started_on, plan.started_at_conference) == (
        "neglect",
        conference.held_on,
        conference,
    )
    assert plan.contingency_plan == "Children stay with Gran"
    action = PlanItem.objects.for_authority(mine).get(plan=plan, kind="action")
    assert action.answers.kind == "danger"
    assert ChildInNeedPlan.objects.for_authority(mine).get().child == second
    group = CoreGroup.objects.for_authority(mine).get()
    assert group.members.count() == 4 and group.meetings.count() == 1


def test_a_review_ends_a_plan_and_step_down_needs_a_route_where_the_rule_is_on(birmingham_like):
    initial = make_room(
        birmingham_like, children=1, starts_at=datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)
    )
    child = initial.children[0]
    ChildProtectionPlan.objects.create(
        authority=birmingham_like, child=child, category="neglect", started_on=datetime.date(2026, 6, 1)
    )
    initial.conference.status = ConferenceStatus.HELD
    initial.conference.save()
    from tests.factories import ConferenceFactory

    review = ConferenceFactory(
        family=initial.conference.family,
        children=[child],
        kind="review",
        previous=initial.conference,
        starts_at=datetime.datetime(2026, 8, 28, 10, tzinfo=datetime.UTC),
    )
    chair = review.chair
    prepare(review, [child])
    start(review, chair)
    invitations = [review.invitations.get(membership=review.social_worker)]
    for _ in range(2):
        invitations.append(
            InvitationFactory(conference=review, agency=AgencyFactory(authority=birmingham_like))
        )
    for invitation in invitations:
        live.record_attendance(
            conference_id=review.pk, invitation_id=invitation.pk, attendance="present", by=chair
        )
    for invitation in invitations:
        live.record_opinion(
            conference_id=review.pk,
            child_id=child.pk,
            invitation_id=invitation.pk,
            plan_needed=False,
            score=4,
            by=chair,
        )
    with pytest.raises(RuleViolation) as refused:
        live.record_decision(conference_id=review.pk, child_id=child.pk, outcome="end", by=chair)
    assert refused.value.rule_id == "STEPDOWN-CIN-3M"
    with pytest.raises(ValidationError):
        live.record_decision(
            conference_id=review.pk,
            child_id=child.pk,
            outcome="end",
            step_down_route="other",
            step_down_rationale="Family moving on well",
            by=chair,
        )
    head = MembershipFactory(authority=birmingham_like, role=Role.HEAD_OF_SERVICE)
    live.record_decision(
        conference_id=review.pk,
        child_id=child.pk,
        outcome="end",
        step_down_route="other",
        step_down_rationale="Family moving on well",
        oversight_by_id=head.pk,
        by=chair,
    )
    assert (
        Decision.objects.for_authority(birmingham_like).get(conference=review).step_down.oversight_by == head
    )
    live.record_decision(
        conference_id=review.pk,
        child_id=child.pk,
        outcome="end",
        step_down_route=StepDownRoute.CIN_PLAN,
        by=chair,
    )
    decision = Decision.objects.for_authority(birmingham_like).get(conference=review)
    assert decision.step_down.route == "cin_plan"
    live.record_outcome_teller(conference_id=review.pk, name="Social worker", expected_version=1, by=chair)
    # Birmingham advises CG-PRE-REVIEW: no core group met before this review, so the chair says why.
    with pytest.raises(RuleViolation) as advised:
        live.hold_conference(conference_id=review.pk, by=chair, reason="")
    assert advised.value.rule_id == "CG-PRE-REVIEW"
    held = live.hold_conference(
        conference_id=review.pk, by=chair, reason="No core group met before this review"
    )
    plan = ChildProtectionPlan.objects.for_authority(birmingham_like).get(child=child)
    assert plan.ended_on == held.held_on and plan.ended_at_conference == held
    assert plan.end_kind == "review" and plan.ended_by == chair
    cin = ChildInNeedPlan.objects.for_authority(birmingham_like).get()
    assert cin.stepped_down_from == plan
    # STEPDOWN-CIN-3M: the child in need plan runs on its own deadline.
    assert Deadline.objects.for_authority(birmingham_like).get(rule_id="STEPDOWN-CIN-3M").subject == cin
    assert not Deadline.objects.for_authority(birmingham_like).filter(rule_id="RCPCN-6M").exists()


def test_a_held_conference_no_longer_changes(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1)
    live.adjourn_conference(conference_id=room.pk, reason="Family did not attend", by=room.chair)
    with pytest.raises(ValidationError):
        live.record_attendance(
            conference_id=room.pk,
            invitation_id=room.professionals[0].pk,
            attendance=Attendance.ABSENT,
            by=room.chair,
        )
    assert room.refresh().status == ConferenceStatus.ADJOURNED


def test_the_quorum_panel_lists_what_is_missing_before_anyone_arrives(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, present=False)
    state = quorum_state(room.conference, room.conference.rule_set_in_force(), [])
    assert state.chair_present and not state.social_worker_present and not state.quorate


def test_adjourning_closes_the_reports_still_awaited_for_that_meeting(two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1, starts_at=datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC))
    awaited = room.professionals[0]
    open_deadline(
        authority=mine, rule_id="REPORT-2WD", subject=awaited, event_on=datetime.date(2026, 11, 30), label="R"
    )
    live.adjourn_conference(
        conference_id=room.pk, reason="The parents' advocate could not come", by=room.chair
    )
    deadline = Deadline.objects.for_authority(mine).get(rule_id="REPORT-2WD")
    assert deadline.cancelled_at is not None and deadline.met_on is None
    assert deadline.history.first().history_change_reason.startswith("conference adjourned: The parents")
