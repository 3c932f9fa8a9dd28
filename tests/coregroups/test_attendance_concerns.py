"""CG-ATTENDANCE: the social worker flags a member's missed meetings as harming the plan (the team
manager is told); the team manager answers in writing, resolving it or escalating it onto the
ladder. Who may answer follows the rule set: required, only the social worker's team manager;
advised, another manager with a reason; off, any manager."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authorities.models import Mode, Role
from authorities.rules.checks import RuleViolation
from coregroups import attendance_concerns as concerns
from coregroups import services
from coregroups.models import AttendanceConcern, AttendanceStatus, ConcernStatus
from scheduling.models import Escalation, EscalationKind, Notification
from tests.coregroups.helpers import held_initial, manager_of, minutes
from tests.coregroups.review_helpers import FIRST_MEETING_ON, set_mode
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _missed(authority, clock):
    """A held meeting the first professional member was absent from."""
    setup = held_initial(authority, clock)
    manager = manager_of(setup)
    members = list(setup.group.members.all())
    absent = next(m for m in members if m.membership_id and m.membership_id != setup.social_worker.pk)
    attendance = [
        services.AttendanceIn(m.pk, AttendanceStatus.ABSENT if m == absent else AttendanceStatus.ATTENDED)
        for m in members
    ]
    clock.day = FIRST_MEETING_ON
    services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(setup, FIRST_MEETING_ON, attendance=attendance, reports_from_absent="None sent"),
    )
    return setup, manager, absent


def _raise(setup, absent, **changes):
    values = {
        "core_group_id": setup.group.pk,
        "by": setup.social_worker,
        "member_id": absent.pk,
        "meeting_ids": [setup.first.pk],
        "harm": "No health update on the baby's weight",
    }
    return concerns.raise_concern(**{**values, **changes})


def test_the_social_worker_flags_missed_meetings_and_the_team_manager_is_told(two_authorities, clock):
    mine, _ = two_authorities
    setup, manager, absent = _missed(mine, clock)
    concern = _raise(setup, absent)
    assert list(concern.meetings.all()) == [setup.first] and concern.status == ConcernStatus.OPEN
    told = Notification.objects.for_authority(mine).get(recipient=manager.user)
    assert absent.name in told.body and told.url.endswith(f"/core-groups/attendance/{concern.pk}/answer/")
    assert concern.history.get().history_user == setup.social_worker.user


def test_a_concern_names_meetings_the_member_missed_and_how_it_harms_the_plan(two_authorities, clock):
    mine, _ = two_authorities
    setup, _manager, absent = _missed(mine, clock)
    present = next(m for m in setup.group.members.all() if m != absent)
    with pytest.raises(ValidationError) as refused:
        _raise(setup, present)
    assert "meetings" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        _raise(setup, absent, harm=" ")
    assert "harm" in refused.value.error_dict
    with pytest.raises(PermissionDenied):
        _raise(setup, absent, by=MembershipFactory(authority=mine, role=Role.CHAIR))
    assert not AttendanceConcern.objects.for_authority(mine).exists()


def test_the_team_manager_escalates_in_writing_onto_the_ladder(two_authorities, clock):
    mine, _ = two_authorities
    set_mode(mine, "CG-ATTENDANCE", Mode.REQUIRED)
    setup, manager, absent = _missed(mine, clock)
    concern = _raise(setup, absent)
    with pytest.raises(ValidationError) as refused:
        concerns.answer_concern(concern_id=concern.pk, by=manager, outcome="escalated", response="")
    assert "CG-ATTENDANCE" in str(refused.value)
    answered = concerns.answer_concern(
        concern_id=concern.pk,
        by=manager,
        outcome="escalated",
        response="Agency has not replied to two letters",
    )
    escalation = Escalation.objects.for_authority(mine).get()
    assert answered.escalation == escalation and escalation.kind == EscalationKind.POOR_ATTENDANCE
    assert escalation.family_id == setup.group.family_id and "two letters" in escalation.reason
    with pytest.raises(ValidationError):
        concerns.answer_concern(concern_id=concern.pk, by=manager, outcome="resolved", response="again")


@pytest.mark.parametrize(
    ("mode", "needs_reason", "refused_even_with_reason"),
    [(Mode.REQUIRED, True, True), (Mode.ADVISED, True, False), (Mode.OFF, False, False)],
)
def test_who_answers_follows_the_rule_set(
    two_authorities, clock, mode, needs_reason, refused_even_with_reason
):
    mine, _ = two_authorities
    set_mode(mine, "CG-ATTENDANCE", mode)
    setup, _manager, absent = _missed(mine, clock)
    concern = _raise(setup, absent)
    other = MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER)
    answer = {"concern_id": concern.pk, "by": other, "outcome": "resolved", "response": "Agreed a deputy"}
    if needs_reason:
        with pytest.raises(RuleViolation) as refused:
            concerns.answer_concern(**answer)
        assert refused.value.rule_id == "CG-ATTENDANCE" and refused.value.field == "reason"
    if refused_even_with_reason:
        with pytest.raises(RuleViolation):
            concerns.answer_concern(**answer, reason="Team manager on leave")
        return
    done = concerns.answer_concern(**answer, reason="Team manager on leave")
    assert done.status == ConcernStatus.RESOLVED and done.responded_by == other
    assert done.rule_reason == "Team manager on leave"


def test_pages_flag_and_answer_and_another_authority_finds_nothing(client, two_authorities, clock):
    mine, theirs = two_authorities
    set_mode(mine, "CG-ATTENDANCE", Mode.ADVISED)
    setup, manager, absent = _missed(mine, clock)
    flag = f"/{mine.slug}/core-groups/{setup.group.pk}/attendance/"
    client.force_login(setup.social_worker.user)
    refused = client.post(flag, {"member": absent.pk, "harm": "No update"})
    assert refused.status_code == 200 and "Choose the meetings the concern is about" in refused.text
    assert (
        client.post(
            flag, {"member": absent.pk, "meetings": [setup.first.pk], "harm": "No update"}
        ).status_code
        == 302
    )
    concern = AttendanceConcern.objects.for_authority(mine).get()
    answer = f"/{mine.slug}/core-groups/attendance/{concern.pk}/answer/"
    assert client.get(answer).status_code == 403  # the social worker flags; a manager answers
    client.force_login(manager.user)
    assert "Answer" in client.get(f"/{mine.slug}/core-groups/{setup.group.pk}/").text
    assert (
        client.post(answer, {"outcome": "resolved", "response": "Health visitor to attend"}).status_code
        == 302
    )
    page = client.get(f"/{mine.slug}/core-groups/{setup.group.pk}/").text
    assert "Resolved with the agency" in page and "Health visitor to attend" in page
    client.force_login(MembershipFactory(authority=theirs, role=Role.TEAM_MANAGER).user)
    for url in (flag, answer):
        assert client.get(url).status_code == 404
        assert client.get(url.replace(f"/{mine.slug}/", f"/{theirs.slug}/")).status_code == 404
