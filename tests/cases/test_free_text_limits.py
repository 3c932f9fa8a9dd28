"""The case pages' free-text boxes have the shared limits: an address 500 characters, a few sentences
(a disability, who attended, a reason) 2,000, longer writing (a discussion's outcome, notes) 10,000.
A longer paste is refused on the page with a message naming the box and the limit, with the whole
text given back in the box, and by the API with a 400 keyed by the field; what was saved stays."""

from __future__ import annotations

import pytest

from authorities.models import Role
from authorities.text_limits import ADDRESS_MAX_LENGTH, NOTES_MAX_LENGTH, REASON_MAX_LENGTH
from cases.models import Child, ChildInNeedReview, ChildProtectionPlan, Family, StrategyDiscussion
from tests.conferences.sw_helpers import make_case
from tests.factories import ChildInNeedPlanFactory, ChildProtectionPlanFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SAVED_LONG_AGO = "Flat 2, 14 Mill Lane, " * 40  # saved before there was a limit: longer than 500


def _too_long(limit: int) -> str:
    return ("Typed at length " * (limit // 16 + 2))[: limit + 1]


def _refused_on_the_page(answer, field: str, label: str, limit: int, text: str) -> None:
    assert answer.status_code == 200
    assert answer.context["form"].errors[field] == [
        f"“{label}” must be {limit:,} characters or fewer (this has {limit + 1})"
    ]
    assert text in answer.content.decode()  # the whole text, back in the box to shorten


def _refused_by_the_api(answer, field: str, limit: int) -> None:
    assert answer.status_code == 400, answer.content
    assert answer.json()[field] == [f"Must be {limit:,} characters or fewer."]


@pytest.mark.parametrize(
    "path, field, label, limit",
    [
        ("children/new/", "address", "Address", ADDRESS_MAX_LENGTH),
        ("children/new/", "disability", "Disability or special need", REASON_MAX_LENGTH),
        ("people/new/", "address", "Address", ADDRESS_MAX_LENGTH),
        ("strategy-discussions/new/", "attendees", "Attendees", REASON_MAX_LENGTH),
        ("strategy-discussions/new/", "outcome", "Outcome", NOTES_MAX_LENGTH),
        ("edit/", "address", "Family address", ADDRESS_MAX_LENGTH),
    ],
)
def test_a_too_long_box_on_a_case_page_is_refused_and_nothing_is_added(
    client, two_authorities, path, field, label, limit
):
    mine, _ = two_authorities
    case = make_case(mine)
    Family.objects.for_authority(mine).filter(pk=case.family.pk).update(address=SAVED_LONG_AGO)
    client.force_login(case.social_worker.user)
    text = _too_long(limit)
    counts = (
        Child.objects.for_authority(mine).count(),
        StrategyDiscussion.objects.for_authority(mine).count(),
    )

    answer = client.post(f"/{mine.slug}/cases/{case.family.pk}/{path}", {field: text})

    _refused_on_the_page(answer, field, label, limit, text)
    assert counts == (
        Child.objects.for_authority(mine).count(),
        StrategyDiscussion.objects.for_authority(mine).count(),
    )
    assert Family.objects.for_authority(mine).get(pk=case.family.pk).address == SAVED_LONG_AGO


def test_an_address_at_the_limit_is_saved_and_a_longer_one_refused_on_the_new_case_page(
    client, two_authorities
):
    mine, _ = two_authorities
    worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    client.force_login(worker.user)
    url = f"/{mine.slug}/cases/new/"

    _refused_on_the_page(
        client.post(url, {"name": "Long family", "address": _too_long(500)}),
        "address",
        "Family address",
        ADDRESS_MAX_LENGTH,
        _too_long(500),
    )
    assert not Family.objects.for_authority(mine).filter(name="Long family").exists()
    saved = client.post(url, {"name": "Long family", "address": "a" * ADDRESS_MAX_LENGTH})
    assert saved.status_code == 302
    assert Family.objects.for_authority(mine).get(name="Long family").address == "a" * 500


def test_the_case_api_refuses_too_long_text_with_a_400_naming_the_field(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    child = case.children[0]
    Child.objects.for_authority(mine).filter(pk=child.pk).update(address=SAVED_LONG_AGO)
    client.force_login(case.social_worker.user)
    api = f"/api/v1/{mine.slug}"
    json = {"content_type": "application/json"}

    family = client.post(f"{api}/families/", {"name": "New", "address": _too_long(500)}, **json)
    changed = client.patch(f"{api}/children/{child.pk}/", {"disability": _too_long(2000)}, **json)
    moved = client.patch(f"{api}/children/{child.pk}/", {"address": _too_long(500)}, **json)
    discussion = client.post(
        f"{api}/strategy-discussions/",
        {
            "family": case.family.pk,
            "held_on": "2026-01-05",
            "attendees": "Social worker, police",
            "outcome": _too_long(NOTES_MAX_LENGTH),
            "children": [child.pk],
        },
        **json,
    )

    _refused_by_the_api(family, "address", ADDRESS_MAX_LENGTH)
    _refused_by_the_api(changed, "disability", REASON_MAX_LENGTH)
    _refused_by_the_api(moved, "address", ADDRESS_MAX_LENGTH)
    _refused_by_the_api(discussion, "outcome", NOTES_MAX_LENGTH)
    assert not Family.objects.for_authority(mine).filter(name="New").exists()
    assert Child.objects.for_authority(mine).get(pk=child.pk).address == SAVED_LONG_AGO
    assert not StrategyDiscussion.objects.for_authority(mine).filter(outcome__startswith="Typed").exists()


def test_ending_a_plan_with_too_long_details_is_refused_on_the_page_and_in_the_api(client, two_authorities):
    mine, _ = two_authorities
    plan = ChildProtectionPlanFactory(child__family__authority=mine)
    client.force_login(MembershipFactory(authority=mine, role=Role.TEAM_MANAGER).user)
    text = _too_long(REASON_MAX_LENGTH)

    page = client.post(
        f"/{mine.slug}/cases/plans/{plan.pk}/end/", {"end_kind": "moved_authority", "details": text}
    )
    api = client.post(
        f"/api/v1/{mine.slug}/protection-plans/{plan.pk}/end/",
        {"end_kind": "moved_authority", "ended_on": plan.started_on.isoformat(), "details": text},
        content_type="application/json",
    )

    _refused_on_the_page(page, "details", "Details", REASON_MAX_LENGTH, text)
    _refused_by_the_api(api, "details", REASON_MAX_LENGTH)
    assert ChildProtectionPlan.objects.for_authority(mine).get(pk=plan.pk).ended_on is None


def test_a_child_in_need_review_with_too_long_notes_is_refused_on_the_page_and_in_the_api(
    client, two_authorities
):
    mine, _ = two_authorities
    cin = ChildInNeedPlanFactory(child__family__authority=mine)
    client.force_login(MembershipFactory(authority=mine, role=Role.TEAM_MANAGER).user)
    url = f"/{mine.slug}/cases/in-need-plans/{cin.pk}/reviews/"

    who = client.post(url, {"attended": _too_long(REASON_MAX_LENGTH)})
    notes = client.post(url, {"attended": "Sam Carter (mother)", "notes": _too_long(NOTES_MAX_LENGTH)})
    api = client.post(
        f"/api/v1/{mine.slug}/in-need-plans/{cin.pk}/reviews/",
        {"held_on": cin.started_on.isoformat(), "attended": _too_long(REASON_MAX_LENGTH), "outcome": "end"},
        content_type="application/json",
    )

    _refused_on_the_page(who, "attended", "Who attended", REASON_MAX_LENGTH, _too_long(REASON_MAX_LENGTH))
    _refused_on_the_page(notes, "notes", "Notes", NOTES_MAX_LENGTH, _too_long(NOTES_MAX_LENGTH))
    _refused_by_the_api(api, "attended", REASON_MAX_LENGTH)
    assert not ChildInNeedReview.objects.for_authority(mine).exists()
