"""API routes of the conferences app: `register(router)` adds its viewsets."""


def register(router) -> None:
    """Nothing yet."""
