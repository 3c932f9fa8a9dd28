"""The core group page, its forms and the API: who may see and do what, CG-MINUTES and
CG-CHAIR-NOT-MINUTER by the rule set's mode, PLAN-CHANGES to the chair, history with the user."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from authorities.models import Mode, Role, RuleSetting
from authorities.rules.checks import RuleViolation
from coregroups import services
from coregroups.models import CoreGroup, CoreGroupMeeting, CoreGroupMember, CoreGroupMinutes
from scheduling.models import Notification
from tests.coregroups.helpers import at, held_initial, minutes
from tests.factories import FamilyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _mode(authority, rule_id: str, mode: str) -> None:
    RuleSetting.framework_objects.filter(authority=authority, rule_id=rule_id).update(mode=mode)


def _page(authority, group) -> str:
    return f"/{authority.slug}/core-groups/{group.pk}/"


def test_cg_minutes_refuses_naming_the_rule_and_field_where_required(two_authorities, clock):
    mine, _ = two_authorities
    _mode(mine, "CG-MINUTES", Mode.REQUIRED)  # as Hartlepool ships it
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 14)
    with pytest.raises(RuleViolation) as refused:
        services.record_meeting_held(
            meeting_id=setup.first.pk,
            by=setup.social_worker,
            minutes=minutes(setup, D(2026, 12, 14), child_voice=""),
        )
    assert refused.value.rule_id == "CG-MINUTES" and refused.value.field == "child_voice"
    assert "child voice" in str(refused.value)
    with pytest.raises(RuleViolation):  # a reason does not get round a required rule
        services.record_meeting_held(
            meeting_id=setup.first.pk,
            by=setup.social_worker,
            minutes=minutes(setup, D(2026, 12, 14), child_voice="", minutes_reason="Child not seen"),
        )
    assert CoreGroupMeeting.objects.for_authority(mine).get(pk=setup.first.pk).held_on is None


def test_cg_minutes_advised_goes_ahead_with_a_recorded_reason(two_authorities, clock):
    mine, _ = two_authorities  # Barnsley: advised
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 14)
    with pytest.raises(RuleViolation) as asked:
        services.record_meeting_held(
            meeting_id=setup.first.pk,
            by=setup.social_worker,
            minutes=minutes(setup, D(2026, 12, 14), purpose=""),
        )
    assert asked.value.rule_id == "CG-MINUTES" and asked.value.field == "minutes_reason"
    record = services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(setup, D(2026, 12, 14), purpose="", minutes_reason="Purpose agreed verbally"),
    )
    assert record.minutes_reason == "Purpose agreed verbally"


def test_chair_who_also_took_the_notes_needs_a_reason_only_where_the_rule_is_on(two_authorities, clock):
    mine, theirs = two_authorities
    for authority, asks in ((theirs, False), (mine, True)):
        if asks:
            _mode(authority, "CG-CHAIR-NOT-MINUTER", Mode.ADVISED)  # as Hartlepool ships it
        setup = held_initial(authority, clock)
        clock.day = D(2026, 12, 14)
        same = minutes(setup, D(2026, 12, 14), chaired_by="Sam Jones", minutes_by="sam jones")
        if asks:
            with pytest.raises(RuleViolation) as asked:
                services.record_meeting_held(meeting_id=setup.first.pk, by=setup.social_worker, minutes=same)
            assert (asked.value.rule_id, asked.value.field) == (
                "CG-CHAIR-NOT-MINUTER",
                "chair_minuter_reason",
            )
            same.chair_minuter_reason = "Only two professionals came"
        services.record_meeting_held(meeting_id=setup.first.pk, by=setup.social_worker, minutes=same)


def test_a_plan_change_is_recorded_and_sent_to_the_chair_of_the_last_conference(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock, children=2)
    clock.day = D(2026, 12, 14)
    plan = setup.room.children[0].protection_plans.get()
    record = services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(
            setup,
            D(2026, 12, 14),
            no_plan_changes=False,
            plan_changes=[services.PlanChangeIn(plan.pk, "Contact with Dad now supervised")],
        ),
    )
    assert record.plan_notes.get(kind="change").text == "Contact with Dad now supervised"
    note = Notification.objects.for_authority(mine).get(kind=Notification.Kind.PLAN_CHANGE)
    assert note.recipient == setup.room.chair.user
    # The notice is e-mailed: it counts the changes; what they say is on the core group's page.
    assert "Contact with Dad now supervised" not in note.body
    assert "PLAN-CHANGES" in note.body and "1 change (PLAN-CHANGES)" in note.body


def test_moving_and_cancelling_keep_history_with_the_user_and_reason(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 1)
    services.move_meeting(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        scheduled_at=at(D(2026, 12, 11)),
        reason="Room booked",
    )
    services.cancel_meeting(meeting_id=setup.first.pk, by=setup.social_worker, reason="Family away")
    latest, moved = list(setup.first.history.all()[:2])
    assert (latest.history_user, latest.history_change_reason) == (
        setup.social_worker.user,
        "cancelled: Family away",
    )
    assert (moved.history_user, moved.history_change_reason) == (
        setup.social_worker.user,
        "moved: Room booked",
    )
    assert moved.scheduled_at == at(D(2026, 12, 11))


def test_another_authoritys_core_group_is_not_found_on_the_page_and_the_api(client, two_authorities, clock):
    mine, theirs = two_authorities
    setup = held_initial(theirs, clock)
    client.force_login(MembershipFactory(authority=mine, role=Role.CHAIR).user)
    for slug in (mine.slug, theirs.slug):
        assert client.get(f"/{slug}/core-groups/{setup.group.pk}/").status_code == 404
        assert client.get(f"/api/v1/{slug}/core-groups/{setup.group.pk}/").status_code == 404
        response = client.post(
            f"/api/v1/{slug}/core-group-meetings/{setup.first.pk}/cancel/",
            {"reason": "x"},
            content_type="application/json",
        )
        assert response.status_code == 404
    response = client.post(
        f"/api/v1/{mine.slug}/core-group-meetings/",
        {"core_group": setup.group.pk, "scheduled_at": "2026-12-08T10:00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "core_group" in response.json()


def test_a_practitioner_sees_only_groups_they_are_a_member_of_and_cannot_book(client, two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    member = setup.room.professionals[0].membership
    outsider = MembershipFactory(authority=mine, role=Role.PRACTITIONER, agency=member.agency)
    client.force_login(outsider.user)
    assert client.get(_page(mine, setup.group)).status_code == 404
    assert client.get(f"/api/v1/{mine.slug}/core-groups/").json()["count"] == 0
    client.force_login(member.user)
    page = client.get(_page(mine, setup.group))
    assert page.status_code == 200 and "Book a meeting" not in page.content.decode()
    assert client.get(f"/{mine.slug}/core-groups/{setup.group.pk}/book/").status_code == 403
    response = client.post(
        f"/api/v1/{mine.slug}/core-group-meetings/",
        {"core_group": setup.group.pk, "scheduled_at": "2026-12-08T10:00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_page_shows_members_meetings_deadlines_and_the_convenor(client, two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    client.force_login(setup.social_worker.user)
    case = client.get(f"/{mine.slug}/cases/{setup.room.conference.family_id}/").content.decode()
    assert _page(mine, setup.group) in case
    body = client.get(_page(mine, setup.group)).content.decode()
    assert "CG1-10WD" in body and "14 Dec 2026" in body and "Gran Smith" in body
    # Escaped as the page writes it: a generated name may hold an apostrophe (O'Donnell).
    assert escape(setup.social_worker.user.display_name) in body and "Book a meeting" in body


def test_booking_and_recording_through_the_pages(client, two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    client.force_login(setup.social_worker.user)
    clock.day = D(2026, 12, 1)
    url = f"/{mine.slug}/core-groups/{setup.group.pk}/book/"
    refused = client.post(url, {"scheduled_at": "2026-12-05T10:00", "venue_note": "Home"})
    assert refused.status_code == 200 and "not a working day" in refused.content.decode()
    assert client.post(url, {"scheduled_at": "2026-12-09T10:00", "venue_note": "Home"}).status_code == 302
    clock.day = D(2026, 12, 14)
    members = list(setup.group.members.all())
    form = {
        "held_at": "2026-12-14T10:00",
        "venue_note": "Family home",
        "chaired_by": "Sam",
        "minutes_by": "Bea",
        "child_voice": "",
        "late_reason": "",
        **{f"attendance_{m.pk}": "attended" for m in members},
    }
    minutes_url = f"/{mine.slug}/core-groups/meetings/{setup.first.pk}/minutes/"
    asked = client.post(minutes_url, form)
    assert asked.status_code == 400 and "CG-MINUTES" in asked.content.decode()
    form["minutes_reason"] = "First meeting: plan reviewed next time"
    assert client.post(minutes_url, form).status_code == 302
    assert CoreGroupMinutes.objects.for_authority(mine).get().attendance.count() == len(members)


def test_the_api_books_and_holds_and_answers_400_with_the_rule_id(client, two_authorities, clock):
    mine, _ = two_authorities
    _mode(mine, "CG-MINUTES", Mode.REQUIRED)
    setup = held_initial(mine, clock)
    client.force_login(setup.social_worker.user)
    clock.day = D(2026, 12, 1)
    base = f"/api/v1/{mine.slug}/core-group-meetings/"
    booked = client.post(
        base,
        {"core_group": setup.group.pk, "scheduled_at": "2026-12-09T10:00:00Z", "venue_note": "Home"},
        content_type="application/json",
    )
    assert booked.status_code == 201 and booked.json()["status"] == "booked"
    clock.day = D(2026, 12, 9)
    held = client.post(
        f"{base}{booked.json()['id']}/hold/",
        {"held_at": "2026-12-09T10:00:00Z", "venue_note": "Home"},
        content_type="application/json",
    )
    assert held.status_code == 400
    assert held.json()["rule_id"] == "CG-MINUTES" and held.json()["field"] == "purpose"
    business = MembershipFactory(authority=mine, role=Role.BUSINESS_SUPPORT)
    client.force_login(business.user)
    assert (
        client.post(
            f"{base}{booked.json()['id']}/cancel/", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.get(f"/api/v1/{mine.slug}/core-groups/?family={setup.group.family_id}").json()["count"] == 1


def _group_with(authority, n: int) -> CoreGroup:
    family = FamilyFactory(authority=authority)
    group = CoreGroup.framework_objects.create(authority=authority, family=family)
    for i in range(n):
        member = MembershipFactory(authority=authority, role=Role.PRACTITIONER)
        CoreGroupMember.framework_objects.create(
            authority=authority, core_group=group, membership=member, name=f"Member {i}"
        )
        meeting = CoreGroupMeeting.framework_objects.create(
            authority=authority,
            core_group=group,
            scheduled_at=at(D(2026, 12, 1) + datetime.timedelta(days=i)),
            held_on=D(2026, 12, 1) + datetime.timedelta(days=i) if i % 2 else None,
        )
        if meeting.held_on:
            CoreGroupMinutes.framework_objects.create(
                authority=authority, meeting=meeting, recorded_by=family.social_worker, chaired_by="Sam"
            )
    return group


def test_the_page_takes_the_same_number_of_queries_for_2_or_12_members_and_meetings(
    client, two_authorities, django_assert_max_num_queries
):
    mine, _ = two_authorities
    small, large = _group_with(mine, 2), _group_with(mine, 12)
    client.force_login(MembershipFactory(authority=mine, role=Role.CHAIR).user)
    client.get(_page(mine, small))  # warm caches (content types, rule set)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_page(mine, small)).status_code == 200
    with django_assert_max_num_queries(len(few)):
        assert client.get(_page(mine, large)).status_code == 200
