from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        from conferences import hooks as conference_hooks
        from scheduling import hooks as scheduling_hooks

        from . import earlier_absences, selectors, services, tasks

        scheduling_hooks.send_due_report_reminders.register(services.send_due_report_reminders)
        conference_hooks.report_states.register(selectors.report_states)
        conference_hooks.earlier_absences.register(earlier_absences.earlier_absences)
        conference_hooks.conference_moved.register(
            lambda authority_id, conference_id: tasks.notify_conference_moved_task.delay(
                authority_id=authority_id, conference_id=conference_id
            )
        )
