"""REPORT-REVIEW: the core group's combined report to a review conference (a core group may send
one report instead of one per agency). Drafted from the core group minutes since the last
conference (asked of the core groups app through `conferences.hooks.core_group_minutes_digest`),
then edited by the social worker and sent to the chair. Sending checks the review headings against
the rule set: required refuses an empty heading, advised asks for a reason, off lets it go."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.models import Membership, Role
from authorities.refusals import refusal
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId
from conferences import hooks
from conferences.models import Conference

from .models import CombinedReviewReport
from .sections import REPORT_REVIEW_SECTIONS

SECTIONS = REPORT_REVIEW_SECTIONS


def may_write(membership: Membership, conference: Conference) -> bool:
    """The case's social worker, or their team manager."""
    sw = conference.social_worker
    return membership.pk == sw.pk or (
        membership.role == Role.TEAM_MANAGER and membership.pk == sw.team_manager_id
    )


def _conference(by: Membership, conference_id: int) -> Conference:
    conference = (
        Conference.objects.for_authority(by.authority)
        .visible_to(by)
        .select_related("social_worker", "authority")
        .select_for_update(of=("self",))
        .get(pk=conference_id)
    )
    if not may_write(by, conference):
        raise PermissionDenied("The case's social worker writes the core group's combined report.")
    if not conference.is_review:
        raise refusal(None, "A combined core group report goes to a review conference.")
    return conference


def report_of(conference: Conference) -> CombinedReviewReport | None:
    return (
        CombinedReviewReport.objects.for_authority(conference.authority_id)
        .filter(conference=conference)
        .first()
    )


@transaction.atomic
def draft_combined_report(*, conference_id: int, by: Membership) -> CombinedReviewReport:
    """A draft from the minutes since the last conference (kept as it is if one exists)."""
    conference = _conference(by, conference_id)
    report = report_of(conference)
    if report is not None:
        return report
    digest = hooks.core_group_minutes_digest(conference)
    report = CombinedReviewReport(
        authority=conference.authority,
        conference=conference,
        content={s.key: "\n".join(digest.get(s.key, [])) for s in SECTIONS},
        updated_by=by,
    )
    save_with_history(report, by=by, reason="drafted from the core group minutes")
    return report


@transaction.atomic
def save_combined_report(
    *, conference_id: int, by: Membership, content: dict[str, str], send: bool, reason: str = ""
) -> CombinedReviewReport:
    """The social worker's edit; `send` also sends it to the chair (REPORT-REVIEW checked)."""
    conference = _conference(by, conference_id)
    report = report_of(conference)
    if report is None:
        raise refusal(None, "Draft the report from the minutes first.")
    if report.submitted_at is not None:
        raise refusal(None, "This report has been sent to the chair: it can no longer be changed.")
    report.content = {s.key: (content.get(s.key) or "").strip() for s in SECTIONS}
    report.updated_by = by
    if send:
        empty = [s.label.lower() for s in SECTIONS if not report.content[s.key]]
        enforce(
            check_rule(
                conference.rule_set_in_force(),
                RuleId.REPORT_REVIEW,
                satisfied=not empty,
                message="a review report gives " + "; ".join(empty),
            ),
            reason=reason,
            field="reason",
        )
        report.missing_reason = reason.strip() if empty else ""
        report.submitted_at = timezone.now()
    save_with_history(report, by=by, reason="sent to the chair" if send else "edited")
    return report
