"""REPORT-FIELDS, REPORT-REVIEW and REPORT-FOAO as each authority's rule set has them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from reports import services
from reports.models import AgencyReport
from tests.reports.helpers import complete_content

pytestmark = pytest.mark.django_db


def _submit(invitation, content, **kwargs):
    services.save_draft(invitation_id=invitation.pk, by=invitation.membership, content=content)
    kwargs.setdefault("signed", True)
    kwargs.setdefault("late_reason", "Late because of illness")
    return services.submit_report(invitation_id=invitation.pk, by=invitation.membership, **kwargs)


@pytest.mark.parametrize("slug", ["staffordshire", "stoke-on-trent"])
def test_required_fields_refuse_an_incomplete_report_and_name_every_gap(invite, slug):
    invitation = invite(slug)
    content = complete_content(invitation)
    del content["health_development"]
    content["analysis"] = {"statements": []}
    content["business_address"] = ""
    with pytest.raises(services.IncompleteReport) as refused:
        _submit(invitation, content)
    error = refused.value
    assert error.rule_id == "REPORT-FIELDS"
    assert not error.answer.needs_reason  # required: no reason lets it through
    message = str(error)
    assert message.endswith("(REPORT-FIELDS)")
    for label in ("health and development", "Analysis of implications", "Business address"):
        assert label in message
    assert {m.field for m in error.missing} == {"health_development", "analysis-0-text", "business_address"}
    assert AgencyReport.objects.for_authority(invitation.authority).get().status == "draft"


def test_a_complete_report_is_submitted_and_signed(invite):
    invitation = invite("staffordshire")
    report = _submit(invitation, complete_content(invitation))
    assert report.status == "submitted" and report.version == 1 and report.signed
    assert report.submitted_by == invitation.membership


def test_not_known_and_no_direct_contact_are_answers(invite):
    invitation = invite("staffordshire")
    content = complete_content(invitation)
    content["involvement"] = {"text": "", "no_direct_contact": True}
    content["health_development"] = {"text": "", "not_known": True}
    content["business_address"] = ""
    content["business_address__not_known"] = True
    content["analysis"] = {"statements": [], "not_known": True}
    assert _submit(invitation, content).status == "submitted"


def test_an_unsigned_report_is_not_submitted(invite):
    invitation = invite("staffordshire")
    with pytest.raises(ValidationError) as refused:
        _submit(invitation, complete_content(invitation), signed=False)
    assert "signed" in refused.value.message_dict


def test_advised_fields_ask_for_a_reason_then_let_the_author_go_on(invite):
    invitation = invite("west-sussex")
    content = complete_content(invitation)
    del content["welfare"]
    with pytest.raises(services.IncompleteReport) as asked:
        _submit(invitation, content)
    assert asked.value.answer.advised and asked.value.answer.needs_reason
    assert "What promotes the children's welfare" in str(asked.value)
    report = _submit(invitation, content, incomplete_reason="Our service has no information on this")
    assert report.status == "submitted"
    assert report.incomplete_reason == "Our service has no information on this"


def test_the_frameworks_headings_are_part_of_the_form(invite):
    invitation = invite("west-sussex")
    sections, _, _ = services.report_sections(invitation)
    labels = [s.label for s in sections]
    assert "What are we worried about?" in labels and "What's working well?" in labels
    staffordshire = invite("staffordshire")
    keys = [s.key for s in services.report_sections(staffordshire)[0]]
    # Staffordshire's form names the same sections as REPORT-FIELDS: no duplicates, its own wording.
    assert len(keys) == len(set(keys))
    assert "since_last_conference" not in keys


def test_a_review_asks_what_has_changed(invite):
    invitation = invite("staffordshire")
    invitation.conference.kind = "review"
    invitation.conference.save()
    content = complete_content(invitation)
    for key in ("health_development", "welfare", "concerns", "analysis", "child_views"):
        content.pop(key, None)  # unchanged since the last conference: not needed on a review
    content.pop("new_concerns")
    with pytest.raises(services.IncompleteReport) as refused:
        _submit(invitation, content)
    assert refused.value.rule_id == "REPORT-REVIEW"
    assert [m.field for m in refused.value.missing] == ["new_concerns"]
    content["new_concerns"] = {"text": "None new"}
    assert _submit(invitation, content).status == "submitted"


def test_statements_must_be_marked_where_foao_is_required(invite):
    invitation = invite("staffordshire")
    content = complete_content(invitation)
    content["concerns"] = {
        "statements": [
            {"text": "Mother said the child was hit", "marker": "allegation"},
            {"text": "The home was cold", "marker": ""},
        ]
    }
    with pytest.raises(services.IncompleteReport) as refused:
        _submit(invitation, content)
    assert refused.value.rule_id == "REPORT-FOAO"
    assert "statement 2" in str(refused.value)
    assert [m.field for m in refused.value.missing] == ["concerns-1-marker"]
    content["concerns"]["statements"][1]["marker"] = "observation"
    report = _submit(invitation, content)
    assert report.content["concerns"]["statements"][1] == {
        "text": "The home was cold",
        "marker": "observation",
    }


def test_statements_are_plain_text_where_foao_is_off(invite):
    invitation = invite("barnsley")
    _, foao, _ = services.report_sections(invitation)
    assert not foao
    content = complete_content(invitation)
    content["concerns"] = {"text": "Unmarked concerns are fine here"}
    report = _submit(invitation, content)
    assert report.content["concerns"]["text"] == "Unmarked concerns are fine here"


def test_the_api_refuses_an_incomplete_report_with_the_rule_id(client, invite):
    invitation = invite("staffordshire")
    client.force_login(invitation.membership.user)
    content = complete_content(invitation)
    del content["child_views"]
    response = client.post(
        f"/api/v1/staffordshire/report-invitations/{invitation.pk}/submit/",
        {"content": content, "signed": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["rule_id"] == "REPORT-FIELDS" and "views, wishes and feelings" in body["detail"]
    assert body["field"] == "child_views"
