from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self) -> None:
        from authorities.hooks import home_panels

        from .home import home_panels as answer

        home_panels.register(answer)
