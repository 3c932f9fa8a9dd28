"""API routes of the conferences app."""

from . import live_api, scheduling_api


def register(router) -> None:
    scheduling_api.register(router)
    live_api.register(router)
