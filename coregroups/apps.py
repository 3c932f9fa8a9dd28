from django.apps import AppConfig


class CoregroupsConfig(AppConfig):
    name = "coregroups"

    def ready(self) -> None:
        from cases import hooks as case_hooks
        from conferences import hooks as conference_hooks

        from . import conference_links, review

        conference_hooks.book_first_core_group.register(conference_links.book_first_meeting)
        conference_hooks.name_core_group_members.register(conference_links.name_members)
        conference_hooks.end_core_group.register(conference_links.end_after_review)
        conference_hooks.core_group_members_named_at.register(conference_links.members_named_at)
        conference_hooks.core_group_before_review.register(review.review_briefing)
        conference_hooks.core_group_minutes_digest.register(review.minutes_digest)
        case_hooks.case_core_groups.register(conference_links.family_core_groups)
