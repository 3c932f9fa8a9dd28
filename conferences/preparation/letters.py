"""The family invitation letter (FAMILY-INVITE) as a printable page and a PDF (WeasyPrint, from an
ordinary template with print CSS: "Official – Sensitive" and the page number on every page)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from authorities.rules.ids import RuleId
from conferences.models import Invitation


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
    }


def render_invitation_letter_pdf(invitation: Invitation) -> bytes:
    from weasyprint import HTML

    context = invitation_letter_context(invitation)
    html = render_to_string("conferences/documents/invitation_letter.html", context)
    return HTML(string=html).write_pdf()
