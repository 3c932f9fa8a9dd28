"""Letters to family members about a meeting, and the record of who was sent what: the page's
buttons produce the letters (recorded as sent) and serve each one as a PDF to print and post."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from accounts.audit import Subject, audited
from accounts.models import AccessAction
from authorities.access import tenant_object

from . import circulation, invitations
from .models import CoreGroupMeeting, MeetingNotice
from .views import _convener, _group, _meeting, group_url


@tenant_object(CoreGroupMeeting)
@require_http_methods(["GET", "POST"])
def produce_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """POST produces the letters; GET (after the lookup, so a foreign id is not found) goes back."""
    meeting = _meeting(request, pk)
    group = _group(request, meeting.core_group_id)
    if request.method == "GET":
        return redirect(group_url(group) + "#letters-needed")
    _convener(request, group)
    try:
        made = invitations.produce_meeting_letters(by=request.membership, meeting_id=meeting.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        names = ", ".join(n.name for n in made)
        messages.success(
            request, f"Letters recorded as sent today to {names}. Download them below to print and post."
        )
    return redirect(group_url(group) + "#sent")


@tenant_object(CoreGroupMeeting)
@require_http_methods(["GET", "POST"])
def circulate_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """POST sends the held meeting's minutes: professionals a link, family members the family
    version. GET (after the lookup, so a foreign id is not found) goes back to the page."""
    meeting = _meeting(request, pk)
    group = _group(request, meeting.core_group_id)
    if request.method == "GET":
        return redirect(group_url(group) + f"#minutes-{meeting.pk}")
    _convener(request, group)
    try:
        letters = circulation.circulate_minutes(by=request.membership, meeting_id=meeting.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        names = ", ".join(n.name for n in letters)
        posted = f" The family version is recorded as posted to {names}: download it below." if names else ""
        messages.success(
            request,
            "Minutes circulated: members with an account are e-mailed a link to the professional "
            f"version.{posted}",
        )
    return redirect(group_url(group) + "#sent")


@tenant_object(MeetingNotice)
@audited(AccessAction.LETTER_DOWNLOAD, subject=Subject(case="meeting__core_group__family_id"))
@require_http_methods(["GET"])
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A letter produced for a family member (the meeting, or the minutes' family version)."""
    notice = get_object_or_404(
        MeetingNotice.objects.for_authority(request.authority)
        .visible_to(request.membership)
        .select_related("meeting__venue", "meeting__authority", "meeting__core_group__family", "person"),
        pk=pk,
        channel=MeetingNotice.Channel.LETTER,
    )
    group = _group(request, notice.meeting.core_group_id)
    if not invitations.may_print_letters(request.membership, group):
        raise PermissionDenied("Only the people who convene the core group print its letters.")
    pdf = invitations.render_notice_pdf(notice)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="core-group-letter-{notice.pk}.pdf"'
    return response
