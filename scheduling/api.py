"""API routes of the scheduling app: `register(router)` adds its viewsets."""


def register(router) -> None:
    """Nothing yet."""
