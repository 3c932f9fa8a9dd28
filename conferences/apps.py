from django.apps import AppConfig
from django.db.models.signals import pre_delete


class ConferencesConfig(AppConfig):
    name = "conferences"
    verbose_name = "Conferences"

    def ready(self) -> None:
        from authorities.signals import membership_given
        from cases import hooks as case_hooks
        from scheduling.clashes import register_source

        from . import case_links, case_rows
        from .live import copied_actions
        from .models import Conference, OutlinePlanItem
        from .preparation.clashes import conference_clashes
        from .preparation.invitation_links import link_invitations

        membership_given.connect(link_invitations, dispatch_uid="conferences.link_invitations")
        case_hooks.case_conferences.register(case_rows.family_conferences)
        case_hooks.copied_action_deadline.register(copied_actions.deadline_of_copied_action)
        case_hooks.copied_action_done.register(copied_actions.follow_copies)
        register_source(conference_clashes)
        case_hooks.conference_model.register(case_links.conference_model)
        case_hooks.outline_action_model.register(case_links.outline_action_model)
        pre_delete.connect(
            case_links.protect_plans_conference, sender=Conference, dispatch_uid="conferences.plan_conference"
        )
        pre_delete.connect(
            case_links.unlink_copies, sender=OutlinePlanItem, dispatch_uid="conferences.copies"
        )
