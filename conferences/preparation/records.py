"""The records kept before the conference."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.models import Membership
from authorities.rules.checks import check_deadline, enforce
from authorities.rules.ids import RuleId
from conferences.models import (
    Conference,
    ConferenceKind,
    FamilyNeeds,
)
from scheduling.services import (
    deadline_for,
    meet_deadline,
)

from .invitations import _invitable


def _not_future(field: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        raise ValidationError({field: "This date cannot be in the future."})


@transaction.atomic
def record_family_needs(
    *,
    by: Membership,
    conference_id: int,
    advocacy: str = "",
    interpreter: str = "",
    transport: str = "",
    childcare: str = "",
    accessibility: str = "",
    social_worker_met_family_on: date | None = None,
    written_information_given_on: date | None = None,
) -> FamilyNeeds:
    """FAMILY-NEEDS: advocacy, interpreter, transport, childcare, accessibility; when the social
    worker met the family and gave them written information on how conferences work."""
    conference = _invitable(by, conference_id)
    today = timezone.localdate()
    _not_future("social_worker_met_family_on", social_worker_met_family_on, today)
    _not_future("written_information_given_on", written_information_given_on, today)
    needs = FamilyNeeds.objects.for_authority(by.authority).filter(
        conference=conference
    ).first() or FamilyNeeds(authority=by.authority, conference=conference)
    needs.advocacy, needs.interpreter, needs.transport = advocacy, interpreter, transport
    needs.childcare, needs.accessibility = childcare, accessibility
    needs.social_worker_met_family_on = social_worker_met_family_on
    needs.written_information_given_on = written_information_given_on
    stamp(needs, by=by, reason="family needs recorded")
    needs.save()
    return needs


def _save_conference(conference: Conference, by: Membership, reason: str, fields: list[str]) -> Conference:
    conference.version += 1
    stamp(conference, by=by, reason=reason)
    conference.save(update_fields=[*fields, "version"])
    return conference


@transaction.atomic
def record_separate_arrangements(*, by: Membership, conference_id: int, arrangements: str) -> Conference:
    """SEPARATE: where court orders, bail conditions or domestic abuse keep parents apart."""
    conference = _invitable(by, conference_id)
    conference.separate_attendance = arrangements.strip()
    return _save_conference(
        conference, by, "separate attendance arrangements recorded", ["separate_attendance"]
    )


@transaction.atomic
def record_pre_meeting(*, by: Membership, conference_id: int, held_on: date, notes: str = "") -> Conference:
    """PRE-MEET: the chair meets the parents before the conference."""
    conference = _invitable(by, conference_id)
    _not_future("held_on", held_on, timezone.localdate())
    if held_on > conference.day:
        raise ValidationError({"held_on": "The pre-meeting is before the conference."})
    conference.pre_meeting_on, conference.pre_meeting_notes = held_on, notes.strip()
    return _save_conference(
        conference, by, "chair's pre-meeting recorded", ["pre_meeting_on", "pre_meeting_notes"]
    )


@transaction.atomic
def record_sw_report(
    *,
    by: Membership,
    conference_id: int,
    sw_report: str,
    draft_plan: str = "",
    danger_statement_draft: str = "",
    shared_professionals_on: date | None = None,
    shared_family_on: date | None = None,
    late_reason: str = "",
) -> Conference:
    """SW-REPORT: the social worker's report (and for an initial conference the draft plan prepared
    with the family), shared with professionals and family by its deadline."""
    conference = _invitable(by, conference_id)
    today = timezone.localdate()
    _not_future("shared_professionals_on", shared_professionals_on, today)
    _not_future("shared_family_on", shared_family_on, today)
    if not sw_report.strip():
        raise ValidationError({"sw_report": "Enter the social worker's report."})
    shared = shared_professionals_on and shared_family_on
    if shared and conference.kind == ConferenceKind.INITIAL and not draft_plan.strip():
        raise ValidationError(
            {"draft_plan": "For an initial conference, share the draft plan prepared with the family too."}
        )
    deadline = deadline_for(authority=by.authority, rule_id=RuleId.SW_REPORT, subject=conference)
    if shared and deadline is not None:
        met_on = max(shared_professionals_on, shared_family_on)
        rule_set = conference.rule_set_in_force()
        enforce(
            check_deadline(rule_set, RuleId.SW_REPORT, due=deadline.due_on, acted_on=met_on),
            reason=late_reason,
            field="late_reason",
        )
        meet_deadline(
            authority=by.authority,
            rule_id=RuleId.SW_REPORT,
            subject=conference,
            met_on=met_on,
            reason=late_reason.strip(),
        )
    conference.sw_report, conference.draft_plan = sw_report.strip(), draft_plan.strip()
    conference.danger_statement_draft = danger_statement_draft.strip()
    conference.sw_report_shared_professionals_on = shared_professionals_on
    conference.sw_report_shared_family_on = shared_family_on
    return _save_conference(
        conference,
        by,
        "social worker's report recorded",
        [
            "sw_report",
            "draft_plan",
            "danger_statement_draft",
            "sw_report_shared_professionals_on",
            "sw_report_shared_family_on",
        ],
    )
