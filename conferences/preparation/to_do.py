"""What is still to do before the day."""

from __future__ import annotations

from dataclasses import dataclass

from authorities.human_dates import long_date
from authorities.rules.ids import RuleId
from conferences.models import (
    Conference,
    Invitation,
    InviteeKind,
)


@dataclass(frozen=True)
class Preparation:
    rule_id: str
    title: str
    mode: str
    done: bool
    detail: str


def preparation_checklist(conference: Conference, invitations: list[Invitation]) -> list[Preparation]:
    """The pre-conference rules in force for this conference, and whether each is done yet.
    Rules that are off here are left out: the checklist follows the rule set, not the authority."""
    rule_set = conference.rule_set_in_force()
    needs = getattr(conference, "family_needs", None) if hasattr(conference, "family_needs") else None
    parents = [i for i in invitations if i.kind == InviteeKind.PARENT]
    children = [i for i in invitations if i.kind == InviteeKind.CHILD]
    items = [
        (
            RuleId.FAMILY_INVITE,
            "Family members invited (how and when)",
            bool(parents) and all(i.invited_at for i in parents),
            f"{len(parents)} parent or carer invitation{'s' if len(parents) != 1 else ''} recorded",
        ),
        (
            RuleId.CHILD_PARTICIPATION,
            "Each child's participation recorded",
            len(children) >= conference.children.count(),
            f"{len(children)} of {conference.children.count()} recorded",
        ),
        (
            RuleId.FAMILY_NEEDS,
            "Family needs recorded",
            needs is not None,
            "Recorded" if needs else "Not recorded yet",
        ),
        (
            RuleId.SEPARATE,
            "Separate attendance arrangements considered",
            bool(conference.separate_attendance),
            conference.separate_attendance or "None recorded",
        ),
        (
            RuleId.PRE_MEET,
            "Chair's pre-meeting with parents",
            bool(conference.pre_meeting_on),
            f"Held {long_date(conference.pre_meeting_on)}"
            if conference.pre_meeting_on
            else "Not recorded yet",
        ),
        (
            RuleId.SW_REPORT,
            "Social worker's report shared",
            bool(conference.sw_report_shared_family_on and conference.sw_report_shared_professionals_on),
            "Shared"
            if conference.sw_report_shared_family_on and conference.sw_report_shared_professionals_on
            else "Not shared yet",
        ),
    ]
    return [
        Preparation(rule_id, title, rule_set.setting(rule_id).get_mode_display(), done, detail)
        for rule_id, title, done, detail in items
        if rule_set.is_on(rule_id)
    ]
