"""A report's content over its limits is refused, naming the box and the limit, on the page and in
the API; nothing is cut off, exactly the limit is kept whole, and the saved draft stays as it was."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from authorities.models import Authority
from authorities.text_limits import (
    ADDRESS_MAX_LENGTH,
    CODE_MAX_LENGTH,
    ISO_DATE_LENGTH,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REPORT_ROWS_MAX,
    REPORT_STATEMENTS_MAX,
)
from reports import services
from reports.content import ContentRefused, OverLimit
from reports.models import AgencyReport
from tests.factories import ConferenceFactory, InvitationFactory
from tests.reports.helpers import complete_content

pytestmark = pytest.mark.django_db
SAVED = {"involvement": {"text": "Saved before", "not_known": False}}


def _rows(count: int, key: str) -> list[dict]:
    return [{key: f"Person {index}"} for index in range(count)]


def _statements(count: int, size: int = 5) -> dict:
    return {"statements": [{"text": "s" * size, "marker": "fact"} for _ in range(count)]}


# (authority, limit, content holding n characters or rows, where the refusal points)
CASES = {
    "line": ("barnsley", NAME_MAX_LENGTH, lambda n: {"organisation": "o" * n}, ("organisation",)),
    "address line": (
        "barnsley",
        ADDRESS_MAX_LENGTH,
        lambda n: {"business_address": "a" * n},
        ("business_address",),
    ),
    "text section": (
        "barnsley",
        NOTES_MAX_LENGTH,
        lambda n: {"involvement": {"text": "t" * n}},
        ("involvement", "text"),
    ),
    "statements as plain text": (
        "barnsley",
        NOTES_MAX_LENGTH,
        lambda n: {"concerns": {"statements": [{"text": "c" * (n - 2)}, {"text": "d"}]}},
        ("concerns", "statements"),
    ),
    "child's box": (
        "barnsley",
        NAME_MAX_LENGTH,
        lambda n: {"children": [{"first_name": "Sam"}, {"first_name": "f" * n}]},
        ("children", 1, "first_name"),
    ),
    "child's disability": (
        "barnsley",
        REASON_MAX_LENGTH,
        lambda n: {"children": [{"first_name": "Sam", "disability": "d" * n}]},
        ("children", 0, "disability"),
    ),
    "adult's address": (
        "barnsley",
        ADDRESS_MAX_LENGTH,
        lambda n: {"parents_carers": [{"name": "Alex", "address": "a" * n}]},
        ("parents_carers", 0, "address"),
    ),
    "children's rows": (
        "barnsley",
        REPORT_ROWS_MAX,
        lambda n: {"children": _rows(n, "first_name")},
        ("children",),
    ),
    "adults' rows": (
        "barnsley",
        REPORT_ROWS_MAX,
        lambda n: {"parents_carers": _rows(n, "name")},
        ("parents_carers",),
    ),
    "statement": (
        "staffordshire",
        REASON_MAX_LENGTH,
        lambda n: {"concerns": _statements(1, n)},
        ("concerns", "statements", 0, "text"),
    ),
    "statements": (
        "staffordshire",
        REPORT_STATEMENTS_MAX,
        lambda n: {"concerns": _statements(n)},
        ("concerns", "statements"),
    ),
    "recommendation reasons": (
        "barnsley",
        REASON_MAX_LENGTH,
        lambda n: {"recommendation": {"reasons": "r" * n}},
        ("recommendation", "reasons"),
    ),
    "agency contribution": (
        "barnsley",
        NOTES_MAX_LENGTH,
        lambda n: {"recommendation": {"agency_contribution": "a" * n}},
        ("recommendation", "agency_contribution"),
    ),
    "category": (
        "barnsley",
        CODE_MAX_LENGTH,
        lambda n: {"recommendation": {"category": "c" * n}},
        ("recommendation", "category"),
    ),
    "conference date": (
        "barnsley",
        ISO_DATE_LENGTH,
        lambda n: {"conference_date": "d" * n},
        ("conference_date",),
    ),
}


def _length_at(content: dict, path: tuple) -> int:
    """What was kept at `path`: a text's characters, or a list's rows."""
    value = content
    for step in path:
        value = value[step]
    if isinstance(value, dict):  # statements joined into one text answer
        value = value["text"]
    return len(value)


def _saved(invitation):
    return services.save_draft(invitation_id=invitation.pk, by=invitation.membership, content=dict(SAVED))


@pytest.mark.parametrize("case", CASES)
def test_exactly_the_limit_is_kept_whole_and_one_more_is_refused_leaving_the_draft(invite, case):
    slug, limit, content_of, path = CASES[case]
    invitation = invite(slug)
    before = _saved(invitation)
    history = before.history.count()
    with pytest.raises(ContentRefused) as refused:
        services.save_draft(
            invitation_id=invitation.pk, by=invitation.membership, content=content_of(limit + 1)
        )
    [problem] = refused.value.problems
    assert (problem.path, problem.limit, problem.found) == (path, limit, limit + 1)
    assert f"{limit:,}" in problem.message and problem.name in problem.message
    draft = AgencyReport.objects.for_authority(invitation.authority).get()
    assert draft.content == before.content and draft.updated_at == before.updated_at
    assert draft.history.count() == history
    kept = services.save_draft(
        invitation_id=invitation.pk, by=invitation.membership, content=content_of(limit)
    )
    if path != ("conference_date",):  # the service writes the conference's own day there
        kept_at = ("concerns",) if case == "statements as plain text" else path
        assert _length_at(kept.content, kept_at) == limit


def test_every_place_over_its_limit_is_named_at_once_and_normalising_stays(invite):
    invitation = invite("barnsley")
    content = {
        "organisation": "  Police  ",
        "children": [{"first_name": ""}, {"first_name": "x" * 201, "last_name": "y" * 201}],
        "involvement": {"text": "t" * 10_001},
        "unknown": "dropped",
    }
    with pytest.raises(ContentRefused) as refused:
        services.save_draft(invitation_id=invitation.pk, by=invitation.membership, content=content)
    assert [p.path for p in refused.value.problems] == [
        ("children", 1, "first_name"),
        ("children", 1, "last_name"),
        ("involvement", "text"),
    ]
    assert (
        refused.value.problems[0].message
        == "“Child 2, first name” must be 200 characters or fewer (this has 201)"
    )
    content["children"][1] = {"first_name": "  Sam  "}
    content["involvement"] = {"text": " Two call-outs "}
    draft = services.save_draft(invitation_id=invitation.pk, by=invitation.membership, content=content)
    assert draft.content["organisation"] == "Police" and "unknown" not in draft.content
    assert [row["first_name"] for row in draft.content["children"]] == ["Sam"]  # the empty row dropped
    assert draft.content["involvement"]["text"] == "Two call-outs"


def test_the_api_answers_400_keyed_as_the_body_and_keeps_the_draft(client, invite):
    invitation = invite("staffordshire")
    before = _saved(invitation)
    client.force_login(invitation.membership.user)
    url = f"/api/v1/staffordshire/report-invitations/{invitation.pk}/draft/"
    content = {
        "involvement": {"text": "t" * (NOTES_MAX_LENGTH + 1)},
        "children": [{"first_name": "Sam"}, {"first_name": "f" * (NAME_MAX_LENGTH + 1)}],
        "concerns": _statements(REPORT_STATEMENTS_MAX + 1),
        "recommendation": {"reasons": "r" * (REASON_MAX_LENGTH + 1)},
    }
    response = client.post(url, {"content": content}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "content": {
            "involvement": {"text": ["Must be 10,000 characters or fewer."]},
            "children": {"1": {"first_name": ["Must be 200 characters or fewer."]}},
            "concerns": {"statements": ["Must have 100 statements or fewer."]},
            "recommendation": {"reasons": ["Must be 2,000 characters or fewer."]},
        }
    }
    assert AgencyReport.objects.for_authority(invitation.authority).get().content == before.content
    at_limit = {
        "involvement": {"text": "t" * NOTES_MAX_LENGTH},
        "concerns": _statements(REPORT_STATEMENTS_MAX),
    }
    response = client.post(url, {"content": at_limit}, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()["content"]["involvement"]["text"]) == NOTES_MAX_LENGTH
    assert len(response.json()["content"]["concerns"]["statements"]) == REPORT_STATEMENTS_MAX


def test_submitting_over_the_limit_through_the_api_submits_nothing(client, invite):
    invitation = invite(
        "barnsley", starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    )
    content = complete_content(invitation)
    before = services.save_draft(invitation_id=invitation.pk, by=invitation.membership, content=content)
    client.force_login(invitation.membership.user)
    too_long = {**content, "designation": "d" * (NAME_MAX_LENGTH + 1)}
    response = client.post(
        f"/api/v1/barnsley/report-invitations/{invitation.pk}/submit/",
        {"content": too_long, "signed": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"content": {"designation": ["Must be 200 characters or fewer."]}}
    draft = AgencyReport.objects.for_authority(invitation.authority).get()
    assert draft.status == "draft" and draft.content == before.content


def test_a_list_too_long_with_a_box_too_long_keeps_both_messages():
    refused = ContentRefused(
        [
            OverLimit(("concerns", "statements", 0, "text"), "Concerns, statement 1", 2000, 2001),
            OverLimit(("concerns", "statements"), "Concerns", 100, 101, "statements"),
        ]
    )
    assert refused.by_path() == {
        "concerns": {
            "statements": {
                0: {"text": ["Must be 2,000 characters or fewer."]},
                "non_field_errors": ["Must have 100 statements or fewer."],
            }
        }
    }


def _page_data(client, url: str) -> dict:
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    return {k: ("on" if v is True else v) for k, v in data.items()}


def test_the_page_names_each_box_over_its_limit_as_the_person_sees_it(client, invite):
    invitation = invite("staffordshire")
    before = _saved(invitation)
    client.force_login(invitation.membership.user)
    url = f"/staffordshire/invitations/{invitation.pk}/report/"
    sections, _, _ = services.report_sections(invitation)
    concerns = next(s for s in sections if s.key == "concerns")
    data = _page_data(client, url)
    data.update(
        {
            "recommendation-reasons": "r" * (REASON_MAX_LENGTH + 1),
            "concerns-0-text": "c" * (REASON_MAX_LENGTH + 1),
            "child-0-first_name": "f" * (NAME_MAX_LENGTH + 1),
            "involvement": "i" * (NOTES_MAX_LENGTH + 1),
            "action": "save",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "“Reasons for the recommendation” must be 2,000 characters or fewer (this has 2001)" in page
    assert escape(f"“{concerns.label}, statement 1” must be 2,000 characters or fewer") in page
    assert "“Child 1, first name” must be 200 characters or fewer" in page
    involvement = next(s for s in sections if s.key == "involvement")
    assert escape(f"“{involvement.label}” must be 10,000 characters or fewer") in page
    assert "r" * (REASON_MAX_LENGTH + 1) in page  # the whole text is given back to shorten
    assert AgencyReport.objects.for_authority(invitation.authority).get().content == before.content
    data["recommendation-reasons"] = "r" * REASON_MAX_LENGTH
    data["concerns-0-text"] = "c" * REASON_MAX_LENGTH
    data["child-0-first_name"] = "f" * NAME_MAX_LENGTH
    data["involvement"] = "i" * NOTES_MAX_LENGTH
    assert client.post(url, data).status_code == 302
    saved = AgencyReport.objects.for_authority(invitation.authority).get().content
    assert saved["recommendation"]["reasons"] == "r" * REASON_MAX_LENGTH
    assert saved["concerns"]["statements"][0]["text"] == "c" * REASON_MAX_LENGTH
    assert saved["involvement"]["text"] == "i" * NOTES_MAX_LENGTH


def test_the_page_refuses_more_rows_than_a_list_takes_and_keeps_the_draft(client, invite):
    invitation = invite("barnsley")
    before = _saved(invitation)
    client.force_login(invitation.membership.user)
    url = f"/barnsley/invitations/{invitation.pk}/report/"
    data = _page_data(client, url)
    rows = {f"child-{index}-first_name": f"Child {index}" for index in range(REPORT_ROWS_MAX + 1)}
    response = client.post(url, {**data, **rows, "action": "save"})
    assert response.status_code == 400
    assert "“Children” must have 30 rows or fewer (this has 31)" in response.content.decode()
    assert AgencyReport.objects.for_authority(invitation.authority).get().content == before.content
    autosave = client.post(f"{url}autosave/", {**data, **rows}, HTTP_HX_REQUEST="true")
    assert autosave.status_code == 200 and "Draft not saved" in autosave.content.decode()
    assert AgencyReport.objects.for_authority(invitation.authority).get().content == before.content
    del rows[f"child-{REPORT_ROWS_MAX}-first_name"]
    assert client.post(url, {**data, **rows, "action": "save"}).status_code == 302
    saved = AgencyReport.objects.for_authority(invitation.authority).get().content
    assert len(saved["children"]) == REPORT_ROWS_MAX


def test_an_addendum_a_parents_views_and_a_proxy_name_are_refused_not_cut(invite):
    invitation = invite(
        "barnsley", starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    )
    services.save_draft(
        invitation_id=invitation.pk, by=invitation.membership, content=complete_content(invitation)
    )
    report = services.submit_report(invitation_id=invitation.pk, by=invitation.membership, signed=True)
    with pytest.raises(ValidationError) as refused:
        services.add_addendum(
            report_id=report.pk, by=invitation.membership, text="a" * (NOTES_MAX_LENGTH + 1)
        )
    assert "10,000 characters or fewer" in refused.value.message_dict["text"][0]
    kept = services.add_addendum(report_id=report.pk, by=invitation.membership, text="a" * NOTES_MAX_LENGTH)
    assert len(kept.addendum) == NOTES_MAX_LENGTH
    with pytest.raises(ValidationError) as refused:
        services.record_cannot_attend(
            invitation_id=invitation.pk,
            by=invitation.membership,
            cannot_attend=True,
            proxy_name="p" * (NAME_MAX_LENGTH + 1),
        )
    assert "200 characters or fewer" in refused.value.message_dict["proxy_name"][0]
    invitation.refresh_from_db()
    assert not invitation.cannot_attend

    conference = ConferenceFactory(family__authority=Authority.objects.get(slug="barnsley"))
    parent = InvitationFactory(conference=conference, kind="parent", membership=None, name="Alex Parent")
    with pytest.raises(ValidationError) as refused:
        services.upload_parent_views(
            invitation_id=parent.pk, by=conference.social_worker, text="v" * (NOTES_MAX_LENGTH + 1)
        )
    assert "“The parent's views” must be 10,000" in refused.value.message_dict["text"][0]
    assert not AgencyReport.objects.for_authority(conference.authority).filter(invitation=parent).exists()
    views = services.upload_parent_views(
        invitation_id=parent.pk, by=conference.social_worker, text="v" * NOTES_MAX_LENGTH
    )
    assert len(views.content["parent_views"]["text"]) == NOTES_MAX_LENGTH
