from django.apps import AppConfig


class CoregroupsConfig(AppConfig):
    name = "coregroups"

    def ready(self) -> None:
        from cases import hooks as case_hooks
        from conferences import hooks as conference_hooks
        from scheduling.clashes import register_source

        from . import attendance_history, conference_links, plan_changes, review
        from .clashes import meeting_clashes

        conference_hooks.book_first_core_group.register(conference_links.book_first_meeting)
        conference_hooks.name_core_group_members.register(conference_links.name_members)
        conference_hooks.end_core_group.register(conference_links.end_after_review)
        conference_hooks.core_group_members_named_at.register(conference_links.members_named_at)
        conference_hooks.plan_changes_for_review.register(plan_changes.changes_for_review)
        conference_hooks.core_group_before_review.register(review.review_briefing)
        conference_hooks.core_group_minutes_digest.register(review.minutes_digest)
        conference_hooks.core_group_absences.register(attendance_history.missed_meetings_by_agency)
        case_hooks.case_core_groups.register(conference_links.family_core_groups)
        case_hooks.close_core_group.register(conference_links.close_after_plans_ended)
        register_source(meeting_clashes)
