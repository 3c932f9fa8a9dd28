"""Core group minutes as PDF (WeasyPrint, from an ordinary template with print CSS, as
`conferences.live.minutes` does: "Official – Sensitive" and the page number on every page).

Two versions. Core group minutes hold no professional-slot content, so the family version has
everything the meeting recorded about the children and the plan; it leaves out the staff's own
record-keeping: the reasons recorded for going against a rule (CG-MINUTES, CG-CHAIR-NOT-MINUTER,
lateness) and the correction history with its reasons. Professionals read the professional
version behind sign-in; family members, who have no accounts, are sent the family version by post."""

from __future__ import annotations

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Child

from .models import (
    AttendanceStatus,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMinutes,
    CoreGroupPlanNote,
)
from .selectors import minutes_corrections


def load_minutes(meeting: CoreGroupMeeting) -> CoreGroupMinutes:
    """The minutes of a held meeting with everything the document shows, in a fixed number of
    queries. Raises CoreGroupMinutes.DoesNotExist for a meeting with none."""
    authority = meeting.authority_id
    return (
        CoreGroupMinutes.objects.for_authority(authority)
        .select_related(
            "meeting__venue",
            "meeting__core_group__family__social_worker__user",
            "next_meeting__venue",
            "recorded_by__user",
            "corrected_by__user",
        )
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=CoreGroupAttendance.objects.for_authority(authority)
                .select_related("member")
                .order_by("name", "pk"),
            ),
            Prefetch(
                "plan_notes",
                queryset=CoreGroupPlanNote.objects.for_authority(authority)
                .select_related("plan__child", "plan_item")
                .order_by(
                    "plan__child__first_name", "plan_id", "plan_item__kind", "plan_item__position", "pk"
                ),
            ),
            Prefetch(
                "actions",
                queryset=CoreGroupAction.objects.for_authority(authority).select_related("owner__user"),
            ),
        )
        .get(meeting=meeting)
    )


def minutes_context(meeting: CoreGroupMeeting, *, for_family: bool = False) -> dict:
    minutes = load_minutes(meeting)
    meeting = minutes.meeting
    family = meeting.core_group.family
    attendance = list(minutes.attendance.all())
    notes = list(minutes.plan_notes.all())
    return {
        "minutes": minutes,
        "meeting": meeting,
        "family": family,
        "children": list(
            Child.objects.for_authority(meeting.authority_id).filter(family=family).order_by("date_of_birth")
        ),
        "attended": [a for a in attendance if a.status == AttendanceStatus.ATTENDED],
        "apologies": [a for a in attendance if a.status == AttendanceStatus.APOLOGIES],
        "absent": [a for a in attendance if a.status == AttendanceStatus.ABSENT],
        "progress": [n for n in notes if n.kind == CoreGroupPlanNote.Kind.PROGRESS],
        "changes": [n for n in notes if n.kind == CoreGroupPlanNote.Kind.CHANGE],
        "actions": list(minutes.actions.all()),
        "next_meeting": minutes.next_meeting,
        "corrections": minutes_corrections(minutes),
        "printed_at": timezone.localtime(),
        "family_version": for_family,
    }


def render_minutes_html(meeting: CoreGroupMeeting, *, for_family: bool = False) -> str:
    context = minutes_context(meeting, for_family=for_family)
    return render_to_string("coregroups/documents/minutes.html", context)


def render_minutes_pdf(meeting: CoreGroupMeeting, *, for_family: bool = False) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_minutes_html(meeting, for_family=for_family)).write_pdf()


def minutes_filename(meeting: CoreGroupMeeting) -> str:
    return f"core-group-{meeting.core_group_id}-minutes-{meeting.held_on:%Y-%m-%d}.pdf"
