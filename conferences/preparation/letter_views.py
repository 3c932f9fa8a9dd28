"""Producing a new letter for a family member after the conference moved (FAMILY-INVITE): the
page records who was sent which date, when and by whom, and offers the letter as a PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from authorities.access import CASE_WRITERS, get_scoped_or_404, tenant_object
from conferences.models import Invitation

from . import letters


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def produce_new_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """POST produces the letter; GET (after the lookup, so a foreign id is not found) goes back."""
    invitation = get_scoped_or_404(request, Invitation, pk)
    page = reverse(
        "conferences:conference-detail",
        kwargs={"authority_slug": request.authority.slug, "pk": invitation.conference_id},
    )
    if request.method == "GET":
        return redirect(page + "#letters")
    if request.membership.role not in CASE_WRITERS:
        raise PermissionDenied("Your role here does not allow this.")
    try:
        letters.produce_new_letter(by=request.membership, invitation_id=invitation.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(page)
    messages.success(
        request,
        f"The new letter for {invitation.name} is recorded as sent today. Download it from "
        "“Letters sent” below to print and post it.",
    )
    return redirect(page + "#letters-sent")
