"""The chair's live conference page and the forms it posts.

Thin: find the conference (404 for another authority's, and for practitioners, who never see the
live page), authorise (only the conference's chair changes it: 403 for other staff, who may read),
parse, call the service, then redirect (no JavaScript) or return the updated part of the page
(htmx). A refusal re-renders the form where it was, with the rule id in the message."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from authorities.access import tenant_object
from authorities.models import Membership, Role
from authorities.rules.checks import RuleViolation
from conferences.models import Conference
from conferences.selectors import live_conference, load_live

from . import services as live
from . import steps
from .page_context import Failure
from .page_context import page_context as _context


def _conference(request: HttpRequest, pk: int, *, write: bool) -> Conference:
    if request.membership.role == Role.PRACTITIONER:
        raise Http404  # invited practitioners see nothing of the live page
    # Scoped to the authority like every other conference page; visibility narrows only what a
    # practitioner sees, and they were turned away above. What the live page shows is joined in;
    # the social worker is read by id (the services read the conference again for a change).
    found = live_conference(request.authority.pk, pk)
    if not found:
        raise Http404("No conference here has this id.")
    # Scoped to the request's authority, which the request has already read.
    conference = found[0]
    conference.authority = request.authority
    if write and conference.chair_id != request.membership.pk:
        raise PermissionDenied("Only this conference's chair may change the live page.")
    return conference


def _url(conference: Conference, anchor: str = "") -> str:
    """The live page after a save: the step the form belongs to, at the form's anchor."""
    url = reverse(
        "conferences:live", kwargs={"authority_slug": conference.authority.slug, "pk": conference.pk}
    )
    query, _, anchor = anchor.partition("#") if anchor.startswith("?") else ("", "", anchor)
    params = dict(parse_qsl(query.lstrip("?")))
    step = steps.step_for_anchor(anchor)
    if step:
        params["step"] = step
    url = f"{url}?{urlencode(params)}" if params else url
    return f"{url}#{anchor}" if anchor else url


def _render(request, conference, *, failure: Failure | None = None, status: int = 200):
    state = load_live(conference)
    response = render(
        request, "conferences/live/page.html", _context(request, conference, state, failure), status=status
    )
    response["Vary"] = "HX-Request"
    return response


@require_GET
@tenant_object(Conference)
def live_page(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk, write=False)
    return _render(request, conference)


# --- actions ---------------------------------------------------------------------------------------


def _action(
    name: str,
    *,
    key: Callable[[dict], tuple],
    build: Callable,
    call: Callable,
    anchor: Callable[[dict], str] | str,
    partial: str | None = None,
    partial_child: Callable[[dict], int] | None = None,
):
    """One POST endpoint of the live page. `build(request, state, data)` makes the bound form,
    `call(request, conference, form)` calls the service."""

    @tenant_object(Conference)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        conference = _conference(request, pk, write=request.method == "POST")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        state = load_live(conference)
        form = build(request, state)
        failure_key = key(request.POST)
        if form.is_valid():
            try:
                call(request, conference, form)
            except live.StaleEdit as stale:
                # Keep this person's text in the form, but against the version now saved, so that
                # once they have merged the other person's text a second save goes through.
                form.data = form.data.copy()
                form.data[form.add_prefix("version")] = str(stale.current_version)
                return _render(request, conference, failure=Failure(failure_key, form, stale), status=409)
            except RuleViolation as refused:
                form.add_error(refused.field if refused.field in form.fields else None, str(refused))
            except ValidationError as invalid:
                for field, messages in getattr(invalid, "message_dict", {None: invalid.messages}).items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            except ObjectDoesNotExist:
                form.add_error(None, "That is not part of this conference.")
            else:
                if partial and request.htmx:
                    conference.refresh_from_db()
                    return _partial(
                        request, conference, partial, partial_child(request.POST) if partial_child else None
                    )
                where = anchor(request.POST) if callable(anchor) else anchor
                return redirect(_url(conference, where))
        failure = Failure(failure_key, form)
        if partial and request.htmx:
            return _partial(
                request, conference, partial, partial_child(request.POST) if partial_child else None, failure
            )
        return _render(request, conference, failure=failure, status=400)

    view.__name__ = f"live_{name.replace('-', '_')}"
    return view


def _partial(request, conference, template, child_pk=None, failure=None):
    state = load_live(conference)
    context = _context(request, conference, state, failure)
    context["row"] = next((r for r in context["rows"] if r["child"].pk == child_pk), None)
    response = render(request, template, context, status=200 if failure is None else 400)
    response["Vary"] = "HX-Request"
    if failure is not None:
        # htmx swaps 2xx responses only by default; a refusal must still replace the form.
        response["HX-Reswap"] = "outerHTML"
        response.status_code = 200
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _child_key(kind: str, prefix: str):
    def key(post) -> tuple:
        for name, value in post.items():
            if name.startswith(prefix) and name.endswith("-child"):
                return (kind, _int(value))
        return (kind, None)

    return key


def _prefix_from_post(post, start: str) -> str:
    for name in post:
        if name.startswith(start) and name.endswith("-child"):
            return name[: -len("-child")]
    return start


def _by(request) -> Membership:
    return request.membership
