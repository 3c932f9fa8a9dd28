from django.apps import AppConfig


class CoregroupsConfig(AppConfig):
    name = "coregroups"
