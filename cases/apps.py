from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases: families, children and plans"

    def ready(self) -> None:
        from accounts import selectors as audit_selectors

        from .selectors import case_of_child

        audit_selectors.case_of_child.append(case_of_child)
