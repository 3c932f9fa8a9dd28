"""One checklist: the live page shows it, the start prompts from it, the close checks it.
Required items refuse naming the rule (words first, the id after); advised ones ask for a reason,
which is kept; a rule that is off asks for nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from authorities.models import RuleSet
from authorities.rules.checks import RuleViolation
from conferences.live import services as live
from conferences.models import ConferenceStatus, ParentView
from tests.conferences.live_helpers import give_opinions, make_room, today_at
from tests.factories import ConferenceFactory, InvitationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _set_mode(authority, rule_id: str, mode: str) -> None:
    setting = RuleSet.objects.for_authority(authority).get().settings.get(rule_id=rule_id)
    setting.mode = mode
    setting.save()


def _decided(room) -> None:
    """Every child decided with no plan, and who tells them: all the room itself must record."""
    for child in room.children:
        give_opinions(room, child, [False, False, False])
        live.record_decision(conference_id=room.pk, child_id=child.pk, outcome="nfa", by=room.chair)
    live.record_outcome_teller(
        conference_id=room.pk, name="Social worker", expected_version=room.refresh().version, by=room.chair
    )


def _live_page(client, room):
    client.force_login(room.chair.user)
    slug = room.conference.authority.slug
    return client.get(f"/{slug}/conferences/{room.pk}/live/?step=close").content.decode()


# --- the close and the page agree ------------------------------------------------------------------


def test_close_is_refused_while_the_page_shows_child_participation_not_recorded(two_authorities, client):
    mine, _ = two_authorities  # Barnsley's rules: CHILD-PARTICIPATION required
    room = make_room(mine, children=1, prepared=False)
    _decided(room)
    page = _live_page(client, room)
    assert 'data-rule="CHILD-PARTICIPATION" data-state="needed"' in page
    assert "Everything the rules need is recorded" not in page
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair, reason="We went ahead")
    assert refused.value.rule_id == "FAMILY-INVITE" or refused.value.rule_id == "CHILD-PARTICIPATION"
    assert str(refused.value).startswith("Record ")
    assert str(refused.value).endswith(f"({refused.value.rule_id})")
    assert room.refresh().status == ConferenceStatus.IN_PROGRESS


def test_social_workers_report_not_shared_asks_a_reason_at_close_and_keeps_it(two_authorities, client):
    mine, _ = two_authorities
    room = make_room(mine, children=1)
    conference = room.conference
    conference.sw_report_shared_family_on = None
    conference.save()
    _decided(room)
    page = _live_page(client, room)
    assert 'data-rule="SW-REPORT" data-state="advised"' in page
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair)
    assert refused.value.rule_id == "SW-REPORT" and refused.value.field == "reason"
    assert "Give a reason to go ahead" in str(refused.value)
    held = live.hold_conference(conference_id=room.pk, by=room.chair, reason="Report shared on the day")
    assert held.status == ConferenceStatus.HELD
    assert held.rule_reasons["SW-REPORT"] == "Report shared on the day"


def test_a_prepared_and_decided_conference_closes_and_the_page_said_so(two_authorities, client):
    mine, _ = two_authorities
    room = make_room(mine, children=2)
    _decided(room)
    assert "Everything the rules need is recorded" in _live_page(client, room)
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD


# --- prompts at the start (PRE-MEET, SEPARATE, FAMILY-NEEDS) -------------------------------------


def _unprepared(authority):
    return ConferenceFactory(authority=authority, family__authority=authority, starts_at=today_at(23))


def test_advised_preparation_asks_a_reason_at_the_start_and_keeps_it(two_authorities):
    _, theirs = two_authorities  # West Sussex: PRE-MEET, SEPARATE, FAMILY-NEEDS advised
    conference = _unprepared(theirs)
    with pytest.raises(RuleViolation) as refused:
        live.start_conference(conference_id=conference.pk, by=conference.chair)
    assert refused.value.rule_id == "FAMILY-NEEDS" and refused.value.field == "reason_FAMILY-NEEDS"
    assert str(refused.value).startswith("Record the family's needs")
    reasons = {
        "FAMILY-NEEDS": "Needs discussed on the phone",
        "SEPARATE": "No orders or bail conditions",
        "PRE-MEET": "Parents arrived late",
    }
    started = live.start_conference(conference_id=conference.pk, by=conference.chair, reasons=reasons)
    assert started.status == ConferenceStatus.IN_PROGRESS
    assert started.rule_reasons == reasons


def test_required_preparation_refuses_the_start_naming_the_rule(two_authorities):
    _, theirs = two_authorities
    _set_mode(theirs, "PRE-MEET", "required")
    conference = _unprepared(theirs)
    reasons = {"FAMILY-NEEDS": "x", "SEPARATE": "x", "PRE-MEET": "We ran out of time"}
    with pytest.raises(RuleViolation) as refused:
        live.start_conference(conference_id=conference.pk, by=conference.chair, reasons=reasons)
    assert refused.value.rule_id == "PRE-MEET"
    assert str(refused.value) == (
        "Record the chair's meeting with the parents before the conference (PRE-MEET)"
    )


def test_preparation_rules_that_are_off_prompt_nothing(two_authorities):
    mine, _ = two_authorities  # Barnsley: PRE-MEET, SEPARATE, FAMILY-NEEDS off
    conference = _unprepared(mine)
    started = live.start_conference(conference_id=conference.pk, by=conference.chair)
    assert started.status == ConferenceStatus.IN_PROGRESS and started.rule_reasons == {}


def test_the_start_page_shows_the_prompts_and_posts_the_reasons(two_authorities, client):
    _, theirs = two_authorities
    conference = _unprepared(theirs)
    client.force_login(conference.chair.user)
    url = f"/{theirs.slug}/conferences/{conference.pk}/live/"
    page = client.get(url).content.decode()
    assert "data-start-prompts" in page and 'name="reason_PRE-MEET"' in page
    refused = client.post(f"{url}start/", {"reason_PRE-MEET": "Parents arrived late"})
    assert refused.status_code == 400
    assert "Record the family&#x27;s needs" in refused.content.decode()
    done = client.post(
        f"{url}start/",
        {
            "reason_PRE-MEET": "Parents arrived late",
            "reason_SEPARATE": "None",
            "reason_FAMILY-NEEDS": "By phone",
        },
    )
    assert done.status_code == 302
    conference.refresh_from_db()
    assert conference.rule_reasons["PRE-MEET"] == "Parents arrived late"


# --- PARENT-VIEWS ---------------------------------------------------------------------------------


def _without_parent_views(room):
    ParentView.objects.for_authority(room.conference.authority).filter(conference=room.conference).delete()


def test_parent_views_required_refuses_the_close_until_views_or_why_not(two_authorities):
    _, theirs = two_authorities  # West Sussex: PARENT-VIEWS required
    room = make_room(theirs, children=1)
    _without_parent_views(room)
    _decided(room)
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair, reason="Going ahead")
    assert refused.value.rule_id == "PARENT-VIEWS"
    assert str(refused.value).startswith("Record the views of ")
    parent = room.conference.invitations.get(kind="parent")
    with pytest.raises(ValidationError) as no_reason:
        live.record_parent_views(
            conference_id=room.pk,
            person_id=parent.person_id,
            given="not_given",
            format="",
            views="",
            by=room.chair,
        )
    assert no_reason.value.message_dict["views"] == ["Say why the views were not given (PARENT-VIEWS)"]
    view = live.record_parent_views(
        conference_id=room.pk,
        person_id=parent.person_id,
        given="not_given",
        format="",
        views="Mother declined to take part",
        by=room.chair,
    )
    assert view.history.count() == 1
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD


def test_parent_views_advised_asks_a_reason_at_close(two_authorities):
    mine, _ = two_authorities  # Barnsley: PARENT-VIEWS advised
    _set_mode(mine, "PARENT-VIEWS", "advised")
    room = make_room(mine, children=1)
    _without_parent_views(room)
    _decided(room)
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair)
    assert refused.value.rule_id == "PARENT-VIEWS" and refused.value.answer.advised
    held = live.hold_conference(conference_id=room.pk, by=room.chair, reason="Parents did not come")
    assert held.rule_reasons["PARENT-VIEWS"] == "Parents did not come"


def test_parent_views_off_asks_nothing(two_authorities):
    mine, _ = two_authorities
    _set_mode(mine, "PARENT-VIEWS", "off")
    room = make_room(mine, children=1)
    _without_parent_views(room)
    _decided(room)
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD


def test_each_invited_parent_needs_views_or_why_not(two_authorities):
    _, theirs = two_authorities
    room = make_room(theirs, children=1)
    second = PersonFactory(family=room.conference.family)
    InvitationFactory(
        conference=room.conference,
        kind="parent",
        membership=None,
        person=second,
        name=str(second),
        invited_by="letter",
        invited_at=room.conference.starts_at,
    )
    _decided(room)
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair)
    assert refused.value.rule_id == "PARENT-VIEWS" and str(second) in str(refused.value)
    live.record_parent_views(
        conference_id=room.pk, person_id=second.pk, given="at", format="spoken", views="Agrees", by=room.chair
    )
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD
