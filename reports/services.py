"""Everything that changes reports: drafts, submission, uploads, sharing, proxies, addenda,
reminders, the conference-moved note and non-attendance letters.

Callers check the person's role; these functions still scope every read by the acting
membership's authority and check that a report is the actor's own."""

from __future__ import annotations

from .common import (
    DEFAULT_REMINDER_WORKING_DAYS,
    PARENT_VIEWS_ROLES,
    IncompleteReport,
    logger,
    prefill_content,
)
from .content import (
    ContentRefused,
    normalise_content,
    report_sections,
)
from .drafts import (
    add_addendum,
    check_complete,
    save_draft,
    start_revision,
    submit_report,
    upload_parent_views,
    upload_report,
)
from .non_attendance import (
    letter_context,
    non_attendance_letters_apply,
    request_non_attendance_letters,
    send_due_non_attendance_letters,
    send_non_attendance_letters,
)
from .reminders import (
    notify_conference_moved,
    send_due_report_reminders,
)
from .sharing import (
    record_cannot_attend,
    record_sharing,
)

__all__ = [
    "DEFAULT_REMINDER_WORKING_DAYS",
    "PARENT_VIEWS_ROLES",
    "ContentRefused",
    "IncompleteReport",
    "add_addendum",
    "check_complete",
    "letter_context",
    "logger",
    "non_attendance_letters_apply",
    "normalise_content",
    "notify_conference_moved",
    "prefill_content",
    "record_cannot_attend",
    "record_sharing",
    "report_sections",
    "request_non_attendance_letters",
    "save_draft",
    "send_due_non_attendance_letters",
    "send_due_report_reminders",
    "send_non_attendance_letters",
    "start_revision",
    "submit_report",
    "upload_parent_views",
    "upload_report",
]
