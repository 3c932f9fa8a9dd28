"""API viewsets (live_api)."""


def register(router) -> None:
    """Adds this module's viewsets to the per-authority router."""
