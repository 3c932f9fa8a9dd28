"""Work the conferences app asks of the apps above it (answered in their `AppConfig.ready()`).

Conferences sits below reports and core groups, so it never imports them: it asks through these."""

from authorities.hooks import Hook

# `(conference) -> dict[invitation_id, "sent" | "late"]`: whose agency report came in. Reports.
report_states = Hook("which invitees' reports came in")

# `(authority_id, conference_id) -> None`, after the move commits: report writers hear of the new
# date in the app. Reports.
conference_moved = Hook("tell report writers a conference moved")

# `(conference) -> list`: the core group members named at this conference. Core groups.
core_group_members_named_at = Hook("core group members named at a conference")

# `(*, conference, by, scheduled_at, venue, reason, clash_reason) -> None`: book the family's first
# core group meeting at this conference (the group is set up here if there is none); a double
# booking needs `clash_reason`. Core groups.
book_first_core_group = Hook("book the first core group meeting")

# `(*, conference, by, invitations, people, other_names) -> list`: name the core group's members at
# this conference, replacing the list. Core groups.
name_core_group_members = Hook("name the core group's members")

# `(*, conference, on, by) -> None`: a review that ends every plan ends the family's core group.
# Core groups.
end_core_group = Hook("end the family's core group")

# `(conference, rule_set) -> list`: agencies that neither attended nor sent a report to the family's earlier
# conferences, each with its pattern across the authority (NON-ATTEND-LETTER), for the chair. Reports.
earlier_absences = Hook("agencies absent from the family's earlier conferences")

# `(conference) -> list`: PLAN-CHANGES, the plan changes core groups recorded since the family's last
# conference, version by version (who, when, why), for a review's page and minutes. Core groups.
plan_changes_for_review = Hook("the plan changes core groups recorded since the last conference")

# `(conference, *, plans=None) -> briefing | None`: for a review, what the core group put to it: its
# recommendation per plan (CG-PRE-REVIEW), the plan changes since the last conference and the chair's
# conversation they prompt (DELIST-CONVERSATION); `plans`, every plan of the conference's children
# by the child's first name, where the caller has read them. Core groups
# (`coregroups.review.ReviewBriefing`).
core_group_before_review = Hook("what the core group put to a review")

# `(conference) -> dict[section key, list[str]]`: what the core group minutes since the last
# conference say under the review report's headings (REPORT-REVIEW), for the core group's combined
# report. Core groups; asked by reports.
core_group_minutes_digest = Hook("the core group minutes since the last conference")

# `(conference) -> list`: the family's core group meetings held before this conference's day that a
# member from an agency missed (absent or sent apologies), each with the agency, the meeting and its
# day, for NON-ATTEND-LETTER. Core groups (`coregroups.attendance_history.MissedMeeting`); asked by
# reports.
core_group_absences = Hook("the family's earlier core group meetings an agency missed")
