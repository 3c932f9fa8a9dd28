"""The family invitation letter (FAMILY-INVITE) as a printable page and a PDF (WeasyPrint, from an
ordinary template with print CSS: "Official – Sensitive" and the page number on every page)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from authorities.models import Membership
from authorities.refusals import refusal
from authorities.rules.ids import RuleId
from conferences.models import (
    Conference,
    ConferenceStatus,
    FamilyLetter,
    Invitation,
    InvitedBy,
    InviteeKind,
)


def invitation_letter_context(invitation: Invitation) -> dict:
    """What the letter says, for the printable page and the PDF alike. Family members have no
    accounts: this letter (or a word in person) is how they are invited."""
    conference = invitation.conference
    return {
        "invitation": invitation,
        "conference": conference,
        "authority": conference.authority,
        "children": list(conference.children.order_by("date_of_birth")),
        "today": timezone.localdate(),
        "pre_meet": conference.rule_set_in_force().is_on(RuleId.PRE_MEET),
        "moved": conference.ics_sequence > 0 and last_moved_at(conference) is not None,
    }


def render_invitation_letter_pdf(invitation: Invitation) -> bytes:
    from weasyprint import HTML

    context = invitation_letter_context(invitation)
    html = render_to_string("conferences/documents/invitation_letter.html", context)
    return HTML(string=html).write_pdf()


def letter_filename(invitation: Invitation) -> str:
    return f"conference-{invitation.conference_id}-letter-{invitation.pk}.pdf"


# Who is sent a letter (FAMILY-INVITE): family members and children, who have no accounts.
LETTER_KINDS = (InviteeKind.PARENT, InviteeKind.CHILD)


def last_moved_at(conference: Conference) -> datetime | None:
    """When the conference was last moved (its history says so), or None if it never was."""
    return (
        conference.history.filter(history_change_reason__startswith="moved:")
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )


def letters_needed(conference: Conference) -> list[Invitation]:
    """Invitees told by letter before the conference last moved, with no letter giving the new
    date yet: e-mail invitees get the new date from the task; these only from a new letter."""
    if conference.status != ConferenceStatus.SCHEDULED or not conference.ics_sequence:
        return []
    moved_at = last_moved_at(conference)
    if moved_at is None:
        return []
    authority = conference.authority_id
    current = FamilyLetter.objects.for_authority(authority).filter(
        conference=conference, sequence=conference.ics_sequence
    )
    return list(
        Invitation.objects.for_authority(authority)
        .filter(
            conference=conference, kind__in=LETTER_KINDS, invited_by=InvitedBy.LETTER, invited_at__lt=moved_at
        )
        .exclude(pk__in=current.values("invitation_id"))
        .order_by("name", "pk")
    )


def letters_sent(conference: Conference) -> list[FamilyLetter]:
    return list(
        FamilyLetter.objects.for_authority(conference.authority_id)
        .filter(conference=conference)
        .select_related("invitation", "produced_by__user")
        .order_by("-produced_at", "-pk")
    )


@transaction.atomic
def produce_new_letter(*, by: Membership, invitation_id: int, now: datetime | None = None) -> FamilyLetter:
    """Record that a letter with the conference's current date was produced for this invitee (the
    PDF is the invitation letter as the conference is now)."""
    invitation = (
        Invitation.objects.for_authority(by.authority)
        .select_related("conference")
        .select_for_update(of=("self",))
        .get(pk=invitation_id)
    )
    conference = invitation.conference
    if invitation.kind not in LETTER_KINDS:
        raise refusal(None, "Letters are for family members and children; professionals are e-mailed.")
    if conference.status != ConferenceStatus.SCHEDULED:
        raise refusal(None, f"This conference is {conference.get_status_display().lower()}.")
    letter = FamilyLetter(
        authority=by.authority,
        conference=conference,
        invitation=invitation,
        sequence=conference.ics_sequence,
        starts_at=conference.starts_at,
        produced_at=now or timezone.now(),
        produced_by=by,
    )
    letter.save()
    return letter
