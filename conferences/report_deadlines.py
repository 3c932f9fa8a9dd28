"""The report deadlines that belong to one meeting, settled when the meeting is over.

REPORT-2WD (each invited agency's report) and SW-REPORT (the social worker's) count back from
the conference. Once it has been held, adjourned or cancelled, a report that came in has met its
deadline already; the rest stop running, with the reason kept in their history, so the sweep
stops sending reminders and no page counts down to a meeting that has happened.
"""

from __future__ import annotations

from authorities.rules.ids import RuleId
from scheduling.services import close_open_deadlines

from .models import REPORTING_KINDS, Conference


def settle_report_deadlines(conference: Conference, *, reason: str) -> int:
    """Close every unmet report deadline of this conference; returns how many were closed."""
    invitations = list(conference.invitations.filter(kind__in=REPORTING_KINDS))
    closed = close_open_deadlines(
        authority=conference.authority_id, rule_id=RuleId.REPORT_2WD, subjects=invitations, reason=reason
    )
    return closed + close_open_deadlines(
        authority=conference.authority_id, rule_id=RuleId.SW_REPORT, subjects=[conference], reason=reason
    )
