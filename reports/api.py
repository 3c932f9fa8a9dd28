"""API routes of the reports app: `register(router)` adds its viewsets."""


def register(router) -> None:
    """Nothing yet."""
