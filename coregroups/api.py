"""API routes of the coregroups app: `register(router)` adds its viewsets."""


def register(router) -> None:
    """Nothing yet."""
