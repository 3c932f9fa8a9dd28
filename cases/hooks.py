"""Reads the cases app asks of the apps above it (answered in their `AppConfig.ready()`)."""

from authorities.hooks import Hook

# `(membership, family) -> list[dict]`: the family's conferences this member may see, for the case
# page, newest first: rows with `pk`, `starts_at`, `venue_id`, `venue__name`, `virtual_link`,
# `invitation_count`, `kind_words`, `status_words`, `chair_name` and `children` (first names).
# Conferences.
case_conferences = Hook("the family's conferences for the case page")

# `(membership, family) -> list`: the family's core groups this member may see. Core groups.
case_core_groups = Hook("the family's core groups for the case page")

# `(*, family, on, by, reason) -> None`: the family has no child on a plan any more (a manager
# ended the last one between conferences): close its core group and cancel the meetings still
# booked, with `reason` in their history. Core groups.
close_core_group = Hook("close the family's core group once no child is on a plan")

# `(*, authority_id, action_id) -> Deadline | None`: the OUTCOME deadline the conference opened for
# the action on its outline plan a child's copy came from (`PlanItem.copied_from`), where one runs.
# Conferences.
copied_action_deadline = Hook("the conference's deadline for an action copied to a child's plan")

# `(*, authority_id, action_id, done_on, by) -> None`: every child's copy of a conference's action
# is done (`done_on`, the day the last was done), or with None one is not done any more: the action
# on the conference's outline plan follows, with history. Conferences.
copied_action_done = Hook("the conference's action follows its copies on the children's plans")

# `() -> model`: the conference model; a plan keeps the ids of the conferences that started and
# ended it (`started_at_conference_id`, `ended_at_conference_id`). Conferences, which also owns the
# foreign keys and keeps a conference a plan names from being deleted.
conference_model = Hook("the model of the conference that started or ended a plan")

# `() -> model`: the model of an action on a conference's outline plan; a child's copy keeps its id
# (`PlanItem.copied_from_id`). Conferences, which also owns the foreign key and unlinks the copies
# when the action is deleted.
outline_action_model = Hook("the model of the outline plan action a child's plan item was copied from")
