"""API routes of the conferences app."""

from .live import api as live_api
from .preparation import api as preparation_api
from .preparation import letters_api, requests_api


def register(router) -> None:
    preparation_api.register(router)
    requests_api.register(router)
    letters_api.register(router)
    live_api.register(router)
