"""On the chair's pages: LONG-PLAN at a review (the flag, the question, the answer kept and
required before the close), and NON-ATTEND-LETTER before a family's next conference (agencies
that neither attended nor sent a report to its earlier conferences, with their pattern)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from authorities.models import Authority, RuleSet
from authorities.rules.checks import RuleViolation
from cases.models import ChildProtectionPlan
from conferences.live import services as live
from conferences.live.long_plan import answer_long_plan
from conferences.models import ConferenceStatus, LongPlanAnswer
from scheduling.engine import add_months
from tests.conferences.live_helpers import give_opinions, make_room
from tests.factories import AgencyFactory, ConferenceFactory, InvitationFactory, copy_rule_set

pytestmark = pytest.mark.django_db


def _review_with_long_plan(authority):
    room = make_room(authority, children=1, kind="review")
    child = room.children[0]
    ChildProtectionPlan.objects.create(
        authority=authority,
        child=child,
        category="neglect",
        started_on=add_months(room.conference.day, -19),
    )
    return room, child


def _page(client, room, step):
    client.force_login(room.chair.user)
    slug = room.conference.authority.slug
    return client.get(f"/{slug}/conferences/{room.pk}/live/?step={step}").content.decode()


def test_the_chair_sees_the_long_plan_flag_and_question_at_a_review(two_authorities, client):
    mine, _ = two_authorities
    room, child = _review_with_long_plan(mine)
    page = _page(client, room, "long-plan")
    assert "Plan open 18 months or more" in page
    assert f"Why does {child.first_name} still need a child protection plan" in page
    assert 'data-step="long-plan"' in page


def test_the_answer_is_recorded_with_history_and_the_close_waits_for_it(two_authorities, client):
    mine, _ = two_authorities
    room, child = _review_with_long_plan(mine)
    give_opinions(room, child, [True, True, True])
    live.record_decision(
        conference_id=room.pk, child_id=child.pk, outcome="end", rationale="Safe now", by=room.chair
    )
    live.record_outcome_teller(
        conference_id=room.pk, name="Social worker", expected_version=room.refresh().version, by=room.chair
    )
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair, reason="Going ahead")
    assert refused.value.rule_id == "LONG-PLAN"
    assert str(refused.value).startswith(f"Answer the question for {child}")
    with pytest.raises(ValidationError):
        answer_long_plan(conference_id=room.pk, child_id=child.pk, answer=" ", by=room.chair)
    slug = mine.slug
    client.force_login(room.chair.user)
    response = client.post(
        f"/{slug}/conferences/{room.pk}/live/long-plan/",
        {f"long-plan-{child.pk}-child": child.pk, f"long-plan-{child.pk}-answer": "Dad's drinking returned"},
    )
    assert response.status_code == 302 and "step=long-plan" in response["Location"]
    answer = LongPlanAnswer.objects.for_authority(mine).get(conference=room.conference, child=child)
    assert answer.answer == "Dad's drinking returned" and "18 months" in answer.flags
    assert answer.history.count() == 1
    assert "Dad&#x27;s drinking returned" in _page(client, room, "long-plan")
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD


def test_no_long_plan_question_at_an_initial_conference_or_without_a_flag(two_authorities, client):
    mine, _ = two_authorities
    room = make_room(mine, children=1)
    assert 'data-step="long-plan"' not in _page(client, room, "start")
    with pytest.raises(ValidationError):
        answer_long_plan(conference_id=room.pk, child_id=room.children[0].pk, answer="x", by=room.chair)


# --- NON-ATTEND-LETTER --------------------------------------------------------------------------


@pytest.fixture
def birmingham_like(db):
    """Birmingham's rules: NON-ATTEND-LETTER advised, a pattern is 3 in 6 months."""
    from tests.factories import AuthorityFactory

    authority = AuthorityFactory(name="Gammashire", slug="gammashire")
    copy_rule_set(RuleSet.objects.for_authority(Authority.objects.get(slug="birmingham")).get(), authority)
    return authority


def _earlier(room, agency, *, days_before: int):
    """A held conference of the same family where the agency neither attended nor reported."""
    earlier = ConferenceFactory(
        authority=room.conference.authority,
        family=room.conference.family,
        status=ConferenceStatus.HELD,
        starts_at=room.conference.starts_at - datetime.timedelta(days=days_before),
        held_on=room.conference.day - datetime.timedelta(days=days_before),
    )
    InvitationFactory(conference=earlier, agency=agency, name=f"{agency.name} officer", attendance="absent")
    return earlier


def test_the_chair_sees_agencies_absent_from_the_familys_earlier_conferences(birmingham_like, client):
    room = make_room(birmingham_like)
    police = room.professionals[0].agency
    school = AgencyFactory(authority=birmingham_like, name="Gammashire Academy")
    for days in (20, 50, 80):
        _earlier(room, police, days_before=days)
    _earlier(room, school, days_before=30)
    page = _page(client, room, "start")
    assert "data-earlier-absences" in page
    assert f"<strong>{police.name}</strong>: 3 earlier conferences" in page
    assert "invited to this one" in page and "not invited to this one" in page
    assert "Pattern" in page and "raise it through the authority" in page
    assert f"<strong>{school.name}</strong>: 1 earlier conference," in page


def test_no_absences_shown_where_the_rule_is_off(two_authorities, client):
    mine, _ = two_authorities  # Barnsley: NON-ATTEND-LETTER off
    room = make_room(mine)
    _earlier(room, room.professionals[0].agency, days_before=20)
    assert "data-earlier-absences" not in _page(client, room, "start")


def test_the_api_shows_the_checklist_and_records_the_long_plan_answer(two_authorities, client):
    mine, _ = two_authorities
    room, child = _review_with_long_plan(mine)
    client.force_login(room.chair.user)
    url = f"/api/v1/{mine.slug}/live-conferences/{room.pk}/"
    data = client.get(url).json()
    long_plan = [i for i in data["checklist"] if i["rule_id"] == "LONG-PLAN"]
    assert long_plan and long_plan[0]["answer"] == "refused" and not long_plan[0]["done"]
    response = client.post(
        f"{url}long-plan/",
        {"child": child.pk, "answer": "A new partner moved in"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [i["done"] for i in response.json()["checklist"] if i["rule_id"] == "LONG-PLAN"] == [True]
    refused = client.post(
        f"{url}long-plan/", {"child": child.pk, "answer": ""}, content_type="application/json"
    )
    assert refused.status_code == 400
