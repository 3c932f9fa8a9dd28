"""The chair's live page: who may see and change it, htmx and no-JavaScript posts, refusals shown
in place, stale saves, the query budget, and the two PDFs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from authorities.models import Role
from conferences.live import services as live
from conferences.models import Attendance
from tests.conferences.live_helpers import give_opinions, make_room
from tests.factories import ChildFactory, InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _url(room, name="live"):
    slug = room.conference.authority.slug
    base = f"/{slug}/conferences/{room.pk}"
    if name == "live":
        return f"{base}/live/"
    if name.startswith("minutes"):
        return f"{base}/minutes/{name.split('-')[1]}.pdf"
    return f"{base}/live/{name}/"


def test_the_chair_sees_the_live_page_with_the_quorum_panel(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    client.force_login(room.chair.user)
    page = client.get(_url(room)).content.decode()
    assert 'data-quorum="quorate"' in page
    agenda = client.get(_url(room) + "?step=agenda").content.decode()
    assert "Professional slot" in agenda and "Not for the family" in agenda
    assert "Review of plan actions" not in agenda  # review-only, hidden at an initial conference


def test_practitioners_invited_to_the_conference_see_nothing_of_the_live_page(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    client.force_login(room.professionals[0].membership.user)
    assert client.get(_url(room)).status_code == 404
    assert client.post(_url(room, "attendance"), {"invitation": room.professionals[0].pk}).status_code == 404
    assert client.get(_url(room, "minutes-family")).status_code == 404


def test_other_staff_read_the_live_page_but_may_not_change_it(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    for role in (Role.SOCIAL_WORKER, Role.CHAIR, Role.TEAM_MANAGER):
        client.force_login(MembershipFactory(authority=mine, role=role).user)
        page = client.get(_url(room))
        assert page.status_code == 200
        assert "only the conference's chair can change it" in page.content.decode()
        response = client.post(
            _url(room, "attendance"), {"invitation": room.professionals[0].pk, "attendance": "absent"}
        )
        assert response.status_code == 403
    room.professionals[0].refresh_from_db()
    assert room.professionals[0].attendance == Attendance.PRESENT


def test_another_authoritys_conference_is_not_found(client, two_authorities):
    mine, theirs = two_authorities
    room = make_room(theirs)
    client.force_login(MembershipFactory(authority=mine, role=Role.CHAIR).user)
    assert client.get(f"/{mine.slug}/conferences/{room.pk}/live/").status_code == 404


def test_attendance_without_javascript_redirects_and_with_htmx_swaps_the_quorum(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, present=False)
    client.force_login(room.chair.user)
    response = client.post(
        _url(room, "attendance"), {"invitation": room.social_worker_invitation.pk, "attendance": "present"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#attendance")
    for invitation in room.professionals[:-1]:
        client.post(_url(room, "attendance"), {"invitation": invitation.pk, "attendance": "present"})
    partial = client.post(
        _url(room, "attendance"),
        {"invitation": room.professionals[-1].pk, "attendance": "present"},
        HTTP_HX_REQUEST="true",
    )
    body = partial.content.decode()
    assert partial.status_code == 200 and "HX-Request" in partial["Vary"]
    assert body.strip().startswith('<div id="attendance-quorum">') and 'data-quorum="quorate"' in body
    assert "<html" not in body


def test_an_unknown_attendance_value_is_refused_without_a_500(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    client.force_login(room.chair.user)
    response = client.post(_url(room, "attendance"), {"invitation": "abc", "attendance": "maybe"})
    assert response.status_code == 400
    response = client.post(_url(room, "attendance"), {"invitation": 999999, "attendance": "present"})
    assert response.status_code == 400
    assert client.get(_url(room, "attendance")).status_code == 405


def test_a_stale_agenda_save_shows_the_other_persons_text_and_keeps_mine(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    live.save_agenda_note(
        conference_id=room.pk, section_key="worries", text="Their words", expected_version=0, by=room.chair
    )
    client.force_login(room.chair.user)
    response = client.post(
        _url(room, "agenda"), {"agenda-section": "worries", "agenda-version": 0, "agenda-text": "My words"}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Your change was not saved" in body and "Their words" in body and "My words" in body
    assert 'name="agenda-version" value="1"' in body
    assert room.conference.agenda_notes.get(section_key="worries").text == "Their words"


def test_an_opinion_by_htmx_updates_that_childs_tally_only(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    child = room.children[0]
    client.force_login(room.chair.user)
    prefix = f"opinion-{child.pk}"
    response = client.post(
        _url(room, "opinion"),
        {
            f"{prefix}-child": child.pk,
            f"{prefix}-invitation": room.professionals[0].pk,
            f"{prefix}-plan_needed": "yes",
            f"{prefix}-reasons": "Bruising seen",
            f"{prefix}-category": "physical",
            f"{prefix}-score": 2,
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<div id="opinions-{child.pk}">')
    assert "1 yes, 0 no, 0 abstained" in body and "Bruising seen" in body


def test_a_refused_opinion_is_shown_in_place_with_the_rule_id(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    child = room.children[0]
    client.force_login(room.chair.user)
    prefix = f"opinion-{child.pk}"
    response = client.post(
        _url(room, "opinion"),
        {
            f"{prefix}-child": child.pk,
            f"{prefix}-invitation": room.professionals[0].pk,
            f"{prefix}-plan_needed": "yes",
            f"{prefix}-reasons": "Bruising",
        },
    )
    assert response.status_code == 400
    assert "(CATEGORY)" in response.content.decode()


def test_a_split_decision_without_rationale_is_refused_then_saved(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1)
    child = room.children[0]
    give_opinions(room, child, [True, False, True])
    client.force_login(room.chair.user)
    prefix = f"decision-{child.pk}"
    data = {f"{prefix}-child": child.pk, f"{prefix}-outcome": "cp_plan", f"{prefix}-category": "neglect"}
    refused = client.post(_url(room, "decision"), data)
    assert refused.status_code == 400 and "(DECISION)" in refused.content.decode()
    data[f"{prefix}-rationale"] = "The police evidence is decisive"
    assert client.post(_url(room, "decision"), data).status_code == 302


def _filled_room(authority, *, children, agencies):
    room = make_room(authority, children=children, agencies=agencies)
    for child in room.children:
        give_opinions(room, child, [True] * (agencies + 1))
        decision = live.record_decision(
            conference_id=room.pk, child_id=child.pk, outcome="cp_plan", category="neglect", by=room.chair
        )
        live.record_dissent(
            conference_id=room.pk,
            decision_id=decision.pk,
            invitation_id=room.professionals[0].pk,
            reasons="Disagree",
            by=room.chair,
        )
    live.save_agenda_note(
        conference_id=room.pk, section_key="worries", text="x", expected_version=0, by=room.chair
    )
    danger = live.add_plan_item(conference_id=room.pk, kind="danger", text="Danger", by=room.chair)
    live.add_plan_item(
        conference_id=room.pk,
        kind="action",
        text="Act",
        owner_name="SW",
        due_on=room.conference.day + __import__("datetime").timedelta(days=9),
        answers_id=danger.pk,
        by=room.chair,
    )
    return room


def test_the_live_page_keeps_a_fixed_number_of_queries(
    client, two_authorities, django_assert_max_num_queries
):
    mine, _ = two_authorities
    small = _filled_room(mine, children=1, agencies=2)
    client.force_login(small.chair.user)
    # The forms and reads of the steps not shown are not built (page_context.lazy), nor asked for
    # (the corrections, observers, family members, core group members, reports' states and trigger
    # responses are read where a step or check needs them); the rule set and LONG-PLAN rows are
    # read once; the membership and the person's other memberships (the header) are one query.
    with django_assert_max_num_queries(17) as counted:
        client.get(f"{_url(small)}?step=opinions")
    for step in ("start", "attendance", "decisions", "plan", "next", "close"):
        with django_assert_max_num_queries(20):
            client.get(f"{_url(small)}?step={step}")
    # A review reads its children's plans once, for the core group's briefing and LONG-PLAN both,
    # and no outline plan before one is decided.
    review = make_room(mine, children=2, agencies=2, kind="review")
    client.force_login(review.chair.user)
    for step in ("start", "opinions"):
        with django_assert_max_num_queries(15):
            client.get(f"{_url(review)}?step={step}")
    # 6 children and 25 attendees (the social worker and 24 agencies): no more queries than 1 and 3.
    big = _filled_room(mine, children=6, agencies=24)
    client.force_login(big.chair.user)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        response = client.get(f"{_url(big)}?step=opinions")
    assert response.status_code == 200
    assert response.content.decode().count('data-tally="') == 6


def _pdf_text(response) -> str:
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_family_minutes_leave_out_every_professional_slot_note(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1)
    secret = "Operation Kestrel live police investigation"
    live.save_agenda_note(
        conference_id=room.pk, section_key="professional_slot", text=secret, expected_version=0, by=room.chair
    )
    live.save_agenda_note(
        conference_id=room.pk,
        section_key="worries",
        text="Worried about supervision",
        expected_version=0,
        by=room.chair,
    )
    client.force_login(room.chair.user)
    professional = client.get(_url(room, "minutes-professional"))
    family = client.get(_url(room, "minutes-family"))
    assert professional["Content-Type"] == family["Content-Type"] == "application/pdf"
    professional_text, family_text = _pdf_text(professional), _pdf_text(family)
    assert "Operation Kestrel" in professional_text
    assert "Kestrel" not in family_text and "police investigation" not in family_text
    assert "Professional slot" not in family_text
    assert "Worried about supervision" in family_text
    assert "Official – Sensitive" in family_text and "Page 1 of" in family_text


def test_review_conferences_show_the_review_of_the_plan(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine, children=1, kind="review")
    ChildFactory(family=room.conference.family)
    InvitationFactory(conference=room.conference)
    client.force_login(room.chair.user)
    assert "Review of plan actions" in client.get(_url(room) + "?step=agenda").content.decode()
    assert "Continue the child protection plan" in client.get(_url(room) + "?step=decisions").content.decode()


def test_the_attendance_list_says_whose_report_came_in(client, two_authorities):
    from tests.factories import AgencyReportFactory

    mine, _ = two_authorities
    room = make_room(mine)
    AgencyReportFactory(invitation=room.professionals[0])
    AgencyReportFactory(invitation=room.professionals[1], is_late=True)
    client.force_login(room.chair.user)
    page = client.get(_url(room)).content.decode()
    assert page.count(">Sent<") == 1 and "Sent late" in page and "Not sent" in page  # the social worker's


def test_the_conference_page_links_to_the_live_page_for_staff(client, two_authorities):
    mine, _ = two_authorities
    room = make_room(mine)
    live_url = _url(room)
    client.force_login(room.chair.user)
    page = client.get(f"/{mine.slug}/conferences/{room.pk}/").content.decode()
    assert f'href="{live_url}"' in page and "Run the conference live" in page
    client.force_login(room.professionals[0].membership.user)
    assert live_url not in client.get(f"/{mine.slug}/conferences/{room.pk}/").content.decode()
