"""API routes of the dashboards app: `register(router)` adds its viewsets."""


def register(router) -> None:
    """Nothing yet."""
