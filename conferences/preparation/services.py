"""Scheduling and preparing conferences: the services behind the social worker's pages and API.

Every function takes keyword-only arguments, runs in one transaction, reads only the caller's
authority, keeps history (who and why), and asks the rule set (never the authority's name) what
is required. Deadlines are opened, moved and cancelled through `scheduling.services`; e-mails
with calendar attachments go after commit (`conferences.tasks`)."""

from __future__ import annotations

from .booking import (
    call_midway_review,
    cancel_conference,
    reschedule_conference,
    schedule_conference,
    schedule_review,
    statutory_date_of,
)
from .checks import (
    BOOKED_STATUSES,
    chair_independence,
    record_statutory_booking,
)
from .common import (
    EMAILED_KINDS,
    REAL_CONFERENCE_KINDS,
)
from .invitations import (
    FAMILY_INVITED_BY,
    family_role_label,
    invite_advocate_or_interpreter,
    invite_child,
    invite_family_member,
    invite_professional,
    role_label_for,
)
from .records import (
    record_family_needs,
    record_pre_meeting,
    record_separate_arrangements,
    record_sw_report,
)
from .requests import (
    decide_observer,
    decide_professional_slot,
    record_family_agreement,
    request_observer,
    request_professional_slot,
)
from .statutory import (
    StatutoryDate,
    conference_day,
    icpc_date,
    last_real_conference,
    review_date,
    section47_discussions,
    statutory_date_for,
    working_days_within,
)
from .to_do import (
    preparation_checklist,
)

__all__ = [
    "BOOKED_STATUSES",
    "EMAILED_KINDS",
    "FAMILY_INVITED_BY",
    "REAL_CONFERENCE_KINDS",
    "StatutoryDate",
    "call_midway_review",
    "cancel_conference",
    "chair_independence",
    "conference_day",
    "decide_observer",
    "decide_professional_slot",
    "family_role_label",
    "icpc_date",
    "invite_advocate_or_interpreter",
    "invite_child",
    "invite_family_member",
    "invite_professional",
    "last_real_conference",
    "preparation_checklist",
    "record_family_agreement",
    "record_family_needs",
    "record_pre_meeting",
    "record_separate_arrangements",
    "record_statutory_booking",
    "record_sw_report",
    "request_observer",
    "request_professional_slot",
    "reschedule_conference",
    "review_date",
    "role_label_for",
    "schedule_conference",
    "schedule_review",
    "section47_discussions",
    "statutory_date_for",
    "statutory_date_of",
    "working_days_within",
]
