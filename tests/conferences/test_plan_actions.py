"""Actions in a conference's outline plan are OUTCOME deadlines, like a core group's action points:
opened in advised mode when the chair writes them into the plan, moved and cancelled with them,
kept or stopped when the conference closes, flagged overdue by the sweep but never escalated, and
met when a chair, the social worker or their team manager marks them done."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError

from authorities.models import Mode, Role, RuleSet
from authorities.rules.checks import RuleViolation
from conferences.live import services as live
from conferences.live.plan_actions import mark_plan_action_done
from conferences.models import Attendance, Conference, ConferenceStatus, OutlinePlanItem
from scheduling.models import Escalation
from scheduling.services import deadline_for
from scheduling.sweep import sweep_authority
from tests.conferences.live_helpers import give_opinions, make_room, prepare, start
from tests.coregroups.helpers import HELD_ON, at, held_initial
from tests.factories import (
    AgencyFactory,
    ConferenceFactory,
    DeadlineFactory,
    FamilyFactory,
    InvitationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
ACTION_DUE = D(2026, 12, 14)  # tests.conferences.test_live_services._plan: held + 14 days


@pytest.fixture
def clock(clock):
    clock.day = HELD_ON
    return clock


def _deadline(item):
    return deadline_for(authority=item.authority_id, rule_id="OUTCOME", subject=item)


def _set_mode(authority, rule_id, mode):
    setting = RuleSet.objects.for_authority(authority).get().settings.get(rule_id=rule_id)
    setting.mode = mode
    setting.save()


def _room(authority, clock, **kwargs):
    clock.day = HELD_ON
    return make_room(authority, children=1, starts_at=at(HELD_ON), **kwargs)


def _add_action(room, due_on=ACTION_DUE, text="Refer Dad to the alcohol service"):
    danger = live.add_plan_item(conference_id=room.pk, kind="danger", text="Dad's drinking", by=room.chair)
    return live.add_plan_item(
        conference_id=room.pk,
        kind="action",
        text=text,
        owner_name="Social worker",
        due_on=due_on,
        answers_id=danger.pk,
        by=room.chair,
    )


def _held(authority, clock) -> tuple[Conference, OutlinePlanItem]:
    setup = held_initial(authority, clock)
    item = OutlinePlanItem.objects.for_authority(authority).actions().get(plan__conference=setup.room.pk)
    return setup.room.refresh(), item


# --- the deadline follows the action -------------------------------------------------------------


def test_an_action_written_into_the_plan_opens_an_advised_outcome_deadline_on_its_date(
    two_authorities, clock
):
    mine, _ = two_authorities
    room = _room(mine, clock)
    assert RuleSet.objects.for_authority(mine).get().mode("OUTCOME") == Mode.REQUIRED
    item = _add_action(room)
    deadline = _deadline(item)
    assert (deadline.due_on, deadline.event_on, deadline.mode) == (ACTION_DUE, ACTION_DUE, Mode.ADVISED)
    assert deadline.responsible == room.conference.family.social_worker
    assert deadline.family_id == room.conference.family_id
    assert "Refer Dad to the alcohol service" in deadline.label
    assert (deadline.met_on, deadline.cancelled_at) == (None, None)


def test_changing_the_due_date_moves_the_same_deadline_and_keeps_who_in_the_history(two_authorities, clock):
    mine, _ = two_authorities
    room = _room(mine, clock)
    item = _add_action(room)
    before = _deadline(item)
    live.change_action_due_date(conference_id=room.pk, item_id=item.pk, due_on=D(2027, 1, 8), by=room.chair)
    after = _deadline(item)
    assert after.pk == before.pk and (after.due_on, after.event_on) == (D(2027, 1, 8), D(2027, 1, 8))
    latest = item.history.latest()
    assert (latest.due_on, latest.history_user) == (D(2027, 1, 8), room.chair.user)


def test_a_due_date_before_the_conference_or_cleared_is_refused_naming_the_field(two_authorities, clock):
    mine, _ = two_authorities
    room = _room(mine, clock)
    item = _add_action(room)
    with pytest.raises(ValidationError) as early:
        live.change_action_due_date(
            conference_id=room.pk, item_id=item.pk, due_on=D(2026, 11, 27), by=room.chair
        )
    assert "due_on" in early.value.message_dict
    with pytest.raises(RuleViolation) as cleared:
        live.change_action_due_date(conference_id=room.pk, item_id=item.pk, due_on=None, by=room.chair)
    assert (cleared.value.rule_id, cleared.value.field) == ("OUTCOME", "due_on")
    assert _deadline(item).due_on == ACTION_DUE and _deadline(item).cancelled_at is None


def test_clearing_the_date_where_outcome_is_off_cancels_the_deadline(two_authorities, clock):
    mine, _ = two_authorities
    room = _room(mine, clock)
    item = _add_action(room)
    _set_mode(mine, "OUTCOME", Mode.OFF)
    live.change_action_due_date(conference_id=room.pk, item_id=item.pk, due_on=None, by=room.chair)
    assert _deadline(item).cancelled_at is not None


def test_removing_the_action_cancels_its_deadline(two_authorities, clock):
    mine, _ = two_authorities
    room = _room(mine, clock)
    item = _add_action(room)
    deadline = _deadline(item)
    live.remove_plan_item(conference_id=room.pk, item_id=item.pk, by=room.chair)
    deadline.refresh_from_db()
    assert deadline.cancelled_at is not None
    assert not OutlinePlanItem.objects.for_authority(mine).filter(pk=item.pk).exists()


def test_only_the_conferences_chair_changes_an_actions_date(two_authorities, clock):
    mine, theirs = two_authorities
    room = _room(mine, clock)
    item = _add_action(room)
    for who in (room.conference.social_worker, MembershipFactory(authority=mine, role=Role.CHAIR)):
        with pytest.raises(PermissionDenied):
            live.change_action_due_date(conference_id=room.pk, item_id=item.pk, due_on=D(2027, 1, 8), by=who)
    with pytest.raises(ObjectDoesNotExist):
        live.change_action_due_date(
            conference_id=room.pk,
            item_id=item.pk,
            due_on=D(2027, 1, 8),
            by=MembershipFactory(authority=theirs, role=Role.CHAIR),
        )
    assert _deadline(item).due_on == ACTION_DUE


def test_a_plan_drafted_before_the_conference_starts_runs_from_the_start(two_authorities, clock):
    mine, _ = two_authorities
    clock.day = HELD_ON
    conference = ConferenceFactory(family__authority=mine, starts_at=at(HELD_ON))
    danger = live.add_plan_item(conference_id=conference.pk, kind="danger", text="D", by=conference.chair)
    item = live.add_plan_item(
        conference_id=conference.pk,
        kind="action",
        text="Act",
        owner_name="Health visitor",
        due_on=ACTION_DUE,
        answers_id=danger.pk,
        by=conference.chair,
    )
    assert _deadline(item) is None
    live.start_conference(conference_id=conference.pk, by=conference.chair)
    assert _deadline(item).due_on == ACTION_DUE


def test_adjourning_stops_the_plans_action_deadlines(two_authorities, clock):
    mine, _ = two_authorities
    room = _room(mine, clock)
    item = _add_action(room)
    live.adjourn_conference(conference_id=room.pk, reason="Interpreter did not come", by=room.chair)
    assert _deadline(item).cancelled_at is not None


def test_holding_with_a_plan_keeps_them_and_with_no_plan_stops_them(two_authorities, clock):
    mine, _ = two_authorities
    conference, item = _held(mine, clock)
    assert conference.status == ConferenceStatus.HELD
    assert _deadline(item).cancelled_at is None and _deadline(item).due_on == ACTION_DUE

    room = _room(mine, clock)
    nfa = _add_action(room)
    child = room.children[0]
    give_opinions(room, child, [False, False, False])
    live.record_decision(conference_id=room.pk, child_id=child.pk, outcome="nfa", by=room.chair)
    live.record_outcome_teller(
        conference_id=room.pk, name="Social worker", expected_version=room.refresh().version, by=room.chair
    )
    live.hold_conference(conference_id=room.pk, by=room.chair)
    assert _deadline(nfa).cancelled_at is not None


def _review_room(initial: Conference, day: datetime.date):
    """A review of `initial`'s family, started, with the social worker and two agencies present."""
    children = list(initial.children.all())
    review = ConferenceFactory(
        family=initial.family, children=children, kind="review", previous=initial, starts_at=at(day)
    )
    prepare(review, children)
    start(review, review.chair)
    present = [review.invitations.get(membership=review.social_worker)]
    for n in range(2):
        agency = AgencyFactory(authority=initial.authority, name=f"Review agency {n}")
        member = MembershipFactory(authority=initial.authority, role=Role.PRACTITIONER, agency=agency)
        present.append(InvitationFactory(conference=review, membership=member))
    for invitation in present:
        live.record_attendance(
            conference_id=review.pk,
            invitation_id=invitation.pk,
            attendance=Attendance.PRESENT,
            by=review.chair,
        )
    return review, children, present


def test_a_review_that_ends_every_plan_stops_the_earlier_plans_open_actions(two_authorities, clock):
    mine, _ = two_authorities
    initial, item = _held(mine, clock)
    assert _deadline(item).cancelled_at is None
    clock.day = D(2027, 2, 22)
    review, children, present = _review_room(initial, clock.day)
    for child in children:
        for invitation in present:
            live.record_opinion(
                conference_id=review.pk,
                child_id=child.pk,
                invitation_id=invitation.pk,
                plan_needed=False,
                by=review.chair,
            )
        live.record_decision(
            conference_id=review.pk,
            child_id=child.pk,
            outcome="end",
            rationale="Safe at home for three months",
            by=review.chair,
        )
    version = Conference.objects.for_authority(mine).get(pk=review.pk).version
    live.record_outcome_teller(
        conference_id=review.pk, name="Social worker", expected_version=version, by=review.chair
    )
    # A core group action point of the same family (an OUTCOME deadline about it), and another
    # family's, which must run on.
    core_group_action = DeadlineFactory(family=initial.family, rule_id="OUTCOME", mode="advised")
    elsewhere = DeadlineFactory(family=FamilyFactory(authority=mine), rule_id="OUTCOME", mode="advised")
    live.hold_conference(conference_id=review.pk, by=review.chair)
    assert Conference.objects.for_authority(mine).get(pk=review.pk).status == ConferenceStatus.HELD
    assert _deadline(item).cancelled_at is not None
    core_group_action.refresh_from_db()
    elsewhere.refresh_from_db()
    assert core_group_action.cancelled_at is not None and elsewhere.cancelled_at is None
    stopped = core_group_action.history.first()
    assert stopped.history_change_reason == "every child's plan ended at the review"
    assert stopped.cancelled_at is not None


# --- marking done ----------------------------------------------------------------------------------


def test_the_social_worker_marks_an_action_done_which_meets_its_deadline_with_history(two_authorities, clock):
    mine, _ = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 10)
    done = mark_plan_action_done(item_id=item.pk, by=conference.social_worker)
    assert done.done_on == D(2026, 12, 10)
    deadline = _deadline(item)
    assert (deadline.met_on, deadline.status) == (D(2026, 12, 10), "met_on_time")
    latest = item.history.latest()
    assert (latest.done_on, latest.history_user, latest.history_change_reason) == (
        D(2026, 12, 10),
        conference.social_worker.user,
        "action done",
    )
    # Again: nothing changes (the first day stands).
    clock.day = D(2026, 12, 11)
    assert mark_plan_action_done(item_id=item.pk, by=conference.chair).done_on == D(2026, 12, 10)


def test_done_after_the_due_date_is_met_late(two_authorities, clock):
    mine, _ = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 18)
    mark_plan_action_done(item_id=item.pk, by=conference.chair, done_on=D(2026, 12, 16))
    assert _deadline(item).status == "met_late"


def test_a_done_date_in_the_future_or_before_the_conference_is_refused_naming_done_on(two_authorities, clock):
    mine, _ = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 10)
    for day in (D(2026, 12, 11), D(2026, 11, 27)):
        with pytest.raises(ValidationError) as refused:
            mark_plan_action_done(item_id=item.pk, by=conference.social_worker, done_on=day)
        assert "done_on" in refused.value.message_dict
    assert _deadline(item).met_on is None


def test_who_may_mark_an_action_done(two_authorities, clock):
    mine, theirs = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 10)
    practitioner = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    InvitationFactory(conference=conference, membership=practitioner)
    with pytest.raises(ObjectDoesNotExist):  # practitioners see nothing of the plan here
        mark_plan_action_done(item_id=item.pk, by=practitioner)
    with pytest.raises(ObjectDoesNotExist):  # another authority: not found
        mark_plan_action_done(item_id=item.pk, by=MembershipFactory(authority=theirs, role=Role.CHAIR))
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
        with pytest.raises(PermissionDenied):
            mark_plan_action_done(item_id=item.pk, by=MembershipFactory(authority=mine, role=role))
    assert _deadline(item).met_on is None
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    social_worker = conference.social_worker
    social_worker.team_manager = manager
    social_worker.save()
    mark_plan_action_done(item_id=item.pk, by=manager)
    assert _deadline(item).met_on == D(2026, 12, 10)


# --- the sweep -------------------------------------------------------------------------------------


def test_the_sweep_flags_an_overdue_action_but_never_escalates_it(two_authorities, clock):
    mine, _ = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 16)
    sweep_authority(authority_id=mine.pk, today=clock.day)
    action = _deadline(item)
    assert action.status == "overdue"
    assert not Escalation.objects.for_authority(mine).filter(deadline=action).exists()
    # The same sweep does escalate a required deadline overdue on the same day (CG1-10WD), so the
    # action's silence is its advised mode, not a sweep that raises nothing here.
    cg1 = deadline_for(authority=mine, rule_id="CG1-10WD", subject=conference)
    assert cg1.status == "overdue" and Escalation.objects.for_authority(mine).filter(deadline=cg1).exists()
    sweep_authority(authority_id=mine.pk, today=clock.day)
    assert not Escalation.objects.for_authority(mine).filter(deadline=action).exists()


# --- pages -----------------------------------------------------------------------------------------


def _live_url(conference):
    return f"/{conference.authority.slug}/conferences/{conference.pk}/live/"


def test_the_live_page_shows_an_overdue_action_and_the_social_worker_marks_it_done(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 16)
    client.force_login(conference.social_worker.user)
    page = client.get(_live_url(conference) + "?step=plan").content.decode()
    assert f'id="plan-item-{item.pk}" data-action-state="overdue"' in page
    assert "Mark done" in page and "Change the due date" not in page  # only the chair, in the room
    done_url = f"/{mine.slug}/conferences/plan-actions/{item.pk}/done/"
    response = client.post(done_url, {"done_on": ""})
    assert response.status_code == 302 and response["Location"].endswith(f"#plan-item-{item.pk}")
    page = client.get(_live_url(conference) + "?step=plan").content.decode()
    assert 'data-action-state="done"' in page and "on 16 December 2026, after its due date" in page
    assert _deadline(item).status == "met_late"


def test_the_done_page_refuses_a_future_date_by_name_and_other_staff_get_403(client, two_authorities, clock):
    mine, _ = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 10)
    done_url = f"/{mine.slug}/conferences/plan-actions/{item.pk}/done/"
    client.force_login(conference.social_worker.user)
    response = client.post(done_url, {"done_on": "2026-12-24"}, follow=True)
    assert "done_on: 24 December 2026 has not come yet" in response.content.decode()
    response = client.post(done_url, {"done_on": "not a date"}, follow=True)
    assert "Done on must include a month and a year" in response.content.decode()
    assert _deadline(item).met_on is None
    client.force_login(MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER).user)
    assert client.post(done_url).status_code == 403
    practitioner = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    InvitationFactory(conference=conference, membership=practitioner)
    client.force_login(practitioner.user)
    assert client.post(done_url).status_code == 404
    assert _deadline(item).met_on is None


def test_the_chair_changes_a_date_on_the_live_page_and_a_bad_one_is_shown_in_place(
    client, two_authorities, clock
):
    mine, _ = two_authorities
    room = _room(mine, clock)
    item = _add_action(room)
    client.force_login(room.chair.user)
    url = f"{_live_url(room.conference)}action-due/"
    page = client.get(_live_url(room.conference) + "?step=plan").content.decode()
    assert 'data-action-state="not_due"' in page and f'name="due-{item.pk}-due_on_day"' in page
    response = client.post(url, {f"due-{item.pk}-item": item.pk, f"due-{item.pk}-due_on": "2026-11-02"})
    assert response.status_code == 400
    assert "due_on: an action is due on or after the day of the conference" in response.content.decode()
    response = client.post(url, {f"due-{item.pk}-item": item.pk, f"due-{item.pk}-due_on": "2027-01-08"})
    assert response.status_code == 302
    assert _deadline(item).due_on == D(2027, 1, 8)


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_lists_actions_with_their_status_and_marks_one_done(client, two_authorities, clock):
    mine, _ = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 16)
    client.force_login(conference.social_worker.user)
    base = f"/api/v1/{mine.slug}/plan-actions/"
    listed = client.get(f"{base}?conference={conference.pk}&open=true").json()
    assert listed["count"] == 1
    assert (listed["results"][0]["id"], listed["results"][0]["status"]) == (item.pk, "overdue")
    response = client.post(
        f"{base}{item.pk}/done/", {"done_on": "2027-01-04"}, content_type="application/json"
    )
    assert response.status_code == 400 and "done_on" in response.json()
    response = client.post(f"{base}{item.pk}/done/", {}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["done_on"], response.json()["status"]) == ("2026-12-16", "met_late")
    assert client.get(f"{base}?open=true").json()["count"] == 0
    live_state = client.get(f"/api/v1/{mine.slug}/live-conferences/{conference.pk}/").json()
    row = next(i for i in live_state["plan"]["items"] if i["id"] == item.pk)
    assert (row["done_on"], row["status"]) == ("2026-12-16", "met_late")


def test_the_api_answers_404_to_practitioners_and_other_authorities_and_403_to_other_staff(
    client, two_authorities, clock
):
    mine, theirs = two_authorities
    conference, item = _held(mine, clock)
    clock.day = D(2026, 12, 10)
    practitioner = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    InvitationFactory(conference=conference, membership=practitioner)
    outsider = MembershipFactory(authority=theirs, role=Role.CHAIR)
    for who, slug in ((practitioner, mine.slug), (outsider, theirs.slug), (outsider, mine.slug)):
        client.force_login(who.user)
        url = f"/api/v1/{slug}/plan-actions/{item.pk}/"
        assert client.get(url).status_code == 404
        assert client.post(f"{url}done/", {}, content_type="application/json").status_code == 404
    client.force_login(practitioner.user)
    assert client.get(f"/api/v1/{mine.slug}/plan-actions/").json()["count"] == 0
    client.force_login(MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user)
    assert (
        client.post(
            f"/api/v1/{mine.slug}/plan-actions/{item.pk}/done/", {}, content_type="application/json"
        ).status_code
        == 403
    )
    assert _deadline(item).met_on is None


def test_the_chair_moves_and_removes_an_action_through_the_live_api(client, two_authorities, clock):
    mine, _ = two_authorities
    room = _room(mine, clock)
    item = _add_action(room)
    client.force_login(room.chair.user)
    base = f"/api/v1/{mine.slug}/live-conferences/{room.pk}/"
    response = client.post(
        f"{base}action-due-date/", {"item": item.pk, "due_on": "2026-11-02"}, content_type="application/json"
    )
    assert response.status_code == 400 and "due_on" in response.json()
    response = client.post(
        f"{base}action-due-date/", {"item": item.pk, "due_on": "2027-01-08"}, content_type="application/json"
    )
    assert response.status_code == 200 and _deadline(item).due_on == D(2027, 1, 8)
    row = next(i for i in response.json()["plan"]["items"] if i["id"] == item.pk)
    assert (row["due_on"], row["status"]) == ("2027-01-08", "not_due")
    response = client.post(f"{base}remove-plan-item/", {"item": 999999}, content_type="application/json")
    assert response.status_code == 404
    response = client.post(f"{base}remove-plan-item/", {"item": item.pk}, content_type="application/json")
    assert response.status_code == 200 and _deadline(item).cancelled_at is not None
