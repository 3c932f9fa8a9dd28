from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Conferences"

    def ready(self) -> None:
        from authorities.signals import membership_given
        from cases import hooks as case_hooks
        from scheduling.clashes import register_source

        from . import case_rows
        from .live import copied_actions
        from .preparation.clashes import conference_clashes
        from .preparation.invitation_links import link_invitations

        membership_given.connect(link_invitations, dispatch_uid="conferences.link_invitations")
        case_hooks.case_conferences.register(case_rows.family_conferences)
        case_hooks.copied_action_deadline.register(copied_actions.deadline_of_copied_action)
        case_hooks.copied_action_done.register(copied_actions.follow_copies)
        register_source(conference_clashes)
