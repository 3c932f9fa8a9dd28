from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request) -> dict:
    """The unread count in the header, for the person in the authority they are looking at."""
    authority = getattr(request, "authority", None)
    membership = getattr(request, "membership", None)
    if authority is None or membership is None:
        return {}
    # Lazy: only a page that shows the header counts; partial pages (htmx swaps) render without it.
    return {"unread_notifications": SimpleLazyObject(lambda: _unread_count(authority, membership))}


def _unread_count(authority, membership) -> int:
    return Notification.objects.for_authority(authority).visible_to(membership).unread().count()
