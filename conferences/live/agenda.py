"""Agenda notes, with optimistic locking so two chairs' tabs cannot overwrite each other."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from authorities.history import save_with_history
from authorities.models import Membership
from authorities.refusals import refusal
from conferences.models import (
    AgendaNote,
)
from conferences.selectors import (
    agenda_sections,
)

from .common import StaleEdit, _conference


@transaction.atomic
def save_agenda_note(
    *, conference_id: int, section_key: str, text: str, expected_version: int, by: Membership
) -> AgendaNote:
    """Save the notes of one agenda section. `expected_version` is the version the editor loaded
    (0 for a section with no notes yet); a mismatch means someone else saved first, and the save
    is refused with their text rather than overwriting it."""
    conference = _conference(by, conference_id)
    rule_set = conference.rule_set_in_force()
    section = next((s for s in agenda_sections(conference, rule_set) if s["key"] == section_key), None)
    if section is None:
        raise refusal("section", f"section: {section_key!r} is not on this conference's agenda.")
    note = (
        conference.agenda_notes.select_for_update(of=("self",))
        .select_related("updated_by__user")
        .filter(section_key=section_key)
        .first()
    )
    current = note.version if note else 0
    if current != expected_version:
        raise StaleEdit(
            what=section["heading"],
            current_text=note.text if note else "",
            current_version=current,
            by_name=note.updated_by.user.display_name if note and note.updated_by else "",
        )
    if note is None:
        note = AgendaNote(
            authority=conference.authority, conference=conference, section_key=section_key, version=0
        )
    note.text = text
    note.family_visible = section["family_visible"]
    note.version += 1
    note.updated_by = by
    try:
        with transaction.atomic():
            save_with_history(note, by=by, reason=f"notes: {section_key}")
    except IntegrityError:
        # Two first saves of the same section at once: the other one won.
        other = conference.agenda_notes.get(section_key=section_key)
        raise StaleEdit(
            what=section["heading"], current_text=other.text, current_version=other.version, by_name=""
        ) from None
    return note
