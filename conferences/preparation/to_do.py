"""What is still to do before the day: the conference's checklist (conferences.checklist), the
same list the live page shows and the close checks."""

from __future__ import annotations

from conferences.checklist import CheckItem, conference_checklist
from conferences.models import Conference, Invitation


def preparation_checklist(conference: Conference, invitations: list[Invitation]) -> list[CheckItem]:
    """The rules in force for this conference before the day, and whether each is done yet.
    Rules that are off are left out: the checklist follows the rule set, not the authority."""
    return conference_checklist(conference, rule_set=conference.rule_set_in_force(), invitations=invitations)
