from django.apps import AppConfig
from django.db.models.signals import pre_delete


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases: families, children and plans"

    def ready(self) -> None:
        from accounts import selectors as audit_selectors
        from scheduling import hooks as scheduling_hooks

        from . import scheduling_links
        from .models import Family
        from .selectors import case_of_child

        audit_selectors.case_of_child.append(case_of_child)
        scheduling_hooks.family_model.register(scheduling_links.family_model)
        pre_delete.connect(
            scheduling_links.delete_family_scheduling, sender=Family, dispatch_uid="cases.family_scheduling"
        )
