"""REPORT-REVIEW: the core group's combined report to a review, drafted from the core group minutes
since the last conference, edited by the social worker and sent to the chair; sending checks the
review headings as the rule set has them (required as Hartlepool ships it, advised, off)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authorities.models import Mode, Role
from authorities.rules.checks import RuleViolation
from reports import combined
from reports.models import CombinedReviewReport
from tests.coregroups.review_helpers import review_of, set_mode, with_held_meeting
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _content(**changes):
    values = {
        "involvement_since": "Core group met monthly",
        "outcomes_of_work": "Dad finished the alcohol programme",
        "new_concerns": "None",
        "progress_against_plan": "Every outcome met",
    }
    return {**values, **changes}


def test_the_draft_comes_from_the_minutes_since_the_last_conference(two_authorities, clock):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    report = combined.draft_combined_report(conference_id=conference.pk, by=setup.social_worker)
    assert report.content["involvement_since"] == "Core group met on 7 December 2026"
    assert "Visit weekly (Social worker): not done yet" in report.content["outcomes_of_work"]
    assert "7 December 2026, " in report.content["progress_against_plan"]
    assert "Going well" in report.content["progress_against_plan"]
    assert combined.draft_combined_report(conference_id=conference.pk, by=setup.social_worker) == report
    assert report.history.get().history_user == setup.social_worker.user


@pytest.mark.parametrize(
    ("mode", "refused", "with_reason"),
    [(Mode.REQUIRED, True, False), (Mode.ADVISED, True, True), (Mode.OFF, False, True)],
)
def test_sending_with_an_empty_heading_follows_the_rule_set(
    two_authorities, clock, mode, refused, with_reason
):
    mine, _ = two_authorities
    set_mode(mine, "REPORT-REVIEW", mode)
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    combined.draft_combined_report(conference_id=conference.pk, by=setup.social_worker)
    send = {
        "conference_id": conference.pk,
        "by": setup.social_worker,
        "content": _content(new_concerns=""),
        "send": True,
    }
    if refused:
        with pytest.raises(RuleViolation) as refusal:
            combined.save_combined_report(**send)
        assert refusal.value.rule_id == "REPORT-REVIEW" and "new issues or concerns" in str(refusal.value)
    if not with_reason:
        with pytest.raises(RuleViolation):
            combined.save_combined_report(**send, reason="Nothing new")
        sent = combined.save_combined_report(**{**send, "content": _content()})
        assert sent.submitted_at and sent.missing_reason == ""
        return
    sent = combined.save_combined_report(**send, reason="Nothing new")
    assert sent.submitted_at is not None
    assert sent.content["new_concerns"] == ""
    with pytest.raises(ValidationError, match="can no longer be changed"):
        combined.save_combined_report(**send, reason="again")


def test_only_the_social_worker_or_their_manager_writes_it(two_authorities, clock):
    mine, theirs = two_authorities
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    with pytest.raises(PermissionDenied):
        combined.draft_combined_report(conference_id=conference.pk, by=conference.chair)
    with pytest.raises(conference.DoesNotExist):
        combined.draft_combined_report(
            conference_id=conference.pk, by=MembershipFactory(authority=theirs, role=Role.SOCIAL_WORKER)
        )
    assert not CombinedReviewReport.objects.for_authority(mine).exists()


def test_the_page_drafts_edits_and_sends_and_hides_it_from_others(client, two_authorities, clock):
    mine, theirs = two_authorities
    set_mode(mine, "REPORT-REVIEW", Mode.REQUIRED)
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    url = f"/{mine.slug}/conferences/{conference.pk}/reports/core-group/"
    client.force_login(setup.social_worker.user)
    assert "Draft it from the minutes" in client.get(url).text
    assert client.post(url, {"draft": "1"}).status_code == 302
    page = client.get(url).text
    assert "Core group met on 7 December 2026" in page
    refused = client.post(url, {**_content(new_concerns=""), "send": "1"})
    assert refused.status_code == 200 and "REPORT-REVIEW" in refused.text
    assert client.post(url, {**_content(), "send": "1"}).status_code == 302
    client.force_login(conference.chair.user)
    page = client.get(url).text
    assert "Sent to the chair" in page and "Dad finished the alcohol programme" in page
    assert client.post(url, {"draft": "1"}).status_code == 403
    client.force_login(MembershipFactory(authority=theirs, role=Role.CHAIR).user)
    assert client.get(url).status_code == 404
    assert client.get(url.replace(f"/{mine.slug}/", f"/{theirs.slug}/")).status_code == 404
    client.force_login(MembershipFactory(authority=mine, role=Role.PRACTITIONER).user)
    assert client.get(url).status_code == 404
