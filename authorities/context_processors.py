from .models import Membership


def tenancy(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_authority": getattr(request, "authority", None),
        "current_membership": getattr(request, "membership", None),
        # Read with the request's membership where the URL named an authority (no second query).
        "my_memberships": getattr(request, "own_memberships", None) or Membership.objects.of_user(user),
    }
