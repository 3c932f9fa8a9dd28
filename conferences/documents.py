"""Conference minutes and outline plan, and the family invitation letter, as PDF (WeasyPrint, from
ordinary templates with print CSS: "Official – Sensitive" and the page number on every page).

The minutes come in two versions: the professional one, and the family one, which leaves out every
professional-slot note and every agenda note the framework marks as not for the family (PROF-SLOT:
slot content never reaches the family in any authority, whatever the modes)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from authorities.selectors import rule_set_in_force

from .models import Conference, ConferenceStatus, Invitation
from .scheduling import local_day
from .selectors import load_live


def minutes_context(conference: Conference, *, family: bool) -> dict:
    state = load_live(conference)
    sections = []
    for section in state.agenda:
        note = state.notes.get(section["key"])
        if family and (not section["family_visible"] or (note is not None and not note.family_visible)):
            continue  # never shown to the family
        sections.append({"section": section, "note": note})
    rows = []
    for child in state.children:
        decision = state.decisions.get(child.pk)
        rows.append(
            {
                "child": child,
                "tally": state.tallies[child.pk],
                "decision": decision,
                "dissents": list(decision.dissents.all()) if decision else [],
                "triggers": [
                    r for (child_pk, _), r in state.trigger_responses.items() if child_pk == child.pk
                ],
            }
        )
    return {
        "conference": conference,
        "live": state,
        "family": family,
        "sections": sections,
        "rows": rows,
        "draft": conference.status != ConferenceStatus.HELD,
        "printed_at": timezone.localtime(),
        "scaling": state.rule_set.is_on("SCALING"),
    }


def render_minutes_html(conference: Conference, *, family: bool) -> str:
    return render_to_string("conferences/documents/minutes.html", minutes_context(conference, family=family))


def render_minutes_pdf(conference: Conference, *, family: bool) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_minutes_html(conference, family=family)).write_pdf()


# --- the family invitation letter (FAMILY-INVITE) -------------------------------------------------


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
        "pre_meet": rule_set_in_force(conference.authority_id, on=local_day(conference.starts_at)).is_on(
            "PRE-MEET"
        ),
    }


def render_invitation_letter_pdf(invitation: Invitation) -> bytes:
    from weasyprint import HTML

    context = invitation_letter_context(invitation)
    html = render_to_string("conferences/documents/invitation_letter.html", context)
    return HTML(string=html).write_pdf()
