"""Services for running a conference live: every change the chair makes in the room.

Each service takes keyword-only arguments, runs in one transaction, locks the conference row (so two
people in the room serialise rather than overwrite each other), reads only inside the chair's
authority, checks the rules against the rule set in force on the conference's date, and records who
changed what and why in the history. The views and the API call the same functions."""

from __future__ import annotations

from .agenda import (
    save_agenda_note,
)
from .attendance import (
    adjourn_conference,
    admit_observer,
    go_ahead_inquorate,
    record_attendance,
)
from .closing import (
    close_conference,
    hold_conference,
)
from .common import (
    LIVE_STATUSES,
    StaleEdit,
)
from .decisions import (
    allowed_outcomes,
    record_decision,
    record_dissent,
)
from .next_dates import (
    NextDatesProposal,
    book_next_dates,
    name_core_group_members,
    propose_next_dates,
    review_rule_after,
)
from .opinions import (
    record_opinion,
)
from .outline_plan import (
    add_plan_item,
    change_action_due_date,
    record_outcome_teller,
    record_plan,
    remove_plan_item,
)
from .parents_views import (
    record_parent_views,
    record_report_correction,
)
from .starting import (
    start_conference,
)
from .triggers import (
    respond_to_trigger,
)

__all__ = [
    "LIVE_STATUSES",
    "NextDatesProposal",
    "StaleEdit",
    "add_plan_item",
    "adjourn_conference",
    "admit_observer",
    "allowed_outcomes",
    "book_next_dates",
    "change_action_due_date",
    "close_conference",
    "go_ahead_inquorate",
    "hold_conference",
    "name_core_group_members",
    "propose_next_dates",
    "record_attendance",
    "record_decision",
    "record_dissent",
    "record_opinion",
    "record_outcome_teller",
    "record_parent_views",
    "record_plan",
    "record_report_correction",
    "remove_plan_item",
    "respond_to_trigger",
    "review_rule_after",
    "save_agenda_note",
    "start_conference",
]
