"""Work the scheduling app asks of the apps above it (answered in their `AppConfig.ready()`)."""

from authorities.hooks import Hook

# `(authority_id, today) -> int`: send the REPORT-2WD reminders due today; how many were sent.
# Answered by reports.
send_due_report_reminders = Hook("send the REPORT-2WD reminders due today")
