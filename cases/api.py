"""API routes of the cases app: `register(router)` adds its viewsets."""


def register(router) -> None:
    """Nothing yet."""
