"""Work the scheduling app asks of the apps above it (answered in their `AppConfig.ready()`)."""

from authorities.hooks import Hook

# `(authority_id, today) -> int`: send the REPORT-2WD reminders due today; how many were sent.
# Answered by reports.
send_due_report_reminders = Hook("send the REPORT-2WD reminders due today")

# `() -> model`: the model of the case (family) a deadline or an escalation belongs to, whose id they
# keep in `family_id`. Answered by cases, which also adds the foreign key and the cascade on delete.
family_model = Hook("the model of the family a deadline or escalation belongs to")
