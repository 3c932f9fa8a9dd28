"""Conference minutes and outline plan as PDF (WeasyPrint, from
ordinary templates with print CSS: "Official – Sensitive" and the page number on every page).

The minutes come in two versions: the professional one, and the family one, which leaves out every
professional-slot note and every agenda note the framework marks as not for the family (PROF-SLOT:
slot content never reaches the family in any authority, whatever the modes)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from authorities.rules.ids import RuleId
from conferences.models import Conference, ConferenceStatus
from conferences.selectors import load_live

from .plan_changes import plan_changes_context


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
        "scaling": state.rule_set.is_on(RuleId.SCALING),
        **plan_changes_context(conference, state.rule_set),
    }


def render_minutes_html(conference: Conference, *, family: bool) -> str:
    return render_to_string("conferences/documents/minutes.html", minutes_context(conference, family=family))


def render_minutes_pdf(conference: Conference, *, family: bool) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_minutes_html(conference, family=family)).write_pdf()
