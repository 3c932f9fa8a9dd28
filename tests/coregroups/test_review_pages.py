"""The recommendation and conversation pages: a social worker records the core group's
recommendation, the review's pages show it with the prompt, and the chair records the conversation;
refusals name the field; another authority's meeting or conference is not found."""

from __future__ import annotations

import pytest

from authorities.models import Mode, Role
from coregroups.models import DelistConversation, PreReviewRecommendation
from tests.coregroups.review_helpers import REVIEW_ON, review_of, set_mode, with_held_meeting
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _urls(setup, conference):
    slug = setup.authority.slug
    return (
        f"/{slug}/core-groups/meetings/{setup.first.pk}/recommendation/",
        f"/{slug}/core-groups/reviews/{conference.pk}/conversation/",
        f"/{slug}/conferences/{conference.pk}/",
    )


def test_recommendation_then_prompt_then_conversation_through_the_pages(client, two_authorities, clock):
    mine, _ = two_authorities
    set_mode(mine, "DELIST-CONVERSATION", Mode.ADVISED)
    set_mode(mine, "CG-PRE-REVIEW", Mode.ADVISED)
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    recommend, talk, page = _urls(setup, conference)
    client.force_login(setup.social_worker.user)
    plan_id = setup.room.children[0].protection_plans.get().pk
    refused = client.post(recommend, {"plan": plan_id, "recommendation": "end", "rationale": ""})
    assert refused.status_code == 200 and "Say why the core group recommends this" in refused.text
    assert not PreReviewRecommendation.objects.for_authority(mine).exists()
    done = client.post(
        recommend, {"plan": plan_id, "recommendation": "end", "rationale": "Safe for three months"}
    )
    assert done.status_code == 302
    shown = client.get(page).text
    assert "End the plan" in shown and "Safe for three months" in shown
    assert "data-delist-prompt" in shown and "Record your conversation" not in shown  # not the chair
    group_page = client.get(f"/{mine.slug}/core-groups/{setup.group.pk}/").text
    assert "data-delist-prompt" in group_page and "Safe for three months" in group_page
    assert client.get(talk).status_code == 403  # the social worker sees the prompt; the chair records

    client.force_login(conference.chair.user)
    assert "Record your conversation" in client.get(page).text
    clock.day = REVIEW_ON
    form = {"spoke_with": setup.social_worker.pk, "spoke_on_day": "19", "spoke_on_month": "2"}
    refused = client.post(talk, {**form, "spoke_on_year": "2027", "outcome": ""})
    assert refused.status_code == 200 and "Say what came of the conversation" in refused.text
    refused = client.post(talk, {**form, "spoke_on_year": "", "outcome": "Agreed"})
    assert "Date of the conversation must include a year" in refused.text
    done = client.post(talk, {**form, "spoke_on_year": "2027", "outcome": "Agreed to end with a CIN plan"})
    assert done.status_code == 302
    shown = client.get(page).text
    assert "On 19 February 2027 the chair" in shown and "data-delist-prompt" not in shown
    assert DelistConversation.objects.for_authority(mine).get().spoke_with == setup.social_worker


def test_another_authority_or_an_uninvited_practitioner_finds_neither_page(client, two_authorities, clock):
    mine, theirs = two_authorities
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    recommend, talk, _ = _urls(setup, conference)
    outsider = MembershipFactory(authority=theirs, role=Role.CHAIR)
    client.force_login(outsider.user)
    for url in (recommend, talk):
        assert client.get(url).status_code == 404
        assert client.get(url.replace(f"/{mine.slug}/", f"/{theirs.slug}/")).status_code == 404
    client.force_login(MembershipFactory(authority=mine, role=Role.PRACTITIONER).user)
    for url in (recommend, talk):
        assert client.get(url).status_code == 404
