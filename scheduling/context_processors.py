from .models import Notification


def notifications(request) -> dict:
    """The unread count in the header, for the person in the authority they are looking at."""
    authority = getattr(request, "authority", None)
    membership = getattr(request, "membership", None)
    if authority is None or membership is None:
        return {}
    count = Notification.objects.for_authority(authority).visible_to(membership).unread().count()
    return {"unread_notifications": count}
