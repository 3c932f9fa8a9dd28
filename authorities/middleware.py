from django.http import Http404

from .models import Membership


class AuthorityMiddleware:
    """Resolves `/<authority-slug>/...` to the request's authority and membership.

    Runs after authentication. Unknown authority and "no membership there" are both 404, so
    nobody learns what exists elsewhere. API views resolve the tenant themselves after DRF has
    authenticated the request (token users are anonymous at this point).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.authority = None
        request.membership = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "cls", None) is not None and "authority_slug" in view_kwargs:
            return None  # a DRF view: AuthorityAPIMixin.initial() does it after authentication
        slug = view_kwargs.pop("authority_slug", None)
        if slug is None:
            return None
        membership = Membership.objects.current(user=request.user, authority_slug=slug)
        if membership is None:
            raise Http404("No such authority")
        request.authority, request.membership = membership.authority, membership
        return None
